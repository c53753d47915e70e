/* dt-media-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>

#include "dt-media-codecs.h"
#include "dt-media-dtmf.h"
#include "dt-media-error.h"
#include "dt-media-jitter.h"
#include "dt-media-pipeline.h"
#include "dt-media-recorder.h"
#include "dt-media-srtp.h"

#define CORE_PACKAGE  "libgstreamer1.0-0"
#define BASE_PACKAGE  "gstreamer1.0-plugins-base"
#define GOOD_PACKAGE  "gstreamer1.0-plugins-good"
#define BAD_PACKAGE   "gstreamer1.0-plugins-bad"
#define PULSE_PACKAGE "gstreamer1.0-pulseaudio"

/* PulseAudio buffering: 20 ms periods (one packet at the usual ptime),
 * 60 ms ring. Small enough for the G.114 budget, large enough not to
 * underrun on a busy two-core machine; 10 ms periods cost a fifth to a
 * third more CPU per call (bench/call-cpu) for no shorter delay
 * (bench/audio-latency). */
#define PULSE_LATENCY_US 20000
#define PULSE_BUFFER_US  60000

#define ALIGNMENT_THRESHOLD_NS (5 * GST_MSECOND)

/* How long a recording may take to write its last pages at hang-up: the
 * mixer's and muxer's delays are 200 ms each; the rest is for a slow disk
 * or a loaded machine. The file is closed as it is after that. */
#define CLOSE_TIMEOUT_MS 3000

struct _DtMediaPipeline
{
  DtMediaDescription  desc;
  const DtMediaCodec *codec;

  GstElement         *pipeline;
  GstElement         *rtpbin;
  GstElement         *source;
  GstElement         *sink;
  GstElement         *volume;
  GstElement         *send_tap;
  GstElement         *recv_tap;
  GstElement         *send_valve;
  GstElement         *recv_valve;
  GstElement         *rtp_sink;
  GstElement         *rtcp_sink;
  GstElement         *audio_funnel;
  GstElement         *event_funnel;
  GstElement         *srtp_encoder;
  GstElement         *srtp_decoder;
  /* With RTCP-mux: where RTCP found among the RTP packets goes */
  GstElement         *rtcp_injector;
  DtMediaDtmfSender  *dtmf;
  DtMediaJitter      *jitter;
  guint               bus_watch;

  /* Written by streaming threads */
  gint                packets_received;
  gint                rtcp_received;
};

static GstElement *
add (DtMediaPipeline  *self,
     const char       *factory,
     const char       *package,
     GError          **error)
{
  GstElement *element = dt_media_make_element (factory, package, error);

  if (element != NULL)
    gst_bin_add (GST_BIN (self->pipeline), element);
  return element;
}

static gboolean
add_owned (DtMediaPipeline  *self,
           GstElement       *element)
{
  if (element == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), element);
  return TRUE;
}

static gboolean
link_failed (GError **error)
{
  g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                       _("The audio elements of the call could not be connected."));
  return FALSE;
}

static GstCaps *
raw_caps (guint rate)
{
  return gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "S16LE",
                              "rate", G_TYPE_INT, (gint) rate,
                              "channels", G_TYPE_INT, 1,
                              NULL);
}

static GstCaps *
event_caps (DtMediaPipeline *self)
{
  return gst_caps_new_simple ("application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "clock-rate", G_TYPE_INT, (gint) self->desc.clock_rate,
                              "encoding-name", G_TYPE_STRING, "TELEPHONE-EVENT",
                              "payload", G_TYPE_INT, self->desc.telephone_event_pt,
                              NULL);
}

static GstStructure *
stream_properties (gboolean echo_cancellation)
{
  GstStructure *props = gst_structure_new ("props",
                                           "media.role", G_TYPE_STRING, "phone",
                                           NULL);

  /* Our own canceller runs: keep PulseAudio's filter heuristics from adding
   * a second one to a phone stream */
  if (echo_cancellation)
    gst_structure_set (props, "filter.suppress", G_TYPE_STRING, "echo-cancel", NULL);
  return props;
}

/* rtpbin's signals, on streaming threads: they read only what stays
 * constant while the pipeline runs */

static GstCaps *
on_request_pt_map (GstElement      *rtpbin,
                   guint            session,
                   guint            pt,
                   DtMediaPipeline *self)
{
  if (pt == self->desc.payload_type)
    return dt_media_codec_make_rtp_caps (self->codec, pt, FALSE);
  if ((gint) pt == self->desc.telephone_event_pt)
    return event_caps (self);
  return NULL;
}

static GstElement *
on_request_encoder (GstElement      *rtpbin,
                    guint            session,
                    DtMediaPipeline *self)
{
  return self->srtp_encoder != NULL ? gst_object_ref (self->srtp_encoder) : NULL;
}

static GstElement *
on_request_decoder (GstElement      *rtpbin,
                    guint            session,
                    DtMediaPipeline *self)
{
  return self->srtp_decoder != NULL ? gst_object_ref (self->srtp_decoder) : NULL;
}

static void
on_pad_added (GstElement      *rtpbin,
              GstPad          *pad,
              DtMediaPipeline *self)
{
  g_autoptr(GstPad) funnel_pad = NULL;
  GstElement *funnel = NULL;
  guint session, ssrc, pt;

  if (sscanf (GST_PAD_NAME (pad), "recv_rtp_src_%u_%u_%u", &session, &ssrc, &pt) != 3)
    return;

  if (pt == self->desc.payload_type)
    funnel = self->audio_funnel;
  else if ((gint) pt == self->desc.telephone_event_pt)
    funnel = self->event_funnel;
  if (funnel == NULL)
    return;

  /* A new SSRC (the peer restarted its stream) gets a new funnel input */
  funnel_pad = gst_element_request_pad_simple (funnel, "sink_%u");
  if (gst_pad_link (pad, funnel_pad) != GST_PAD_LINK_OK)
    {
      GST_ELEMENT_WARNING (self->pipeline, CORE, PAD, (NULL),
                           ("could not link %s", GST_PAD_NAME (pad)));
      return;
    }

  /* The pipeline's latency was computed while the speaker had no live
   * source upstream, so it is 0 and every sample would be late: have the
   * main context compute it again with the jitter buffer in the path */
  gst_element_post_message (self->rtpbin, gst_message_new_latency (GST_OBJECT (self->rtpbin)));
}

/* RFC 5761 §4: RTCP packet types 192-223 sit where an RTP packet would
 * have a marker bit and a payload type that RTP/AVP leaves unused */
static gboolean
is_rtcp (GstBuffer *buffer)
{
  guint8 header[2];

  return gst_buffer_extract (buffer, 0, header, sizeof header) == sizeof header &&
         header[1] >= 192 && header[1] <= 223;
}

/* Takes @buffer */
static void
inject_rtcp (DtMediaPipeline *self,
             GstBuffer       *buffer)
{
  gst_app_src_push_buffer (GST_APP_SRC (self->rtcp_injector), buffer);
}

static gboolean
take_rtcp (GstBuffer **buffer,
           guint       index,
           gpointer    user_data)
{
  DtMediaPipeline *self = user_data;

  /* A buffer set to NULL leaves the list, its reference ours; a copy goes
   * on, as in on_rtp_received() */
  if (is_rtcp (*buffer))
    {
      inject_rtcp (self, gst_buffer_copy_deep (*buffer));
      gst_clear_buffer (buffer);
    }
  return TRUE;
}

static GstPadProbeReturn
on_rtp_received (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  DtMediaPipeline *self = user_data;
  gint before, count;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

      if (self->rtcp_injector != NULL)
        {
          list = gst_buffer_list_make_writable (list);
          gst_buffer_list_foreach (list, take_rtcp, self);
          info->data = list;
        }
      count = (gint) gst_buffer_list_length (list);
    }
  else
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      /* A copy: udpsrc's own buffer, handed on as well as dropped here,
       * crashed GStreamer 1.22 within seconds (an invalid buffer reached a
       * udpsink); RTCP is a packet every few seconds */
      if (self->rtcp_injector != NULL && is_rtcp (buffer))
        {
          inject_rtcp (self, gst_buffer_copy_deep (buffer));
          return GST_PAD_PROBE_DROP;
        }
      count = 1;
    }
  if (count == 0)
    return GST_PAD_PROBE_DROP;
  before = g_atomic_int_add (&self->packets_received, count);

  /* The main context learns from the bus that the peer's audio arrives */
  if (before == 0)
    gst_element_post_message (GST_PAD_PARENT (pad),
                              gst_message_new_element (GST_OBJECT (GST_PAD_PARENT (pad)),
                                                       gst_structure_new_empty (DT_MEDIA_PIPELINE_FIRST_PACKET)));
  return GST_PAD_PROBE_OK;
}

/* In the RTP session, after SRTCP was decrypted: what counts is RTCP that
 * rtpbin reads, whichever port it came on */
static void
on_receiving_rtcp (GObject   *session,
                   GstBuffer *buffer,
                   gpointer   user_data)
{
  DtMediaPipeline *self = user_data;

  g_atomic_int_inc (&self->rtcp_received);
}

static gboolean
build_send (DtMediaPipeline              *self,
            const DtMediaPipelineConfig  *config,
            GError                      **error)
{
  GstElement *convert, *resample, *filter, *dsp = NULL, *encoder, *payloader;
  GstElement *tail;
  g_autoptr(GstCaps) caps = raw_caps (self->codec->audio_rate);
  g_autoptr(GstStructure) props = stream_properties (config->echo_cancellation);

  if ((self->source = add (self, "pulsesrc", PULSE_PACKAGE, error)) == NULL ||
      (convert = add (self, "audioconvert", BASE_PACKAGE, error)) == NULL ||
      (resample = add (self, "audioresample", BASE_PACKAGE, error)) == NULL ||
      (filter = add (self, "capsfilter", CORE_PACKAGE, error)) == NULL ||
      (self->volume = add (self, "volume", BASE_PACKAGE, error)) == NULL ||
      (self->send_tap = add (self, "tee", CORE_PACKAGE, error)) == NULL ||
      !add_owned (self, encoder = dt_media_codec_make_encoder (self->codec, error)) ||
      !add_owned (self, payloader = dt_media_codec_make_payloader (self->codec,
                                                                   self->desc.payload_type,
                                                                   self->desc.ptime, error)) ||
      (self->send_valve = add (self, "valve", CORE_PACKAGE, error)) == NULL ||
      (self->rtp_sink = add (self, "udpsink", GOOD_PACKAGE, error)) == NULL ||
      (self->rtcp_sink = add (self, "udpsink", GOOD_PACKAGE, error)) == NULL)
    return FALSE;

  g_object_set (self->source,
                "latency-time", (gint64) PULSE_LATENCY_US,
                "buffer-time", (gint64) PULSE_BUFFER_US,
                "stream-properties", props,
                NULL);
  if (config->input_device != NULL)
    g_object_set (self->source, "device", config->input_device, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (self->volume, "mute", config->muted, NULL);
  gst_util_set_object_arg (G_OBJECT (self->send_valve), "drop-mode", "forward-sticky-events");

  if (!gst_element_link_many (self->source, convert, resample, filter, NULL))
    return link_failed (error);

  if (config->echo_cancellation)
    {
      if ((dsp = add (self, "webrtcdsp", BAD_PACKAGE, error)) == NULL)
        return FALSE;
      /* The probe is found by name across the process: one per session.
       * The canceller finds the echo's delay itself: told it by the
       * pipeline's latency instead, it would need the speaker held back by
       * the whole ring of the sound server's buffer (60 ms more) */
      g_object_set (dsp,
                    "probe", GST_OBJECT_NAME (self->pipeline),
                    "delay-agnostic", TRUE,
                    NULL);
      if (!gst_element_link (filter, dsp))
        return link_failed (error);
    }

  if (!gst_element_link_many (dsp != NULL ? dsp : filter, self->volume, self->send_tap,
                              encoder, payloader, NULL))
    return link_failed (error);
  tail = payloader;

  if (self->desc.telephone_event_pt >= 0)
    {
      GstElement *mux, *events;

      if ((mux = add (self, "rtpdtmfmux", GOOD_PACKAGE, error)) == NULL ||
          (events = add (self, "rtpdtmfsrc", GOOD_PACKAGE, error)) == NULL)
        return FALSE;
      g_object_set (events,
                    "pt", (guint) self->desc.telephone_event_pt,
                    "clock-rate", self->desc.clock_rate,
                    NULL);
      if (!gst_element_link_pads (payloader, "src", mux, "sink_%u") ||
          !gst_element_link_pads (events, "src", mux, "priority_sink_%u"))
        return link_failed (error);
      self->dtmf = dt_media_dtmf_sender_new (events);
      tail = mux;
    }

  if (!gst_element_link (tail, self->send_valve) ||
      !gst_element_link_pads (self->send_valve, "src", self->rtpbin, "send_rtp_sink_0") ||
      !gst_element_link_pads (self->rtpbin, "send_rtp_src_0", self->rtp_sink, "sink") ||
      !gst_element_link_pads (self->rtpbin, "send_rtcp_src_0", self->rtcp_sink, "sink"))
    return link_failed (error);

  return TRUE;
}

static gboolean
build_receive (DtMediaPipeline              *self,
               const DtMediaPipelineConfig  *config,
               GError                      **error)
{
  GstElement *rtp_source, *rtcp_source, *depayloader, *decoder, *convert, *resample;
  GstElement *filter, *probe = NULL, *events;
  gboolean srtp = self->desc.recv_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE;
  g_autoptr(GstCaps) rtp_caps = dt_media_codec_make_rtp_caps (self->codec,
                                                              self->desc.payload_type, srtp);
  g_autoptr(GstCaps) rtcp_caps = gst_caps_new_empty_simple (srtp ? "application/x-srtcp"
                                                                 : "application/x-rtcp");
  g_autoptr(GstCaps) caps = raw_caps (self->codec->audio_rate);
  g_autoptr(GstStructure) props = stream_properties (config->echo_cancellation);
  g_autoptr(GstPad) source_pad = NULL;
  g_autoptr(GObject) rtp_session = NULL;
  g_autoptr(GstPad) events_pad = NULL;

  if ((rtp_source = add (self, "udpsrc", GOOD_PACKAGE, error)) == NULL ||
      (rtcp_source = add (self, self->desc.rtcp_mux ? "appsrc" : "udpsrc",
                          self->desc.rtcp_mux ? BASE_PACKAGE : GOOD_PACKAGE, error)) == NULL ||
      (self->recv_valve = add (self, "valve", CORE_PACKAGE, error)) == NULL ||
      (self->audio_funnel = add (self, "funnel", CORE_PACKAGE, error)) == NULL ||
      !add_owned (self, depayloader = dt_media_codec_make_depayloader (self->codec, error)) ||
      !add_owned (self, decoder = dt_media_codec_make_decoder (self->codec, error)) ||
      (convert = add (self, "audioconvert", BASE_PACKAGE, error)) == NULL ||
      (resample = add (self, "audioresample", BASE_PACKAGE, error)) == NULL ||
      (filter = add (self, "capsfilter", CORE_PACKAGE, error)) == NULL ||
      (self->recv_tap = add (self, "tee", CORE_PACKAGE, error)) == NULL ||
      (self->sink = add (self, "pulsesink", PULSE_PACKAGE, error)) == NULL ||
      (self->event_funnel = add (self, "funnel", CORE_PACKAGE, error)) == NULL ||
      (events = add (self, "fakesink", CORE_PACKAGE, error)) == NULL)
    return FALSE;

  g_object_set (rtp_source, "socket", config->rtp_socket, "close-socket", FALSE,
                "caps", rtp_caps, NULL);
  if (self->desc.rtcp_mux)
    {
      /* Fed from the RTP socket's thread; the packets keep the arrival
       * time udpsrc gave them */
      self->rtcp_injector = rtcp_source;
      g_object_set (rtcp_source, "caps", rtcp_caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                    "do-timestamp", FALSE, NULL);
    }
  else
    {
      g_object_set (rtcp_source, "socket", config->rtcp_socket, "close-socket", FALSE,
                    "caps", rtcp_caps, NULL);
    }
  gst_util_set_object_arg (G_OBJECT (self->recv_valve), "drop-mode", "forward-sticky-events");
  g_object_set (filter, "caps", caps, NULL);
  /* Linked only when the first packet arrives: async would hold the
   * pipeline in PAUSED until then */
  g_object_set (self->sink,
                "async", FALSE,
                "latency-time", (gint64) PULSE_LATENCY_US,
                "buffer-time", (gint64) PULSE_BUFFER_US,
                "stream-properties", props,
                NULL);
  /* The jitter buffer's timing settles in the first seconds and moves when
   * it adapts. By default the sink follows only moves of over 40 ms and
   * would keep what is below that as extra delay for the whole call; at
   * 5 ms a move costs one 5 ms skip, and only when it lasts a second */
  g_object_set (self->sink, "alignment-threshold", (guint64) ALIGNMENT_THRESHOLD_NS, NULL);
  if (config->output_device != NULL)
    g_object_set (self->sink, "device", config->output_device, NULL);
  g_object_set (events, "async", FALSE, "sync", FALSE, NULL);

  source_pad = gst_element_get_static_pad (rtp_source, "src");
  gst_pad_add_probe (source_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_rtp_received, self, NULL);

  if (!gst_element_link (rtp_source, self->recv_valve) ||
      !gst_element_link_pads (self->recv_valve, "src", self->rtpbin, "recv_rtp_sink_0") ||
      !gst_element_link_pads (rtcp_source, "src", self->rtpbin, "recv_rtcp_sink_0") ||
      !gst_element_link_many (self->audio_funnel, depayloader, decoder, convert, resample,
                              filter, self->recv_tap, NULL))
    return link_failed (error);

  if (config->echo_cancellation)
    {
      /* Named before it has a parent: a parented object keeps its name */
      if ((probe = dt_media_make_element ("webrtcechoprobe", BAD_PACKAGE, error)) == NULL)
        return FALSE;
      gst_object_set_name (GST_OBJECT (probe), GST_OBJECT_NAME (self->pipeline));
      gst_bin_add (GST_BIN (self->pipeline), probe);
      if (!gst_element_link (self->recv_tap, probe))
        return link_failed (error);
    }

  if (!gst_element_link (probe != NULL ? probe : self->recv_tap, self->sink) ||
      !gst_element_link (self->event_funnel, events))
    return link_failed (error);

  events_pad = gst_element_get_static_pad (events, "sink");
  dt_media_dtmf_watch_pad (events_pad);

  /* The session exists once its receive pads are linked */
  g_signal_emit_by_name (self->rtpbin, "get-internal-session", 0, &rtp_session);
  if (rtp_session != NULL)
    g_signal_connect (rtp_session, "on-receiving-rtcp", G_CALLBACK (on_receiving_rtcp), self);
  return TRUE;
}

static gboolean
build_srtp (DtMediaPipeline  *self,
            GError          **error)
{
  if (self->desc.send_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE &&
      (self->srtp_encoder = dt_media_srtp_make_encoder (&self->desc.send_crypto, error)) == NULL)
    return FALSE;
  if (self->desc.recv_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE &&
      (self->srtp_decoder = dt_media_srtp_make_decoder (&self->desc.recv_crypto, error)) == NULL)
    return FALSE;

  /* rtpbin asks for the SRTP elements while its pads are linked: connect
   * first */
  g_signal_connect (self->rtpbin, "request-rtp-encoder", G_CALLBACK (on_request_encoder), self);
  g_signal_connect (self->rtpbin, "request-rtcp-encoder", G_CALLBACK (on_request_encoder), self);
  g_signal_connect (self->rtpbin, "request-rtp-decoder", G_CALLBACK (on_request_decoder), self);
  g_signal_connect (self->rtpbin, "request-rtcp-decoder", G_CALLBACK (on_request_decoder), self);
  return TRUE;
}

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
  /* pulsesink's clock runs only while it plays, and the network decides
   * when that is: one that stops would freeze the whole call */
  {
    g_autoptr(GstClock) clock = gst_system_clock_obtain ();

    gst_pipeline_use_clock (GST_PIPELINE (self->pipeline), clock);
  }
  if ((self->rtpbin = add (self, "rtpbin", GOOD_PACKAGE, error)) == NULL)
    return NULL;
  g_object_set (self->rtpbin,
                "latency", config->latency_ms,
                "do-lost", TRUE,
                NULL);
  g_signal_connect (self->rtpbin, "request-pt-map", G_CALLBACK (on_request_pt_map), self);
  g_signal_connect (self->rtpbin, "pad-added", G_CALLBACK (on_pad_added), self);

  if (!build_srtp (self, error) ||
      !build_send (self, config, error) ||
      !build_receive (self, config, error))
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

/* pulsesrc and pulsesink move their stream to another device live, but a
 * move to "no device" fails (and with it the call's audio): NULL, the
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

  /* The pipeline would take the largest latency of all its sinks and add
   * the sound server's buffer to it, though nothing else plays in sync:
   * the speaker waits only for what is upstream of it (the jitter buffer),
   * and what it writes is played at that time with the server's buffer
   * still ahead of it */
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
