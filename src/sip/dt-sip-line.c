/* dt-sip-line.c: a line's SIP side (DtLineBackend)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"
#include "model/dt-line-backend.h"

#include "dt-sip-private.h"
#include "dt-sip-sdp.h"
#include "dt-sip-uri.h"

enum {
  PROP_0,
  PROP_STACK,
  PROP_DIRECT,
  PROP_LINE,
  N_PROPS
};

struct _DtSipLine
{
  GObject            parent_instance;

  DtSipStack        *stack;
  gboolean           direct;
  GWeakRef           line;
  DtSipAccount      *account;      /* NULL on the direct line */
  DtSipRegistration *registration; /* with the account */
};

static void dt_sip_line_backend_iface_init (DtLineBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtSipLine, dt_sip_line, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_LINE_BACKEND,
                                                      dt_sip_line_backend_iface_init))

static GParamSpec *properties[N_PROPS];

/* The direct line's Contact for a dialog with @url whose requests travel
 * on @transport (NULL: as @url says); NULL when sofia's is right */
static char *
direct_contact (DtSipLine   *self,
                url_t const *url,
                const char  *transport)
{
  char param[16] = "udp";
  g_autofree char *lower = NULL;

  if (transport == NULL && url->url_params != NULL)
    url_param (url->url_params, "transport", param, sizeof param);
  lower = g_ascii_strdown (transport != NULL ? transport : param, -1);
  return dt_sip_stack_dup_contact (self->stack, NULL, lower, url->url_type == url_sips);
}

static gboolean
dt_sip_line_register_line (DtLineBackend  *backend,
                           GError        **error)
{
  DtSipLine *self = DT_SIP_LINE (backend);

  if (self->registration == NULL)
    return TRUE;
  return dt_sip_registration_start (self->registration, error);
}

static gboolean
dt_sip_line_unregister_line (DtLineBackend  *backend,
                             GError        **error)
{
  DtSipLine *self = DT_SIP_LINE (backend);

  if (self->registration != NULL)
    dt_sip_registration_stop (self->registration);
  return TRUE;
}

static DtCallBackend *
dt_sip_line_create_call (DtLineBackend  *backend,
                         DtCall         *call,
                         const char     *target,
                         GError        **error)
{
  DtSipLine *self = DT_SIP_LINE (backend);
  DtSipCall *backend_call;
  g_autofree char *uri = dt_sip_uri_normalise (target,
                                               self->account != NULL ? self->account->domain : NULL,
                                               error);

  if (uri == NULL)
    return NULL;

  if (!dt_sip_stack_is_running (self->stack))
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           _("Calls cannot be placed while Dialtone shuts down."));
      return NULL;
    }

  backend_call = dt_sip_call_new_outgoing (self->stack, call, uri, self->account);
  if (self->account != NULL)
    dt_sip_call_set_dtmf_mode (backend_call, self->account->dtmf_mode);
  if (self->account == NULL)
    {
      su_home_t *home = su_home_new (sizeof (su_home_t));
      url_t *url = url_make (home, uri);
      g_autofree char *contact = url != NULL ? direct_contact (self, url, NULL) : NULL;

      dt_sip_call_set_contact (backend_call, contact);
      su_home_unref (home);
    }
  return DT_CALL_BACKEND (backend_call);
}

static void
dt_sip_line_backend_iface_init (DtLineBackendInterface *iface)
{
  iface->register_line = dt_sip_line_register_line;
  iface->unregister_line = dt_sip_line_unregister_line;
  iface->create_call = dt_sip_line_create_call;
}

static void
dt_sip_line_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DtSipLine *self = DT_SIP_LINE (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    case PROP_DIRECT:
      g_value_set_boolean (value, self->direct);
      break;
    case PROP_LINE:
      g_value_take_object (value, g_weak_ref_get (&self->line));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sip_line_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DtSipLine *self = DT_SIP_LINE (object);

  switch (prop_id)
    {
    case PROP_STACK:
      self->stack = g_value_dup_object (value);
      break;
    case PROP_DIRECT:
      self->direct = g_value_get_boolean (value);
      break;
    case PROP_LINE:
      dt_sip_line_set_line (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sip_line_constructed (GObject *object)
{
  DtSipLine *self = DT_SIP_LINE (object);

  G_OBJECT_CLASS (dt_sip_line_parent_class)->constructed (object);

  g_assert (self->stack != NULL);
  dt_sip_stack_add_line (self->stack, self);
}

static void
dt_sip_line_dispose (GObject *object)
{
  DtSipLine *self = DT_SIP_LINE (object);

  /* Removing an account unregisters it; the stack sees that through */
  if (self->registration != NULL)
    dt_sip_registration_detach (self->registration);
  g_clear_object (&self->registration);
  if (self->stack != NULL)
    {
      dt_sip_stack_remove_line (self->stack, self);
      g_clear_object (&self->stack);
    }
  g_weak_ref_set (&self->line, NULL);

  G_OBJECT_CLASS (dt_sip_line_parent_class)->dispose (object);
}

static void
dt_sip_line_finalize (GObject *object)
{
  DtSipLine *self = DT_SIP_LINE (object);

  g_weak_ref_clear (&self->line);
  g_clear_pointer (&self->account, dt_sip_account_unref);

  G_OBJECT_CLASS (dt_sip_line_parent_class)->finalize (object);
}

static void
dt_sip_line_class_init (DtSipLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_sip_line_get_property;
  object_class->set_property = dt_sip_line_set_property;
  object_class->constructed = dt_sip_line_constructed;
  object_class->dispose = dt_sip_line_dispose;
  object_class->finalize = dt_sip_line_finalize;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, DT_TYPE_SIP_STACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECT] =
    g_param_spec_boolean ("direct", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_object ("line", NULL, NULL, DT_TYPE_LINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_sip_line_init (DtSipLine *self)
{
  g_weak_ref_init (&self->line, NULL);
}

DtSipLine *
dt_sip_line_new_direct (DtSipStack *stack)
{
  g_return_val_if_fail (DT_IS_SIP_STACK (stack), NULL);

  return g_object_new (DT_TYPE_SIP_LINE, "stack", stack, "direct", TRUE, NULL);
}

DtLine *
dt_sip_line_create_direct_line (DtSipStack *stack,
                                const char *id)
{
  g_autoptr(DtSipLine) backend = NULL;
  DtLine *line;

  g_return_val_if_fail (DT_IS_SIP_STACK (stack), NULL);
  g_return_val_if_fail (dt_sip_stack_get_contact_uri (stack) != NULL, NULL);

  backend = dt_sip_line_new_direct (stack);
  line = dt_line_new (id, dt_sip_stack_get_contact_uri (stack), TRUE, DT_LINE_BACKEND (backend));
  dt_sip_line_set_line (backend, line);
  return line;
}

DtLine *
dt_sip_line_create_account_line (DtSipStack                 *stack,
                                 const char                 *id,
                                 const DtSipAccountSettings *settings,
                                 GError                    **error)
{
  g_autoptr(DtSipAccount) account = NULL;
  g_autoptr(DtSipLine) backend = NULL;
  DtLine *line;

  g_return_val_if_fail (DT_IS_SIP_STACK (stack), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  account = dt_sip_account_new (settings, error);
  if (account == NULL)
    return NULL;
  if (g_strcmp0 (account->transport, "tls") == 0 && !dt_sip_stack_has_tls (stack))
    {
      g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT,
                           _("SIP over TLS is not available."));
      return NULL;
    }
  if (account->ca_file != NULL && !dt_sip_stack_trust_ca_file (stack, account->ca_file, error))
    return NULL;

  backend = g_object_new (DT_TYPE_SIP_LINE, "stack", stack, "direct", FALSE, NULL);
  backend->account = dt_sip_account_ref (account);
  backend->registration = dt_sip_registration_new (stack, account, backend);

  line = dt_line_new (id, account->aor, FALSE, DT_LINE_BACKEND (backend));
  g_object_set (line,
                "display-name", account->display_name,
                "transport", account->transport,
                "retry-limit", settings->retry_limit,
                NULL);
  dt_sip_line_set_line (backend, line);
  return line;
}

DtSipStack *
dt_sip_line_get_stack (DtSipLine *self)
{
  g_return_val_if_fail (DT_IS_SIP_LINE (self), NULL);
  return self->stack;
}

gboolean
dt_sip_line_get_direct (DtSipLine *self)
{
  g_return_val_if_fail (DT_IS_SIP_LINE (self), FALSE);
  return self->direct;
}

DtLine *
dt_sip_line_get_line (DtSipLine *self)
{
  g_autoptr(DtLine) line = NULL;

  g_return_val_if_fail (DT_IS_SIP_LINE (self), NULL);

  /* transfer none: the model keeps its lines alive while they matter */
  line = g_weak_ref_get (&self->line);
  return line;
}

DtLine *
dt_sip_line_dup_line (DtSipLine *self)
{
  return g_weak_ref_get (&self->line);
}

void
dt_sip_line_set_line (DtSipLine *self,
                      DtLine    *line)
{
  g_autoptr(DtLine) old = NULL;

  g_return_if_fail (DT_IS_SIP_LINE (self));
  g_return_if_fail (line == NULL || DT_IS_LINE (line));

  old = g_weak_ref_get (&self->line);
  if (old == line)
    return;

  g_weak_ref_set (&self->line, line);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}

gboolean
dt_sip_line_accepts (DtSipLine   *self,
                     url_t const *request_uri)
{
  if (self->direct)
    return TRUE;
  if (self->account == NULL)
    return FALSE;

  /* Our Contact as registered, else (a registrar that drops Contact
   * parameters) the user name of a registered account */
  return dt_sip_account_owns (self->account, request_uri) ||
         (self->registration != NULL &&
          dt_sip_registration_is_registered (self->registration) &&
          request_uri->url_user != NULL &&
          strcmp (request_uri->url_user, self->account->user) == 0);
}

static DtSipCall *
new_incoming (DtSipLine    *self,
              nua_handle_t *nh,
              sip_t const  *sip)
{
  DtSipCall *backend = dt_sip_call_new_incoming (self->stack, nh, sip);

  if (self->account != NULL)
    dt_sip_call_set_dtmf_mode (backend, self->account->dtmf_mode);

  if (self->direct && sip->sip_request != NULL && sip->sip_via != NULL)
    {
      const char *protocol = strrchr (sip->sip_via->v_protocol, '/');
      g_autofree char *contact = direct_contact (self, sip->sip_request->rq_url,
                                                 protocol != NULL ? protocol + 1 : NULL);

      dt_sip_call_set_contact (backend, contact);
    }
  return backend;
}

/* RFC 3891: an INVITE naming an answered dialog of ours takes that call
 * over at once. Anything else is 481: an early dialog is not replaced
 * (call pickup is not offered), nor a dialog that is not a call. */
static void
take_replacing_invite (DtSipLine   *self,
                       DtSipCall   *backend,
                       sip_t const *sip)
{
  nua_handle_t *old_nh = nua_handle_by_replaces (dt_sip_stack_get_nua (self->stack),
                                                 sip->sip_replaces);
  g_autoptr(DtSipCall) replaced = NULL;

  if (old_nh != NULL)
    {
      GObject *magic = nua_handle_magic (old_nh);

      if (magic != NULL && DT_IS_SIP_CALL (magic))
        replaced = g_object_ref (DT_SIP_CALL (magic));
      nua_handle_unref (old_nh);
    }

  if (replaced == NULL || !dt_sip_call_take_over (backend, replaced))
    {
      g_debug ("INVITE with Replaces for no call of ours");
      dt_sip_call_refuse (backend, 481, "Call/Transaction Does Not Exist");
    }
}

void
dt_sip_line_handle_invite (DtSipLine    *self,
                           nua_handle_t *nh,
                           sip_t const  *sip)
{
  g_autoptr(DtSipCall) backend = NULL;
  g_autoptr(DtLine) line = NULL;
  g_autoptr(GError) error = NULL;
  DtCall *call = NULL;

  /* A broken offer never rings: the caller learns at once */
  if (sip->sip_payload != NULL && sip->sip_payload->pl_len > 0)
    {
      if (sip->sip_content_type == NULL ||
          g_ascii_strcasecmp (sip->sip_content_type->c_type, "application/sdp") != 0)
        {
          nua_respond (nh, SIP_415_UNSUPPORTED_MEDIA, SIPTAG_ACCEPT_STR ("application/sdp"), TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
      if (!dt_sip_sdp_is_description (sip->sip_payload->pl_data, sip->sip_payload->pl_len))
        {
          nua_respond (nh, 400, "Bad Session Description", TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
    }

  backend = new_incoming (self, nh, sip);
  if (sip->sip_replaces != NULL)
    {
      take_replacing_invite (self, backend, sip);
      return;
    }

  line = g_weak_ref_get (&self->line);
  if (line != NULL)
    call = dt_line_add_incoming_call (line, DT_CALL_BACKEND (backend),
                                      dt_sip_call_get_remote_uri (backend),
                                      dt_sip_call_get_remote_name (backend),
                                      &error);

  if (call == NULL)
    {
      /* Over max-calls, or no model line: busy, without ringing */
      g_debug ("incoming call refused: %s", error != NULL ? error->message : "no line");
      dt_sip_call_refuse (backend, SIP_486_BUSY_HERE);
      return;
    }

  dt_sip_call_ring (backend, call);
}
