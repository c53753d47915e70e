/* dt-media-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dt-media-error.h"
#include "dt-media-pipeline-private.h"
#include "dt-media-recorder.h"

/* How long a recording may take to write its last pages at hang-up: the
 * mixer's and muxer's delays are 200 ms each; the rest is for a slow disk
 * or a loaded machine. The file is closed as it is after that. */
#define CLOSE_TIMEOUT_MS 3000

static gboolean
start (DtMediaPipeline  *self,
       GError          **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) cause = NULL;

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    return TRUE;

  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (message != NULL)
    gst_message_parse_error (message, &cause, NULL);
  g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
               _("The audio of the call could not start: %s"),
               cause != NULL ? cause->message : _("unknown error"));
  return FALSE;
}

DtMediaPipeline *
dt_media_pipeline_new (const DtMediaDescription     *desc,
                       const DtMediaPipelineConfig  *config,
                       GstBusFunc                    bus_func,
                       gpointer                      user_data,
                       GError                      **error)
{
  static gint serial;
  g_autoptr(DtMediaPipeline) self = g_new0 (DtMediaPipeline, 1);
  g_autofree char *name = g_strdup_printf ("dt-media-%d", g_atomic_int_add (&serial, 1));
  g_autoptr(GstBus) bus = NULL;
  gboolean v6;

  g_return_val_if_fail (desc != NULL && config != NULL, NULL);

  dt_media_description_copy (&self->desc, desc);
  self->codec = dt_media_codecs_lookup (desc->codec);
  g_return_val_if_fail (self->codec != NULL, NULL);

  self->pipeline = gst_object_ref_sink (gst_pipeline_new (name));
  /* A sound card's clock runs only while it plays, and the network decides
   * when that is: one that stops would freeze the whole call */
  {
    g_autoptr(GstClock) clock = gst_system_clock_obtain ();

    gst_pipeline_use_clock (GST_PIPELINE (self->pipeline), clock);
  }
  if (!dt_media_pipeline_build_graph (self, config, error))
    return NULL;

  v6 = g_socket_get_family (config->rtp_socket) == G_SOCKET_FAMILY_IPV6;
  g_object_set (self->rtp_sink, v6 ? "socket-v6" : "socket", config->rtp_socket,
                "close-socket", FALSE, "sync", FALSE, "async", FALSE, NULL);
  /* RTCP-mux: our RTCP leaves from the RTP port, as the peer expects */
  g_object_set (self->rtcp_sink, v6 ? "socket-v6" : "socket",
                desc->rtcp_mux ? config->rtp_socket : config->rtcp_socket,
                "close-socket", FALSE, "sync", FALSE, "async", FALSE, NULL);
  dt_media_pipeline_update (self, desc);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_func, user_data);

  if (!start (self, error))
    return NULL;
  self->jitter = dt_media_jitter_new (self->rtpbin, config->latency_ms);
  return g_steal_pointer (&self);
}

void
dt_media_pipeline_free (DtMediaPipeline *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->dtmf, dt_media_dtmf_sender_free);
  g_clear_pointer (&self->jitter, dt_media_jitter_free);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->srtp_encoder);
  g_clear_object (&self->srtp_decoder);
  g_clear_object (&self->pipeline);
  dt_media_description_clear (&self->desc);
  g_free (self);
}

typedef struct {
  DtMediaPipeline *pipeline;
  GstElement      *recorder;
  guint            timeout_id;
  GApplication    *application;
  GDestroyNotify   closed;
  gpointer         user_data;
} Closing;

static guint n_closing;

static void
closing_done (Closing *closing)
{
  g_clear_handle_id (&closing->timeout_id, g_source_remove);
  g_clear_handle_id (&closing->pipeline->bus_watch, g_source_remove);
  closing->recorder = NULL;
  g_clear_pointer (&closing->pipeline, dt_media_pipeline_free);
  n_closing--;
  if (closing->closed != NULL)
    closing->closed (closing->user_data);
  if (closing->application != NULL)
    {
      g_application_release (closing->application);
      g_object_unref (closing->application);
    }
  g_free (closing);
}

static gboolean
on_closing_message (GstBus     *bus,
                    GstMessage *message,
                    gpointer    user_data)
{
  Closing *closing = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) cause = NULL;

      gst_message_parse_error (message, &cause, NULL);
      g_debug ("Pipeline error while closing, from %s: %s", GST_MESSAGE_SRC_NAME (message),
               cause->message);
      /* The sound server or the network failing does not keep the
       * recorder, already cut off from them, from finishing */
      if (!gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (closing->recorder)))
        return G_SOURCE_CONTINUE;
    }
  else if (!dt_media_recorder_is_finished (closing->recorder, message))
    {
      return G_SOURCE_CONTINUE;
    }

  /* The watch is removed by freeing the pipeline */
  closing->pipeline->bus_watch = 0;
  closing_done (closing);
  return G_SOURCE_REMOVE;
}

static gboolean
on_closing_timeout (gpointer user_data)
{
  Closing *closing = user_data;

  g_debug ("The recording did not finish within %d ms", CLOSE_TIMEOUT_MS);
  closing->timeout_id = 0;
  closing_done (closing);
  return G_SOURCE_REMOVE;
}

void
dt_media_pipeline_close (DtMediaPipeline *self,
                         GstElement      *recorder,
                         GDestroyNotify   closed,
                         gpointer         user_data)
{
  g_autoptr(GstBus) bus = NULL;
  Closing *closing;

  g_return_if_fail (self != NULL && GST_IS_ELEMENT (recorder));

  closing = g_new0 (Closing, 1);
  closing->pipeline = self;
  closing->recorder = recorder;
  closing->closed = closed;
  closing->user_data = user_data;
  /* An application quitting right after the hang-up would cut the file */
  closing->application = g_application_get_default ();
  if (closing->application != NULL)
    {
      g_object_ref (closing->application);
      g_application_hold (closing->application);
    }
  n_closing++;

  /* The call is over for the peer: it gets nothing more, and what it
   * still sends is not played */
  g_object_set (self->send_valve, "drop", TRUE, NULL);
  g_object_set (self->recv_valve, "drop", TRUE, NULL);
  g_clear_pointer (&self->jitter, dt_media_jitter_free);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_closing_message, closing);
  closing->timeout_id = g_timeout_add (CLOSE_TIMEOUT_MS, on_closing_timeout, closing);
  dt_media_recorder_finish (recorder);
}

guint
dt_media_pipeline_get_n_closing (void)
{
  return n_closing;
}

const DtMediaDescription *
dt_media_pipeline_get_description (DtMediaPipeline *self)
{
  return &self->desc;
}

static gboolean
crypto_equal (const DtMediaCrypto *a,
              const DtMediaCrypto *b)
{
  return a->suite == b->suite && a->key_length == b->key_length &&
         memcmp (a->key, b->key, a->key_length) == 0;
}

gboolean
dt_media_pipeline_can_update (DtMediaPipeline          *self,
                              const DtMediaDescription *desc)
{
  return g_ascii_strcasecmp (self->desc.codec, desc->codec) == 0 &&
         self->desc.payload_type == desc->payload_type &&
         self->desc.clock_rate == desc->clock_rate &&
         self->desc.ptime == desc->ptime &&
         self->desc.telephone_event_pt == desc->telephone_event_pt &&
         self->desc.rtcp_mux == desc->rtcp_mux &&
         crypto_equal (&self->desc.send_crypto, &desc->send_crypto) &&
         crypto_equal (&self->desc.recv_crypto, &desc->recv_crypto);
}

void
dt_media_pipeline_update (DtMediaPipeline          *self,
                          const DtMediaDescription *desc)
{
  g_object_set (self->send_valve, "drop", !dt_media_direction_sends (desc->direction), NULL);
  g_object_set (self->recv_valve, "drop", !dt_media_direction_receives (desc->direction), NULL);
  g_object_set (self->rtp_sink, "host", desc->remote_address,
                "port", (gint) desc->remote_rtp_port, NULL);
  g_object_set (self->rtcp_sink, "host", desc->remote_address,
                "port", (gint) (desc->rtcp_mux ? desc->remote_rtp_port : desc->remote_rtcp_port),
                NULL);

  if (desc != &self->desc)
    {
      g_free (self->desc.remote_address);
      self->desc.remote_address = g_strdup (desc->remote_address);
      self->desc.remote_rtp_port = desc->remote_rtp_port;
      self->desc.remote_rtcp_port = desc->remote_rtcp_port;
      self->desc.direction = desc->direction;
    }
}

void
dt_media_pipeline_set_muted (DtMediaPipeline *self,
                             gboolean         muted)
{
  g_object_set (self->volume, "mute", muted, NULL);
}

/* The microphone and the speaker move their stream to another device live,
 * but a move to "no device" fails (and with it the call's audio): NULL, the
 * sound server's default, leaves a stream where it is */
static void
move_stream (GstElement *element,
             const char *device)
{
  g_autofree char *current = NULL;

  if (device == NULL)
    return;
  g_object_get (element, "device", &current, NULL);
  if (g_strcmp0 (current, device) != 0)
    g_object_set (element, "device", device, NULL);
}

void
dt_media_pipeline_set_devices (DtMediaPipeline *self,
                               const char      *input_device,
                               const char      *output_device)
{
  move_stream (self->source, input_device);
  move_stream (self->sink, output_device);
}

void
dt_media_pipeline_recalculate_latency (DtMediaPipeline *self)
{
  g_autoptr(GstQuery) query = gst_query_new_latency ();
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->sink, "sink");
  GstClockTime min = GST_CLOCK_TIME_NONE;
  gboolean live = FALSE;

  /* The pipeline would take the largest latency of all its sinks, though
   * nothing plays in sync: the speaker writes what the jitter buffer hands
   * on when it is due. Where echo is cancelled through webrtcdsp (without
   * dt-media-voice-filter.h), the latency set here is what its probe adds
   * to a far-end buffer's timestamp to know when it is heard */
  if (gst_pad_peer_query (pad, query))
    gst_query_parse_latency (query, &live, &min, NULL);
  g_debug ("Speaker latency %" GST_TIME_FORMAT, GST_TIME_ARGS (min));
  gst_pipeline_set_latency (GST_PIPELINE (self->pipeline), live ? min : GST_CLOCK_TIME_NONE);
  gst_bin_recalculate_latency (GST_BIN (self->pipeline));
}

gboolean
dt_media_pipeline_send_dtmf (DtMediaPipeline  *self,
                             char              digit,
                             GError          **error)
{
  if (self->dtmf == NULL)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE,
                           _("The other side does not accept keypad tones."));
      return FALSE;
    }

  dt_media_dtmf_sender_queue (self->dtmf, digit);
  return TRUE;
}

guint
dt_media_pipeline_get_packets_received (DtMediaPipeline *self)
{
  return (guint) g_atomic_int_get (&self->packets_received);
}

guint
dt_media_pipeline_get_latency (DtMediaPipeline *self)
{
  return self->jitter != NULL ? dt_media_jitter_get_latency (self->jitter) : 0;
}

guint
dt_media_pipeline_get_rtcp_received (DtMediaPipeline *self)
{
  return (guint) g_atomic_int_get (&self->rtcp_received);
}

GstElement *
dt_media_pipeline_get_element (DtMediaPipeline *self)
{
  return self->pipeline;
}

GstElement *
dt_media_pipeline_get_tap (DtMediaPipeline *self,
                           gboolean         send)
{
  return send ? self->send_tap : self->recv_tap;
}
