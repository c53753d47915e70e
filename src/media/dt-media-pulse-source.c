/* dt-media-pulse-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/audio/audio.h>
#include "dt-media-pulse.h"
#include "dt-media-pulse-source.h"
#include "dt-media-splice.h"

GST_DEBUG_CATEGORY_STATIC (dt_pulse_source_debug);
#define GST_CAT_DEFAULT dt_pulse_source_debug

/* One packet at the usual ptime */
#define BLOCKS_PER_SECOND 50
/* Sound older than this many blocks when a block is read is passed over:
 * a stall of the streaming thread costs a cut, never lasting delay */
#define MAX_QUEUED_BLOCKS 10
/* How far the count of samples may fall behind the clock before the
 * timestamps start anew (sound was lost) */
#define RESYNC_NS         (200 * GST_MSECOND)
/* How far the count may run ahead of the clock before sound is cut */
#define CUT_NS            (10 * GST_MSECOND)

#define CAPS "audio/x-raw, format = (string) S16LE, layout = (string) interleaved, " \
             "rate = (int) [ 8000, 192000 ], channels = (int) [ 1, 2 ]"

struct _DtMediaPulseSource
{
  GstPushSrc            parent_instance;

  /* Under the object lock */
  DtMediaPulseSettings  settings;

  /* Used by start() and stop() and by the streaming thread (set_caps() and
   * create()), which never run at the same time; the streaming thread runs
   * the connection while it waits for a block */
  DtMediaPulse          server;
  pa_stream            *stream;
  pa_operation         *move;
  GstAudioInfo          info;
  gsize                 block_bytes;
  /* Bytes of the fragment pa_stream_peek() gives that are already read */
  gsize                 fragment_read;
  /* Running time of the first sample counted, and the samples since */
  GstClockTime          first_taken;
  guint64               samples;
  /* How far the count runs ahead of the clock, smoothed; sound to cut */
  GstClockTimeDiff      ahead;
  gsize                 cut_frames;
  /* Sound read from the server but not yet used: what a cut read past
   * where it was placed */
  GByteArray           *carry;
  /* Sound was passed over since the last block */
  gboolean              discont;
  /* Atomic: set by unlock() from another thread */
  gint                  flushing;
};

static GParamSpec *properties[DT_MEDIA_PULSE_N_PROPS];
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));

G_DEFINE_FINAL_TYPE_WITH_CODE (DtMediaPulseSource, dt_media_pulse_source, GST_TYPE_PUSH_SRC,
                               GST_DEBUG_CATEGORY_INIT (dt_pulse_source_debug, "dtpulsesource",
                                                        0, "Dialtone's microphone"))

static void
disconnect_stream (DtMediaPulseSource *self)
{
  if (self->stream == NULL)
    return;
  dt_media_pulse_stream_clear (&self->stream, &self->move);
  self->fragment_read = 0;
  g_byte_array_set_size (self->carry, 0);
}

/* FALSE with an element error posted */
static gboolean
connect_stream (DtMediaPulseSource *self)
{
  pa_buffer_attr attributes = {
    .maxlength = (uint32_t) -1,
    .fragsize = (uint32_t) self->block_bytes,
    .tlength = (uint32_t) -1,
    .prebuf = (uint32_t) -1,
    .minreq = (uint32_t) -1,
  };
  g_autofree char *device = NULL;

  self->stream = dt_media_pulse_stream_new (&self->server, GST_OBJECT (self), &self->settings,
                                            &self->info, &device);
  if (self->stream != NULL &&
      pa_stream_connect_record (self->stream, device, &attributes, PA_STREAM_ADJUST_LATENCY) >= 0 &&
      dt_media_pulse_wait_ready (&self->server, self->stream))
    {
      GST_DEBUG_OBJECT (self, "Recording from %s", pa_stream_get_device_name (self->stream));
      return TRUE;
    }

  GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, (_("The microphone could not be opened.")),
                     ("%s", dt_media_pulse_error (&self->server)));
  disconnect_stream (self);
  return FALSE;
}


/* Takes @bytes of what the server sent into @out, or passes over them when
 * @out is NULL: silence for a hole the server reports */
static void
take (DtMediaPulseSource *self,
      guint8             *out,
      gsize               bytes)
{
  gsize done = MIN (bytes, self->carry->len);

  if (done > 0)
    {
      if (out != NULL)
        memcpy (out, self->carry->data, done);
      g_byte_array_remove_range (self->carry, 0, (guint) done);
    }

  while (done < bytes)
    {
      const void *data;
      size_t length;
      gsize chunk;

      if (pa_stream_peek (self->stream, &data, &length) < 0 || length == 0)
        break;
      chunk = MIN (length - self->fragment_read, bytes - done);
      if (out != NULL && data != NULL)
        memcpy (out + done, (const guint8 *) data + self->fragment_read, chunk);
      else if (out != NULL)
        memset (out + done, 0, chunk);
      done += chunk;
      self->fragment_read += chunk;
      if (self->fragment_read == length)
        {
          pa_stream_drop (self->stream);
          self->fragment_read = 0;
        }
    }
  if (out != NULL)
    memset (out + done, 0, bytes - done);
}

static void
dt_media_pulse_source_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (object);

  dt_media_pulse_get_property (object, &self->settings, prop_id, value, pspec);
}

static void
dt_media_pulse_source_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (object);

  dt_media_pulse_set_property (object, &self->settings, prop_id, value, pspec);
}

static void
dt_media_pulse_source_finalize (GObject *object)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (object);

  dt_media_pulse_settings_clear (&self->settings);
  g_byte_array_unref (self->carry);

  G_OBJECT_CLASS (dt_media_pulse_source_parent_class)->finalize (object);
}

static gboolean
dt_media_pulse_source_start (GstBaseSrc *base)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);

  if (!dt_media_pulse_open (&self->server, GST_ELEMENT (self)))
    return FALSE;
  g_atomic_int_set (&self->flushing, FALSE);
  self->first_taken = GST_CLOCK_TIME_NONE;
  self->samples = 0;
  self->ahead = 0;
  self->cut_frames = 0;
  self->discont = FALSE;
  return TRUE;
}

static gboolean
dt_media_pulse_source_stop (GstBaseSrc *base)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);

  disconnect_stream (self);
  dt_media_pulse_close (&self->server);
  return TRUE;
}

static GstCaps *
dt_media_pulse_source_fixate (GstBaseSrc *base,
                              GstCaps    *caps)
{
  GstStructure *structure;

  caps = gst_caps_make_writable (caps);
  structure = gst_caps_get_structure (caps, 0);
  gst_structure_fixate_field_nearest_int (structure, "rate", 48000);
  gst_structure_fixate_field_nearest_int (structure, "channels", 1);
  return GST_BASE_SRC_CLASS (dt_media_pulse_source_parent_class)->fixate (base, caps);
}

static gboolean
dt_media_pulse_source_set_caps (GstBaseSrc *base,
                                GstCaps    *caps)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);
  GstAudioInfo info;

  if (!gst_audio_info_from_caps (&info, caps))
    return FALSE;
  if (self->stream != NULL && gst_audio_info_is_equal (&info, &self->info))
    return TRUE;

  disconnect_stream (self);
  self->first_taken = GST_CLOCK_TIME_NONE;
  self->info = info;
  self->block_bytes = (gsize) (GST_AUDIO_INFO_RATE (&info) / BLOCKS_PER_SECOND) *
                      (gsize) GST_AUDIO_INFO_BPF (&info);
  return connect_stream (self);
}

static gboolean
dt_media_pulse_source_query (GstBaseSrc *base,
                             GstQuery   *query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY)
    {
      /* A block is whole only when its last sample was taken */
      gst_query_set_latency (query, TRUE, GST_SECOND / BLOCKS_PER_SECOND, GST_CLOCK_TIME_NONE);
      return TRUE;
    }
  return GST_BASE_SRC_CLASS (dt_media_pulse_source_parent_class)->query (base, query);
}

/* From another thread: wakes the streaming thread out of iterate() */
static gboolean
dt_media_pulse_source_unlock (GstBaseSrc *base)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);

  g_atomic_int_set (&self->flushing, TRUE);
  dt_media_pulse_wakeup (&self->server);
  return TRUE;
}

static gboolean
dt_media_pulse_source_unlock_stop (GstBaseSrc *base)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);

  g_atomic_int_set (&self->flushing, FALSE);
  return TRUE;
}

static GstClockTime
bytes_to_time (DtMediaPulseSource *self,
               gsize               bytes)
{
  return gst_util_uint64_scale (bytes, GST_SECOND,
                                (guint64) GST_AUDIO_INFO_RATE (&self->info) *
                                GST_AUDIO_INFO_BPF (&self->info));
}

/* Stamps @buffer, the oldest of @queued bytes, with when its first sample
 * was taken, counted in samples from the first block. Stamps taken from
 * the clock as blocks arrive jitter by the server's few milliseconds, and
 * an encoder takes such jitter for gaps that the other side's jitter
 * buffer hears as clicks and holds as delay. The count follows the clock:
 * where it runs ahead (a microphone whose clock is faster than the
 * system's) the next block leaves out the excess (take_cut()); where it
 * falls far behind (sound was lost) it starts anew */
static void
stamp (DtMediaPulseSource *self,
       GstBuffer          *buffer,
       gsize               queued)
{
  guint rate = GST_AUDIO_INFO_RATE (&self->info);
  guint block_samples = rate / BLOCKS_PER_SECOND;
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime duration = gst_util_uint64_scale_int (block_samples, GST_SECOND, rate);
  GstClockTime taken = GST_CLOCK_TIME_NONE;

  if (clock != NULL)
    {
      GstClockTime now = gst_clock_get_time (clock) -
                         gst_element_get_base_time (GST_ELEMENT (self));
      /* What is queued ends now, and this block is the oldest of it. The
       * server's own latency would be closer, but libpulse reports it
       * wrong by up to 700 ms in a stream's first second */
      GstClockTime age = bytes_to_time (self, queued);

      taken = now > age ? now - age : 0;
    }

  if (GST_CLOCK_TIME_IS_VALID (taken))
    {
      GstClockTime counted = GST_CLOCK_TIME_NONE;
      GstClockTimeDiff ahead = 0;

      if (GST_CLOCK_TIME_IS_VALID (self->first_taken))
        {
          counted = self->first_taken +
                    gst_util_uint64_scale_int (self->samples, GST_SECOND, rate);
          ahead = GST_CLOCK_DIFF (taken, counted);
        }
      if (!GST_CLOCK_TIME_IS_VALID (counted) || ahead < -(GstClockTimeDiff) RESYNC_NS)
        {
          GST_DEBUG_OBJECT (self, "Timestamps start anew at %" GST_TIME_FORMAT,
                            GST_TIME_ARGS (taken));
          self->first_taken = taken;
          self->samples = 0;
          self->ahead = 0;
          counted = taken;
          GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
        }
      else
        {
          self->ahead += (ahead - self->ahead) / 16;
          if (self->ahead > (GstClockTimeDiff) CUT_NS)
            self->cut_frames = gst_util_uint64_scale (self->ahead, rate, GST_SECOND);
        }
      GST_BUFFER_PTS (buffer) = counted;
    }
  if (self->discont)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
  self->discont = FALSE;
  GST_BUFFER_DURATION (buffer) = duration;
  GST_BUFFER_OFFSET (buffer) = self->samples;
  self->samples += block_samples;
  GST_BUFFER_OFFSET_END (buffer) = self->samples;
}

static GstFlowReturn
stream_failed (DtMediaPulseSource *self)
{
  GST_ELEMENT_ERROR (self, RESOURCE, READ, (_("The microphone stopped working.")),
                     ("%s", dt_media_pulse_error (&self->server)));
  return GST_FLOW_ERROR;
}

/* Fills @out with a block that leaves out the sound stamp() found in
 * excess, at the place where the cut is least heard */
static void
take_cut (DtMediaPulseSource  *self,
          const DtMediaSplice *splice,
          gsize                bytes,
          guint8              *out)
{
  gsize bpf = GST_AUDIO_INFO_BPF (&self->info);
  g_autofree guint8 *in = g_malloc (bytes);
  gsize cut, used;

  take (self, in, bytes);
  cut = dt_media_splice_cut (splice, (const gint16 *) in, (gint16 *) out);
  used = (splice->block + cut) * bpf;
  g_byte_array_prepend (self->carry, in + used, (guint) (bytes - used));
  self->ahead -= (GstClockTimeDiff) bytes_to_time (self, cut * bpf);
  GST_LOG_OBJECT (self, "Cut %" G_GSIZE_FORMAT " frames for %" G_GSIZE_FORMAT,
                  cut, splice->target);
}

static GstFlowReturn
dt_media_pulse_source_create (GstPushSrc  *base,
                              GstBuffer  **out)
{
  DtMediaPulseSource *self = DT_MEDIA_PULSE_SOURCE (base);
  gsize bpf = GST_AUDIO_INFO_BPF (&self->info);
  g_autoptr(GstBuffer) buffer = NULL;
  DtMediaSplice splice;
  GstMapInfo map;
  gsize needed = self->block_bytes;
  gsize queued;

  if (self->stream == NULL)
    return GST_FLOW_NOT_NEGOTIATED;

  if (self->cut_frames > 0)
    {
      dt_media_splice_init (&splice, GST_AUDIO_INFO_RATE (&self->info),
                            GST_AUDIO_INFO_CHANNELS (&self->info),
                            self->block_bytes / bpf, self->cut_frames);
      needed = dt_media_splice_needed (&splice) * bpf;
    }

  for (;;)
    {
      size_t readable;

      if (g_atomic_int_get (&self->flushing))
        return GST_FLOW_FLUSHING;
      dt_media_pulse_follow_device (&self->server, GST_OBJECT (self), &self->settings,
                                    self->stream, PA_STREAM_RECORD, &self->move);
      if (!dt_media_pulse_catch_up (&self->server))
        return stream_failed (self);
      readable = pa_stream_readable_size (self->stream);
      if (pa_stream_get_state (self->stream) != PA_STREAM_READY || readable == (size_t) -1)
        return stream_failed (self);
      /* The fragment being read counts whole until it is dropped */
      queued = readable - self->fragment_read + self->carry->len;
      if (queued >= needed)
        break;
      if (!dt_media_pulse_iterate (&self->server))
        return stream_failed (self);
    }

  if (queued > self->block_bytes * (MAX_QUEUED_BLOCKS - 1) + needed)
    {
      /* This sound was taken: the count goes on past it */
      gsize late = queued - needed;

      GST_DEBUG_OBJECT (self, "Passing over %" G_GSIZE_FORMAT " bytes of old sound", late);
      take (self, NULL, late);
      self->samples += late / bpf;
      self->discont = TRUE;
      queued -= late;
    }

  buffer = gst_buffer_new_allocate (NULL, self->block_bytes, NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  if (self->cut_frames > 0)
    take_cut (self, &splice, needed, map.data);
  else
    take (self, map.data, self->block_bytes);
  self->cut_frames = 0;
  gst_buffer_unmap (buffer, &map);
  stamp (self, buffer, queued);

  *out = g_steal_pointer (&buffer);
  return GST_FLOW_OK;
}

static void
dt_media_pulse_source_class_init (DtMediaPulseSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_class = GST_PUSH_SRC_CLASS (klass);

  object_class->get_property = dt_media_pulse_source_get_property;
  object_class->set_property = dt_media_pulse_source_set_property;
  object_class->finalize = dt_media_pulse_source_finalize;

  base_class->start = dt_media_pulse_source_start;
  base_class->stop = dt_media_pulse_source_stop;
  base_class->fixate = dt_media_pulse_source_fixate;
  base_class->set_caps = dt_media_pulse_source_set_caps;
  base_class->query = dt_media_pulse_source_query;
  base_class->unlock = dt_media_pulse_source_unlock;
  base_class->unlock_stop = dt_media_pulse_source_unlock_stop;
  push_class->create = dt_media_pulse_source_create;

  dt_media_pulse_install_properties (object_class, properties);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Dialtone microphone",
                                         "Source/Audio",
                                         "Reads a call's microphone from PulseAudio",
                                         "The Dialtone developers");
}

static void
dt_media_pulse_source_init (DtMediaPulseSource *self)
{
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  self->carry = g_byte_array_new ();
}

GstElement *
dt_media_pulse_source_new (void)
{
  return g_object_new (DT_TYPE_MEDIA_PULSE_SOURCE, NULL);
}
