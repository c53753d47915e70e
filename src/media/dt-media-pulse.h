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

#include <gst/audio/audio.h>
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

/* The elements' properties, as pulsesrc's and pulsesink's: "device" (a
 * source's or sink's name; set while running it moves the stream live;
 * NULL is the server's default) and "stream-properties" (a GstStructure of
 * PulseAudio stream properties, read when the stream is created) */
enum {
  DT_MEDIA_PULSE_PROP_0,
  DT_MEDIA_PULSE_PROP_DEVICE,
  DT_MEDIA_PULSE_PROP_STREAM_PROPERTIES,
  DT_MEDIA_PULSE_N_PROPS
};

void         dt_media_pulse_settings_clear (DtMediaPulseSettings *self);
void         dt_media_pulse_install_properties (GObjectClass     *klass,
                                                GParamSpec      **properties);
/* An element's get_property() and set_property(), given its settings */
void         dt_media_pulse_get_property (GObject              *object,
                                          DtMediaPulseSettings *settings,
                                          guint                 prop_id,
                                          GValue               *value,
                                          GParamSpec           *pspec);
void         dt_media_pulse_set_property (GObject              *object,
                                          DtMediaPulseSettings *settings,
                                          guint                 prop_id,
                                          const GValue         *value,
                                          GParamSpec           *pspec);
/* Connects @element to the sound server of the environment ($PULSE_SERVER
 * or the user's), blocking until it answers; FALSE, closed and with an
 * element error posted, when it does not */
gboolean     dt_media_pulse_open         (DtMediaPulse       *self,
                                          GstElement         *element);
void         dt_media_pulse_close        (DtMediaPulse       *self);
const char  *dt_media_pulse_error        (DtMediaPulse       *self);

/* Waits for the server's next message and handles it; FALSE when the
 * connection failed */
gboolean     dt_media_pulse_iterate      (DtMediaPulse       *self);
/* Handles what the server already sent, without waiting */
gboolean     dt_media_pulse_catch_up     (DtMediaPulse       *self);
/* Sends what was written: libpulse writes to the socket only when its
 * main loop runs (a deferred event) */
gboolean     dt_media_pulse_send         (DtMediaPulse       *self);
/* From any thread: ends a dt_media_pulse_iterate() */
void         dt_media_pulse_wakeup       (DtMediaPulse       *self);

/* Waits until @stream is ready; FALSE when it failed */
gboolean     dt_media_pulse_wait_ready   (DtMediaPulse       *self,
                                          pa_stream          *stream);
/* A stream of S16LE audio as @info says, for @element, named and described
 * as its settings (read under its object lock) say; *@device is the device
 * to connect it to (NULL: the server's default). NULL when the server
 * refused. */
pa_stream   *dt_media_pulse_stream_new   (DtMediaPulse         *self,
                                          GstObject            *element,
                                          DtMediaPulseSettings *settings,
                                          const GstAudioInfo   *info,
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
/* Cancels *@operation if it still waits, and drops it */
void         dt_media_pulse_operation_clear (pa_operation  **operation);
/* Disconnects and drops *@stream, and *@move */
void         dt_media_pulse_stream_clear (pa_stream           **stream,
                                          pa_operation        **move);
G_END_DECLS
