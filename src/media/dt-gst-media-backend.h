/* dt-gst-media-backend.h: the model's media backend, made of GStreamer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-media-backend.h"
#include "dt-media-session.h"

G_BEGIN_DECLS

#define DT_TYPE_GST_MEDIA_BACKEND (dt_gst_media_backend_get_type ())
G_DECLARE_FINAL_TYPE (DtGstMediaBackend, dt_gst_media_backend, DT, GST_MEDIA_BACKEND, GObject)

/*
 * One per application: the audio devices (a GstDeviceMonitor) and one
 * DtMediaSession per call, keyed by the DtCall (weakly: a call that ends or
 * goes away takes its audio with it).
 *
 * Properties: input-device, output-device (s, PulseAudio names; NULL = the
 *   sound server's default), echo-cancellation (b, default TRUE) and
 *   latency (u, jitter buffer ms, default 40) and codecs (as, SDP encoding
 *   names, most preferred first; names we have no codec for are dropped,
 *   and none left or NULL means the default order): the last three apply
 *   to the calls set up after the change, when the signalling layer gives
 *   no list of its own.
 *
 * "Established" means: the call is connected and RTP from the peer reached
 * our port (early media counts); we send from the moment the audio starts,
 * so both ways flow by then.
 */

DtGstMediaBackend *dt_gst_media_backend_new (void);
/* The audio of @call (transfer none), NULL when it has none: for
 * diagnostics and tests that look below the model */
DtMediaSession    *dt_gst_media_backend_get_session (DtGstMediaBackend *self,
                                                     DtCall            *call);

G_END_DECLS
