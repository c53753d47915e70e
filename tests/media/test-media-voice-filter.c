/* test-media-voice-filter.c: the echo canceller of a call's microphone, fed
 * buffer by buffer (no sound server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gst/check/gstharness.h>

#include "dt-media-error.h"
#include "dt-media-voice-filter.h"
#include "dt-test-audio.h"

/* DtMediaPulseSource's block */
#define BLOCK_MS       20
/* Four seconds: the canceller adapts within a few */
#define BLOCKS         200
/* The echo: the far end's sound later (by one of the cases' delays) and
 * this much quieter */
#define ECHO_GAIN      0.5

typedef struct {
  guint rate;
  guint delay_ms;   /* from the speaker's pad to the microphone's */
} Case;

typedef struct {
  guint       rate;
  gsize       block;          /* samples in a block */
  GstElement *filter;
  GstHarness *microphone;     /* through the filter */
  GstHarness *speaker;        /* through an identity whose pad the filter hears */
} Rig;

static void
rig_init (Rig   *rig,
          guint  rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstPad) speaker_pad = NULL;

  rig->rate = rate;
  rig->block = rate * BLOCK_MS / 1000;
  rig->filter = dt_media_voice_filter_new (rate, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (rig->filter);

  rig->microphone = gst_harness_new_with_element (rig->filter, "sink", "src");
  gst_harness_set_src_caps (rig->microphone, dt_test_mono_caps (rate));
  rig->speaker = gst_harness_new ("identity");
  gst_harness_set_src_caps (rig->speaker, dt_test_mono_caps (rate));
  speaker_pad = gst_element_get_static_pad (rig->speaker->element, "sink");
  dt_media_voice_filter_listen (DT_MEDIA_VOICE_FILTER (rig->filter), speaker_pad);
}

static void
rig_clear (Rig *rig)
{
  gst_harness_teardown (rig->speaker);
  gst_harness_teardown (rig->microphone);
  gst_clear_object (&rig->filter);
}

/* What a far end says at @sample: bursts of 200 ms in a new pitch each,
 * 100 ms apart, at -12 dBFS; never steady, so the noise suppressor leaves
 * it be */
static double
far_end (guint rate,
         gsize sample)
{
  static const double pitches[] = { 440.0, 660.0, 550.0, 880.0, 495.0 };
  gsize period = rate * 300 / 1000;
  gsize burst = sample / period;
  double t = (double) (sample % period) / rate;

  if (t >= 0.2)
    return 0.0;
  return 0.25 * sin (2.0 * G_PI * pitches[burst % G_N_ELEMENTS (pitches)] * t);
}

static GstBuffer *
block_buffer (const gint16 *samples,
              gsize         n)
{
  return gst_buffer_new_memdup (samples, n * sizeof (gint16));
}

/* Sum of squares */
static double
energy (const gint16 *samples,
        gsize         n)
{
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return sum;
}

static double
energy_db (double sum,
           gsize  n)
{
  return 10.0 * log10 (MAX (sum / n, 1e-3) / (32767.0 * 32767.0));
}

/* Plays the far end on the speaker (unless @speaker_silent, when the
 * canceller hears nothing) and puts its echo in the microphone for
 * BLOCKS blocks; returns the microphone's level after the filter over the
 * last second, and sets @echo_db to its level before. Every block comes
 * out whole. */
static double
echo_after_filter (const Case *echo_case,
                   gboolean    speaker_silent,
                   double     *echo_db)
{
  guint rate = echo_case->rate;
  Rig rig;
  gsize delay, measured = 0;
  g_autofree gint16 *played = NULL;
  g_autofree gint16 *captured = NULL;
  double before = 0.0, after = 0.0;

  rig_init (&rig, rate);
  delay = rate * echo_case->delay_ms / 1000;
  played = g_new0 (gint16, rig.block);
  captured = g_new0 (gint16, rig.block);

  for (gsize b = 0; b < BLOCKS; b++)
    {
      g_autoptr(GstBuffer) out = NULL;
      GstMapInfo map;

      for (gsize i = 0; i < rig.block; i++)
        {
          gsize n = b * rig.block + i;

          played[i] = (gint16) lround (32767.0 * far_end (rate, n));
          captured[i] = n < delay ? 0 : (gint16) lround (32767.0 * ECHO_GAIN *
                                                         far_end (rate, n - delay));
        }
      if (!speaker_silent)
        gst_buffer_unref (gst_harness_push_and_pull (rig.speaker,
                                                     block_buffer (played, rig.block)));
      out = gst_harness_push_and_pull (rig.microphone, block_buffer (captured, rig.block));
      g_assert_nonnull (out);
      g_assert_cmpuint (gst_buffer_get_size (out), ==, rig.block * sizeof (gint16));

      if (b >= BLOCKS - 1000 / BLOCK_MS)
        {
          g_assert_true (gst_buffer_map (out, &map, GST_MAP_READ));
          after += energy ((const gint16 *) map.data, rig.block);
          gst_buffer_unmap (out, &map);
          before += energy (captured, rig.block);
          measured += rig.block;
        }
    }
  rig_clear (&rig);
  *echo_db = energy_db (before, measured);
  return energy_db (after, measured);
}

static void
test_echo (gconstpointer data)
{
  const Case *echo_case = data;
  double echo;
  double unheard = echo_after_filter (echo_case, TRUE, &echo);
  double heard = echo_after_filter (echo_case, FALSE, &echo);

  dt_test_note ("%u Hz, %u ms: the echo at %.1f dBFS leaves the filter at %.1f dBFS when "
                "the canceller does not hear the speaker, %.1f dBFS when it does",
                echo_case->rate, echo_case->delay_ms, echo, unheard, heard);
  /* Without the speaker's sound the echo is the user's voice to it */
  g_assert_cmpfloat (unheard, >, echo - 10.0);
  g_assert_cmpfloat (heard, <, unheard - 20.0);
}

static void
test_rate_refused (void)
{
  g_autoptr(GError) error = NULL;
  GstElement *filter = dt_media_voice_filter_new (44100, &error);

  g_assert_null (filter);
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "44100"));
}

int
main (int    argc,
      char **argv)
{
  /* A loopback sound server's delay, and a wireless headset's */
  static const Case cases[] = {
    { 8000, 30 }, { 16000, 30 }, { 32000, 30 }, { 48000, 30 },
    { 8000, 120 }, { 48000, 120 },
  };

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/media/voice-filter/echo/%u-hz-%u-ms",
                                               cases[i].rate, cases[i].delay_ms);

      g_test_add_data_func (path, &cases[i], test_echo);
    }
  g_test_add_func ("/media/voice-filter/rate-refused", test_rate_refused);

  return g_test_run ();
}
