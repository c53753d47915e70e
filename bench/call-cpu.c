/* call-cpu.c: CPU time of Dialtone over an established call, against baresip
 * on the same call
 *
 * Dialtone runs in this process (a DtSipStack, a direct line, a DtCallManager
 * with the GStreamer media backend, speaking into dt_mic and playing on
 * dt_speaker_a); it calls baresip, which answers at once, sends its sine
 * tone and plays what it hears to PulseAudio. A tone from another process
 * feeds Dialtone's microphone. Once the call is established and has run for
 * WARM_UP_S, the CPU time (utime + stime from /proc/PID/stat) of both
 * processes is taken over MEASURE_S of the main loop running, for PCMU and
 * Opus, with Dialtone's echo cancellation (dt-media-voice-filter.h) off and
 * on. baresip has no echo canceller here: its figure is the same call
 * without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gst/gst.h>

#include "dt-gst-media-backend.h"
#include "dt-sip-line.h"
#include "dt-sip-stack.h"
#include "model/dt-call-manager.h"

#include "dt-test-baresip.h"
#include "dt-test-fixture.h"
#include "dt-test-peer.h"

/* The 30 s: /proc counts in 10 ms ticks, which over 10 s of a
 * 0.2 s process were 5 % of the figure */
#define MEASURE_S 30
#define WARM_UP_S 2
#define RUNS      4

typedef struct {
  const char *codec;      /* baresip's audio_codecs, our codec then */
  gboolean    echo_cancellation;
} Run;

static const Run runs[RUNS] = {
  { "PCMU", FALSE },
  { "PCMU", TRUE },
  { "opus", FALSE },
  { "opus", TRUE },
};

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("call-cpu: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* utime + stime of @pid, in seconds */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime, stime;
  const char *fields;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    die ("cannot read /proc/PID/stat", NULL);
  /* The command name in parentheses may hold spaces: fields follow the
   * last ')' (state is field 3, utime 14, stime 15) */
  fields = strrchr (text, ')');
  if (fields == NULL ||
      sscanf (fields + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
              &utime, &stime) != 2)
    die ("cannot parse /proc/PID/stat", NULL);
  return (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the default main context for @seconds, as Dialtone's would */
static void
run_for (guint seconds)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add_seconds (seconds, quit_loop, loop);
  g_main_loop_run (loop);
}

static void
measure (DtSipStack *stack,
         const Run  *run,
         double     *dialtone,
         double     *baresip_cpu)
{
  DtTestBaresipOptions options = { .audio_codecs = run->codec, .audible = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestBaresip) baresip = dt_test_baresip_start_with (&options, &error);
  g_autoptr(DtGstMediaBackend) media = NULL;
  g_autoptr(Record) record = NULL;
  g_autofree char *target = NULL;
  Fixture fixture = { .stack = stack };
  double ours_before, theirs_before;
  GPid pid;

  if (baresip == NULL)
    die ("baresip did not start", error);
  pid = dt_test_baresip_get_pid (baresip);

  media = g_object_new (DT_TYPE_GST_MEDIA_BACKEND,
                        "echo-cancellation", run->echo_cancellation,
                        "input-device", "dt_mic", "output-device", "dt_speaker_a", NULL);
  fixture.manager = dt_call_manager_new (DT_MEDIA_BACKEND (media));
  fixture.line = dt_sip_line_create_direct_line (stack, "direct");
  dt_call_manager_add_line (fixture.manager, fixture.line);

  target = uri_for (dt_test_baresip_get_sip_port (baresip));
  record = dial (&fixture, target);
  if (!dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS) ||
      !dt_test_baresip_wait_event (baresip, "CALL_ESTABLISHED", STEP_MS))
    die ("the call was not established", NULL);
  if (g_ascii_strncasecmp (dt_call_get_codec (record->call), run->codec, strlen (run->codec)) != 0)
    die ("the call has another codec", NULL);

  run_for (WARM_UP_S);
  ours_before = cpu_seconds (getpid ());
  theirs_before = cpu_seconds (pid);
  run_for (MEASURE_S);
  *dialtone = cpu_seconds (getpid ()) - ours_before;
  *baresip_cpu = cpu_seconds (pid) - theirs_before;

  if (!dt_call_end (record->call, &error) ||
      !dt_test_baresip_wait_event (baresip, "CALL_CLOSED", STEP_MS) ||
      !dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS))
    die ("the call did not end", error);

  dt_call_manager_remove_line (fixture.manager, fixture.line);
  g_clear_object (&fixture.line);
  g_clear_object (&fixture.manager);
}

int
main (int    argc,
      char **argv)
{
  const char *tone_argv[] = {
    "gst-launch-1.0", "-q", "audiotestsrc", "is-live=true", "wave=sine", "freq=1000",
    "volume=0.3", "!", "audio/x-raw,rate=48000,channels=1", "!",
    "pulsesink", "device=dt_mic_feed", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestPeer) tone = NULL;
  DtSipStack *stack;

  /* baresip plays through ALSA's pulse plugin onto this sink */
  g_setenv ("PULSE_SINK", "dt_speaker_b", TRUE);
  gst_init (&argc, &argv);

  if (g_getenv ("PULSE_SERVER") == NULL)
    {
      g_print ("call-cpu: needs the harness's PulseAudio (dt-harness --pulse); skipped\n");
      return 77;
    }

  tone = dt_test_peer_spawn (tone_argv, &error);
  if (tone == NULL)
    die ("the microphone tone did not start", error);
  stack = start_stack (0, &error);
  if (stack == NULL)
    die ("the SIP stack did not start", error);

  g_print ("call-cpu: CPU seconds (utime+stime) over %d s of an established call, "
           "%d s after it was established\n", MEASURE_S, WARM_UP_S);
  for (guint i = 0; i < RUNS; i++)
    {
      double dialtone, baresip;

      measure (stack, &runs[i], &dialtone, &baresip);
      g_print ("call-cpu: %-4s echo cancellation %-3s: dialtone %.2f s (%.1f %% of a core), "
               "baresip %.2f s (%.1f %%), ratio %.2f\n",
               runs[i].codec, runs[i].echo_cancellation ? "on" : "off",
               dialtone, 100.0 * dialtone / MEASURE_S, baresip, 100.0 * baresip / MEASURE_S,
               baresip > 0 ? dialtone / baresip : 0.0);
    }

  stop_stack (stack);
  return 0;
}
