/* test-media-recording.c: a call recorded through the model, heard in the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "dt-call-error.h"
#include "dt-test-backend.h"

typedef struct {
  const char *path;
  goffset     size;
  goffset     target;
  gint64      stable_since;
} SizeWait;

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : -1;
}

static gboolean
grew (gpointer data)
{
  SizeWait *wait = data;

  return file_size (wait->path) >= wait->target;
}

/* The same size for a whole second */
static gboolean
stopped_growing (gpointer data)
{
  SizeWait *wait = data;
  goffset now = file_size (wait->path);

  if (now != wait->size)
    {
      wait->size = now;
      wait->stable_since = g_get_monotonic_time ();
    }
  return g_get_monotonic_time () - wait->stable_since >= G_USEC_PER_SEC;
}

static void
wait_growth (const char *path,
             goffset     bytes)
{
  SizeWait wait = { path, 0, MAX (file_size (path), 0) + bytes, 0 };

  g_assert_true (dt_test_wait_until (grew, &wait, DT_TEST_DEADLINE_S));
}

static void
test_record (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "dt-test-call.ogg", NULL);
  g_autoptr(GError) error = NULL;
  SizeWait still = { 0 };
  DtTestPair pair;
  goffset paused_size;
  double level_a, level_b, level_other;

  dt_test_pair_init (&pair, NULL, NULL);
  dt_test_pair_negotiate (&pair);
  dt_test_pair_play_tones (&pair);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  g_assert_true (dt_call_start_recording (pair.call_a, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_get_recording_path (pair.call_a), ==, path);
  /* About two seconds of Opus at its default bitrate */
  wait_growth (path, 12000);

  /* Both ways are in the file: what A says and what A hears */
  level_a = dt_test_ogg_max_level (path, DT_TEST_TONE_A);
  level_b = dt_test_ogg_max_level (path, DT_TEST_TONE_B);
  level_other = dt_test_ogg_max_level (path, 700.0);
  dt_test_note ("recording: %.0f Hz at %.1f dBFS, %.0f Hz at %.1f dBFS, 700 Hz (not sent) at "
                "%.1f dBFS", DT_TEST_TONE_A, level_a, DT_TEST_TONE_B, level_b, level_other);
  g_assert_cmpfloat (level_a, >=, DT_TEST_HEARD_DB);
  g_assert_cmpfloat (level_b, >=, DT_TEST_HEARD_DB);
  g_assert_cmpfloat (level_other, <, DT_TEST_HEARD_DB - DT_TEST_MARGIN_DB);

  /* Paused: the file stops growing and stays open */
  g_assert_true (dt_call_pause_recording (pair.call_a, &error));
  g_assert_no_error (error);
  still.path = path;
  still.stable_since = g_get_monotonic_time ();
  g_assert_true (dt_test_wait_until (stopped_growing, &still, DT_TEST_DEADLINE_S));
  paused_size = still.size;
  still.stable_since = g_get_monotonic_time ();
  g_assert_true (dt_test_wait_until (stopped_growing, &still, DT_TEST_DEADLINE_S));
  g_assert_cmpint (file_size (path), ==, paused_size);
  dt_test_note ("paused at %" G_GOFFSET_FORMAT " bytes", paused_size);

  /* Resumed: the same file grows again, still one decodable stream */
  g_assert_true (dt_call_start_recording (pair.call_a, NULL, &error));
  g_assert_no_error (error);
  wait_growth (path, 6000);
  g_assert_cmpfloat (dt_test_ogg_max_level (path, DT_TEST_TONE_A), >=, DT_TEST_HEARD_DB);

  dt_test_pair_clear (&pair);
  g_assert_cmpint (file_size (path), >, paused_size);
  g_unlink (path);
}

/* What A says last, before it hangs up */
#define LAST_TONE 2400.0

static guint
count_heard (GArray *levels,
             guint   from)
{
  guint heard = 0;

  for (guint i = from; i < levels->len; i++)
    heard += g_array_index (levels, double, i) >= DT_TEST_HEARD_DB;
  return heard;
}

/* The hang-up ends the file: the last words are in it and it is a whole
 * Ogg stream with an end, as long as the recording lasted */
static void
test_hang_up (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "dt-test-hang-up.ogg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) last = NULL;
  g_autoptr(GArray) first = NULL;
  DtTestPair pair;
  gint64 started, ended;
  double recorded, decoded;
  gboolean complete = FALSE;
  guint tail;

  dt_test_pair_init (&pair, NULL, NULL);
  dt_test_pair_negotiate (&pair);
  dt_test_pair_play_tones (&pair);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  g_assert_true (dt_call_start_recording (pair.call_a, path, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  wait_growth (path, 6000);

  /* A's last words: hung up as soon as B has heard half a second of them */
  g_clear_pointer (&pair.tone_a, dt_test_tone_free);
  pair.tone_a = dt_test_tone_new ("dt_mic_feed", LAST_TONE);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, LAST_TONE, DT_TEST_HEARD_DB, NULL));
  ended = g_get_monotonic_time ();
  dt_call_report_disconnected (pair.call_a, "hang-up");
  g_assert_null (pair.call_a);

  /* The file is finished afterwards, without holding anything up */
  g_assert_cmpuint (dt_media_session_get_n_closing_recordings (), ==, 1);
  dt_test_wait_recordings_closed ();
  g_assert_true (dt_test_ogg_is_finished (path));

  last = dt_test_ogg_levels (path, LAST_TONE, &complete);
  first = dt_test_ogg_levels (path, DT_TEST_TONE_A, NULL);
  g_assert_true (complete);
  recorded = (ended - started) / (double) G_USEC_PER_SEC;
  decoded = last->len / 10.0;
  /* The blocks after the last one where A's first tone is heard */
  for (tail = first->len; tail > 0 && g_array_index (first, double, tail - 1) < DT_TEST_HEARD_DB; tail--)
    ;
  dt_test_note ("hang-up: %.2f s recorded, %.1f s in the file, the last tone in %u of its "
                "last %u blocks", recorded, decoded, count_heard (last, tail),
                last->len - tail);

  /* B heard 500 ms of the last tone in a row before the hang-up, and A
   * records what it sends before B can hear it: all of that is at the end
   * of the file (a block may straddle the start; the last may be short) */
  g_assert_cmpuint (last->len, >=, 6);
  g_assert_cmpuint (count_heard (last, last->len - 6), >=, 4);
  g_assert_cmpfloat (g_array_index (last, double, last->len - 2), >=, DT_TEST_HEARD_DB);
  /* Nothing lost at the end: the file lasts as long as the recording,
   * give or take the pipeline delays at either end */
  g_assert_cmpfloat (fabs (decoded - recorded), <, 0.5);

  dt_test_pair_clear (&pair);
  g_unlink (path);
}

static void
test_record_without_audio (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "dt-test-none.ogg", NULL);
  g_autoptr(GError) error = NULL;
  DtTestPair pair;

  /* Connected but no SDP exchanged yet: nothing to record */
  dt_test_pair_init (&pair, NULL, NULL);
  dt_call_report_connected (pair.call_a);
  g_assert_false (dt_call_start_recording (pair.call_a, path, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dt_test_pair_clear (&pair);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/recording/record", test_record);
  g_test_add_func ("/media/recording/hang-up", test_hang_up);
  g_test_add_func ("/media/recording/without-audio", test_record_without_audio);

  return g_test_run ();
}
