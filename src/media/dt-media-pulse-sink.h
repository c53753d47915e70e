/* dt-media-pulse-sink.h: a call's speaker, played through PulseAudio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. A sink of S16LE audio that writes each buffer to the
 * sound server from the streaming thread that brings it (the jitter
 * buffer's), running the connection itself (dt-media-pulse.h). pulsesink
 * wakes its own sound server thread for every write and again for every
 * request of the server, two thread switches a packet, and a third of the
 * process's CPU in a call went on that and its locking.
 *
 * Placement: the jitter buffer hands on a packet when it is due, so each
 * buffer goes straight after the previous one in the server's queue, and
 * the first at the sample the speaker plays next. Sound that comes too late
 * for its place is cut by the server itself (the stream never prebuffers),
 * which places what follows it at once; a gap the decoder reports leaves
 * its length of silence; and when the queue stays longer than it was
 * (a speaker whose clock is slower than the system's, a burst after a
 * stall) a few milliseconds are cut where it is least heard
 * (dt-media-splice.h).
 *
 * Properties, as pulsesink's: "device" (a sink's name; set while running it
 * moves the stream live; NULL is the server's default) and
 * "stream-properties" (a GstStructure of PulseAudio stream properties, read
 * when the stream is created).
 */
#pragma once

#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_PULSE_SINK (dt_media_pulse_sink_get_type ())

G_DECLARE_FINAL_TYPE (DtMediaPulseSink, dt_media_pulse_sink, DT, MEDIA_PULSE_SINK, GstBaseSink)

GstElement *dt_media_pulse_sink_new (void);

G_END_DECLS
