/* dt-media-pulse-sink.h: a call's speaker, played through PulseAudio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. A sink of S16LE audio that writes each buffer to the
 * sound server from the streaming thread that brings it (the jitter
 * buffer's), running the connection itself (dt-media-pulse.h). pulsesink
 * wakes its own sound server thread for every write and again for every
 * request of the server, two thread switches a packet: with a fakesink in
 * its place a PCMU call took 15 % less of the process's CPU.
 *
 * Placement: the jitter buffer hands on a packet when it is due, so each
 * buffer goes straight after the previous one in the server's queue. The
 * first, and the first after the stream ran dry (as after a hold), is
 * placed to be heard 5 ms after it came; running dry again soon places it
 * later, up to a block more. Timestamps are followed: a gap the decoder
 * could not fill leaves its length of silence, an overlap is spliced out.
 * A burst (the jitter buffer hands on what it held back at a call's start
 * or after a stall at once) is written over when the buffers after it
 * come sooner, and a queue that stays longer than it needs to (a clock
 * off the system's) loses 5 ms at a time where it is least heard
 * (dt-media-splice.h).
 *
 * Properties, as pulsesink's: "device" and "stream-properties"
 * (dt-media-pulse.h).
 */
#pragma once

#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_PULSE_SINK (dt_media_pulse_sink_get_type ())

G_DECLARE_FINAL_TYPE (DtMediaPulseSink, dt_media_pulse_sink, DT, MEDIA_PULSE_SINK, GstBaseSink)

GstElement *dt_media_pulse_sink_new (void);

G_END_DECLS
