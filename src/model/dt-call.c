/* dt-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-call-error.h"
#include "dt-model-enums.h"
#include "dt-model-private.h"

enum {
  PROP_0, PROP_ID, PROP_CORRELATION_ID, PROP_LINE, PROP_DIRECTION, PROP_STATE,
  PROP_REMOTE_URI, PROP_REMOTE_NAME, PROP_COMPANY, PROP_AVATAR, PROP_MANUAL_INFO,
  PROP_CONNECTED, PROP_HELD, PROP_REMOTE_HELD, PROP_MUTED, PROP_EARLY_MEDIA, PROP_SECURE,
  PROP_CODEC, PROP_RECORDING, PROP_RECORDING_PATH, PROP_START_TIME,
  PROP_DISCONNECT_REASON, PROP_TRANSFER_TARGET, PROP_CONSULTATION_FOR,
  N_PROPS
};

enum {
  CALLER_ID, PROGRESS, CONNECT, ESTABLISHED, REMOTE_MEDIA,
  HELD, RESUMED, REMOTE_HELD, DISCONNECT,
  DTMF_RECEIVED, TRANSFER_REQUESTED, TRANSFER_PROGRESS, ERROR,
  N_SIGNALS
};

struct _DtCall
{
  GObject           parent_instance;

  DtCallBackend    *backend;
  DtLine           *line;
  DtCall           *consultation_for;

  char             *id, *correlation_id;
  char             *remote_uri, *remote_name, *company, *avatar;
  char             *codec, *recording_path, *disconnect_reason, *transfer_target;
  gint64            start_time;

  DtCallDirection   direction;
  /* How far signalling got (dialing … established, disconnected); the
   * state property puts the hold flags on top of it once answered */
  DtCallState       phase;
  DtCallState       state;
  DtRecordingState  recording;

  gboolean          manual_info, connected, held, remote_held, muted, early_media, secure;
  /* An answer, hold or resume is on its way: see send_invite() */
  gboolean          invite_pending;
};

G_DEFINE_FINAL_TYPE (DtCall, dt_call, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define STATE(s) (1u << (s))
#define ACTIVE (STATE (DT_CALL_STATE_CONNECTED) | STATE (DT_CALL_STATE_ESTABLISHED) | \
                STATE (DT_CALL_STATE_REMOTE_HELD))
#define ANSWERED (ACTIVE | STATE (DT_CALL_STATE_HELD))
#define LIVE (~STATE (DT_CALL_STATE_DISCONNECTED))
#define DTMF_DIGITS "0123456789*#ABCD"

#define NOTIFY(self, prop_id) g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id])

static void
update_string (DtCall      *self,
               char       **field,
               const char  *value,
               guint        prop_id)
{
  if (dt_set_string (field, value))
    NOTIFY (self, prop_id);
}

static void
update_flag (DtCall   *self,
             gboolean *field,
             gboolean  value,
             guint     prop_id)
{
  if (*field == !!value)
    return;

  *field = !!value;
  NOTIFY (self, prop_id);
}

/* Local hold wins over remote hold; both only count once answered (connected) */
static void
update_state (DtCall *self)
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

/* Every request checks the instance, then its state, then a backend to send it */
static gboolean
can_request (DtCall      *self,
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

static DtMediaBackend *
get_media_backend (DtCall *self)
{
  DtCallManager *manager = self->line != NULL ? dt_line_get_manager (self->line) : NULL;

  return manager != NULL ? dt_call_manager_get_media_backend (manager) : NULL;
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

static gboolean
answer_transfer_request (DtCall    *self,
                         gboolean   accept,
                         GError   **error)
{
  if (!can_request (self, LIVE, _("The call has already ended."), error) ||
      !dt_check (self->transfer_target != NULL, DT_CALL_ERROR_INVALID_STATE,
                 _("The other party has not asked to transfer this call."), error) ||
      !(accept ? dt_call_backend_accept_transfer (self->backend, error)
               : dt_call_backend_refuse_transfer (self->backend, error)))
    return FALSE;

  update_string (self, &self->transfer_target, NULL, PROP_TRANSFER_TARGET);

  return TRUE;
}

/* Reports come from the network, late or twice at times: one that does not fit
 * the state is dropped with a trace. Each report starts with it and the instance check. */
#define RETURN_UNLESS_FITS(fits, report)                                   \
  G_STMT_START {                                                           \
    g_return_if_fail (DT_IS_CALL (self));                                  \
    if (!(fits))                                                           \
      {                                                                    \
        g_debug ("Call %s: ignoring %s in state %s", self->correlation_id, \
                 report, dt_call_state_to_string (self->state));           \
        return;                                                            \
      }                                                                    \
  } G_STMT_END

#define IS_LIVE (self->phase != DT_CALL_STATE_DISCONNECTED)

/* held, resumed and remote-held: a flag, the state derived from it, a signal */
static void
report_hold (DtCall   *self,
             gboolean  remote,
             gboolean  held)
{
  RETURN_UNLESS_FITS (self->connected && (remote ? self->remote_held : self->held) != !!held,
                      remote ? "a remote hold change" : "a hold change");

  g_object_freeze_notify (G_OBJECT (self));
  if (!remote)
    self->invite_pending = FALSE;
  update_flag (self, remote ? &self->remote_held : &self->held, held,
               remote ? PROP_REMOTE_HELD : PROP_HELD);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  if (remote)
    g_signal_emit (self, signals[REMOTE_HELD], 0, self->remote_held);
  else
    g_signal_emit (self, signals[held ? HELD : RESUMED], 0);
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

  properties[PROP_ID] = STRING_PARAM ("id");
  properties[PROP_CORRELATION_ID] = STRING_PARAM ("correlation-id");
  properties[PROP_LINE] = g_param_spec_object ("line", NULL, NULL, DT_TYPE_LINE, PARAM_FLAGS);
  properties[PROP_DIRECTION] =
    ENUM_PARAM ("direction", DT_TYPE_CALL_DIRECTION, DT_CALL_DIRECTION_OUTBOUND);
  properties[PROP_STATE] = ENUM_PARAM ("state", DT_TYPE_CALL_STATE, DT_CALL_STATE_DIALING);
  properties[PROP_REMOTE_URI] = STRING_PARAM ("remote-uri");
  properties[PROP_REMOTE_NAME] = STRING_PARAM ("remote-name");
  properties[PROP_COMPANY] = STRING_PARAM ("company");
  properties[PROP_AVATAR] = STRING_PARAM ("avatar");
  properties[PROP_MANUAL_INFO] = BOOLEAN_PARAM ("manual-info");
  properties[PROP_CONNECTED] = BOOLEAN_PARAM ("connected");
  properties[PROP_HELD] = BOOLEAN_PARAM ("held");
  properties[PROP_REMOTE_HELD] = BOOLEAN_PARAM ("remote-held");
  properties[PROP_MUTED] = BOOLEAN_PARAM ("muted");
  properties[PROP_EARLY_MEDIA] = BOOLEAN_PARAM ("early-media");
  properties[PROP_SECURE] = BOOLEAN_PARAM ("secure");
  properties[PROP_CODEC] = STRING_PARAM ("codec");
  properties[PROP_RECORDING] =
    ENUM_PARAM ("recording", DT_TYPE_RECORDING_STATE, DT_RECORDING_STATE_OFF);
  properties[PROP_RECORDING_PATH] = STRING_PARAM ("recording-path");
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, PARAM_FLAGS);
  properties[PROP_DISCONNECT_REASON] = STRING_PARAM ("disconnect-reason");
  properties[PROP_TRANSFER_TARGET] = STRING_PARAM ("transfer-target");
  properties[PROP_CONSULTATION_FOR] =
    g_param_spec_object ("consultation-for", NULL, NULL, DT_TYPE_CALL, PARAM_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CALLER_ID] = NEW_SIGNAL ("caller-id", 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[PROGRESS] = NEW_SIGNAL ("progress", 0);
  signals[CONNECT] = NEW_SIGNAL ("connect", 0);
  signals[ESTABLISHED] = NEW_SIGNAL ("established", 0);
  signals[REMOTE_MEDIA] = NEW_SIGNAL ("remote-media", 0);
  signals[HELD] = NEW_SIGNAL ("held", 0);
  signals[RESUMED] = NEW_SIGNAL ("resumed", 0);
  signals[REMOTE_HELD] = NEW_SIGNAL ("remote-held", 1, G_TYPE_BOOLEAN);
  signals[DISCONNECT] = NEW_SIGNAL ("disconnect", 1, G_TYPE_STRING);
  signals[DTMF_RECEIVED] = NEW_SIGNAL ("dtmf-received", 1, G_TYPE_STRING);
  signals[TRANSFER_REQUESTED] = NEW_SIGNAL ("transfer-requested", 1, G_TYPE_STRING);
  signals[TRANSFER_PROGRESS] = NEW_SIGNAL ("transfer-progress", 1, G_TYPE_UINT);
  signals[ERROR] = NEW_SIGNAL ("error", 2, DT_TYPE_CALL_ERROR_KIND, G_TYPE_ERROR);
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
  return can_request (self, STATE (DT_CALL_STATE_RINGING),
                      _("Only a ringing incoming call can be answered."), error) &&
         answer_or_resume (self, error);
}

gboolean
dt_call_reject (DtCall    *self,
                gboolean   busy,
                GError   **error)
{
  if (!can_request (self, STATE (DT_CALL_STATE_RINGING),
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
  if (!can_request (self, LIVE, _("The call has already ended."), error))
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
  return can_request (self, ACTIVE,
                      _("Dial tones can only be sent in a call that is not on hold."),
                      error) &&
         dt_check (digits != NULL && *digits != '\0' &&
                   digits[strspn (digits, DTMF_DIGITS)] == '\0', DT_CALL_ERROR_INVALID_DTMF,
                   _("Only 0 to 9, *, # and A to D can be sent as dial tones."), error) &&
         dt_call_backend_send_dtmf (self->backend, digits, error);
}

gboolean
dt_call_set_muted (DtCall    *self,
                   gboolean   muted,
                   GError   **error)
{
  DtMediaBackend *media;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  /* Without a media layer there is nothing to mute but the flag */
  if (!dt_check (self->state != DT_CALL_STATE_DISCONNECTED, DT_CALL_ERROR_INVALID_STATE,
                 _("The call has already ended."), error) ||
      (self->muted != !!muted && media != NULL &&
       !dt_media_backend_set_muted (media, self, muted, error)))
    return FALSE;

  update_flag (self, &self->muted, muted, PROP_MUTED);

  return TRUE;
}

gboolean
dt_call_hold (DtCall  *self,
              GError **error)
{
  return can_request (self, ACTIVE,
                      _("Only an answered call that is not on hold can be put on hold."),
                      error) &&
         send_invite (self, dt_call_backend_hold, error);
}

gboolean
dt_call_resume (DtCall  *self,
                GError **error)
{
  return can_request (self, STATE (DT_CALL_STATE_HELD),
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
dt_call_blind_transfer (DtCall      *self,
                        const char  *target,
                        GError     **error)
{
  return can_request (self, ANSWERED, _("Only an answered call can be transferred."),
                      error) &&
         dt_check (dt_is_valid_target (target), DT_CALL_ERROR_INVALID_URI,
                   _("The transfer target is not a valid address."), error) &&
         dt_call_backend_blind_transfer (self->backend, target, error);
}

gboolean
dt_call_attended_transfer (DtCall  *self,
                           DtCall  *consultation,
                           GError **error)
{
  g_return_val_if_fail (consultation == NULL || DT_IS_CALL (consultation), FALSE);

  return can_request (self, ANSWERED, _("Only an answered call can be transferred."),
                      error) &&
         dt_check (consultation != NULL && consultation != self,
                   DT_CALL_ERROR_INVALID_ARGUMENT,
                   _("A call can only be transferred to another call."), error) &&
         can_request (consultation, ANSWERED,
                      _("A call can only be transferred to an answered call."), error) &&
         dt_call_backend_attended_transfer (self->backend, consultation->backend, error);
}

DtCall *
dt_call_start_consultation (DtCall      *self,
                            const char  *target,
                            GError     **error)
{
  DtCall *consultation;

  if (!can_request (self, ANSWERED, _("Only an answered call can be transferred."), error) ||
      !dt_check (dt_is_valid_target (target), DT_CALL_ERROR_INVALID_URI,
                 _("The transfer target is not a valid address."), error) ||
      !dt_check (self->line != NULL, DT_CALL_ERROR_FAILED,
                 _("Calling is not available on this line."), error))
    return NULL;

  /* Dialing holds the active call first: this one, unless already held */
  consultation = dt_line_dial (self->line, target, error);
  if (consultation != NULL)
    dt_call_set_consultation_for (consultation, self);

  return consultation;
}

gboolean
dt_call_complete_transfer (DtCall  *self,
                           GError **error)
{
  DtCall *consultation;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  /* start_consultation() dials on this call's own line */
  consultation = self->line != NULL ? dt_line_find_consultation (self->line, self) : NULL;

  return dt_check (consultation != NULL, DT_CALL_ERROR_INVALID_STATE,
                   _("There is no consultation call to complete the transfer with."),
                   error) &&
         dt_call_attended_transfer (self, consultation, error);
}

gboolean
dt_call_accept_transfer (DtCall  *self,
                         GError **error)
{
  return answer_transfer_request (self, TRUE, error);
}

gboolean
dt_call_refuse_transfer (DtCall  *self,
                         GError **error)
{
  return answer_transfer_request (self, FALSE, error);
}

gboolean
dt_call_start_recording (DtCall      *self,
                         const char  *path,
                         GError     **error)
{
  DtMediaBackend *media;
  g_autofree char *file = NULL;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  if (!dt_check ((STATE (self->state) & ANSWERED) != 0, DT_CALL_ERROR_INVALID_STATE,
                 _("Only an answered call can be recorded."), error) ||
      !dt_check (self->recording != DT_RECORDING_STATE_RECORDING, DT_CALL_ERROR_INVALID_STATE,
                 _("The call is already being recorded."), error) ||
      !dt_check (media != NULL, DT_CALL_ERROR_FAILED, _("Recording is not available."), error))
    return FALSE;

  /* After a pause the recording goes on in the same file */
  if (self->recording == DT_RECORDING_STATE_PAUSED)
    file = g_strdup (self->recording_path);
  else if (path != NULL && *path != '\0')
    file = g_strdup (path);
  else
    file = dt_media_backend_default_recording_path (self->correlation_id, error);

  if (file == NULL || !dt_media_backend_start_recording (media, self, file, error))
    return FALSE;

  update_string (self, &self->recording_path, file, PROP_RECORDING_PATH);
  self->recording = DT_RECORDING_STATE_RECORDING;
  NOTIFY (self, PROP_RECORDING);

  return TRUE;
}

gboolean
dt_call_pause_recording (DtCall  *self,
                         GError **error)
{
  DtMediaBackend *media;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  if (!dt_check (self->recording == DT_RECORDING_STATE_RECORDING &&
                 self->state != DT_CALL_STATE_DISCONNECTED, DT_CALL_ERROR_INVALID_STATE,
                 _("The call is not being recorded."), error) ||
      !dt_check (media != NULL, DT_CALL_ERROR_FAILED, _("Recording is not available."), error) ||
      !dt_media_backend_pause_recording (media, self, error))
    return FALSE;

  self->recording = DT_RECORDING_STATE_PAUSED;
  NOTIFY (self, PROP_RECORDING);

  return TRUE;
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
    update_string (self, &self->remote_name, name, PROP_REMOTE_NAME);
  if (avatar != NULL)
    update_string (self, &self->avatar, avatar, PROP_AVATAR);
  if (company != NULL)
    update_string (self, &self->company, company, PROP_COMPANY);
  update_flag (self, &self->manual_info, manual, PROP_MANUAL_INFO);

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

void
dt_call_report_id (DtCall     *self,
                   const char *sip_call_id)
{
  g_return_if_fail (DT_IS_CALL (self));

  update_string (self, &self->id, sip_call_id, PROP_ID);
}

void
dt_call_report_caller_id (DtCall     *self,
                          const char *uri,
                          const char *name)
{
  RETURN_UNLESS_FITS (IS_LIVE, "a caller id");

  if (uri != NULL)
    update_string (self, &self->remote_uri, uri, PROP_REMOTE_URI);
  if (name != NULL && !self->manual_info)
    update_string (self, &self->remote_name, name, PROP_REMOTE_NAME);

  g_signal_emit (self, signals[CALLER_ID], 0, self->remote_uri, self->remote_name);
}

void
dt_call_report_progress (DtCall   *self,
                         gboolean  early_media)
{
  RETURN_UNLESS_FITS (self->phase == DT_CALL_STATE_DIALING ||
                      self->phase == DT_CALL_STATE_PROGRESS, "progress");

  self->phase = DT_CALL_STATE_PROGRESS;
  update_state (self);
  update_flag (self, &self->early_media, early_media, PROP_EARLY_MEDIA);

  g_signal_emit (self, signals[PROGRESS], 0);
}

void
dt_call_report_connected (DtCall *self)
{
  RETURN_UNLESS_FITS (!self->connected && IS_LIVE, "connected");

  g_object_freeze_notify (G_OBJECT (self));
  self->invite_pending = FALSE;
  self->phase = DT_CALL_STATE_CONNECTED;
  self->start_time = g_get_real_time ();
  NOTIFY (self, PROP_START_TIME);
  update_flag (self, &self->connected, TRUE, PROP_CONNECTED);
  /* Early media is the media before the answer */
  update_flag (self, &self->early_media, FALSE, PROP_EARLY_MEDIA);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CONNECT], 0);
}

void
dt_call_report_established (DtCall *self)
{
  RETURN_UNLESS_FITS (self->phase == DT_CALL_STATE_CONNECTED, "established");

  self->phase = DT_CALL_STATE_ESTABLISHED;
  update_state (self);

  g_signal_emit (self, signals[ESTABLISHED], 0);
}

void
dt_call_report_remote_media (DtCall *self)
{
  RETURN_UNLESS_FITS (IS_LIVE, "remote media");

  g_signal_emit (self, signals[REMOTE_MEDIA], 0);
}

void
dt_call_report_held (DtCall *self)
{
  report_hold (self, FALSE, TRUE);
}

void
dt_call_report_resumed (DtCall *self)
{
  report_hold (self, FALSE, FALSE);
}

void
dt_call_report_remote_held (DtCall   *self,
                            gboolean  held)
{
  report_hold (self, TRUE, held);
}

void
dt_call_report_media_info (DtCall     *self,
                           const char *codec,
                           gboolean    secure)
{
  RETURN_UNLESS_FITS (IS_LIVE, "media info");

  update_string (self, &self->codec, codec, PROP_CODEC);
  update_flag (self, &self->secure, secure, PROP_SECURE);
}

void
dt_call_report_dtmf (DtCall *self,
                     char    digit)
{
  const char text[] = { digit, '\0' };

  RETURN_UNLESS_FITS (self->connected && digit != '\0' && strchr (DTMF_DIGITS, digit),
                      "a dial tone");

  g_signal_emit (self, signals[DTMF_RECEIVED], 0, text);
}

void
dt_call_report_transfer_requested (DtCall     *self,
                                   const char *target)
{
  RETURN_UNLESS_FITS (self->connected && dt_is_valid_target (target), "a transfer request");

  update_string (self, &self->transfer_target, target, PROP_TRANSFER_TARGET);

  g_signal_emit (self, signals[TRANSFER_REQUESTED], 0, target);
}

void
dt_call_report_transfer_progress (DtCall *self,
                                  guint   sip_status)
{
  RETURN_UNLESS_FITS (IS_LIVE, "transfer progress");

  g_signal_emit (self, signals[TRANSFER_PROGRESS], 0, sip_status);
}

void
dt_call_report_error (DtCall          *self,
                      DtCallErrorKind  kind,
                      const GError    *error)
{
  RETURN_UNLESS_FITS (IS_LIVE, "an error");

  /* What failed is no longer on its way: an answer, hold or resume, or a
   * transfer request (one the user did not answer in time) */
  if (kind == DT_CALL_ERROR_KIND_TRANSFER)
    update_string (self, &self->transfer_target, NULL, PROP_TRANSFER_TARGET);
  else if (kind != DT_CALL_ERROR_KIND_MEDIA && kind != DT_CALL_ERROR_KIND_DTMF)
    self->invite_pending = FALSE;

  g_signal_emit (self, signals[ERROR], 0, kind, error);
}

void
dt_call_report_disconnected (DtCall     *self,
                             const char *reason)
{
  g_autoptr(DtCall) hold = NULL;

  RETURN_UNLESS_FITS (IS_LIVE, "a disconnection");

  /* Leaving the line drops what may be the last reference */
  hold = g_object_ref (self);

  g_object_freeze_notify (G_OBJECT (self));
  self->phase = DT_CALL_STATE_DISCONNECTED;
  update_flag (self, &self->connected, FALSE, PROP_CONNECTED);
  update_state (self);
  update_string (self, &self->disconnect_reason, reason, PROP_DISCONNECT_REASON);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[DISCONNECT], 0, reason);

  if (self->line != NULL)
    dt_line_remove_call (self->line, self);
}
