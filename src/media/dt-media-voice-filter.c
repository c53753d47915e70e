/* dt-media-voice-filter.c: a call's microphone cleaned of the speaker's echo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/audio/audio.h>

#include "dt-media-voice.h"
#include "dt-media-voice-filter.h"

GST_DEBUG_CATEGORY_STATIC (dt_voice_filter_debug);
#define GST_CAT_DEFAULT dt_voice_filter_debug

#define CAPS "audio/x-raw, format = (string) S16LE, layout = (string) interleaved, " \
             "rate = (int) { 8000, 16000, 32000, 48000 }, channels = (int) 1"

/* From a sample handed to the speaker to its echo handed on by the
 * microphone: the speaker's queue (10–25 ms), then up to the microphone's
 * block (20 ms) and its queue; more on real devices. The canceller finds
 * a longer delay itself (delay-agnostic), but it misses an echo that comes
 * sooner than it is told: told 40 ms, an echo 10 ms after was only 20 dB
 * down, and told 20 ms, 30 and 120 ms were 40 dB down or more
 * (test-media-voice-filter) */
#define ECHO_DELAY_MS 20

struct _DtMediaVoiceFilter
{
  GstBaseTransform  parent_instance;

  DtMediaVoice     *voice;
  guint             rate;
  gboolean          warned_partial;
};

G_DEFINE_FINAL_TYPE (DtMediaVoiceFilter, dt_media_voice_filter, GST_TYPE_BASE_TRANSFORM)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));

/* On the speaker's streaming thread */
static GstPadProbeReturn
on_speaker_buffer (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  DtMediaVoice *voice = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      dt_media_voice_render (voice, (const gint16 *) map.data, map.size / sizeof (gint16));
      gst_buffer_unmap (buffer, &map);
    }
  return GST_PAD_PROBE_OK;
}

static gboolean
dt_media_voice_filter_set_caps (GstBaseTransform *transform,
                                GstCaps          *incaps,
                                GstCaps          *outcaps)
{
  DtMediaVoiceFilter *self = DT_MEDIA_VOICE_FILTER (transform);
  GstAudioInfo info;

  if (!gst_audio_info_from_caps (&info, incaps) || GST_AUDIO_INFO_RATE (&info) != (gint) self->rate)
    {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
                         ("the canceller runs at %u Hz, not %" GST_PTR_FORMAT, self->rate, incaps));
      return FALSE;
    }
  return TRUE;
}

static GstFlowReturn
dt_media_voice_filter_transform_ip (GstBaseTransform *transform,
                                    GstBuffer        *buffer)
{
  DtMediaVoiceFilter *self = DT_MEDIA_VOICE_FILTER (transform);
  GstMapInfo map;
  gsize n_samples, done;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READWRITE))
    return GST_FLOW_ERROR;
  n_samples = map.size / sizeof (gint16);
  done = dt_media_voice_capture (self->voice, (gint16 *) map.data, n_samples, ECHO_DELAY_MS);
  gst_buffer_unmap (buffer, &map);

  if (done < n_samples && !self->warned_partial)
    {
      GST_WARNING_OBJECT (self, "a buffer of %" G_GSIZE_FORMAT " samples is not whole frames "
                          "of 10 ms; its end is not cleaned", n_samples);
      self->warned_partial = TRUE;
    }
  return GST_FLOW_OK;
}

static void
dt_media_voice_filter_finalize (GObject *object)
{
  DtMediaVoiceFilter *self = DT_MEDIA_VOICE_FILTER (object);

  g_clear_pointer (&self->voice, dt_media_voice_unref);

  G_OBJECT_CLASS (dt_media_voice_filter_parent_class)->finalize (object);
}

static void
dt_media_voice_filter_class_init (DtMediaVoiceFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);

  object_class->finalize = dt_media_voice_filter_finalize;

  transform_class->set_caps = dt_media_voice_filter_set_caps;
  transform_class->transform_ip = dt_media_voice_filter_transform_ip;
  transform_class->passthrough_on_same_caps = FALSE;

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
                                         "Dialtone voice filter", "Filter/Effect/Audio",
                                         "Cancels the speaker's echo, suppresses noise and "
                                         "controls the gain of a call's microphone",
                                         "Dialtone");

  GST_DEBUG_CATEGORY_INIT (dt_voice_filter_debug, "dtvoicefilter", 0, "Dialtone voice filter");
}

static void
dt_media_voice_filter_init (DtMediaVoiceFilter *self)
{
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
}

GstElement *
dt_media_voice_filter_new (guint    rate,
                           GError **error)
{
  DtMediaVoice *voice = dt_media_voice_new (rate, error);
  DtMediaVoiceFilter *self;

  if (voice == NULL)
    return NULL;
  self = g_object_new (DT_TYPE_MEDIA_VOICE_FILTER, NULL);
  self->voice = voice;
  self->rate = rate;
  return GST_ELEMENT (self);
}

void
dt_media_voice_filter_listen (DtMediaVoiceFilter *self,
                              GstPad             *pad)
{
  g_return_if_fail (DT_IS_MEDIA_VOICE_FILTER (self));
  g_return_if_fail (GST_IS_PAD (pad));

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_speaker_buffer,
                     dt_media_voice_ref (self->voice), (GDestroyNotify) dt_media_voice_unref);
}
