/* dt-media-session-private.h: what the files of DtMediaSession share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtMediaSession is written in several files: dt-media-session.c (the
 * object, its ports, starting and stopping the audio),
 * dt-media-session-settings.c (muting, devices, echo cancellation and
 * latency) and dt-media-session-recording.c (the recording, and its end
 * when a pipeline stops).
 */
#pragma once

#include <gst/gst.h>

#include "dt-media-pipeline.h"
#include "dt-media-session.h"

G_BEGIN_DECLS

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

/* dt-media-session.c */
void     dt_media_session_notify           (DtMediaSession  *self,
                                            guint            prop_id);

/* dt-media-session-recording.c */
/* Frees the pipeline, if any; one with a recording first finishes its
 * part of the file */
void     dt_media_session_drop_pipeline    (DtMediaSession  *self);
/* The recording goes on in a rebuilt pipeline, after what was written */
gboolean dt_media_session_attach_recorder  (DtMediaSession  *self,
                                            gboolean         append,
                                            GError         **error);

G_END_DECLS
