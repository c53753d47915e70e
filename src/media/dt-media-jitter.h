/* dt-media-jitter.h: the jitter buffer's length, adapted to the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. rtpjitterbuffer holds each packet for a fixed time,
 * its latency: too short and packets that the network delayed come too late
 * to be played (a gap, or PLC with Opus); too long and the whole call lags.
 * It starts at the setting (40 ms by default, against GStreamer's 200) and,
 * checked once a second on the main context: when packets came too late, it
 * grows by the jitter seen (at least 20 ms, up to 200 ms or the setting if
 * that is more); after 10 s without a late packet it shrinks back in 10 ms
 * steps toward the setting, as long as the jitter leaves room.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _DtMediaJitter DtMediaJitter;

/* Adapts the jitter buffers of @rtpbin (which must outlive this), starting
 * at @base_ms, which it also never goes below */
DtMediaJitter *dt_media_jitter_new         (GstElement    *rtpbin,
                                            guint          base_ms);
void           dt_media_jitter_free        (DtMediaJitter *self);
guint          dt_media_jitter_get_latency (DtMediaJitter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaJitter, dt_media_jitter_free)

G_END_DECLS
