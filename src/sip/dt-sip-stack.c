/* dt-sip-stack.c: one sofia-sip user agent on the default GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/hostdomain.h>

#include "dt-sip-private.h"

enum {
  PROP_0,
  PROP_BIND_ADDRESS,
  PROP_PORT,
  PROP_CONTACT_URI,
  PROP_USER_AGENT,
  N_PROPS
};

typedef enum {
  STACK_NEW,
  STACK_STARTING,
  STACK_RUNNING,
  STACK_SHUTTING_DOWN,
  STACK_DOWN,
} StackState;

struct _DtSipStack
{
  GObject     parent_instance;

  char       *bind_address;
  guint       port;
  char       *contact_uri;
  char       *user_agent;

  StackState  state;
  DtSipAgent *agent;
  GTask      *init_task;
  GTask      *shutdown_task;
  gboolean    loopback; /* bound to a loopback address */
  guint       shutdown_timeout_id;
  GPtrArray  *lines;   /* DtSipLine, unowned: a line removes itself */
  GHashTable *calls;   /* DtSipCall → itself, owned while its handle lives */
  GHashTable *registrations; /* DtSipRegistration, the same */
};

static void dt_sip_stack_async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtSipStack, dt_sip_stack, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      dt_sip_stack_async_initable_iface_init))

G_DEFINE_QUARK (dt-sip-error-quark, dt_sip_error)

static GParamSpec *properties[N_PROPS];

static void
finish_shutdown (DtSipStack *self,
                 GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->shutdown_task);

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  self->state = STACK_DOWN;

  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What @table holds, with references: acting on one may untrack it */
static GPtrArray *
dup_tracked (GHashTable *table)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer object;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &object, NULL))
    g_ptr_array_add (copy, g_object_ref (object));
  return copy;
}

/* Calls and registrations still tracked once sofia has stopped never hear
 * from it again */
static void
close_calls (DtSipStack *self)
{
  g_autoptr(GPtrArray) calls = dup_tracked (self->calls);
  g_autoptr(GPtrArray) registrations = dup_tracked (self->registrations);

  for (guint i = 0; i < calls->len; i++)
    dt_sip_call_close (g_ptr_array_index (calls, i));
  for (guint i = 0; i < registrations->len; i++)
    dt_sip_registration_close (g_ptr_array_index (registrations, i));
}

static void
on_shutdown_complete (DtSipStack *self)
{
  DtSipAgent *agent;

  close_calls (self);
  agent = g_steal_pointer (&self->agent);

  agent->stack = NULL;
  /* nua_destroy may not run inside sofia's own callback */
  dt_sip_agent_free_later (agent);
  finish_shutdown (self, NULL);
}

static gboolean
on_shutdown_timeout (gpointer data)
{
  DtSipStack *self = data;

  self->shutdown_timeout_id = 0;
  g_debug ("SIP stack shutdown timed out; sofia stays allocated");
  close_calls (self);
  /* The agent now frees itself if nua_r_shutdown still arrives */
  self->agent->stack = NULL;
  self->agent = NULL;
  finish_shutdown (self, g_error_new_literal (DT_SIP_ERROR, DT_SIP_ERROR_TIMED_OUT,
                                              _("The SIP stack did not shut down in time.")));
  return G_SOURCE_REMOVE;
}

static void
on_params (DtSipStack *self,
           int         status,
           tagi_t      tags[])
{
  g_autoptr(GTask) task = g_steal_pointer (&self->init_task);
  g_autofree char *host = NULL;

  if (task == NULL)
    return;

  if (status != 200)
    {
      g_task_return_new_error (task, DT_SIP_ERROR, DT_SIP_ERROR_BIND,
                               _("The SIP stack did not start."));
      return;
    }

  host = dt_sip_host_port (self->bind_address, self->port);
  self->contact_uri = g_strconcat ("sip:", host, NULL);
  self->state = STACK_RUNNING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_URI]);
  g_task_return_boolean (task, TRUE);
}

/* sofia's parser is lenient; what it let through but no line should see
 * is answered here */
static gboolean
request_uri_is_sane (sip_t const *sip)
{
  url_t const *url = sip->sip_request != NULL ? sip->sip_request->rq_url : NULL;

  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips))
    return FALSE;
  if (url->url_host == NULL || !host_is_valid (url->url_host))
    return FALSE;
  if (url->url_port != NULL &&
      !g_ascii_string_to_unsigned (url->url_port, 10, 1, G_MAXUINT16, NULL, NULL))
    return FALSE;
  return TRUE;
}

static DtSipLine *
find_line_for (DtSipStack  *self,
               sip_t const *sip)
{
  DtSipLine *direct = NULL;
  url_t const *request_uri = sip->sip_request != NULL ? sip->sip_request->rq_url : NULL;

  for (guint i = 0; i < self->lines->len; i++)
    {
      DtSipLine *line = g_ptr_array_index (self->lines, i);

      if (dt_sip_line_get_direct (line))
        direct = direct != NULL ? direct : line;
      else if (request_uri != NULL && dt_sip_line_accepts (line, request_uri))
        return line;
    }

  return direct;
}

static void
on_nua_event (nua_event_t   event,
              int           status,
              char const   *phrase,
              nua_t        *nua,
              DtSipAgent   *agent,
              nua_handle_t *nh,
              GObject      *hmagic,
              sip_t const  *sip,
              tagi_t        tags[])
{
  DtSipStack *self = agent->stack;

  g_debug ("nua event %s %d %s", nua_event_name (event), status, phrase ? phrase : "");

  if (event == nua_r_shutdown)
    {
      if (status < 200)
        return;
      agent->shut_down = TRUE;
      if (self != NULL)
        on_shutdown_complete (self);
      else
        dt_sip_agent_free_later (agent);
      return;
    }

  if (self == NULL)
    return;

  if (event == nua_r_get_params)
    {
      on_params (self, status, tags);
      return;
    }

  if (hmagic != NULL)
    {
      if (DT_IS_SIP_CALL (hmagic))
        dt_sip_call_handle_event (DT_SIP_CALL (hmagic), event, status, phrase, sip, tags);
      else if (DT_IS_SIP_REGISTRATION (hmagic))
        dt_sip_registration_handle_event (DT_SIP_REGISTRATION (hmagic), event, status, phrase,
                                          sip, tags);
      return;
    }

  if (nh == NULL)
    return;

  if (event == nua_i_invite && sip != NULL)
    {
      DtSipLine *line = self->state == STACK_RUNNING ? find_line_for (self, sip) : NULL;

      g_debug ("incoming INVITE, Call-ID %s",
               sip->sip_call_id != NULL ? sip->sip_call_id->i_id : "(none)");

      if (!request_uri_is_sane (sip))
        {
          nua_respond (nh, 400, "Bad Request-URI", TAG_END ());
          nua_handle_destroy (nh);
        }
      else if (line != NULL)
        {
          dt_sip_line_handle_invite (line, nh, sip);
        }
      else
        {
          nua_respond (nh, SIP_480_TEMPORARILY_UNAVAILABLE, TAG_END ());
          nua_handle_destroy (nh);
        }
      return;
    }

  /* Dial tones for no call we know */
  if (event == nua_i_info)
    nua_respond (nh, 481, "Call/Transaction Does Not Exist", NUTAG_WITH_THIS (nua), TAG_END ());
  /* Only a call of ours can be transferred (a REFER waits for us to answer) */
  if (event == nua_i_refer)
    nua_respond (nh, 403, "Transfer Only Within A Call", NUTAG_WITH_THIS (nua), TAG_END ());

  /* Anything else arriving on a handle of its own (OPTIONS, MESSAGE, …)
   * has been answered by sofia already; the handle is of no further use */
  if (event == nua_i_options || event == nua_i_message || event == nua_i_subscribe ||
      event == nua_i_notify || event == nua_i_refer || event == nua_i_publish ||
      event == nua_i_info || event == nua_i_update || event == nua_i_bye ||
      event == nua_i_register || event == nua_i_method)
    nua_handle_destroy (nh);
}

static void
dt_sip_stack_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DtSipStack *self = DT_SIP_STACK (object);

  switch (prop_id)
    {
    case PROP_BIND_ADDRESS:
      g_value_set_string (value, self->bind_address);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CONTACT_URI:
      g_value_set_string (value, self->contact_uri);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sip_stack_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DtSipStack *self = DT_SIP_STACK (object);

  switch (prop_id)
    {
    case PROP_BIND_ADDRESS:
      g_free (self->bind_address);
      self->bind_address = g_value_dup_string (value);
      if (self->bind_address == NULL)
        self->bind_address = g_strdup ("127.0.0.1");
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_USER_AGENT:
      g_free (self->user_agent);
      self->user_agent = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sip_stack_dispose (GObject *object)
{
  DtSipStack *self = DT_SIP_STACK (object);

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->registrations, g_hash_table_unref);

  if (self->agent != NULL)
    {
      DtSipAgent *agent = g_steal_pointer (&self->agent);

      agent->stack = NULL;
      if (agent->shut_down || agent->nua == NULL)
        {
          dt_sip_agent_free (agent);
        }
      else
        {
          g_debug ("SIP stack dropped without a shutdown; shutting sofia down now");
          nua_shutdown (agent->nua);
        }
    }

  G_OBJECT_CLASS (dt_sip_stack_parent_class)->dispose (object);
}

static void
dt_sip_stack_finalize (GObject *object)
{
  DtSipStack *self = DT_SIP_STACK (object);

  g_free (self->bind_address);
  g_free (self->contact_uri);
  g_free (self->user_agent);
  g_ptr_array_unref (self->lines);

  G_OBJECT_CLASS (dt_sip_stack_parent_class)->finalize (object);
}

static void
dt_sip_stack_class_init (DtSipStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_sip_stack_get_property;
  object_class->set_property = dt_sip_stack_set_property;
  object_class->dispose = dt_sip_stack_dispose;
  object_class->finalize = dt_sip_stack_finalize;

  properties[PROP_BIND_ADDRESS] =
    g_param_spec_string ("bind-address", NULL, NULL, "127.0.0.1",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_URI] =
    g_param_spec_string ("contact-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, "Dialtone/" PACKAGE_VERSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_sip_stack_init (DtSipStack *self)
{
  self->bind_address = g_strdup ("127.0.0.1");
  self->lines = g_ptr_array_new ();
  self->calls = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->registrations = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

static void
dt_sip_stack_init_async (GAsyncInitable      *initable,
                         int                  io_priority,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DtSipStack *self = DT_SIP_STACK (initable);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GInetAddress) address = NULL;
  GError *error = NULL;
  DtSipAgent *agent;

  g_task_set_source_tag (task, dt_sip_stack_init_async);

  if (self->state != STACK_NEW)
    {
      g_task_return_new_error (task, DT_SIP_ERROR, DT_SIP_ERROR_FAILED,
                               _("The SIP stack was already started."));
      return;
    }

  agent = dt_sip_agent_start (self, self->bind_address, self->port, self->user_agent,
                              on_nua_event, &error);
  if (agent == NULL)
    {
      self->state = STACK_DOWN;
      g_task_return_error (task, error);
      return;
    }

  address = g_inet_address_new_from_string (self->bind_address);
  self->loopback = g_inet_address_get_is_loopback (address);
  self->port = agent->port;
  self->agent = agent;
  self->state = STACK_STARTING;
  self->init_task = g_steal_pointer (&task);
  nua_get_params (agent->nua, TAG_ANY (), TAG_END ());
}

static gboolean
dt_sip_stack_init_finish (GAsyncInitable  *initable,
                          GAsyncResult    *result,
                          GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dt_sip_stack_async_initable_iface_init (GAsyncInitableIface *iface)
{
  iface->init_async = dt_sip_stack_init_async;
  iface->init_finish = dt_sip_stack_init_finish;
}

void
dt_sip_stack_new_async (const char          *bind_address,
                        guint                port,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_async_initable_new_async (DT_TYPE_SIP_STACK, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data,
                              "bind-address", bind_address,
                              "port", port,
                              NULL);
}

DtSipStack *
dt_sip_stack_new_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return object != NULL ? DT_SIP_STACK (object) : NULL;
}

char *
dt_sip_stack_default_address (void)
{
  /* TEST-NET-3: never a route of its own, so the kernel picks the default
   * route's. Connecting a UDP socket only asks the routing table. */
  g_autoptr(GInetAddress) remote = g_inet_address_new_from_string ("203.0.113.1");
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (remote, 5060);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GSocketAddress) local = NULL;
  GInetAddress *address;

  if (socket == NULL || !g_socket_connect (socket, target, NULL, NULL) ||
      (local = g_socket_get_local_address (socket, NULL)) == NULL)
    return g_strdup ("127.0.0.1");

  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  if (g_inet_address_get_is_any (address))
    return g_strdup ("127.0.0.1");
  return g_inet_address_to_string (address);
}

const char *
dt_sip_stack_get_bind_address (DtSipStack *self)
{
  g_return_val_if_fail (DT_IS_SIP_STACK (self), NULL);
  return self->bind_address;
}

guint
dt_sip_stack_get_port (DtSipStack *self)
{
  g_return_val_if_fail (DT_IS_SIP_STACK (self), 0);
  return self->port;
}

const char *
dt_sip_stack_get_contact_uri (DtSipStack *self)
{
  g_return_val_if_fail (DT_IS_SIP_STACK (self), NULL);
  return self->contact_uri;
}

guint
dt_sip_stack_get_n_dialogs (DtSipStack *self)
{
  g_return_val_if_fail (DT_IS_SIP_STACK (self), 0);
  return self->calls != NULL ? g_hash_table_size (self->calls) : 0;
}

void
dt_sip_stack_shutdown_async (DtSipStack          *self,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) registrations = NULL;

  g_return_if_fail (DT_IS_SIP_STACK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_sip_stack_shutdown_async);

  if (self->state != STACK_RUNNING && self->state != STACK_STARTING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A stack still learning its port never finishes starting */
  if (self->init_task != NULL)
    {
      g_autoptr(GTask) init_task = g_steal_pointer (&self->init_task);

      g_task_return_new_error (init_task, DT_SIP_ERROR, DT_SIP_ERROR_FAILED,
                               _("The SIP stack was shut down while it started."));
    }

  self->state = STACK_SHUTTING_DOWN;
  self->shutdown_task = g_steal_pointer (&task);
  self->shutdown_timeout_id = g_timeout_add (timeout_ms, on_shutdown_timeout, self);

  /* Ending a call may untrack it: walk a copy */
  calls = dup_tracked (self->calls);
  for (guint i = 0; i < calls->len; i++)
    dt_sip_call_terminate (g_ptr_array_index (calls, i));

  /* The un-REGISTERs go out first; nua_shutdown then waits for them */
  registrations = dup_tracked (self->registrations);
  for (guint i = 0; i < registrations->len; i++)
    dt_sip_registration_stop (g_ptr_array_index (registrations, i));

  nua_shutdown (self->agent->nua);
}

gboolean
dt_sip_stack_shutdown_finish (DtSipStack    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

nua_t *
dt_sip_stack_get_nua (DtSipStack *self)
{
  return self->agent != NULL ? self->agent->nua : NULL;
}

gboolean
dt_sip_stack_is_running (DtSipStack *self)
{
  return self->state == STACK_RUNNING;
}

char *
dt_sip_stack_dup_contact (DtSipStack *self,
                          const char *user,
                          const char *transport,
                          gboolean    secure)
{
  gboolean tls = secure || g_strcmp0 (transport, "tls") == 0;
  guint tls_port = self->agent != NULL ? self->agent->tls_port : 0;
  g_autofree char *host = NULL;

  if (!self->loopback || (tls && tls_port == 0))
    return NULL;

  host = dt_sip_host_port (self->bind_address, tls ? tls_port : self->port);
  return g_strdup_printf ("%s:%s%s%s%s", secure ? "sips" : "sip",
                          user != NULL ? user : "", user != NULL ? "@" : "", host,
                          secure || transport == NULL || g_strcmp0 (transport, "udp") == 0 ? ""
                          : tls ? ";transport=tls" : ";transport=tcp");
}

gboolean
dt_sip_stack_has_tls (DtSipStack *self)
{
  return self->agent != NULL && self->agent->tls_dir != NULL;
}

gboolean
dt_sip_stack_trust_ca_file (DtSipStack  *self,
                            const char  *ca_file,
                            GError     **error)
{
  if (!dt_sip_stack_has_tls (self))
    {
      g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT,
                           _("SIP over TLS is not available."));
      return FALSE;
    }
  return dt_sip_tls_dir_trust (self->agent->tls_dir, ca_file, error);
}

void
dt_sip_stack_add_line (DtSipStack *self,
                       DtSipLine  *line)
{
  g_ptr_array_add (self->lines, line);
}

void
dt_sip_stack_remove_line (DtSipStack *self,
                          DtSipLine  *line)
{
  g_ptr_array_remove (self->lines, line);
}

void
dt_sip_stack_track_call (DtSipStack *self,
                         DtSipCall  *call)
{
  if (self->calls != NULL && !g_hash_table_contains (self->calls, call))
    g_hash_table_add (self->calls, g_object_ref (call));
}

void
dt_sip_stack_untrack_call (DtSipStack *self,
                           DtSipCall  *call)
{
  if (self->calls != NULL)
    g_hash_table_remove (self->calls, call);
}

void
dt_sip_stack_track_registration (DtSipStack        *self,
                                 DtSipRegistration *registration)
{
  if (self->registrations != NULL && !g_hash_table_contains (self->registrations, registration))
    g_hash_table_add (self->registrations, g_object_ref (registration));
}

void
dt_sip_stack_untrack_registration (DtSipStack        *self,
                                   DtSipRegistration *registration)
{
  if (self->registrations != NULL)
    g_hash_table_remove (self->registrations, registration);
}
