/* dt-media-pipeline.h: the GStreamer graph of one call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media: DtMediaSession owns one while the call has media.
 *
 *   microphone (dt-media-pulse-source.h) → [dt-media-voice-filter.h] → volume → tee
 *     → encoder
 *     → payloader ─┐
 *                                           rtpdtmfsrc (4733) ──→ rtpdtmfmux → valve
 *     → rtpbin [srtpenc] → udpsink (our RTP socket: symmetric RTP)
 *   udpsrc (same socket) → valve → rtpbin [srtpdec, jitter buffer, pt demux]
 *   udpsrc (RTCP socket), or with RTCP-mux appsrc fed with the RTCP packets
 *     found on the RTP socket → rtpbin
 *     → pt = codec: depayloader → decoder → capsfilter → tee
 *       → speaker (dt-media-pulse-sink.h; what it is fed, the voice filter hears)
 *     → pt = telephone-event: parsed, one bus message per digit
 *
 * The tees let a recording (dt-media-recorder.h) take raw audio of both ways.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "dt-media-description.h"

G_BEGIN_DECLS

typedef struct {
  GSocket    *rtp_socket;
  GSocket    *rtcp_socket;
  const char *input_device;
  const char *output_device;
  gboolean    echo_cancellation;
  guint       latency_ms;
  gboolean    muted;
} DtMediaPipelineConfig;

typedef struct _DtMediaPipeline DtMediaPipeline;

/* The name of the element message posted once, when the first RTP packet
 * reaches our socket */
#define DT_MEDIA_PIPELINE_FIRST_PACKET "dt-media-first-packet"


/* Builds the graph for @desc and sets it playing; its bus messages go to
 * @bus_func on the thread-default main context */
DtMediaPipeline *dt_media_pipeline_new           (const DtMediaDescription    *desc,
                                                  const DtMediaPipelineConfig *config,
                                                  GstBusFunc                   bus_func,
                                                  gpointer                     user_data,
                                                  GError                     **error);
void             dt_media_pipeline_free          (DtMediaPipeline             *pipeline);
/* Frees @pipeline once @recorder, one of its children, has finished its
 * file (dt_media_recorder_finish()), or after a bounded wait. The network
 * stops at once; the bus watch given at creation is removed, and nothing
 * blocks meanwhile. @closed then runs on the main context, and
 * dt_media_pipeline_get_n_closing() counts the pipelines still closing. */
void             dt_media_pipeline_close         (DtMediaPipeline             *pipeline,
                                                  GstElement                  *recorder,
                                                  GDestroyNotify               closed,
                                                  gpointer                     user_data);
guint            dt_media_pipeline_get_n_closing (void);

const DtMediaDescription *dt_media_pipeline_get_description (DtMediaPipeline *pipeline);
/* Whether @desc can be applied live (same codec, payload types and keys) */
gboolean         dt_media_pipeline_can_update    (DtMediaPipeline             *pipeline,
                                                  const DtMediaDescription    *desc);
/* Applies direction and remote address changes without a gap */
void             dt_media_pipeline_update        (DtMediaPipeline             *pipeline,
                                                  const DtMediaDescription    *desc);
void             dt_media_pipeline_set_muted     (DtMediaPipeline             *pipeline,
                                                  gboolean                     muted);
void             dt_media_pipeline_set_devices   (DtMediaPipeline             *pipeline,
                                                  const char                  *input_device,
                                                  const char                  *output_device);
/* To call on the main context for each GST_MESSAGE_LATENCY */
void             dt_media_pipeline_recalculate_latency (DtMediaPipeline       *pipeline);
gboolean         dt_media_pipeline_send_dtmf     (DtMediaPipeline             *pipeline,
                                                  char                         digit,
                                                  GError                     **error);
/* RTP packets that reached our socket, counted before any filtering */
guint            dt_media_pipeline_get_packets_received (DtMediaPipeline      *pipeline);
/* The jitter buffer's length now, in ms (dt-media-jitter.h) */
guint            dt_media_pipeline_get_latency   (DtMediaPipeline             *pipeline);
/* RTCP packets that the RTP session read (decrypted, with SRTP), from
 * our RTCP socket or with RTCP-mux our RTP socket */
guint            dt_media_pipeline_get_rtcp_received (DtMediaPipeline         *pipeline);

/* transfer none: the GstPipeline, and the tee carrying the raw audio we
 * send (@send) or hear, mono S16 at the codec's audio rate */
GstElement      *dt_media_pipeline_get_element   (DtMediaPipeline             *pipeline);
GstElement      *dt_media_pipeline_get_tap       (DtMediaPipeline             *pipeline,
                                                  gboolean                     send);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaPipeline, dt_media_pipeline_free)

G_END_DECLS
