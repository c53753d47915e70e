/* dt-media-pipeline-private.h: what the files of DtMediaPipeline share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtMediaPipeline is written in two files: dt-media-pipeline.c (its life
 * cycle, closing with a recording, live changes) and
 * dt-media-pipeline-graph.c (the elements of both ways, linked, and
 * rtpbin's callbacks on streaming threads).
 */
#pragma once

#include "dt-media-codecs.h"
#include "dt-media-dtmf.h"
#include "dt-media-jitter.h"
#include "dt-media-pipeline.h"

G_BEGIN_DECLS

struct _DtMediaPipeline
{
  DtMediaDescription  desc;
  const DtMediaCodec *codec;

  GstElement         *pipeline;
  GstElement         *rtpbin;
  GstElement         *source;
  GstElement         *sink;
  GstElement         *volume;
  /* With echo cancellation */
  GstElement         *canceller;
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

/* dt-media-pipeline-graph.c */
/* Adds rtpbin and the elements of both ways for @self->desc to
 * @self->pipeline, linked */
gboolean dt_media_pipeline_build_graph (DtMediaPipeline              *self,
                                        const DtMediaPipelineConfig  *config,
                                        GError                      **error);

G_END_DECLS
