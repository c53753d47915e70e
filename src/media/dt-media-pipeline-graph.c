/* dt-media-pipeline-graph.c: the elements of a call's pipeline, linked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>

#include "dt-media-error.h"
#include "dt-media-pipeline-private.h"
#include "dt-media-pulse-sink.h"
#include "dt-media-pulse-source.h"
#include "dt-media-srtp.h"
#ifdef DT_HAVE_VOICE_FILTER
#include "dt-media-voice-filter.h"
#endif

#define CORE_PACKAGE  "libgstreamer1.0-0"
#define BASE_PACKAGE  "gstreamer1.0-plugins-base"
#define GOOD_PACKAGE  "gstreamer1.0-plugins-good"
#define BAD_PACKAGE   "gstreamer1.0-plugins-bad"

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

#ifdef DT_HAVE_VOICE_FILTER

static GstElement *
add_echo_canceller (DtMediaPipeline  *self,
                    GError          **error)
{
  GstElement *canceller = dt_media_voice_filter_new (self->codec->audio_rate, error);

  if (!add_owned (self, canceller))
    return NULL;
  self->canceller = canceller;
  return canceller;
}

/* The canceller hears what the speaker is fed */
static gboolean
link_speaker (DtMediaPipeline  *self,
              GError          **error)
{
  if (!gst_element_link (self->recv_tap, self->sink))
    return link_failed (error);
  if (self->canceller != NULL)
    {
      g_autoptr(GstPad) speaker_pad = gst_element_get_static_pad (self->sink, "sink");

      dt_media_voice_filter_listen (DT_MEDIA_VOICE_FILTER (self->canceller), speaker_pad);
    }
  return TRUE;
}

#else

static GstElement *
add_echo_canceller (DtMediaPipeline  *self,
                    GError          **error)
{
  GstElement *canceller = add (self, "webrtcdsp", BAD_PACKAGE, error);

  if (canceller == NULL)
    return NULL;
  /* The probe is found by name across the process: one per session.
   * No other option: built against WebRTC 1.x, its canceller finds the
   * echo's delay itself; against 0.3, no option reaches it (dt-media-voice.h) */
  g_object_set (canceller, "probe", GST_OBJECT_NAME (self->pipeline), NULL);
  self->canceller = canceller;
  return canceller;
}

/* webrtcechoprobe before the speaker hands what it plays to webrtcdsp */
static gboolean
link_speaker (DtMediaPipeline  *self,
              GError          **error)
{
  GstElement *probe;

  if (self->canceller == NULL)
    return gst_element_link (self->recv_tap, self->sink) || link_failed (error);
  /* Named before it has a parent: a parented object keeps its name */
  if ((probe = dt_media_make_element ("webrtcechoprobe", BAD_PACKAGE, error)) == NULL)
    return FALSE;
  gst_object_set_name (GST_OBJECT (probe), GST_OBJECT_NAME (self->pipeline));
  gst_bin_add (GST_BIN (self->pipeline), probe);
  return gst_element_link_many (self->recv_tap, probe, self->sink, NULL) || link_failed (error);
}

#endif

static gboolean
build_send (DtMediaPipeline              *self,
            const DtMediaPipelineConfig  *config,
            GError                      **error)
{
  GstElement *filter, *dsp = NULL, *encoder, *payloader;
  GstElement *tail;
  g_autoptr(GstCaps) caps = raw_caps (self->codec->audio_rate);
  g_autoptr(GstStructure) props = stream_properties (config->echo_cancellation);

  if (!add_owned (self, self->source = dt_media_pulse_source_new ()) ||
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

  g_object_set (self->source, "stream-properties", props, NULL);
  if (config->input_device != NULL)
    g_object_set (self->source, "device", config->input_device, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (self->volume, "mute", config->muted, NULL);
  gst_util_set_object_arg (G_OBJECT (self->send_valve), "drop-mode", "forward-sticky-events");

  if (!gst_element_link (self->source, filter))
    return link_failed (error);

  if (config->echo_cancellation)
    {
      if ((dsp = add_echo_canceller (self, error)) == NULL)
        return FALSE;
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
  GstElement *rtp_source, *rtcp_source, *depayloader, *decoder;
  GstElement *filter, *events;
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
      (filter = add (self, "capsfilter", CORE_PACKAGE, error)) == NULL ||
      (self->recv_tap = add (self, "tee", CORE_PACKAGE, error)) == NULL ||
      !add_owned (self, self->sink = dt_media_pulse_sink_new ()) ||
      (self->event_funnel = add (self, "funnel", CORE_PACKAGE, error)) == NULL ||
      (events = add (self, "fakesink", CORE_PACKAGE, error)) == NULL)
    return FALSE;

  /* Media goes to the address the SDP gave, whoever sends: the sender's
   * address, a GObject a packet, would be made for nothing */
  g_object_set (rtp_source, "socket", config->rtp_socket, "close-socket", FALSE,
                "caps", rtp_caps, "retrieve-sender-address", FALSE, NULL);
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
                    "caps", rtcp_caps, "retrieve-sender-address", FALSE, NULL);
    }
  gst_util_set_object_arg (G_OBJECT (self->recv_valve), "drop-mode", "forward-sticky-events");
  /* Every codec's decoder produces these caps itself (opusdec decodes to
   * them): no converter and resampler to pass each packet through. The
   * sound server converts for the speaker */
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (self->sink, "stream-properties", props, NULL);
  if (config->output_device != NULL)
    g_object_set (self->sink, "device", config->output_device, NULL);
  g_object_set (events, "async", FALSE, "sync", FALSE, NULL);

  source_pad = gst_element_get_static_pad (rtp_source, "src");
  gst_pad_add_probe (source_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_rtp_received, self, NULL);

  if (!gst_element_link (rtp_source, self->recv_valve) ||
      !gst_element_link_pads (self->recv_valve, "src", self->rtpbin, "recv_rtp_sink_0") ||
      !gst_element_link_pads (rtcp_source, "src", self->rtpbin, "recv_rtcp_sink_0") ||
      !gst_element_link_many (self->audio_funnel, depayloader, decoder, filter,
                              self->recv_tap, NULL))
    return link_failed (error);

  if (!link_speaker (self, error))
    return FALSE;
  if (!gst_element_link (self->event_funnel, events))
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

gboolean
dt_media_pipeline_build_graph (DtMediaPipeline              *self,
                               const DtMediaPipelineConfig  *config,
                               GError                      **error)
{
  if ((self->rtpbin = add (self, "rtpbin", GOOD_PACKAGE, error)) == NULL)
    return FALSE;
  g_object_set (self->rtpbin,
                "latency", config->latency_ms,
                "do-lost", TRUE,
                NULL);
  g_signal_connect (self->rtpbin, "request-pt-map", G_CALLBACK (on_request_pt_map), self);
  g_signal_connect (self->rtpbin, "pad-added", G_CALLBACK (on_pad_added), self);

  return build_srtp (self, error) &&
         build_send (self, config, error) &&
         build_receive (self, config, error);
}
