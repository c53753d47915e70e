/* test-media-recording.c: a call recorded through the model, heard in the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

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
  double level_a, level_b;

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
  dt_test_note ("recording: %.0f Hz at %.1f dBFS, %.0f Hz at %.1f dBFS",
                DT_TEST_TONE_A, level_a, DT_TEST_TONE_B, level_b);
  g_assert_cmpfloat (level_a, >=, DT_TEST_HEARD_DB);
  g_assert_cmpfloat (level_b, >=, DT_TEST_HEARD_DB);
  g_assert_cmpfloat (dt_test_ogg_max_level (path, 700.0), <, DT_TEST_HEARD_DB - DT_TEST_MARGIN_DB);

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
  g_test_add_func ("/media/recording/without-audio", test_record_without_audio);

  return g_test_run ();
}
