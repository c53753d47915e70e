/* dt-media-jitter.h: the jitter buffer's length, adapted to the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. rtpjitterbuffer holds each packet for a fixed time,
 * its latency: too short and packets that the network delayed come too late
 * to be played (a gap, or PLC with Opus); too long and the whole call lags.
 * It starts at the setting (40 ms by default, against GStreamer's 200) and,
 * checked once a second on the main context, follows the network: when
 * packets came too late, it grows by the jitter seen (at least 20 ms, up to
 * 200 ms or the setting if that is more); once the network has been quiet
 * for a while (2 s at the start of a call, 10 s after it had to grow) it
 * shrinks in one step to four times the jitter seen, 10 ms at least. A
 * step is one small skip or gap in the sound, so it moves seldom; on a
 * quiet network most of a call's delay is then the packet and the sound
 * server, not this buffer.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _DtMediaJitter DtMediaJitter;

/* Adapts the jitter buffers of @rtpbin (which must outlive this), starting
 * at @base_ms */
DtMediaJitter *dt_media_jitter_new         (GstElement    *rtpbin,
                                            guint          base_ms);
void           dt_media_jitter_free        (DtMediaJitter *self);
guint          dt_media_jitter_get_latency (DtMediaJitter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaJitter, dt_media_jitter_free)

G_END_DECLS
