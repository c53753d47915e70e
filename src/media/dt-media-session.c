/* dt-media-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "dt-media-dtmf.h"
#include "dt-media-pipeline.h"
#include "dt-media-ports.h"
#include "dt-media-recorder.h"
#include "dt-media-session.h"

#define DEFAULT_LATENCY_MS 40
#define MAX_LATENCY_MS     1000

enum {
  PROP_0,
  PROP_LOCAL_ADDRESS,
  PROP_RTP_PORT,
  PROP_RTCP_PORT,
  PROP_RUNNING,
  PROP_DIRECTION,
  PROP_SECURE,
  PROP_MUTED,
  PROP_INPUT_DEVICE,
  PROP_OUTPUT_DEVICE,
  PROP_ECHO_CANCELLATION,
  PROP_LATENCY,
  N_PROPS
};

enum {
  SIGNAL_DTMF_RECEIVED,
  SIGNAL_MEDIA_RECEIVED,
  SIGNAL_ERROR,
  N_SIGNALS
};

struct _DtMediaSession
{
  GObject          parent_instance;

  char            *local_address;
  GSocket         *rtp_socket;
  GSocket         *rtcp_socket;
  guint16          rtp_port;

  DtMediaPipeline *pipeline;

  gboolean         muted;
  char            *input_device;
  char            *output_device;
  gboolean         echo_cancellation;
  guint            latency_ms;

  /* The recording: its file, whether it is paused, and its bin in the
   * current pipeline (owned by the pipeline) */
  char            *recording_path;
  gboolean         recording_paused;
  GstElement      *recorder;
  /* A stopped pipeline still finishes its part of the file: a new one
   * appends only after that */
  gboolean         recorder_closing;
};

/* What the read-only properties say, to notify what an operation changed */
typedef struct {
  gboolean         running;
  DtMediaDirection direction;
  gboolean         secure;
} State;

static void dt_media_session_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtMediaSession, dt_media_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      dt_media_session_initable_iface_init))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
dt_media_session_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  DtMediaSession *self = DT_MEDIA_SESSION (initable);

  if (!dt_media_ports_bind (self->local_address, &self->rtp_socket, &self->rtcp_socket, error))
    return FALSE;
  self->rtp_port = dt_media_ports_get_port (self->rtp_socket);
  return TRUE;
}

static void
dt_media_session_initable_iface_init (GInitableIface *iface)
{
  iface->init = dt_media_session_initable_init;
}

/* Whether @str changed (g_set_str is newer than our GLib) */
static gboolean
replace_string (char       **str,
                const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  DtMediaSession *self = user_data;
  char digit;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) cause = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &cause, &debug);
        g_debug ("Pipeline error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
                 cause->message, debug != NULL ? debug : "");
        error = g_error_new (DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                             _("The audio of the call stopped: %s"), cause->message);
        /* Stopping removes this watch; nothing of the pipeline is touched after */
        dt_media_session_stop (self);
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) cause = NULL;

        gst_message_parse_warning (message, &cause, NULL);
        g_debug ("Pipeline warning from %s: %s", GST_MESSAGE_SRC_NAME (message), cause->message);
        break;
      }
    case GST_MESSAGE_LATENCY:
      if (self->pipeline != NULL)
        dt_media_pipeline_recalculate_latency (self->pipeline);
      break;
    case GST_MESSAGE_ELEMENT:
      if (dt_media_dtmf_parse_message (message, &digit))
        g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, digit);
      else if (gst_message_has_name (message, DT_MEDIA_PIPELINE_FIRST_PACKET))
        g_signal_emit (self, signals[SIGNAL_MEDIA_RECEIVED], 0);
      break;
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean attach_recorder (DtMediaSession  *self,
                                 gboolean         append,
                                 GError         **error);

/* The file of a stopped pipeline is complete: a running pipeline (rebuilt
 * for a new codec or key) goes on recording into it */
static void
on_recorder_closed (gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DtMediaSession) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;

  self->recorder_closing = FALSE;
  if (self->pipeline != NULL && self->recording_path != NULL && self->recorder == NULL &&
      !attach_recorder (self, TRUE, &error))
    g_warning ("The recording of the call stopped: %s", error->message);
}

static void
drop_pipeline (DtMediaSession *self)
{
  GstElement *recorder = g_steal_pointer (&self->recorder);
  GWeakRef *ref;

  if (self->pipeline == NULL)
    return;
  if (recorder == NULL)
    {
      g_clear_pointer (&self->pipeline, dt_media_pipeline_free);
      return;
    }

  /* The session may be gone by the time the file is complete */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->recorder_closing = TRUE;
  dt_media_pipeline_close (g_steal_pointer (&self->pipeline), recorder, on_recorder_closed, ref);
}

/* The recording goes on in a rebuilt pipeline, after what was written */
static gboolean
attach_recorder (DtMediaSession  *self,
                 gboolean         append,
                 GError         **error)
{
  self->recorder = dt_media_recorder_attach (dt_media_pipeline_get_element (self->pipeline),
                                             dt_media_pipeline_get_tap (self->pipeline, TRUE),
                                             dt_media_pipeline_get_tap (self->pipeline, FALSE),
                                             self->recording_path, append, error);
  if (self->recorder == NULL)
    return FALSE;
  dt_media_recorder_set_paused (self->recorder, self->recording_paused);
  return TRUE;
}

static DtMediaPipeline *
build_pipeline (DtMediaSession            *self,
                const DtMediaDescription  *desc,
                GError                   **error)
{
  DtMediaPipelineConfig config = {
    .rtp_socket = self->rtp_socket,
    .rtcp_socket = self->rtcp_socket,
    .input_device = self->input_device,
    .output_device = self->output_device,
    .echo_cancellation = self->echo_cancellation,
    .latency_ms = self->latency_ms,
    .muted = self->muted,
  };

  return dt_media_pipeline_new (desc, &config, on_bus_message, self, error);
}

static State
get_state (DtMediaSession *self)
{
  return (State) {
    .running = dt_media_session_get_running (self),
    .direction = dt_media_session_get_direction (self),
    .secure = dt_media_session_get_secure (self),
  };
}

static void
notify_changes (DtMediaSession *self,
                const State    *before)
{
  State after = get_state (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (before->running != after.running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (before->direction != after.direction)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
  if (before->secure != after.secure)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
dt_media_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DtMediaSession *self = DT_MEDIA_SESSION (object);

  switch (prop_id)
    {
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_RTP_PORT:
      g_value_set_uint (value, dt_media_session_get_rtp_port (self));
      break;
    case PROP_RTCP_PORT:
      g_value_set_uint (value, dt_media_session_get_rtcp_port (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, dt_media_session_get_running (self));
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, dt_media_session_get_direction (self));
      break;
    case PROP_SECURE:
      g_value_set_boolean (value, dt_media_session_get_secure (self));
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_INPUT_DEVICE:
      g_value_set_string (value, self->input_device);
      break;
    case PROP_OUTPUT_DEVICE:
      g_value_set_string (value, self->output_device);
      break;
    case PROP_ECHO_CANCELLATION:
      g_value_set_boolean (value, self->echo_cancellation);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_media_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DtMediaSession *self = DT_MEDIA_SESSION (object);

  switch (prop_id)
    {
    case PROP_LOCAL_ADDRESS:
      self->local_address = g_value_dup_string (value);
      break;
    case PROP_MUTED:
      dt_media_session_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_INPUT_DEVICE:
      dt_media_session_set_input_device (self, g_value_get_string (value));
      break;
    case PROP_OUTPUT_DEVICE:
      dt_media_session_set_output_device (self, g_value_get_string (value));
      break;
    case PROP_ECHO_CANCELLATION:
      dt_media_session_set_echo_cancellation (self, g_value_get_boolean (value));
      break;
    case PROP_LATENCY:
      dt_media_session_set_latency (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_media_session_dispose (GObject *object)
{
  DtMediaSession *self = DT_MEDIA_SESSION (object);

  drop_pipeline (self);
  g_clear_object (&self->rtp_socket);
  g_clear_object (&self->rtcp_socket);

  G_OBJECT_CLASS (dt_media_session_parent_class)->dispose (object);
}

static void
dt_media_session_finalize (GObject *object)
{
  DtMediaSession *self = DT_MEDIA_SESSION (object);

  g_free (self->local_address);
  g_free (self->input_device);
  g_free (self->output_device);
  g_free (self->recording_path);

  G_OBJECT_CLASS (dt_media_session_parent_class)->finalize (object);
}

static void
dt_media_session_class_init (DtMediaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dt_media_session_get_property;
  object_class->set_property = dt_media_session_set_property;
  object_class->dispose = dt_media_session_dispose;
  object_class->finalize = dt_media_session_finalize;

  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RTP_PORT] =
    g_param_spec_uint ("rtp-port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  properties[PROP_RTCP_PORT] =
    g_param_spec_uint ("rtcp-port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, DT_TYPE_MEDIA_DIRECTION,
                       DT_MEDIA_DIRECTION_INACTIVE, ro);
  properties[PROP_SECURE] =
    g_param_spec_boolean ("secure", NULL, NULL, FALSE, ro);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  properties[PROP_INPUT_DEVICE] =
    g_param_spec_string ("input-device", NULL, NULL, NULL, rw);
  properties[PROP_OUTPUT_DEVICE] =
    g_param_spec_string ("output-device", NULL, NULL, NULL, rw);
  properties[PROP_ECHO_CANCELLATION] =
    g_param_spec_boolean ("echo-cancellation", NULL, NULL, TRUE, rw | G_PARAM_CONSTRUCT);
  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL, 0, MAX_LATENCY_MS, DEFAULT_LATENCY_MS,
                       rw | G_PARAM_CONSTRUCT);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DtMediaSession::dtmf-received:
   * @digit: the keypad digit ('0'-'9', '*', '#', 'A'-'D')
   *
   * An RFC 4733 event arrived from the peer; emitted once per key press.
   */
  signals[SIGNAL_DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_CHAR);

  /**
   * DtMediaSession::media-received:
   *
   * The first RTP packet of the running audio reached our port.
   */
  signals[SIGNAL_MEDIA_RECEIVED] =
    g_signal_new ("media-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DtMediaSession::error:
   * @error: a DT_MEDIA_ERROR whose message a user can read
   *
   * The running audio failed and was stopped.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gst_init (NULL, NULL);
}

static void
dt_media_session_init (DtMediaSession *self)
{
}

DtMediaSession *
dt_media_session_new (const char  *local_address,
                      GError     **error)
{
  return g_initable_new (DT_TYPE_MEDIA_SESSION, NULL, error,
                         "local-address", local_address,
                         NULL);
}

const char *
dt_media_session_get_local_address (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), NULL);

  return self->local_address;
}

guint16
dt_media_session_get_rtp_port (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->rtp_port;
}

guint16
dt_media_session_get_rtcp_port (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->rtp_port != 0 ? self->rtp_port + 1 : 0;
}

gboolean
dt_media_session_set_description (DtMediaSession            *self,
                                  const DtMediaDescription  *desc,
                                  GError                   **error)
{
  g_auto(DtMediaDescription) copy = { 0 };
  State before;

  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (desc != NULL, FALSE);
  g_return_val_if_fail (self->rtp_socket != NULL, FALSE);

  if (!dt_media_description_check (desc, g_socket_get_family (self->rtp_socket), error))
    return FALSE;

  dt_media_description_copy (&copy, desc);
  g_free (copy.local_address);
  copy.local_address = g_strdup (self->local_address);
  copy.local_rtp_port = self->rtp_port;
  copy.local_rtcp_port = self->rtp_port + 1;
  if (copy.remote_rtcp_port == 0)
    copy.remote_rtcp_port = copy.remote_rtp_port + 1;
  if (copy.ptime == 0)
    copy.ptime = 20;

  before = get_state (self);
  if (self->pipeline != NULL && dt_media_pipeline_can_update (self->pipeline, &copy))
    {
      dt_media_pipeline_update (self->pipeline, &copy);
    }
  else
    {
      /* A new codec or key: the sockets stay, so the peer sees the same
       * address */
      drop_pipeline (self);
      self->pipeline = build_pipeline (self, &copy, error);
      if (self->pipeline != NULL && self->recording_path != NULL && !self->recorder_closing &&
          !attach_recorder (self, TRUE, error))
        drop_pipeline (self);
    }
  notify_changes (self, &before);

  return self->pipeline != NULL;
}

void
dt_media_session_stop (DtMediaSession *self)
{
  State before;

  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  before = get_state (self);
  drop_pipeline (self);
  notify_changes (self, &before);
}

gboolean
dt_media_session_get_running (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  return self->pipeline != NULL;
}

DtMediaDirection
dt_media_session_get_direction (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), DT_MEDIA_DIRECTION_INACTIVE);

  return self->pipeline != NULL ? dt_media_pipeline_get_description (self->pipeline)->direction
                                : DT_MEDIA_DIRECTION_INACTIVE;
}

gboolean
dt_media_session_get_secure (DtMediaSession *self)
{
  const DtMediaDescription *desc;

  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  if (self->pipeline == NULL)
    return FALSE;
  desc = dt_media_pipeline_get_description (self->pipeline);
  return desc->send_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE &&
         desc->recv_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE;
}

gboolean
dt_media_session_get_muted (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  return self->muted;
}

void
dt_media_session_set_muted (DtMediaSession *self,
                            gboolean        muted)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  muted = !!muted;
  if (self->muted == muted)
    return;

  self->muted = muted;
  if (self->pipeline != NULL)
    dt_media_pipeline_set_muted (self->pipeline, muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

const char *
dt_media_session_get_input_device (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), NULL);

  return self->input_device;
}

void
dt_media_session_set_input_device (DtMediaSession *self,
                                   const char     *device)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  if (!replace_string (&self->input_device, device))
    return;

  if (self->pipeline != NULL)
    dt_media_pipeline_set_devices (self->pipeline, self->input_device, self->output_device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_DEVICE]);
}

const char *
dt_media_session_get_output_device (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), NULL);

  return self->output_device;
}

void
dt_media_session_set_output_device (DtMediaSession *self,
                                    const char     *device)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  if (!replace_string (&self->output_device, device))
    return;

  if (self->pipeline != NULL)
    dt_media_pipeline_set_devices (self->pipeline, self->input_device, self->output_device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_DEVICE]);
}

gboolean
dt_media_session_get_echo_cancellation (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  return self->echo_cancellation;
}

void
dt_media_session_set_echo_cancellation (DtMediaSession *self,
                                        gboolean        enabled)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  enabled = !!enabled;
  if (self->echo_cancellation == enabled)
    return;

  self->echo_cancellation = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECHO_CANCELLATION]);
}

guint
dt_media_session_get_latency (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->latency_ms;
}

void
dt_media_session_set_latency (DtMediaSession *self,
                              guint           latency_ms)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));
  g_return_if_fail (latency_ms <= MAX_LATENCY_MS);

  if (self->latency_ms == latency_ms)
    return;

  self->latency_ms = latency_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
}

guint
dt_media_session_get_current_latency (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->pipeline != NULL ? dt_media_pipeline_get_latency (self->pipeline) : 0;
}

gboolean
dt_media_session_send_dtmf (DtMediaSession  *self,
                            const char      *digits,
                            GError         **error)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);

  if (*digits == '\0' || strspn (digits, "0123456789*#ABCDabcd") != strlen (digits))
    {
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                   _("“%s” is not a sequence of keypad digits."), digits);
      return FALSE;
    }
  if (self->pipeline == NULL)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The call has no audio to send keypad tones on."));
      return FALSE;
    }

  for (const char *p = digits; *p != '\0'; p++)
    if (!dt_media_pipeline_send_dtmf (self->pipeline, *p, error))
      return FALSE;
  return TRUE;
}

guint
dt_media_session_get_packets_received (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->pipeline != NULL ? dt_media_pipeline_get_packets_received (self->pipeline) : 0;
}

guint
dt_media_session_get_rtcp_packets_received (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->pipeline != NULL ? dt_media_pipeline_get_rtcp_received (self->pipeline) : 0;
}

gboolean
dt_media_session_start_recording (DtMediaSession  *self,
                                  const char      *path,
                                  GError         **error)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->recording_path != NULL)
    {
      self->recording_paused = FALSE;
      if (self->recorder != NULL)
        dt_media_recorder_set_paused (self->recorder, FALSE);
      return TRUE;
    }
  if (self->pipeline == NULL)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The call has no audio to record yet."));
      return FALSE;
    }

  self->recording_path = g_strdup (path);
  self->recording_paused = FALSE;
  if (!attach_recorder (self, FALSE, error))
    {
      g_clear_pointer (&self->recording_path, g_free);
      return FALSE;
    }
  return TRUE;
}

void
dt_media_session_pause_recording (DtMediaSession *self)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  self->recording_paused = TRUE;
  if (self->recorder != NULL)
    dt_media_recorder_set_paused (self->recorder, TRUE);
}

guint
dt_media_session_get_n_closing_recordings (void)
{
  return dt_media_pipeline_get_n_closing ();
}
