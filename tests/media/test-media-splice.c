/* test-media-splice.c: cutting excess sound out of a microphone's stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dt-media-splice.h"
#include "dt-test-audio.h"

#define TONE_DB    -10.5
/* A cut in the right place leaves the level as it was */
#define DIP_DB     0.5

/* @frames of a tone (and its copy on every channel) starting at @start */
static gint16 *
tone (guint  rate,
      guint  channels,
      double frequency,
      gsize  start,
      gsize  frames)
{
  gint16 *samples = g_new (gint16, frames * channels);
  double amplitude = pow (10.0, TONE_DB / 20.0) * 32767.0;

  for (gsize i = 0; i < frames; i++)
    for (guint c = 0; c < channels; c++)
      samples[i * channels + c] =
        (gint16) lround (amplitude * sin (2.0 * G_PI * frequency * (double) (start + i) / rate));
  return samples;
}

/* The block before the cut followed by the cut's output, on @channel:
 * what a listener hears around the cut */
static gint16 *
heard (const DtMediaSplice *splice,
       const gint16        *before,
       const gint16        *after,
       guint                channel)
{
  gint16 *samples = g_new (gint16, splice->block * 2);

  for (gsize i = 0; i < splice->block; i++)
    {
      samples[i] = before[i * splice->channels + channel];
      samples[splice->block + i] = after[i * splice->channels + channel];
    }
  return samples;
}

/* The tone's lowest level in @samples, measured over four of its periods
 * at a time: where two phases of it meet in a crossfade, they cancel */
static double
lowest_level (const gint16 *samples,
              gsize         n,
              guint         rate,
              double        frequency)
{
  gsize window = (gsize) lround (4.0 * rate / frequency);
  double lowest = 0.0;

  for (gsize start = 0; start + window <= n; start += window / 4)
    lowest = MIN (lowest, dt_test_goertzel_db (samples + start, window, rate, frequency));
  return lowest;
}

/* A tone cut at a place that is not a whole number of its periods: the
 * cut moves to one, and nothing but the tone is heard around it */
static void
check_tone (guint  rate,
            guint  channels,
            double frequency,
            gsize  target)
{
  DtMediaSplice splice;
  gsize block = rate / 50;
  g_autofree gint16 *before = tone (rate, channels, frequency, 0, block);
  g_autofree gint16 *in = NULL;
  g_autofree gint16 *out = g_new (gint16, block * channels);
  g_autofree gint16 *around = NULL;
  gsize cut;
  double period = rate / frequency;
  double phase;

  dt_media_splice_init (&splice, rate, channels, block, target);
  in = tone (rate, channels, frequency, block, dt_media_splice_needed (&splice));
  cut = dt_media_splice_cut (&splice, in, out);

  g_assert_cmpuint (cut, >=, target - splice.search);
  g_assert_cmpuint (cut, <=, target + splice.search);
  phase = fmod ((double) cut, period);
  g_assert_cmpfloat (MIN (phase, period - phase), <=, 0.5);

  for (guint c = 0; c < channels; c++)
    {
      g_free (around);
      around = heard (&splice, before, out, c);
      g_assert_cmpfloat (lowest_level (around, block * 2, rate, frequency), >, TONE_DB - DIP_DB);
    }
}

static void
test_tone_48k (void)
{
  /* 500 frames is 10.4 periods of 1 kHz */
  check_tone (48000, 1, 1000.0, 500);
}

static void
test_tone_8k_stereo (void)
{
  /* A period of 18.2 frames: no cut is a whole number of them, the nearest
   * is within half a frame */
  check_tone (8000, 2, 440.0, 83);
}

/* The same crossfade at the place asked for rather than where it is least
 * heard: proof that the check above can tell a bad cut from a good one */
static void
test_wrong_place_is_heard (void)
{
  guint rate = 48000;
  gsize block = rate / 50, target = 500;
  DtMediaSplice splice;
  g_autofree gint16 *before = tone (rate, 1, 1000.0, 0, block);
  g_autofree gint16 *in = NULL;
  g_autofree gint16 *out = g_new (gint16, block);
  g_autofree gint16 *around = NULL;

  dt_media_splice_init (&splice, rate, 1, block, target);
  in = tone (rate, 1, 1000.0, block, dt_media_splice_needed (&splice));
  dt_media_splice_cut_at (&splice, in, target, out);
  around = heard (&splice, before, out, 0);
  g_assert_cmpfloat (lowest_level (around, block * 2, rate, 1000.0), <, TONE_DB - DIP_DB);
}

static void
test_silence (void)
{
  DtMediaSplice splice;
  gsize block = 960;
  g_autofree gint16 *in = NULL;
  g_autofree gint16 *out = g_new (gint16, block);

  dt_media_splice_init (&splice, 48000, 1, block, 480);
  in = g_new0 (gint16, dt_media_splice_needed (&splice));
  g_assert_cmpuint (dt_media_splice_cut (&splice, in, out), ==, 480);
  for (gsize i = 0; i < block; i++)
    g_assert_cmpint (out[i], ==, 0);
}

/* A full-scale square wave with a period of 14 frames: the cut lands on a
 * whole period, where the crossfade joins equal samples and the output is
 * the input after the cut, to the sample, never wrapped around */
static void
test_full_scale (void)
{
  DtMediaSplice splice;
  gsize block = 160;
  g_autofree gint16 *in = NULL;
  g_autofree gint16 *out = g_new (gint16, block);
  gsize needed, cut;

  dt_media_splice_init (&splice, 8000, 1, block, 40);
  needed = dt_media_splice_needed (&splice);
  in = g_new (gint16, needed);
  for (gsize i = 0; i < needed; i++)
    in[i] = (i / 7) % 2 ? G_MAXINT16 : G_MININT16;
  cut = dt_media_splice_cut (&splice, in, out);
  g_assert_cmpuint (cut, ==, 42);
  for (gsize i = 0; i < block; i++)
    g_assert_cmpint (out[i], ==, in[i + cut]);
}

/* A cut from a whole buffer reads all of it, and no more */
static void
test_init_from (void)
{
  DtMediaSplice splice;

  g_assert_true (dt_media_splice_init_from (&splice, 8000, 2, 160, 40));
  g_assert_cmpuint (dt_media_splice_needed (&splice), ==, 160);
  g_assert_cmpuint (splice.target, ==, 40);
  g_assert_cmpuint (splice.channels, ==, 2);

  g_assert_true (dt_media_splice_init_from (&splice, 8000, 1, 160, 0));
  g_assert_cmpuint (dt_media_splice_needed (&splice), ==, 160);

  /* The cut and the room to move it fill the buffer: no sound would be left */
  dt_media_splice_init (&splice, 8000, 1, 1, 40);
  g_assert_false (dt_media_splice_init_from (&splice, 8000, 1,
                                             dt_media_splice_needed (&splice) - 1, 40));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/splice/tone-48k", test_tone_48k);
  g_test_add_func ("/media/splice/tone-8k-stereo", test_tone_8k_stereo);
  g_test_add_func ("/media/splice/wrong-place-is-heard", test_wrong_place_is_heard);
  g_test_add_func ("/media/splice/silence", test_silence);
  g_test_add_func ("/media/splice/full-scale", test_full_scale);
  g_test_add_func ("/media/splice/init-from", test_init_from);

  return g_test_run ();
}
