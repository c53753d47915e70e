/* dt-sip-stack.c: one sofia-sip user agent on the default GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-sip-stack-private.h"

enum {
  PROP_0,
  PROP_BIND_ADDRESS,
  PROP_PORT,
  PROP_CONTACT_URI,
  PROP_USER_AGENT,
  N_PROPS
};

static void dt_sip_stack_async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtSipStack, dt_sip_stack, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      dt_sip_stack_async_initable_iface_init))

G_DEFINE_QUARK (dt-sip-error-quark, dt_sip_error)

static GParamSpec *properties[N_PROPS];

void
dt_sip_stack_take_params (DtSipStack *self,
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
                              dt_sip_stack_on_nua_event, &error);
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
