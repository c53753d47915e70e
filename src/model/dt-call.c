/* dt-call.c: one call: the object, answering, ending, hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-call-error.h"
#include "dt-call-private.h"
#include "dt-model-enums.h"

G_DEFINE_FINAL_TYPE (DtCall, dt_call, G_TYPE_OBJECT)

GParamSpec *dt_call_properties[N_PROPS];
guint dt_call_signals[N_SIGNALS];

void
dt_call_update_string (DtCall      *self,
                       char       **field,
                       const char  *value,
                       guint        prop_id)
{
  if (dt_set_string (field, value))
    NOTIFY (self, prop_id);
}

void
dt_call_update_flag (DtCall   *self,
                     gboolean *field,
                     gboolean  value,
                     guint     prop_id)
{
  if (*field == !!value)
    return;

  *field = !!value;
  NOTIFY (self, prop_id);
}

void
dt_call_update_state (DtCall *self)
{
  DtCallState state = self->phase;

  if (self->connected && self->held)
    state = DT_CALL_STATE_HELD;
  else if (self->connected && self->remote_held)
    state = DT_CALL_STATE_REMOTE_HELD;

  if (state == self->state)
    return;

  self->state = state;
  NOTIFY (self, PROP_STATE);
}

gboolean
dt_call_can_request (DtCall      *self,
                     guint        states,
                     const char  *message,
                     GError     **error)
{
  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  return dt_check ((STATE (self->state) & states) != 0,
                   DT_CALL_ERROR_INVALID_STATE, message, error) &&
         dt_check (self->backend != NULL, DT_CALL_ERROR_FAILED,
                   _("Calling is not available on this line."), error);
}

/* One INVITE transaction at a time on a dialog (RFC 3261 §14.1): until its
 * outcome is reported, asking again is taken as the request on its way */
static gboolean
send_invite (DtCall    *self,
             gboolean (*request) (DtCallBackend *backend, GError **error),
             GError   **error)
{
  if (!self->invite_pending)
    self->invite_pending = request (self->backend, error);

  return self->invite_pending;
}

/* Runs once the other call is held: a refusal can only go out as a signal */
static void
go_ahead (DtCall *self)
{
  g_autoptr(GError) error = NULL;

  if (self->state == DT_CALL_STATE_RINGING &&
      !send_invite (self, dt_call_backend_answer, &error))
    dt_call_report_error (self, DT_CALL_ERROR_KIND_CALL, error);
  else if (self->state == DT_CALL_STATE_HELD &&
           !send_invite (self, dt_call_backend_resume, &error))
    dt_call_report_error (self, DT_CALL_ERROR_KIND_RESUME, error);
}

static gboolean
cancel_wait (DtCall *self)
{
  DtCallManager *manager = self->line != NULL ? dt_line_get_manager (self->line) : NULL;

  return manager != NULL && dt_call_manager_cancel_wait (manager, self);
}

/* Keeps one call active: another active one is held first */
static gboolean
answer_or_resume (DtCall  *self,
                  GError **error)
{
  DtCallManager *manager = self->line != NULL ? dt_line_get_manager (self->line) : NULL;

  if (manager == NULL || dt_call_manager_get_connected_call (manager) == NULL)
    return send_invite (self, self->state == DT_CALL_STATE_RINGING ? dt_call_backend_answer
                                                                   : dt_call_backend_resume,
                        error);

  dt_call_manager_hold_active_then (manager, self, go_ahead);
  return TRUE;
}

static void
dt_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DtCall *self = DT_CALL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CORRELATION_ID: g_value_set_string (value, self->correlation_id); break;
    case PROP_LINE: g_value_set_object (value, self->line); break;
    case PROP_DIRECTION: g_value_set_enum (value, self->direction); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_REMOTE_URI: g_value_set_string (value, self->remote_uri); break;
    case PROP_REMOTE_NAME: g_value_set_string (value, self->remote_name); break;
    case PROP_COMPANY: g_value_set_string (value, self->company); break;
    case PROP_AVATAR: g_value_set_string (value, self->avatar); break;
    case PROP_MANUAL_INFO: g_value_set_boolean (value, self->manual_info); break;
    case PROP_CONNECTED: g_value_set_boolean (value, self->connected); break;
    case PROP_HELD: g_value_set_boolean (value, self->held); break;
    case PROP_REMOTE_HELD: g_value_set_boolean (value, self->remote_held); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_EARLY_MEDIA: g_value_set_boolean (value, self->early_media); break;
    case PROP_SECURE: g_value_set_boolean (value, self->secure); break;
    case PROP_CODEC: g_value_set_string (value, self->codec); break;
    case PROP_RECORDING: g_value_set_enum (value, self->recording); break;
    case PROP_RECORDING_PATH: g_value_set_string (value, self->recording_path); break;
    case PROP_START_TIME: g_value_set_int64 (value, self->start_time); break;
    case PROP_DISCONNECT_REASON: g_value_set_string (value, self->disconnect_reason); break;
    case PROP_TRANSFER_TARGET: g_value_set_string (value, self->transfer_target); break;
    case PROP_CONSULTATION_FOR: g_value_set_object (value, self->consultation_for); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_dispose (GObject *object)
{
  DtCall *self = DT_CALL (object);

  g_clear_object (&self->backend);
  g_clear_weak_pointer (&self->line);
  g_clear_weak_pointer (&self->consultation_for);

  G_OBJECT_CLASS (dt_call_parent_class)->dispose (object);
}

static void
dt_call_finalize (GObject *object)
{
  DtCall *self = DT_CALL (object);

  char **strings[] = { &self->id, &self->correlation_id, &self->remote_uri, &self->remote_name,
                       &self->company, &self->avatar, &self->codec, &self->recording_path,
                       &self->disconnect_reason, &self->transfer_target };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free (*strings[i]);

  G_OBJECT_CLASS (dt_call_parent_class)->finalize (object);
}

#define NEW_SIGNAL(name, ...) \
  g_signal_new (name, DT_TYPE_CALL, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, \
                G_TYPE_NONE, __VA_ARGS__)
#define PARAM_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define STRING_PARAM(name) g_param_spec_string (name, NULL, NULL, NULL, PARAM_FLAGS)
#define BOOLEAN_PARAM(name) g_param_spec_boolean (name, NULL, NULL, FALSE, PARAM_FLAGS)
#define ENUM_PARAM(name, type, value) \
  g_param_spec_enum (name, NULL, NULL, type, value, PARAM_FLAGS)

static void
dt_call_class_init (DtCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_call_get_property;
  object_class->dispose = dt_call_dispose;
  object_class->finalize = dt_call_finalize;

  dt_call_properties[PROP_ID] = STRING_PARAM ("id");
  dt_call_properties[PROP_CORRELATION_ID] = STRING_PARAM ("correlation-id");
  dt_call_properties[PROP_LINE] =
    g_param_spec_object ("line", NULL, NULL, DT_TYPE_LINE, PARAM_FLAGS);
  dt_call_properties[PROP_DIRECTION] =
    ENUM_PARAM ("direction", DT_TYPE_CALL_DIRECTION, DT_CALL_DIRECTION_OUTBOUND);
  dt_call_properties[PROP_STATE] = ENUM_PARAM ("state", DT_TYPE_CALL_STATE, DT_CALL_STATE_DIALING);
  dt_call_properties[PROP_REMOTE_URI] = STRING_PARAM ("remote-uri");
  dt_call_properties[PROP_REMOTE_NAME] = STRING_PARAM ("remote-name");
  dt_call_properties[PROP_COMPANY] = STRING_PARAM ("company");
  dt_call_properties[PROP_AVATAR] = STRING_PARAM ("avatar");
  dt_call_properties[PROP_MANUAL_INFO] = BOOLEAN_PARAM ("manual-info");
  dt_call_properties[PROP_CONNECTED] = BOOLEAN_PARAM ("connected");
  dt_call_properties[PROP_HELD] = BOOLEAN_PARAM ("held");
  dt_call_properties[PROP_REMOTE_HELD] = BOOLEAN_PARAM ("remote-held");
  dt_call_properties[PROP_MUTED] = BOOLEAN_PARAM ("muted");
  dt_call_properties[PROP_EARLY_MEDIA] = BOOLEAN_PARAM ("early-media");
  dt_call_properties[PROP_SECURE] = BOOLEAN_PARAM ("secure");
  dt_call_properties[PROP_CODEC] = STRING_PARAM ("codec");
  dt_call_properties[PROP_RECORDING] =
    ENUM_PARAM ("recording", DT_TYPE_RECORDING_STATE, DT_RECORDING_STATE_OFF);
  dt_call_properties[PROP_RECORDING_PATH] = STRING_PARAM ("recording-path");
  dt_call_properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, PARAM_FLAGS);
  dt_call_properties[PROP_DISCONNECT_REASON] = STRING_PARAM ("disconnect-reason");
  dt_call_properties[PROP_TRANSFER_TARGET] = STRING_PARAM ("transfer-target");
  dt_call_properties[PROP_CONSULTATION_FOR] =
    g_param_spec_object ("consultation-for", NULL, NULL, DT_TYPE_CALL, PARAM_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, dt_call_properties);

  dt_call_signals[CALLER_ID] = NEW_SIGNAL ("caller-id", 2, G_TYPE_STRING, G_TYPE_STRING);
  dt_call_signals[PROGRESS] = NEW_SIGNAL ("progress", 0);
  dt_call_signals[CONNECT] = NEW_SIGNAL ("connect", 0);
  dt_call_signals[ESTABLISHED] = NEW_SIGNAL ("established", 0);
  dt_call_signals[REMOTE_MEDIA] = NEW_SIGNAL ("remote-media", 0);
  dt_call_signals[HELD] = NEW_SIGNAL ("held", 0);
  dt_call_signals[RESUMED] = NEW_SIGNAL ("resumed", 0);
  dt_call_signals[REMOTE_HELD] = NEW_SIGNAL ("remote-held", 1, G_TYPE_BOOLEAN);
  dt_call_signals[DISCONNECT] = NEW_SIGNAL ("disconnect", 1, G_TYPE_STRING);
  dt_call_signals[DTMF_RECEIVED] = NEW_SIGNAL ("dtmf-received", 1, G_TYPE_STRING);
  dt_call_signals[TRANSFER_REQUESTED] = NEW_SIGNAL ("transfer-requested", 1, G_TYPE_STRING);
  dt_call_signals[TRANSFER_PROGRESS] = NEW_SIGNAL ("transfer-progress", 1, G_TYPE_UINT);
  dt_call_signals[ERROR] = NEW_SIGNAL ("error", 2, DT_TYPE_CALL_ERROR_KIND, G_TYPE_ERROR);
}

static void
dt_call_init (DtCall *self)
{
  self->correlation_id = g_uuid_string_random ();
}

DtCall *
dt_call_new (DtLine          *line,
             DtCallDirection  direction,
             const char      *remote_uri,
             const char      *remote_name)
{
  DtCall *self;

  g_return_val_if_fail (line == NULL || DT_IS_LINE (line), NULL);

  self = g_object_new (DT_TYPE_CALL, NULL);
  g_set_weak_pointer (&self->line, line);
  self->direction = direction;
  self->state = self->phase = direction == DT_CALL_DIRECTION_INBOUND ? DT_CALL_STATE_RINGING
                                                                    : DT_CALL_STATE_DIALING;
  self->remote_uri = g_strdup (remote_uri);
  self->remote_name = g_strdup (remote_name);

  return self;
}

void
dt_call_set_backend (DtCall        *self,
                     DtCallBackend *backend)
{
  g_return_if_fail (DT_IS_CALL (self));
  g_return_if_fail (backend == NULL || DT_IS_CALL_BACKEND (backend));

  g_set_object (&self->backend, backend);
}

void
dt_call_set_consultation_for (DtCall *self,
                              DtCall *original)
{
  g_return_if_fail (DT_IS_CALL (self));
  g_return_if_fail (original == NULL || DT_IS_CALL (original));

  if (g_set_weak_pointer (&self->consultation_for, original))
    NOTIFY (self, PROP_CONSULTATION_FOR);
}

gboolean
dt_call_answer (DtCall  *self,
                GError **error)
{
  return dt_call_can_request (self, STATE (DT_CALL_STATE_RINGING),
                              _("Only a ringing incoming call can be answered."), error) &&
         answer_or_resume (self, error);
}

gboolean
dt_call_reject (DtCall    *self,
                gboolean   busy,
                GError   **error)
{
  if (!dt_call_can_request (self, STATE (DT_CALL_STATE_RINGING),
                            _("Only a ringing incoming call can be rejected."), error) ||
      !dt_call_backend_reject (self->backend, busy, error))
    return FALSE;

  /* The user's last word wins over an answer still waiting for a hold */
  cancel_wait (self);

  return TRUE;
}

gboolean
dt_call_end (DtCall  *self,
             GError **error)
{
  if (!dt_call_can_request (self, LIVE, _("The call has already ended."), error))
    return FALSE;

  /* Hanging up on a call that still rings here is declining it */
  if (self->state == DT_CALL_STATE_RINGING)
    return dt_call_reject (self, FALSE, error);

  /* While it waits for the other call's hold it has sent nothing yet */
  if (self->state == DT_CALL_STATE_DIALING && cancel_wait (self))
    dt_call_report_disconnected (self, "cancelled");
  else if (!dt_call_backend_end (self->backend, error))
    return FALSE;

  cancel_wait (self);

  return TRUE;
}

gboolean
dt_call_send_dtmf (DtCall      *self,
                   const char  *digits,
                   GError     **error)
{
  return dt_call_can_request (self, ACTIVE,
                              _("Dial tones can only be sent in a call that is not on hold."),
                              error) &&
         dt_check (digits != NULL && *digits != '\0' &&
                   digits[strspn (digits, DTMF_DIGITS)] == '\0', DT_CALL_ERROR_INVALID_DTMF,
                   _("Only 0 to 9, *, # and A to D can be sent as dial tones."), error) &&
         dt_call_backend_send_dtmf (self->backend, digits, error);
}

gboolean
dt_call_hold (DtCall  *self,
              GError **error)
{
  return dt_call_can_request (self, ACTIVE,
                              _("Only an answered call that is not on hold can be put on hold."),
                              error) &&
         send_invite (self, dt_call_backend_hold, error);
}

gboolean
dt_call_resume (DtCall  *self,
                GError **error)
{
  return dt_call_can_request (self, STATE (DT_CALL_STATE_HELD),
                              _("Only a call on hold can be resumed."), error) &&
         answer_or_resume (self, error);
}

gboolean
dt_call_toggle_hold (DtCall  *self,
                     GError **error)
{
  return dt_call_get_state (self) == DT_CALL_STATE_HELD ? dt_call_resume (self, error)
                                                        : dt_call_hold (self, error);
}

gboolean
dt_call_set_static_info (DtCall      *self,
                         const char  *name,
                         const char  *avatar,
                         const char  *company,
                         gboolean     manual,
                         GError     **error)
{
  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  if (name != NULL)
    dt_call_update_string (self, &self->remote_name, name, PROP_REMOTE_NAME);
  if (avatar != NULL)
    dt_call_update_string (self, &self->avatar, avatar, PROP_AVATAR);
  if (company != NULL)
    dt_call_update_string (self, &self->company, company, PROP_COMPANY);
  dt_call_update_flag (self, &self->manual_info, manual, PROP_MANUAL_INFO);

  return TRUE;
}

#define DEFINE_GETTER(ret, name, fallback, expr) \
  DT_DEFINE_GETTER (DtCall, dt_call, DT_IS_CALL, ret, name, fallback, expr)

DEFINE_GETTER (const char *, id, NULL, self->id)
DEFINE_GETTER (const char *, correlation_id, NULL, self->correlation_id)
DEFINE_GETTER (DtLine *, line, NULL, self->line)
DEFINE_GETTER (DtCallDirection, direction, DT_CALL_DIRECTION_OUTBOUND, self->direction)
DEFINE_GETTER (DtCallState, state, DT_CALL_STATE_DISCONNECTED, self->state)
DEFINE_GETTER (const char *, remote_uri, NULL, self->remote_uri)
DEFINE_GETTER (const char *, remote_name, NULL, self->remote_name)
DEFINE_GETTER (const char *, company, NULL, self->company)
DEFINE_GETTER (const char *, avatar, NULL, self->avatar)
DEFINE_GETTER (gboolean, manual_info, FALSE, self->manual_info)
DEFINE_GETTER (gboolean, connected, FALSE, self->connected)
DEFINE_GETTER (gboolean, held, FALSE, self->held)
DEFINE_GETTER (gboolean, remote_held, FALSE, self->remote_held)
DEFINE_GETTER (gboolean, muted, FALSE, self->muted)
DEFINE_GETTER (gboolean, early_media, FALSE, self->early_media)
DEFINE_GETTER (gboolean, secure, FALSE, self->secure)
DEFINE_GETTER (const char *, codec, NULL, self->codec)
DEFINE_GETTER (DtRecordingState, recording, DT_RECORDING_STATE_OFF, self->recording)
DEFINE_GETTER (const char *, recording_path, NULL, self->recording_path)
DEFINE_GETTER (gint64, start_time, 0, self->start_time)
DEFINE_GETTER (const char *, disconnect_reason, NULL, self->disconnect_reason)
DEFINE_GETTER (const char *, transfer_target, NULL, self->transfer_target)
DEFINE_GETTER (DtCall *, consultation_for, NULL, self->consultation_for)
DEFINE_GETTER (DtCallBackend *, backend, NULL, self->backend)

#undef DEFINE_GETTER

gboolean
dt_call_is_active (DtCall *self)
{
  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  return (STATE (self->state) & ACTIVE) != 0;
}

