/* test-media-pulse-source.c: the call's microphone element on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtMediaPulseSource reads the harness's microphone (dt_mic, fed a tone
 * through dt_mic_feed) into an appsink: blocks of 20 ms in the rate asked
 * for, stamped contiguously, carrying the tone, and never lagging the clock
 * for long, not even after its streaming thread stalled.
 */
#include <locale.h>

#include <gst/app/gstappsink.h>

#include "dt-media-pulse-source.h"
#include "dt-test-audio.h"

#define RATE     16000
#define BLOCK_NS (20 * GST_MSECOND)
/* What the source may lag the clock by once a backlog is drained (it hands
 * on what is queued at once): the block being filled and the server's
 * fragment, with room for a loaded machine */
#define MAX_LAG_NS (150 * GST_MSECOND)
#define STALL_US (400 * G_TIME_SPAN_MILLISECOND)
/* A tone crosses zero, exactly, for a sample or two at most */
#define MAX_SILENCE 8

typedef struct {
  GstElement *pipeline;
  GstElement *source;
  GstElement *sink;
  gboolean    stall;
} Capture;

/* Once, in the streaming thread: as long as a stuck encoder would */
static GstPadProbeReturn
stall_once (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  g_usleep (STALL_US);
  return GST_PAD_PROBE_REMOVE;
}

static void
capture_start (Capture    *capture,
               const char *device)
{
  g_autoptr(GstCaps) caps = dt_test_mono_caps (RATE);

  capture->pipeline = gst_pipeline_new (NULL);
  capture->source = dt_media_pulse_source_new ();
  capture->sink = gst_element_factory_make ("appsink", NULL);
  g_object_set (capture->source, "device", device, NULL);
  g_object_set (capture->sink, "caps", caps, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (capture->pipeline), capture->source, capture->sink, NULL);
  g_assert_true (gst_element_link (capture->source, capture->sink));
  gst_element_set_state (capture->pipeline, GST_STATE_PLAYING);
}

static void
capture_stop (Capture *capture)
{
  gst_element_set_state (capture->pipeline, GST_STATE_NULL);
  gst_clear_object (&capture->pipeline);
}

static GstClockTime
running_time (Capture *capture)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (capture->pipeline);

  return gst_clock_get_time (clock) - gst_element_get_base_time (capture->pipeline);
}

/* Pulls @seconds of blocks, checking each; *@lag is how far the last one's
 * end is behind the clock when it arrives; returns the samples */
static GArray *
pull (Capture      *capture,
      double        seconds,
      GstClockTime *lag)
{
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  GstClockTime next = GST_CLOCK_TIME_NONE;
  guint blocks = (guint) (seconds * GST_SECOND / BLOCK_NS);

  for (guint i = 0; i < blocks; i++)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (capture->sink),
                                                                  5 * GST_SECOND);
      GstClockTime now = running_time (capture);
      GstBuffer *buffer;
      GstMapInfo map;

      g_assert_nonnull (sample);
      buffer = gst_sample_get_buffer (sample);
      g_assert_cmpuint (gst_buffer_get_size (buffer), ==, RATE / 50 * sizeof (gint16));
      g_assert_cmpuint (GST_BUFFER_DURATION (buffer), ==, BLOCK_NS);
      g_assert_true (GST_BUFFER_PTS_IS_VALID (buffer));
      /* Contiguous stamps, except where it says sound was lost */
      if (GST_CLOCK_TIME_IS_VALID (next) && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT))
        g_assert_cmpuint (GST_BUFFER_PTS (buffer), ==, next);
      next = GST_BUFFER_PTS (buffer) + BLOCK_NS;
      *lag = now > next ? now - next : 0;

      g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
      g_array_append_vals (samples, map.data, map.size / sizeof (gint16));
      gst_buffer_unmap (buffer, &map);
    }
  return samples;
}

/* The longest run of exact zeros in @samples after the first @skip */
static gsize
longest_silence (GArray *samples,
                 gsize   skip)
{
  gsize longest = 0, run = 0;

  for (gsize i = skip; i < samples->len; i++)
    {
      run = g_array_index (samples, gint16, i) == 0 ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  return longest;
}

static void
test_blocks (void)
{
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autoptr(GArray) samples = NULL;
  Capture capture = { 0 };
  GstClockTime lag = 0;
  double level;
  gsize silence;

  capture_start (&capture, "dt_mic");
  samples = pull (&capture, 3.0, &lag);
  level = dt_test_goertzel_db ((const gint16 *) samples->data + samples->len - RATE / 2,
                               RATE / 2, RATE, DT_TEST_TONE_A);
  /* Once the tone is there, no block is ever padded with silence: a block
   * is handed on only when the server sent all of it */
  silence = longest_silence (samples, RATE);
  dt_test_note ("%.0f Hz at %.1f dBFS, last block %.1f ms behind the clock, "
                "longest silence %" G_GSIZE_FORMAT " samples",
                DT_TEST_TONE_A, level, (double) lag / GST_MSECOND, silence);
  g_assert_cmpfloat (level, >, DT_TEST_HEARD_DB);
  g_assert_cmpuint (lag, <, MAX_LAG_NS);
  g_assert_cmpuint (silence, <, MAX_SILENCE);
  capture_stop (&capture);
}

static void
test_stall (void)
{
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  Capture capture = { 0 };
  GstClockTime lag = 0;

  capture_start (&capture, "dt_mic");
  before = pull (&capture, 1.0, &lag);
  pad = gst_element_get_static_pad (capture.source, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, stall_once, NULL, NULL);
  /* The blocks held up by the stall come at once; a second later the
   * source must be back with the clock */
  after = pull (&capture, 1.5, &lag);
  dt_test_note ("%.1f ms behind the clock after a %d ms stall", (double) lag / GST_MSECOND,
                (int) (STALL_US / 1000));
  g_assert_cmpuint (lag, <, MAX_LAG_NS);
  capture_stop (&capture);
}

static void
test_no_device (void)
{
  Capture capture = { 0 };

  capture_start (&capture, "dt_no_such_microphone");
  dt_test_assert_pipeline_error (capture.pipeline, "The microphone could not be opened.");
  capture_stop (&capture);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/pulse-source/blocks", test_blocks);
  g_test_add_func ("/media/pulse-source/stall", test_stall);
  g_test_add_func ("/media/pulse-source/no-device", test_no_device);

  return g_test_run ();
}
