/* dt-media-pulse-source.h: a call's microphone, read from PulseAudio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. A live source of S16LE audio in blocks of 20 ms (one
 * packet at the usual ptime), in the rate and channels downstream asks for:
 * the sound server converts. It replaces pulsesrc, which wakes three threads
 * of ours (its sound server thread, its ring buffer reader and its push
 * thread) for every few milliseconds of sound the server hands over, about
 * eight thread switches per packet: here the push thread runs the
 * connection to the server itself (dt-media-pulse.h) and pushes a block
 * as soon as it is whole. Timestamps count samples and follow the system
 * clock (see stamp()).
 *
 * Properties, as pulsesrc's: "device" and "stream-properties"
 * (dt-media-pulse.h).
 */
#pragma once

#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_PULSE_SOURCE (dt_media_pulse_source_get_type ())

G_DECLARE_FINAL_TYPE (DtMediaPulseSource, dt_media_pulse_source, DT, MEDIA_PULSE_SOURCE,
                      GstPushSrc)

GstElement *dt_media_pulse_source_new (void);

G_END_DECLS
