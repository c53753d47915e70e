/* dt-media-pulse.h: a connection to PulseAudio run by the thread using it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. libpulse's threaded main loop wakes a thread of its
 * own for every message of the sound server and then the thread that waits
 * for the sound, a switch each way every few milliseconds of a call. This
 * connection has no thread: the streaming thread that waits for the sound
 * runs it (dt_media_pulse_iterate()), and another thread only ever wakes
 * it (dt_media_pulse_wakeup()). Every other call is for that one thread,
 * or for start() and stop(), which the element's base class never runs
 * beside it.
 */
#pragma once

#include <gst/gst.h>
#include <pulse/pulseaudio.h>

G_BEGIN_DECLS

typedef struct {
  pa_mainloop *mainloop;
  pa_context  *context;
} DtMediaPulse;

/* An element's "device" and "stream-properties", under its object lock.
 * move_pending: a device was set while the stream ran, for the streaming
 * thread to move the stream to */
typedef struct {
  char         *device;
  GstStructure *stream_properties;
  gboolean      move_pending;
} DtMediaPulseSettings;

void         dt_media_pulse_settings_clear (DtMediaPulseSettings *self);
/* TRUE when the value changed, for the element to notify */
gboolean     dt_media_pulse_settings_set_device (DtMediaPulseSettings *self,
                                                 const char           *device);
gboolean     dt_media_pulse_settings_set_stream_properties (DtMediaPulseSettings *self,
                                                            const GstStructure   *properties);
/* Connects to the sound server of the environment ($PULSE_SERVER or the
 * user's), blocking until it answers; FALSE (and dt_media_pulse_error()
 * says why) when it does not. Close it either way. */
gboolean     dt_media_pulse_open         (DtMediaPulse       *self);
void         dt_media_pulse_close        (DtMediaPulse       *self);
const char  *dt_media_pulse_error        (DtMediaPulse       *self);

/* Waits for the server's next message and handles it; FALSE when the
 * connection failed */
gboolean     dt_media_pulse_iterate      (DtMediaPulse       *self);
/* Handles what the server already sent, without waiting */
gboolean     dt_media_pulse_catch_up     (DtMediaPulse       *self);
/* From any thread: ends a dt_media_pulse_iterate() */
void         dt_media_pulse_wakeup       (DtMediaPulse       *self);

/* Waits until @stream is ready; FALSE when it failed */
gboolean     dt_media_pulse_wait_ready   (DtMediaPulse       *self,
                                          pa_stream          *stream);
/* The string fields of @properties (may be NULL) as a property list */
pa_proplist *dt_media_pulse_properties   (const GstStructure *properties);
/* A stream for @element, named and described as its settings (read under
 * its object lock) say; *@device is the device to connect it to (NULL: the
 * server's default). NULL when the server refused. */
pa_stream   *dt_media_pulse_stream_new   (DtMediaPulse         *self,
                                          GstObject            *element,
                                          DtMediaPulseSettings *settings,
                                          const pa_sample_spec *spec,
                                          char                **device);
/* In the streaming thread: moves @stream, a record or a playback stream,
 * to the device set on @element while it ran, if one was, without waiting;
 * a failure is only logged, the stream stays where it was. *@move holds
 * the operation, which dt_media_pulse_stream_clear() drops: one still
 * waiting for its answer when the stream goes would never be freed.
 * TRUE when a move began. */
gboolean     dt_media_pulse_follow_device (DtMediaPulse          *self,
                                           GstObject             *element,
                                           DtMediaPulseSettings  *settings,
                                           pa_stream             *stream,
                                           pa_stream_direction_t  direction,
                                           pa_operation         **move);
/* Disconnects and drops *@stream, and *@move */
void         dt_media_pulse_stream_clear (pa_stream           **stream,
                                          pa_operation        **move);
G_END_DECLS
