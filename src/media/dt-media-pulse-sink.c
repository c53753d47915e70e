/* dt-media-pulse-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/audio/audio.h>
#include "dt-media-pulse.h"
#include "dt-media-pulse-sink.h"
#include "dt-media-splice.h"

GST_DEBUG_CATEGORY_STATIC (dt_pulse_sink_debug);
#define GST_CAT_DEFAULT dt_pulse_sink_debug

/* The server's buffering, as pulsesink had it: requests of 20 ms (a packet
 * at the usual ptime) and a queue of up to 60 ms, which gives the device a
 * latency of 20 ms */
#define BLOCK_MS          20
#define QUEUE_MS          60
/* The first buffer is placed to be heard MARGIN_MS after it came. The
 * queue is asked of the server every ASK_US, and a window of WINDOW_US
 * whose shortest queue is too long (watch_queue()) makes a cut of CUT_MS */
#define ASK_US            (500 * 1000)
#define WINDOW_US         (2 * G_USEC_PER_SEC)
#define MARGIN_MS         5
#define CUT_MS            5
/* How far a buffer's timestamp may be from where the last one ended
 * before the sound is moved to it (pulsesink's alignment threshold, set
 * as the call had it), and the longest gap made up with silence */
#define ALIGN_NS          (5 * GST_MSECOND)
#define MAX_GAP_NS        (200 * GST_MSECOND)
/* The most a 20 ms buffer gives up to a splice */
#define MAX_CUT_NS        (10 * GST_MSECOND)
/* Sound that ran dry again within this time placed the next anew this much
 * further ahead of the speaker, up to a block */
#define RERUN_US          (3 * G_USEC_PER_SEC)
#define LEAD_STEP_MS      5
/* How much sooner than the first a buffer may come before it is placed
 * further back: the jitter buffer's thread wakes a little late at times */
#define SLACK_NS          (5 * GST_MSECOND)

#define CAPS "audio/x-raw, format = (string) S16LE, layout = (string) interleaved, " \
             "rate = (int) [ 8000, 192000 ], channels = (int) [ 1, 2 ]"

struct _DtMediaPulseSink
{
  GstBaseSink           parent_instance;

  /* Under the object lock */
  DtMediaPulseSettings  settings;

  /* Used by start() and stop() and by the streaming thread, which never
   * run at the same time */
  DtMediaPulse          server;
  pa_stream            *stream;
  pa_operation         *move;
  GstAudioInfo          info;
  /* The next buffer goes after the previous one; else it is placed anew,
   * lead_ms later than the first was. The time the stream last ran dry */
  gboolean              placed;
  guint                 lead_ms;
  gint64                ran_dry;
  /* Where the last buffer ended, in running time */
  GstClockTime          next_stamp;
  /* How long after its timestamp the buffer placed first came, by the
   * clock: every buffer after it plays as long after its own. When the
   * placing was (monotonic µs), and the bytes written past it since */
  GstClockTime          placed_lag;
  gint64                placed_at;
  gint64                ahead;
  /* When the server was last asked for its queue (monotonic µs), and the
   * question waiting for an answer */
  gint64                asked_at;
  pa_operation         *asking;
  /* The queue's shortest length in this window, and frames to cut from the
   * next buffer */
  gint64                window_start;
  pa_usec_t             window_shortest;
  gsize                 cut_frames;
};

static GParamSpec *properties[DT_MEDIA_PULSE_N_PROPS];
static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));

G_DEFINE_FINAL_TYPE_WITH_CODE (DtMediaPulseSink, dt_media_pulse_sink, GST_TYPE_BASE_SINK,
                               GST_DEBUG_CATEGORY_INIT (dt_pulse_sink_debug, "dtpulsesink",
                                                        0, "Dialtone's speaker"))

/* In whole frames */
static gint64
time_to_bytes (DtMediaPulseSink *self,
               GstClockTime      time)
{
  return (gint64) gst_util_uint64_scale (time, GST_AUDIO_INFO_RATE (&self->info), GST_SECOND) *
         GST_AUDIO_INFO_BPF (&self->info);
}

static GstClockTime
bytes_to_time (DtMediaPulseSink *self,
               gint64            bytes)
{
  return gst_util_uint64_scale ((guint64) MAX (bytes, 0), GST_SECOND,
                                (guint64) GST_AUDIO_INFO_RATE (&self->info) *
                                GST_AUDIO_INFO_BPF (&self->info));
}

/* A new window: after a move, or a placing */
static void
forget_queue (DtMediaPulseSink *self)
{
  self->window_start = g_get_monotonic_time ();
  self->window_shortest = G_MAXUINT64;
  self->cut_frames = 0;
}

/* The server ran out of sound to play: it went on with silence, and what
 * comes next would go behind what it plays, and never be heard */
static void
on_underflow (pa_stream *stream,
              gpointer   user_data)
{
  DtMediaPulseSink *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (!self->placed)
    return;
  if (now - self->ran_dry < RERUN_US)
    self->lead_ms = MIN (self->lead_ms + LEAD_STEP_MS, BLOCK_MS);
  GST_DEBUG_OBJECT (self, "The speaker ran dry; placing sound %u ms ahead", self->lead_ms);
  self->ran_dry = now;
  self->placed = FALSE;
}

static void
disconnect_stream (DtMediaPulseSink *self)
{
  if (self->stream == NULL)
    return;
  pa_stream_set_underflow_callback (self->stream, NULL, NULL);
  dt_media_pulse_operation_clear (&self->asking);
  dt_media_pulse_stream_clear (&self->stream, &self->move);
}

/* The server's read and write indexes, as they were when it answered:
 * libpulse's own estimate in between stops the read index whenever the
 * stream was found dry, and then grows by every write */
static void
on_timing (pa_stream *stream,
           int        success,
           gpointer   user_data)
{
  DtMediaPulseSink *self = user_data;
  const pa_timing_info *timing = pa_stream_get_timing_info (stream);
  pa_usec_t queued;

  g_clear_pointer (&self->asking, pa_operation_unref);
  if (!success || timing == NULL || timing->write_index_corrupt || timing->read_index_corrupt)
    return;
  /* Until the last sound written is heard */
  queued = pa_bytes_to_usec ((uint64_t) MAX (timing->write_index - timing->read_index, 0),
                             pa_stream_get_sample_spec (stream)) + timing->sink_usec;
  self->window_shortest = MIN (self->window_shortest, queued);
}

/* FALSE with an element error posted */
static gboolean
connect_stream (DtMediaPulseSink *self)
{
  /* No prebuffering: a stream that ran dry plays on (silence), so sound
   * that comes late is cut rather than delaying all that follows */
  pa_buffer_attr attributes = {
    .maxlength = (uint32_t) -1,
    .tlength = (uint32_t) time_to_bytes (self, QUEUE_MS * GST_MSECOND),
    .prebuf = 0,
    .minreq = (uint32_t) time_to_bytes (self, BLOCK_MS * GST_MSECOND),
    .fragsize = (uint32_t) -1,
  };
  g_autofree char *device = NULL;

  self->placed = FALSE;
  self->lead_ms = 0;
  self->ran_dry = 0;
  self->next_stamp = GST_CLOCK_TIME_NONE;
  self->asked_at = 0;
  forget_queue (self);
  self->stream = dt_media_pulse_stream_new (&self->server, GST_OBJECT (self), &self->settings,
                                            &self->info, &device);
  if (self->stream != NULL)
    pa_stream_set_underflow_callback (self->stream, on_underflow, self);
  if (self->stream != NULL &&
      pa_stream_connect_playback (self->stream, device, &attributes,
                                  PA_STREAM_ADJUST_LATENCY,
                                  NULL, NULL) >= 0 &&
      dt_media_pulse_wait_ready (&self->server, self->stream))
    {
      /* The device's latency, for placing the first buffer */
      self->asking = pa_stream_update_timing_info (self->stream, on_timing, self);
      while (self->asking != NULL)
        if (!dt_media_pulse_iterate (&self->server))
          break;
      GST_DEBUG_OBJECT (self, "Playing on %s", pa_stream_get_device_name (self->stream));
      return TRUE;
    }

  GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE, (_("The speaker could not be opened.")),
                     ("%s", dt_media_pulse_error (&self->server)));
  disconnect_stream (self);
  return FALSE;
}

/* After a write: asks the server for the queue now and then. Its
 * shortest length in a window, right after writes, is how long the last
 * buffer waits to be heard: more than the buffer and twice the margin is
 * delay to cut, from a sender or a speaker whose clock is off the
 * system's. A short queue needs nothing: what comes late the server plays
 * late or not at all, and after it ran dry the next buffer is placed
 * again */
static void
watch_queue (DtMediaPulseSink *self)
{
  gint64 now = g_get_monotonic_time ();
  pa_usec_t longest;

  if (self->asking == NULL && now - self->asked_at >= ASK_US)
    {
      self->asking = pa_stream_update_timing_info (self->stream, on_timing, self);
      self->asked_at = now;
    }
  if (now - self->window_start < WINDOW_US)
    return;

  longest = (pa_usec_t) (BLOCK_MS + self->lead_ms + 2 * MARGIN_MS) * 1000;
  if (self->window_shortest != G_MAXUINT64 && self->window_shortest > longest)
    {
      GST_DEBUG_OBJECT (self, "The queue stays at %" G_GUINT64_FORMAT " µs: cutting",
                        self->window_shortest);
      self->cut_frames = GST_AUDIO_INFO_RATE (&self->info) * CUT_MS / 1000;
    }
  self->window_start = now;
  self->window_shortest = G_MAXUINT64;
}

/* @buffer's timestamp in running time, and how long after it, by the
 * clock, it came (*@came; 0 when it cannot tell) */
static GstClockTime
get_stamp (DtMediaPulseSink *self,
           GstBuffer        *buffer,
           GstClockTime     *came)
{
  GstBaseSink *base = GST_BASE_SINK (self);
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime stamp = GST_CLOCK_TIME_NONE, now;

  *came = 0;
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    stamp = gst_segment_to_running_time (&base->segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  if (clock == NULL || !GST_CLOCK_TIME_IS_VALID (stamp))
    return stamp;
  now = gst_clock_get_time (clock) - gst_element_get_base_time (GST_ELEMENT (self));
  *came = now > stamp ? now - stamp : 0;
  return stamp;
}

/* Follows the timestamps: sound stamped after where the last buffer ended
 * (a lost packet the decoder could not make up) leaves silence in between
 * (the bytes returned); sound stamped before it has the overlap spliced
 * out. Within ALIGN_NS either way nothing moves: timestamps jitter */
static int64_t
align (DtMediaPulseSink *self,
       GstClockTime      stamp,
       gsize             frames)
{
  guint rate = GST_AUDIO_INFO_RATE (&self->info);
  GstClockTimeDiff diff = 0;
  int64_t silence = 0;

  if (!GST_CLOCK_TIME_IS_VALID (stamp))
    return 0;
  if (self->placed && GST_CLOCK_TIME_IS_VALID (self->next_stamp))
    diff = GST_CLOCK_DIFF (self->next_stamp, stamp);
  if (diff > ALIGN_NS && diff < MAX_GAP_NS)
    silence = time_to_bytes (self, (GstClockTime) diff);
  else if (diff < -ALIGN_NS)
    self->cut_frames = gst_util_uint64_scale (MIN (-diff, MAX_CUT_NS), rate, GST_SECOND);
  if (diff > ALIGN_NS || diff < -ALIGN_NS)
    GST_DEBUG_OBJECT (self, "Sound %" G_GINT64_FORMAT " µs off its place", diff / 1000);
  self->next_stamp = stamp + gst_util_uint64_scale (frames, GST_SECOND, rate);
  return silence;
}

/* How much of what was written since the placing is not yet heard, at
 * least, less a margin: the first buffer was placed to be heard lead_ms
 * and MARGIN_MS after it came, and the speaker plays in real time. Sound
 * written over after the server sent it to the device, but before it is
 * heard, the server takes back (a rewind) */
static GstClockTimeDiff
get_unplayed (DtMediaPulseSink *self)
{
  GstClockTime written = bytes_to_time (self, self->ahead);
  GstClockTime elapsed = (GstClockTime) (g_get_monotonic_time () - self->placed_at) * GST_USECOND;

  return GST_CLOCK_DIFF (elapsed, written + self->lead_ms * GST_MSECOND);
}

/* Where @buffer goes relative to the end of the queue. Each buffer plays
 * as long after its timestamp as the one placed first, which came in a
 * burst if the ones after it come sooner: the jitter buffer hands on what
 * it held back at a call's start or after a stall at once. Such a buffer
 * goes back over the excess, as far as it is surely unplayed; with
 * nothing unplayed there is no excess */
static int64_t
place (DtMediaPulseSink *self,
       GstClockTime      came)
{
  GstClockTimeDiff unplayed;
  GstClockTime back;

  if (came == 0 || came + SLACK_NS >= self->placed_lag)
    return 0;

  unplayed = get_unplayed (self);
  back = MIN (self->placed_lag - came, (GstClockTime) MAX (unplayed, 0));
  if (unplayed <= 0)
    self->placed_lag = came;
  if (back < SLACK_NS)
    return 0;
  GST_DEBUG_OBJECT (self, "Came %" G_GUINT64_FORMAT " µs sooner: going %" G_GUINT64_FORMAT
                    " µs back", (self->placed_lag - came) / GST_USECOND, back / GST_USECOND);
  self->placed_lag -= back;
  return -time_to_bytes (self, back);
}

/* @frames of @data less the cut, spliced where it is least heard, into
 * @out; 0 when the buffer is too short to cut from */
static gsize
cut (DtMediaPulseSink *self,
     const gint16     *data,
     gsize             frames,
     gint16          **out)
{
  guint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  DtMediaSplice splice;
  gsize cut_frames, rest;

  if (!dt_media_splice_init_from (&splice, GST_AUDIO_INFO_RATE (&self->info), channels,
                                  frames, self->cut_frames))
    return 0;

  *out = g_new (gint16, frames * channels);
  cut_frames = dt_media_splice_cut (&splice, data, *out);
  rest = frames - splice.block - cut_frames;
  memcpy (*out + splice.block * channels, data + (splice.block + cut_frames) * channels,
          rest * channels * sizeof (gint16));
  self->cut_frames = 0;
  return splice.block + rest;
}

static void
dt_media_pulse_sink_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (object);

  dt_media_pulse_get_property (object, &self->settings, prop_id, value, pspec);
}

static void
dt_media_pulse_sink_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (object);

  dt_media_pulse_set_property (object, &self->settings, prop_id, value, pspec);
}

static void
dt_media_pulse_sink_finalize (GObject *object)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (object);

  dt_media_pulse_settings_clear (&self->settings);

  G_OBJECT_CLASS (dt_media_pulse_sink_parent_class)->finalize (object);
}

/* basesink hands the pipeline's latency on upstream only when it waits
 * for the clock, which this sink has no need to: the jitter buffer already
 * did. webrtcechoprobe upstream (the echo canceller where
 * dt-media-voice-filter.h is not built) uses nothing it hears before it
 * knows that latency */
static gboolean
dt_media_pulse_sink_send_event (GstElement *element,
                                GstEvent   *event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_LATENCY)
    gst_pad_push_event (GST_BASE_SINK_PAD (element), gst_event_ref (event));
  return GST_ELEMENT_CLASS (dt_media_pulse_sink_parent_class)->send_event (element, event);
}

static gboolean
dt_media_pulse_sink_start (GstBaseSink *base)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (base);

  return dt_media_pulse_open (&self->server, GST_ELEMENT (self));
}

static gboolean
dt_media_pulse_sink_stop (GstBaseSink *base)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (base);

  disconnect_stream (self);
  dt_media_pulse_close (&self->server);
  return TRUE;
}

static gboolean
dt_media_pulse_sink_set_caps (GstBaseSink *base,
                              GstCaps     *caps)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (base);
  GstAudioInfo info;

  if (!gst_audio_info_from_caps (&info, caps))
    return FALSE;
  if (self->stream != NULL && gst_audio_info_is_equal (&info, &self->info))
    return TRUE;

  disconnect_stream (self);
  self->info = info;
  return connect_stream (self);
}

static gboolean
dt_media_pulse_sink_event (GstBaseSink *base,
                           GstEvent    *event)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (base);

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_FLUSH_STOP:
      self->placed = FALSE;
      self->next_stamp = GST_CLOCK_TIME_NONE;
      break;
    default:
      break;
    }
  return GST_BASE_SINK_CLASS (dt_media_pulse_sink_parent_class)->event (base, event);
}

static GstFlowReturn
stream_failed (DtMediaPulseSink *self)
{
  GST_ELEMENT_ERROR (self, RESOURCE, WRITE, (_("The speaker stopped working.")),
                     ("%s", dt_media_pulse_error (&self->server)));
  return GST_FLOW_ERROR;
}

static GstFlowReturn
dt_media_pulse_sink_render (GstBaseSink *base,
                            GstBuffer   *buffer)
{
  DtMediaPulseSink *self = DT_MEDIA_PULSE_SINK (base);
  gsize bpf = GST_AUDIO_INFO_BPF (&self->info);
  g_autofree gint16 *spliced = NULL;
  const void *data;
  gsize bytes;
  GstMapInfo map;
  pa_seek_mode_t mode = PA_SEEK_RELATIVE;
  int64_t offset = 0;
  GstClockTime stamp, came;
  int64_t silence;
  int written;

  if (self->stream == NULL)
    return GST_FLOW_NOT_NEGOTIATED;
  /* What the server said since the last buffer: whether the stream ran
   * dry, how long its queue was */
  if (!dt_media_pulse_catch_up (&self->server) ||
      pa_stream_get_state (self->stream) != PA_STREAM_READY)
    return stream_failed (self);
  /* After a move the queue's length includes another device's latency */
  if (dt_media_pulse_follow_device (&self->server, GST_OBJECT (self), &self->settings,
                                    self->stream, PA_STREAM_PLAYBACK, &self->move))
    forget_queue (self);
  stamp = get_stamp (self, buffer, &came);

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  data = map.data;
  bytes = map.size - map.size % bpf;
  silence = align (self, stamp, bytes / bpf);
  if (self->cut_frames > 0)
    {
      gsize frames = cut (self, (const gint16 *) map.data, bytes / bpf, &spliced);

      if (frames > 0)
        {
          data = spliced;
          bytes = frames * bpf;
        }
    }

  if (!self->placed)
    {
      const pa_timing_info *timing = pa_stream_get_timing_info (self->stream);

      /* The read index is what the server sent to the device, heard the
       * device's latency later: placed behind it, the sound is heard
       * sooner, and the server takes back what it sent (a rewind) */
      mode = PA_SEEK_RELATIVE_ON_READ;
      offset = time_to_bytes (self, (self->lead_ms + MARGIN_MS) * GST_MSECOND);
      if (timing != NULL)
        offset -= (int64_t) pa_usec_to_bytes (timing->sink_usec,
                                              pa_stream_get_sample_spec (self->stream));
      self->placed = TRUE;
      self->placed_lag = came;
      self->placed_at = g_get_monotonic_time ();
      self->ahead = 0;
      forget_queue (self);
    }
  else
    offset = place (self, came) + silence;
  self->ahead += (mode == PA_SEEK_RELATIVE ? offset : 0) + (int64_t) bytes;
  written = bytes > 0 ? pa_stream_write (self->stream, data, bytes, NULL, offset, mode) : 0;
  gst_buffer_unmap (buffer, &map);

  if (written < 0 || !dt_media_pulse_send (&self->server))
    return stream_failed (self);
  watch_queue (self);
  return GST_FLOW_OK;
}

static void
dt_media_pulse_sink_class_init (DtMediaPulseSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_class = GST_BASE_SINK_CLASS (klass);

  object_class->get_property = dt_media_pulse_sink_get_property;
  object_class->set_property = dt_media_pulse_sink_set_property;
  object_class->finalize = dt_media_pulse_sink_finalize;

  element_class->send_event = dt_media_pulse_sink_send_event;

  base_class->start = dt_media_pulse_sink_start;
  base_class->stop = dt_media_pulse_sink_stop;
  base_class->set_caps = dt_media_pulse_sink_set_caps;
  base_class->event = dt_media_pulse_sink_event;
  base_class->render = dt_media_pulse_sink_render;

  dt_media_pulse_install_properties (object_class, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class, "Dialtone speaker",
                                         "Sink/Audio",
                                         "Plays a call's sound through PulseAudio",
                                         "The Dialtone developers");
}

static void
dt_media_pulse_sink_init (DtMediaPulseSink *self)
{
  /* Each buffer comes when it is due: the jitter buffer waited for it */
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
  gst_base_sink_set_async_enabled (GST_BASE_SINK (self), FALSE);
  gst_audio_info_init (&self->info);
}

GstElement *
dt_media_pulse_sink_new (void)
{
  return g_object_new (DT_TYPE_MEDIA_PULSE_SINK, NULL);
}
