/* test-media-tone.c: two sessions call each other; tones go both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-test-audio.h"

static void
test_codec (gconstpointer data)
{
  const char *codec = data;
  DtTestCall call;

  dt_test_call_init (&call, codec, FALSE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

static void
test_echo_cancellation (void)
{
  DtTestCall call;

  dt_test_call_init (&call, "PCMU", TRUE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

/* B's speaker leaks into its microphone (B's input is its own speaker's
 * monitor): without echo cancellation A hears its own tone back, with it
 * B's canceller removes it. A's tone stops once B's canceller has had
 * time to converge, so only the echo is measured, at A's speaker. */
static double
echo_level (gboolean echo_cancellation)
{
  DtTestCall call;
  double level;

  dt_test_call_init (&call, "PCMU", echo_cancellation);
  g_object_set (call.b, "input-device", "dt_speaker_b.monitor", NULL);
  dt_test_call_start (&call);
  call.tone_a = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));
  /* The canceller adapts over a few seconds of far-end speech */
  dt_test_meter_measure (call.meter_a, DT_TEST_TONE_A, 4.0, &level);
  dt_test_meter_measure (call.meter_a, DT_TEST_TONE_A, 2.0, &level);
  dt_test_call_clear (&call);
  return level;
}

static void
test_echo_removed (void)
{
  double without = echo_level (FALSE);
  double with = echo_level (TRUE);

  dt_test_note ("A's own tone coming back from B: %.1f dBFS without echo cancellation, "
                "%.1f dBFS with it", without, with);
  g_assert_cmpfloat (without, >=, DT_TEST_HEARD_DB);
  g_assert_cmpfloat (with, <, without - 20.0);
}

typedef struct {
  DtMediaSession *session;
  guint           target;
} PacketWait;

static gboolean
packets_arrived (gpointer data)
{
  PacketWait *wait = data;

  return dt_media_session_get_packets_received (wait->session) >= wait->target;
}

/* Packets keep arriving at @session: at least 25 more (half a second of
 * 20 ms packets) within the deadline */
static void
assert_packets_flow (DtMediaSession *session)
{
  PacketWait wait = { session, dt_media_session_get_packets_received (session) + 25 };

  g_assert_true (dt_test_wait_until (packets_arrived, &wait, DT_TEST_DEADLINE_S));
}

static void
test_mute (void)
{
  DtTestCall call;
  double level;

  dt_test_call_init (&call, "PCMU", FALSE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  dt_media_session_set_muted (call.a, TRUE);
  g_assert_true (dt_media_session_get_muted (call.a));
  /* Let what was in flight play out, then listen */
  assert_packets_flow (call.b);
  dt_test_meter_measure (call.meter_b, DT_TEST_TONE_A, 1.0, &level);
  dt_test_note ("muted: %.0f Hz at B at most %.1f dBFS", DT_TEST_TONE_A, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  assert_packets_flow (call.b);

  /* The other way is untouched */
  g_assert_true (dt_test_meter_wait_tone (call.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));

  dt_media_session_set_muted (call.a, FALSE);
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("unmuted: %.0f Hz at B at %.1f dBFS", DT_TEST_TONE_A, level);
  dt_test_call_clear (&call);
}

typedef struct {
  DtMediaSession *session;
  guint           last;
  gint64          quiet_since;
} QuietWait;

/* No packet for a whole second */
static gboolean
packets_stopped (gpointer data)
{
  QuietWait *wait = data;
  guint now = dt_media_session_get_packets_received (wait->session);

  if (now != wait->last)
    {
      wait->last = now;
      wait->quiet_since = g_get_monotonic_time ();
    }
  return g_get_monotonic_time () - wait->quiet_since >= G_USEC_PER_SEC;
}

static void
set_direction (DtMediaSession     *session,
               DtMediaDescription *desc,
               DtMediaDirection    direction)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  desc->direction = direction;
  ok = dt_media_session_set_description (session, desc, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (dt_media_session_get_direction (session), ==, direction);
}

static void
test_hold (void)
{
  DtTestCall call;
  QuietWait quiet = { 0 };
  double level;

  dt_test_call_init (&call, "PCMA", FALSE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);

  /* A holds: it offers sendonly, B answers recvonly and so sends nothing */
  set_direction (call.a, &call.desc_a, DT_MEDIA_DIRECTION_SENDONLY);
  set_direction (call.b, &call.desc_b, DT_MEDIA_DIRECTION_RECVONLY);
  g_assert_true (dt_media_session_get_running (call.a));

  quiet.session = call.a;
  quiet.last = dt_media_session_get_packets_received (call.a);
  quiet.quiet_since = g_get_monotonic_time ();
  g_assert_true (dt_test_wait_until (packets_stopped, &quiet, DT_TEST_DEADLINE_S));
  dt_test_meter_measure (call.meter_a, DT_TEST_TONE_B, 0.5, &level);
  dt_test_note ("held: A receives no RTP; %.0f Hz at A at most %.1f dBFS", DT_TEST_TONE_B, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  /* sendonly: A's audio still reaches B */
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* Inactive both ways: nothing reaches B either */
  set_direction (call.a, &call.desc_a, DT_MEDIA_DIRECTION_INACTIVE);
  set_direction (call.b, &call.desc_b, DT_MEDIA_DIRECTION_INACTIVE);
  quiet.session = call.b;
  quiet.last = dt_media_session_get_packets_received (call.b);
  quiet.quiet_since = g_get_monotonic_time ();
  g_assert_true (dt_test_wait_until (packets_stopped, &quiet, DT_TEST_DEADLINE_S));

  /* Resume: the same pipelines carry audio both ways again */
  set_direction (call.a, &call.desc_a, DT_MEDIA_DIRECTION_SENDRECV);
  set_direction (call.b, &call.desc_b, DT_MEDIA_DIRECTION_SENDRECV);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

static void
test_output_switch (void)
{
  DtTestCall call;
  g_autoptr(DtTestMeter) meter = NULL;
  double level;

  dt_test_call_init (&call, "PCMU", FALSE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* B's output moves from dt_speaker_b to a new speaker during the call */
  dt_test_pulse_add_sink ("dt_test_speaker_c");
  meter = dt_test_meter_new ("dt_test_speaker_c.monitor");
  dt_media_session_set_output_device (call.b, "dt_test_speaker_c");
  g_assert_true (dt_test_meter_wait_tone (meter, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("after the switch: %.0f Hz at the new speaker at %.1f dBFS", DT_TEST_TONE_A, level);
  dt_test_meter_measure (call.meter_b, DT_TEST_TONE_A, 0.5, &level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  dt_test_call_clear (&call);
}

static void
test_input_switch (void)
{
  g_autoptr(DtTestTone) tone = NULL;
  DtTestCall call;
  double level;

  dt_test_call_init (&call, "G722", FALSE);
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* A's microphone becomes another source, with a third tone on it */
  dt_test_pulse_add_sink ("dt_test_mic_c");
  tone = dt_test_tone_new ("dt_test_mic_c", 700.0);
  dt_media_session_set_input_device (call.a, "dt_test_mic_c.monitor");
  g_assert_true (dt_test_meter_wait_tone (call.meter_b, 700.0, DT_TEST_HEARD_DB, &level));
  dt_test_note ("after the switch: 700 Hz at B at %.1f dBFS", level);
  dt_test_meter_measure (call.meter_b, DT_TEST_TONE_A, 0.5, &level);
  g_assert_cmpfloat (level, <, DT_TEST_HEARD_DB - DT_TEST_MARGIN_DB);
  dt_test_call_clear (&call);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/media/tone/pcmu", "PCMU", test_codec);
  g_test_add_data_func ("/media/tone/pcma", "PCMA", test_codec);
  g_test_add_data_func ("/media/tone/g722", "G722", test_codec);
  g_test_add_data_func ("/media/tone/opus", "opus", test_codec);
  g_test_add_func ("/media/tone/echo-cancellation", test_echo_cancellation);
  g_test_add_func ("/media/tone/echo-removed", test_echo_removed);
  g_test_add_func ("/media/tone/mute", test_mute);
  g_test_add_func ("/media/tone/hold", test_hold);
  g_test_add_func ("/media/tone/output-switch", test_output_switch);
  g_test_add_func ("/media/tone/input-switch", test_input_switch);

  return g_test_run ();
}
