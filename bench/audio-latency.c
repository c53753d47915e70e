/* audio-latency.c: one-way delay of a call's audio on loopback, Dialtone
 * against baresip
 *
 * A tick (10 ms of 1 kHz, one a second) from another process plays into
 * dt_mic_feed, whose monitor is the microphone dt_mic of the sending side;
 * the receiving side plays to dt_speaker_b. One pipeline here records
 * dt_mic_feed.monitor and dt_speaker_b.monitor on the same clock; a tick's
 * delay is the time from its onset on the first to its onset on the second,
 * so what PulseAudio adds to record a monitor cancels out and what remains
 * is the call: capture, encoding, network, jitter buffer, decoding, playback.
 *
 * Dialtone: two DtMediaSessions calling each other (PCMU, the jitter
 * buffer starting at its default 40 ms, echo cancellation on as by
 * default, then off: the ratio and target are for the default). baresip:
 * two processes calling each other (PCMU, their default jitter buffer), the
 * caller reading dt_mic and the callee playing to dt_speaker_b through
 * ALSA's pulse plugin (baresip 1.0 has no PulseAudio module).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "dt-media-session.h"

#include "dt-test-baresip.h"
#include "dt-test-peer.h"

#define RATE       48000
#define TICKS      10
#define STEP_MS    10000
/* An onset: a sample above THRESHOLD after QUIET_S without one */
#define THRESHOLD  0.05
#define QUIET_S    0.5
#define WARM_UP_S  3

typedef struct {
  GstAppSink *sink;
  gboolean    armed;
  double      quiet_since;
  GArray     *onsets;  /* double, seconds of running time */
} Track;

typedef struct {
  GstElement *pipeline;
  Track       in;
  Track       out;
} Recorder;

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("audio-latency: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
track_init (Track      *track,
            GstElement *pipeline,
            const char *name)
{
  track->sink = GST_APP_SINK (gst_bin_get_by_name (GST_BIN (pipeline), name));
  track->onsets = g_array_new (FALSE, FALSE, sizeof (double));
  track->armed = FALSE;
  track->quiet_since = 0.0;
}

/* Reads what the track has, without blocking */
static void
track_read (Track *track)
{
  GstSample *sample;

  while ((sample = gst_app_sink_try_pull_sample (track->sink, 0)) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstClockTime pts = GST_BUFFER_PTS (buffer);
      GstMapInfo map;

      if (GST_CLOCK_TIME_IS_VALID (pts) && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          const gint16 *samples = (const gint16 *) map.data;
          gsize n = map.size / sizeof (gint16);

          for (gsize i = 0; i < n; i++)
            {
              double t = (double) pts / GST_SECOND + (double) i / RATE;

              if (fabs (samples[i] / 32768.0) < THRESHOLD)
                {
                  if (!track->armed && t - track->quiet_since >= QUIET_S)
                    track->armed = TRUE;
                  continue;
                }
              track->quiet_since = t;
              if (track->armed)
                {
                  g_array_append_val (track->onsets, t);
                  track->armed = FALSE;
                }
            }
          gst_buffer_unmap (buffer, &map);
        }
      gst_sample_unref (sample);
    }
}

static void
recorder_start (Recorder *recorder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstClock) clock = gst_system_clock_obtain ();
  const char *branch = "! audioconvert ! audioresample ! "
                       "audio/x-raw,format=S16LE,rate=48000,channels=1 ! "
                       "appsink sync=false max-buffers=1000 drop=true name=";
  g_autofree char *description =
    g_strdup_printf ("pulsesrc device=dt_mic_feed.monitor buffer-time=20000 latency-time=5000 %sin "
                     "pulsesrc device=dt_speaker_b.monitor buffer-time=20000 latency-time=5000 %sout",
                     branch, branch);

  recorder->pipeline = gst_parse_launch (description, &error);
  if (recorder->pipeline == NULL)
    die ("the recorder did not start", error);
  gst_pipeline_use_clock (GST_PIPELINE (recorder->pipeline), clock);
  track_init (&recorder->in, recorder->pipeline, "in");
  track_init (&recorder->out, recorder->pipeline, "out");
  if (gst_element_set_state (recorder->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    die ("the recorder did not start", NULL);
}

static void
recorder_stop (Recorder *recorder)
{
  gst_element_set_state (recorder->pipeline, GST_STATE_NULL);
  g_clear_object (&recorder->in.sink);
  g_clear_object (&recorder->out.sink);
  g_clear_pointer (&recorder->in.onsets, g_array_unref);
  g_clear_pointer (&recorder->out.onsets, g_array_unref);
  g_clear_object (&recorder->pipeline);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context for @seconds while reading both tracks */
static void
record_for (Recorder *recorder,
            double    seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint id = g_timeout_add (10, wake, NULL);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, TRUE);
      track_read (&recorder->in);
      track_read (&recorder->out);
    }
  g_source_remove (id);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Each tick sent matched with the first onset heard after it, within
 * half a second; prints and returns the median delay in ms */
static double
report (const char *who,
        Recorder   *recorder)
{
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *in = recorder->in.onsets, *out = recorder->out.onsets;
  double median;
  guint j = 0;

  for (guint i = 0; i < in->len; i++)
    {
      double sent = g_array_index (in, double, i);

      while (j < out->len && g_array_index (out, double, j) < sent)
        j++;
      if (j < out->len && g_array_index (out, double, j) - sent < 0.5)
        {
          double delay = 1000.0 * (g_array_index (out, double, j) - sent);

          g_array_append_val (delays, delay);
        }
    }

  if (delays->len < TICKS / 2)
    {
      g_print ("audio-latency: %s: only %u of %u ticks came through\n", who, delays->len, in->len);
      return -1.0;
    }
  g_array_sort (delays, compare_doubles);
  median = g_array_index (delays, double, delays->len / 2);
  g_print ("audio-latency: %s median %.1f ms over %u ticks (min %.1f, max %.1f)\n", who, median,
           delays->len, g_array_index (delays, double, 0),
           g_array_index (delays, double, delays->len - 1));
  return median;
}

static DtMediaSession *
new_session (const char *input,
             const char *output,
             gboolean    echo_cancellation)
{
  g_autoptr(GError) error = NULL;
  DtMediaSession *session = dt_media_session_new ("127.0.0.1", &error);

  if (session == NULL)
    die ("no media session", error);
  g_object_set (session, "input-device", input, "output-device", output,
                "echo-cancellation", echo_cancellation, NULL);
  return session;
}

static void
start_session (DtMediaSession *session,
               DtMediaSession *peer)
{
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;

  dt_media_description_init (&desc);
  desc.codec = g_strdup ("PCMU");
  desc.clock_rate = 8000;
  desc.telephone_event_pt = 101;
  desc.remote_address = g_strdup ("127.0.0.1");
  desc.remote_rtp_port = dt_media_session_get_rtp_port (peer);
  desc.remote_rtcp_port = dt_media_session_get_rtcp_port (peer);
  if (!dt_media_session_set_description (session, &desc, &error))
    die ("the audio did not start", error);
}

static double
measure_dialtone (gboolean echo_cancellation)
{
  /* The callee's microphone is the caller's speaker, which plays only the
   * callee's own silence: only the caller's ticks reach dt_speaker_b */
  g_autoptr(DtMediaSession) caller = new_session ("dt_mic", "dt_speaker_a", echo_cancellation);
  g_autoptr(DtMediaSession) callee = new_session ("dt_speaker_a.monitor", "dt_speaker_b",
                                                  echo_cancellation);
  Recorder recorder = { 0 };
  double median;

  start_session (caller, callee);
  start_session (callee, caller);
  recorder_start (&recorder);
  record_for (&recorder, WARM_UP_S);
  g_array_set_size (recorder.in.onsets, 0);
  g_array_set_size (recorder.out.onsets, 0);
  record_for (&recorder, TICKS + 0.5);
  median = report (echo_cancellation ? "dialtone" : "dialtone, echo cancellation off",
                   &recorder);
  recorder_stop (&recorder);
  dt_media_session_stop (caller);
  dt_media_session_stop (callee);
  return median;
}

static double
measure_baresip (void)
{
  DtTestBaresipOptions caller_options = { .audio_source = "alsa,pulse", .audible = TRUE };
  DtTestBaresipOptions callee_options = { .audible = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestBaresip) caller = NULL;
  g_autoptr(DtTestBaresip) callee = NULL;
  g_autofree char *target = NULL;
  Recorder recorder = { 0 };
  double median;

  /* What each inherits (set before any thread of ours runs): the caller
   * reads dt_mic and plays the callee's tone on dt_speaker_a, the callee
   * plays on dt_speaker_b */
  g_setenv ("PULSE_SOURCE", "dt_mic", TRUE);
  g_setenv ("PULSE_SINK", "dt_speaker_b", TRUE);
  if ((callee = dt_test_baresip_start_with (&callee_options, &error)) == NULL)
    die ("baresip did not start", error);
  g_setenv ("PULSE_SINK", "dt_speaker_a", TRUE);
  if ((caller = dt_test_baresip_start_with (&caller_options, &error)) == NULL)
    die ("baresip did not start", error);

  target = g_strdup_printf ("sip:bob@127.0.0.1:%u", dt_test_baresip_get_sip_port (callee));
  if (!dt_test_baresip_command (caller, "dial", target, &error) ||
      !dt_test_baresip_wait_event (caller, "CALL_ESTABLISHED", STEP_MS))
    {
      g_autofree char *output = dt_test_baresip_dup_output (caller);

      g_printerr ("%s\n", output);
      die ("the baresip call was not established", error);
    }

  recorder_start (&recorder);
  record_for (&recorder, WARM_UP_S);
  g_array_set_size (recorder.in.onsets, 0);
  g_array_set_size (recorder.out.onsets, 0);
  record_for (&recorder, TICKS + 0.5);
  median = report ("baresip", &recorder);
  recorder_stop (&recorder);
  dt_test_baresip_command (caller, "hangup", NULL, NULL);
  return median;
}

int
main (int    argc,
      char **argv)
{
  const char *tick_argv[] = {
    "gst-launch-1.0", "-q", "audiotestsrc", "is-live=true", "wave=ticks", "freq=1000",
    "sine-periods-per-tick=10", "tick-interval=1000000000", "volume=0.5", "!",
    "audio/x-raw,rate=48000,channels=1", "!",
    "pulsesink", "device=dt_mic_feed", "buffer-time=20000", "latency-time=5000", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestPeer) ticks = NULL;
  double dialtone, baresip;

  gst_init (&argc, &argv);
  if (g_getenv ("PULSE_SERVER") == NULL)
    {
      g_print ("audio-latency: needs the harness's PulseAudio (dt-harness --pulse); skipped\n");
      return 77;
    }

  ticks = dt_test_peer_spawn (tick_argv, &error);
  if (ticks == NULL)
    die ("the ticks did not start", error);

  /* baresip first: it takes its sound devices from the environment, which
   * is only safe to change before GStreamer runs threads */
  baresip = measure_baresip ();
  dialtone = measure_dialtone (TRUE);
  measure_dialtone (FALSE);
  if (dialtone > 0 && baresip > 0)
    g_print ("audio-latency: ratio dialtone/baresip %.2f; target dialtone <= 60 ms and below "
             "baresip: %s\n", dialtone / baresip,
             dialtone <= 60.0 && dialtone < baresip ? "met" : "not met");
  return dialtone > 0 && baresip > 0 ? 0 : 1;
}
