/* test-media-pulse-sink.c: the call's speaker element on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtMediaPulseSink plays a live tone onto the harness's speakers; the tone
 * is heard at the sink's monitor, follows the speaker when it is moved
 * live, comes back after the sound stopped for a while (as on hold, where
 * the server runs dry and the sound that follows must not be placed behind
 * what it plays), and a speaker that does not exist is an error that says
 * so, as is a sound server that cannot be reached.
 */
#include <locale.h>

#include "dt-media-pulse-sink.h"
#include "dt-test-audio.h"

#define RATE 16000
/* Long enough for the server to run dry many times over */
#define PAUSE_MS 1500

typedef struct {
  GstElement *pipeline;
  GstElement *sink;
  gint        paused;
} Playback;

static GstPadProbeReturn
drop_while_paused (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  Playback *playback = user_data;

  return g_atomic_int_get (&playback->paused) ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

static void
playback_start (Playback   *playback,
                const char *device)
{
  g_autoptr(GstCaps) caps = dt_test_mono_caps (RATE);
  g_autoptr(GstPad) pad = NULL;
  GstElement *tone, *filter;

  playback->pipeline = gst_pipeline_new (NULL);
  tone = gst_element_factory_make ("audiotestsrc", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  playback->sink = dt_media_pulse_sink_new ();
  g_assert_nonnull (tone);
  g_object_set (tone, "is-live", TRUE, "freq", DT_TEST_TONE_A, "volume", 0.3,
                "samplesperbuffer", RATE / 50, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (playback->sink, "device", device, NULL);
  gst_bin_add_many (GST_BIN (playback->pipeline), tone, filter, playback->sink, NULL);
  g_assert_true (gst_element_link_many (tone, filter, playback->sink, NULL));
  pad = gst_element_get_static_pad (playback->sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, drop_while_paused, playback, NULL);
  gst_element_set_state (playback->pipeline, GST_STATE_PLAYING);
}

static void
playback_stop (Playback *playback)
{
  gst_element_set_state (playback->pipeline, GST_STATE_NULL);
  gst_clear_object (&playback->pipeline);
}

static void
test_tone (void)
{
  g_autoptr(DtTestMeter) meter_a = dt_test_meter_new ("dt_speaker_a.monitor");
  g_autoptr(DtTestMeter) meter_b = dt_test_meter_new ("dt_speaker_b.monitor");
  Playback playback = { 0 };
  double level = -180.0;

  playback_start (&playback, "dt_speaker_a");
  g_assert_true (dt_test_meter_wait_tone (meter_a, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("%.0f Hz at %.1f dBFS on dt_speaker_a", DT_TEST_TONE_A, level);

  /* Moved live: the other speaker has it, the first no longer */
  g_object_set (playback.sink, "device", "dt_speaker_b", NULL);
  g_assert_true (dt_test_meter_wait_tone (meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  g_assert_true (dt_test_meter_wait_tone_gone (meter_a, DT_TEST_TONE_A, DT_TEST_SILENT_DB));
  dt_test_note ("moved: %.0f Hz at %.1f dBFS on dt_speaker_b", DT_TEST_TONE_A, level);
  playback_stop (&playback);
}

static void
test_pause (void)
{
  g_autoptr(DtTestMeter) meter = dt_test_meter_new ("dt_speaker_a.monitor");
  Playback playback = { 0 };
  double level = -180.0;

  playback_start (&playback, "dt_speaker_a");
  g_assert_true (dt_test_meter_wait_tone (meter, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));

  g_atomic_int_set (&playback.paused, TRUE);
  g_assert_true (dt_test_meter_wait_tone_gone (meter, DT_TEST_TONE_A, DT_TEST_SILENT_DB));
  /* Silence all along, while the server runs dry again and again */
  dt_test_meter_measure (meter, DT_TEST_TONE_A, PAUSE_MS / 1000.0, &level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  g_atomic_int_set (&playback.paused, FALSE);

  g_assert_true (dt_test_meter_wait_tone (meter, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("after %d ms without sound: %.0f Hz at %.1f dBFS", PAUSE_MS,
                DT_TEST_TONE_A, level);
  playback_stop (&playback);
}

static void
test_no_device (void)
{
  Playback playback = { 0 };

  playback_start (&playback, "dt_no_such_speaker");
  dt_test_assert_pipeline_error (playback.pipeline, "The speaker could not be opened.");
  playback_stop (&playback);
}

/* The sentence is dt-media-pulse.c's, for the microphone as well */
static void
test_no_server (void)
{
  g_autofree char *server = g_strdup (g_getenv ("PULSE_SERVER"));
  Playback playback = { 0 };

  g_setenv ("PULSE_SERVER", "unix:/nonexistent/dt-no-sound-server", TRUE);
  playback_start (&playback, "dt_speaker_a");
  dt_test_assert_pipeline_error (playback.pipeline, "The sound server could not be reached.");
  playback_stop (&playback);
  g_setenv ("PULSE_SERVER", server, TRUE);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/pulse-sink/tone", test_tone);
  g_test_add_func ("/media/pulse-sink/pause", test_pause);
  g_test_add_func ("/media/pulse-sink/no-device", test_no_device);
  g_test_add_func ("/media/pulse-sink/no-server", test_no_server);

  return g_test_run ();
}
