/* test-sip-media.c: calls with audio between Dialtone and baresip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dialtone: the direct line, with the GStreamer media backend speaking into
 * dt_mic and listening on dt_speaker_a. baresip: its 440 Hz sine as its
 * microphone, playing what it hears on dt_speaker_b.
 */
#include "dt-test-media-fixture.h"

static DtTestBaresip *
start_baresip (void)
{
  g_autoptr(GError) error = NULL;
  DtTestBaresip *baresip = dt_test_baresip_start_audible (&error);

  g_assert_no_error (error);
  return baresip;
}

static void
test_outgoing (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU/8000");
  g_assert_false (dt_call_get_secure (record->call));
  assert_two_way_with_baresip ();

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
}

static void
test_incoming (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autofree char *target = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                             dt_sip_stack_get_port (fixture->stack));
  g_autoptr(GError) error = NULL;
  Record *record;

  g_assert_true (dt_test_baresip_command (baresip, "dial", target, &error));
  g_assert_no_error (error);
  record = wait_incoming (fixture, 1);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU/8000");
  assert_two_way_with_baresip ();

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
}

static void
test_not_acceptable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-not-acceptable.xml", NULL);
  g_autoptr(GError) error = NULL;
  Record *record = wait_incoming (fixture, 1);

  /* Only G.729 offered: answering refuses it with 488 and ends the call */
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "488 Not Acceptable Here");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* A plain RTP offer to a line that requires SRTP is refused when answered,
 * and nothing of the call is left */
static void
test_srtp_mandatory_incoming (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(GError) error = NULL;
  Record *record;

  dt_line_set_srtp (fixture->line, "mandatory");
  sipp = call_in (fixture, "uac-plain-rtp.xml", NULL);
  record = wait_incoming (fixture, 1);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "488 Not Acceptable Here");
  g_assert_false (dt_call_get_secure (record->call));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_calls (fixture->manager)), ==, 0);
}

/* Our offer on such a line is RTP/SAVP with a key (sipp checks the body,
 * then refuses the call) */
static void
test_srtp_mandatory_outgoing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  dt_line_set_srtp (fixture->line, "mandatory");
  sipp = dt_test_sipp_start ("uas-srtp-mandatory.xml", port, NULL, NULL, &error);
  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "488 Not Acceptable Here");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_early_media (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-early-cancel.xml", port, NULL, NULL,
                                                   &error);
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_PROGRESS), STEP_MS));
  g_assert_true (dt_call_get_early_media (record->call));
  /* The 183's answer started the audio: the codec is known before the
   * call is answered */
  g_assert_true (dt_test_spin_until (dt_call_get_codec (record->call) != NULL, STEP_MS));
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU/8000");

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_dtmf_to_baresip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_true (dt_call_send_dtmf (record->call, "7", &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_DTMF_START", STEP_MS);
}

/* The peer took no telephone-event: the digits go as SIP INFO, which sipp
 * checks one by one */
static void
test_dtmf_info_fallback (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-dtmf-info-no-event.xml", port, NULL,
                                                   NULL, &error);
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_true (dt_call_send_dtmf (record->call, "15#", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_test_sipp_logged (sipp, "Signal=#"), STEP_MS));

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
on_dtmf (DtCall     *call,
         const char *digit,
         GString    *digits)
{
  g_string_append (digits, digit);
}

static void
test_dtmf_from_baresip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);

  g_signal_connect (record->call, "dtmf-received", G_CALLBACK (on_dtmf), digits);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);

  /* RFC 4733 from baresip reaches the model as one digit */
  g_assert_true (dt_test_baresip_command (baresip, "sndcode", "4", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (digits->len > 0, STEP_MS));
  g_assert_cmpstr (digits->str, ==, "4");
}

static void
test_remote_hold (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autoptr(DtTestMeter) theirs = dt_test_meter_new ("dt_speaker_b.monitor");
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);
  double level;

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_true (dt_test_meter_wait_tone (theirs, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* baresip holds with a sendonly re-INVITE, which the backend answers
   * (recvonly): the call stays up and baresip hears nothing of us */
  g_assert_true (dt_test_baresip_command (baresip, "hold", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_REMOTE_HELD,
                                     STEP_MS));
  g_assert_true (dt_test_meter_wait_tone_gone (theirs, DT_TEST_TONE_A, DT_TEST_SILENT_DB));
  dt_test_meter_measure (theirs, DT_TEST_TONE_A, 1.0, &level);
  dt_test_note ("held: our %.0f Hz at baresip at most %.1f dBFS", DT_TEST_TONE_A, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  g_assert_cmpint (dt_call_get_state (record->call), !=, DT_CALL_STATE_DISCONNECTED);

  /* Its resuming re-INVITE brings our audio back on the same call */
  g_assert_true (dt_test_baresip_command (baresip, "resume", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_meter_wait_tone (theirs, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("resumed: our %.0f Hz at baresip at %.1f dBFS", DT_TEST_TONE_A, level);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) != DT_CALL_STATE_REMOTE_HELD,
                                     STEP_MS));
  g_assert_true (dt_call_get_connected (record->call));
}

static void
test_hold (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autoptr(DtTestMeter) ours = dt_test_meter_new ("dt_speaker_a.monitor");
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);
  double level;

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_true (dt_test_meter_wait_tone (ours, BARESIP_TONE, DT_TEST_HEARD_DB, NULL));

  /* Our hold is a re-INVITE with the backend's sendonly offer: baresip
   * answers recvonly and stops sending */
  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_HELD, STEP_MS));
  g_assert_true (dt_test_meter_wait_tone_gone (ours, BARESIP_TONE, DT_TEST_SILENT_DB));
  dt_test_meter_measure (ours, BARESIP_TONE, 1.0, &level);
  dt_test_note ("held: baresip's %.0f Hz at our speaker at most %.1f dBFS", BARESIP_TONE, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);

  g_assert_true (dt_call_resume (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) != DT_CALL_STATE_HELD, STEP_MS));
  g_assert_true (dt_call_get_connected (record->call));
  g_assert_true (dt_test_meter_wait_tone (ours, BARESIP_TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("resumed: baresip's %.0f Hz at our speaker at %.1f dBFS", BARESIP_TONE, level);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
}

int
main (int argc, char *argv[])
{
  media_test_init (&argc, &argv);

  g_test_add ("/sip/media/outgoing", Fixture, NULL, media_fixture_set_up, test_outgoing,
              fixture_tear_down);
  g_test_add ("/sip/media/incoming", Fixture, NULL, media_fixture_set_up, test_incoming,
              fixture_tear_down);

  g_test_add ("/sip/media/not-acceptable", Fixture, NULL, media_fixture_set_up, test_not_acceptable,
              fixture_tear_down);
  g_test_add ("/sip/media/srtp-mandatory-incoming", Fixture, NULL, media_fixture_set_up,
              test_srtp_mandatory_incoming, fixture_tear_down);
  g_test_add ("/sip/media/srtp-mandatory-outgoing", Fixture, NULL, media_fixture_set_up,
              test_srtp_mandatory_outgoing, fixture_tear_down);
  g_test_add ("/sip/media/early-media", Fixture, NULL, media_fixture_set_up, test_early_media,
              fixture_tear_down);
  g_test_add ("/sip/media/dtmf-to-baresip", Fixture, NULL, media_fixture_set_up, test_dtmf_to_baresip,
              fixture_tear_down);

  g_test_add ("/sip/media/dtmf-info-fallback", Fixture, NULL, media_fixture_set_up,
              test_dtmf_info_fallback, fixture_tear_down);
  g_test_add ("/sip/media/dtmf-from-baresip", Fixture, NULL, media_fixture_set_up,
              test_dtmf_from_baresip, fixture_tear_down);

  g_test_add ("/sip/media/remote-hold", Fixture, NULL, media_fixture_set_up, test_remote_hold,
              fixture_tear_down);
  g_test_add ("/sip/media/hold", Fixture, NULL, media_fixture_set_up, test_hold, fixture_tear_down);

  return g_test_run ();
}
