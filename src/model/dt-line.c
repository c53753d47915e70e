/* dt-line.c: one line (an account or the direct line): settings, registration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-line-private.h"
#include "dt-model-enums.h"

enum {
  REGISTERED,
  UNREGISTERED,
  REGISTRATION_FAILED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (DtLine, dt_line, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_string (DtLine      *self,
               char       **field,
               const char  *value,
               guint        prop_id)
{
  if (dt_set_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_uint (DtLine *self,
             guint  *field,
             guint   value,
             guint   prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_state (DtLine      *self,
           DtLineState  state)
{
  gboolean was_registered = dt_line_get_registered (self);
  gboolean was_usable = dt_line_get_usable (self);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_registered != dt_line_get_registered (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTERED]);
  if (was_usable != dt_line_get_usable (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USABLE]);
}

void
dt_line_notify (DtLine *self,
                guint   prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
dt_line_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DtLine *self = DT_LINE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_URI: g_value_set_string (value, self->uri); break;
    case PROP_DIRECT: g_value_set_boolean (value, self->direct); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_TRANSPORT: g_value_set_string (value, self->transport); break;
    case PROP_SRTP: g_value_set_string (value, self->srtp); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_REGISTERED: g_value_set_boolean (value, dt_line_get_registered (self)); break;
    case PROP_USABLE: g_value_set_boolean (value, dt_line_get_usable (self)); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_LAST_STATUS: g_value_set_uint (value, self->last_status); break;
    case PROP_RETRY_LIMIT: g_value_set_uint (value, self->retry_limit); break;
    case PROP_ATTEMPT: g_value_set_uint (value, self->attempt); break;
    case PROP_MANAGER: g_value_set_object (value, self->manager); break;
    case PROP_N_CALLS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->calls)));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_line_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  DtLine *self = DT_LINE (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_URI: self->uri = g_value_dup_string (value); break;
    case PROP_DIRECT: self->direct = g_value_get_boolean (value); break;
    case PROP_DISPLAY_NAME: dt_line_set_display_name (self, g_value_get_string (value)); break;
    case PROP_TRANSPORT: dt_line_set_transport (self, g_value_get_string (value)); break;
    case PROP_SRTP: dt_line_set_srtp (self, g_value_get_string (value)); break;
    case PROP_RETRY_LIMIT: dt_line_set_retry_limit (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_line_dispose (GObject *object)
{
  DtLine *self = DT_LINE (object);

  if (self->calls != NULL)
    g_list_store_remove_all (self->calls);
  g_clear_object (&self->backend);
  g_clear_weak_pointer (&self->manager);

  G_OBJECT_CLASS (dt_line_parent_class)->dispose (object);
}

static void
dt_line_finalize (GObject *object)
{
  DtLine *self = DT_LINE (object);

  g_clear_object (&self->calls);
  g_free (self->id);
  g_free (self->uri);
  g_free (self->display_name);
  g_free (self->transport);
  g_free (self->srtp);
  g_free (self->last_error);

  G_OBJECT_CLASS (dt_line_parent_class)->finalize (object);
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT_FLAGS (RW_FLAGS | G_PARAM_CONSTRUCT_ONLY)

static void
dt_line_class_init (DtLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_line_get_property;
  object_class->set_property = dt_line_set_property;
  object_class->dispose = dt_line_dispose;
  object_class->finalize = dt_line_finalize;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, CONSTRUCT_FLAGS);
  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, CONSTRUCT_FLAGS);
  properties[PROP_DIRECT] =
    g_param_spec_boolean ("direct", NULL, NULL, FALSE, CONSTRUCT_FLAGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_TRANSPORT] = g_param_spec_string ("transport", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_SRTP] = g_param_spec_string ("srtp", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DT_TYPE_LINE_STATE,
                       DT_LINE_STATE_UNREGISTERED, RO_FLAGS);
  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_USABLE] = g_param_spec_boolean ("usable", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_LAST_STATUS] =
    g_param_spec_uint ("last-status", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_RETRY_LIMIT] =
    g_param_spec_uint ("retry-limit", NULL, NULL, 0, G_MAXUINT, 0, RW_FLAGS);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, DT_TYPE_CALL_MANAGER, RO_FLAGS);
  properties[PROP_N_CALLS] =
    g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[UNREGISTERED] =
    g_signal_new ("unregistered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REGISTRATION_FAILED] =
    g_signal_new ("registration-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
dt_line_init (DtLine *self)
{
  self->calls = g_list_store_new (DT_TYPE_CALL);
}

DtLine *
dt_line_new (const char    *id,
             const char    *uri,
             gboolean       direct,
             DtLineBackend *backend)
{
  DtLine *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (backend == NULL || DT_IS_LINE_BACKEND (backend), NULL);

  self = g_object_new (DT_TYPE_LINE, "id", id, "uri", uri, "direct", direct, NULL);
  g_set_object (&self->backend, backend);

  return self;
}

gboolean
dt_line_register (DtLine  *self,
                  GError **error)
{
  g_return_val_if_fail (DT_IS_LINE (self), FALSE);

  /* The direct line has no registrar to talk to */
  if (self->direct)
    return TRUE;

  return dt_check (self->backend != NULL, DT_CALL_ERROR_FAILED,
                   _("Calling is not available on this line."), error) &&
         dt_line_backend_register_line (self->backend, error);
}

gboolean
dt_line_unregister (DtLine  *self,
                    GError **error)
{
  g_return_val_if_fail (DT_IS_LINE (self), FALSE);

  if (self->direct)
    return TRUE;

  return dt_check (self->backend != NULL, DT_CALL_ERROR_FAILED,
                   _("Calling is not available on this line."), error) &&
         dt_line_backend_unregister_line (self->backend, error);
}

#define DEFINE_GETTER(ret, name, fallback, expr) \
  DT_DEFINE_GETTER (DtLine, dt_line, DT_IS_LINE, ret, name, fallback, expr)

DEFINE_GETTER (const char *, id, NULL, self->id)
DEFINE_GETTER (const char *, uri, NULL, self->uri)
DEFINE_GETTER (gboolean, direct, FALSE, self->direct)
DEFINE_GETTER (const char *, display_name, NULL, self->display_name)
DEFINE_GETTER (const char *, transport, NULL, self->transport)
DEFINE_GETTER (const char *, srtp, NULL, self->srtp)
DEFINE_GETTER (guint, retry_limit, 0, self->retry_limit)
DEFINE_GETTER (DtLineState, state, DT_LINE_STATE_UNREGISTERED, self->state)
DEFINE_GETTER (gboolean, registered, FALSE, self->state == DT_LINE_STATE_REGISTERED)
DEFINE_GETTER (const char *, last_error, NULL, self->last_error)
DEFINE_GETTER (guint, last_status, 0, self->last_status)
DEFINE_GETTER (guint, attempt, 0, self->attempt)
DEFINE_GETTER (DtCallManager *, manager, NULL, self->manager)
DEFINE_GETTER (DtLineBackend *, backend, NULL, self->backend)
DEFINE_GETTER (gboolean, usable, FALSE,
               self->direct || self->state == DT_LINE_STATE_REGISTERED)

#undef DEFINE_GETTER

void
dt_line_set_display_name (DtLine     *self,
                          const char *display_name)
{
  g_return_if_fail (DT_IS_LINE (self));

  update_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

void
dt_line_set_transport (DtLine     *self,
                       const char *transport)
{
  g_return_if_fail (DT_IS_LINE (self));

  update_string (self, &self->transport, transport, PROP_TRANSPORT);
}

void
dt_line_set_srtp (DtLine     *self,
                  const char *srtp)
{
  g_return_if_fail (DT_IS_LINE (self));

  update_string (self, &self->srtp, srtp, PROP_SRTP);
}

void
dt_line_set_retry_limit (DtLine *self,
                         guint   retry_limit)
{
  g_return_if_fail (DT_IS_LINE (self));

  update_uint (self, &self->retry_limit, retry_limit, PROP_RETRY_LIMIT);
}

void
dt_line_set_manager (DtLine        *self,
                     DtCallManager *manager)
{
  g_return_if_fail (DT_IS_LINE (self));
  g_return_if_fail (manager == NULL || DT_IS_CALL_MANAGER (manager));

  if (g_set_weak_pointer (&self->manager, manager))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

void
dt_line_report_registering (DtLine *self,
                            guint   attempt)
{
  g_return_if_fail (DT_IS_LINE (self));

  g_object_freeze_notify (G_OBJECT (self));
  update_uint (self, &self->attempt, attempt, PROP_ATTEMPT);
  set_state (self, DT_LINE_STATE_REGISTERING);
  g_object_thaw_notify (G_OBJECT (self));
}

void
dt_line_report_registered (DtLine *self)
{
  g_return_if_fail (DT_IS_LINE (self));

  /* A refreshed registration is no news */
  if (self->state == DT_LINE_STATE_REGISTERED)
    return;

  set_state (self, DT_LINE_STATE_REGISTERED);
  g_signal_emit (self, signals[REGISTERED], 0);
}

void
dt_line_report_unregistered (DtLine *self)
{
  g_return_if_fail (DT_IS_LINE (self));

  if (self->state == DT_LINE_STATE_UNREGISTERED)
    {
      g_debug ("Line %s: ignoring a second unregistration", self->id);
      return;
    }

  set_state (self, DT_LINE_STATE_UNREGISTERED);
  g_signal_emit (self, signals[UNREGISTERED], 0);
}

void
dt_line_report_registration_failed (DtLine     *self,
                                    guint       sip_status,
                                    const char *reason)
{
  g_return_if_fail (DT_IS_LINE (self));

  g_object_freeze_notify (G_OBJECT (self));
  update_uint (self, &self->last_status, sip_status, PROP_LAST_STATUS);
  update_string (self, &self->last_error, reason, PROP_LAST_ERROR);
  set_state (self, DT_LINE_STATE_FAILED);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[REGISTRATION_FAILED], 0, sip_status, reason);
}
