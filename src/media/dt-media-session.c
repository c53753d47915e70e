/* dt-media-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "dt-media-dtmf.h"
#include "dt-media-ports.h"
#include "dt-media-session-private.h"

enum {
  SIGNAL_DTMF_RECEIVED,
  SIGNAL_MEDIA_RECEIVED,
  SIGNAL_ERROR,
  N_SIGNALS
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

void
dt_media_session_notify (DtMediaSession *self,
                         guint           prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

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

  dt_media_session_drop_pipeline (self);
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
      dt_media_session_drop_pipeline (self);
      self->pipeline = build_pipeline (self, &copy, error);
      if (self->pipeline != NULL && self->recording_path != NULL && !self->recorder_closing &&
          !dt_media_session_attach_recorder (self, TRUE, error))
        dt_media_session_drop_pipeline (self);
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
  dt_media_session_drop_pipeline (self);
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
