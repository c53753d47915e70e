/* test-sip-dtmf.c: dial tones as SIP INFO on the direct line (no media
 * backend, so no RFC 4733), against sipp scenarios that check the bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
on_dtmf_received (DtCall     *call,
                  const char *digit,
                  GString    *digits)
{
  g_string_append (digits, digit);
}

static void
test_dtmf_info_sent (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-dtmf-info.xml", port, NULL, NULL, &error);
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));

  /* One INFO per digit, each after the previous one's 200: sipp checks
   * the type, the bodies and their order */
  g_assert_true (dt_call_send_dtmf (record->call, "159#*0", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_test_sipp_logged (sipp, "Signal=0"), STEP_MS));

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_no_error (record->error);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_dtmf_info_received (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-dtmf-info.xml", NULL);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Record *record = wait_incoming (fixture, 1);

  g_signal_connect (record->call, "dtmf-received", G_CALLBACK (on_dtmf_received), digits);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  /* sipp sends its INFOs (checking 200, 400 and 415) and hangs up */
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  g_assert_cmpstr (digits->str, ==, "15#");
  g_signal_handlers_disconnect_by_data (record->call, digits);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("sipp", "sip-tester"))
    return 0;

#define ADD(path, fn) \
  g_test_add ("/sip/direct/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("dtmf/info-sent", test_dtmf_info_sent);
  ADD ("dtmf/info-received", test_dtmf_info_received);
#undef ADD

  return g_test_run ();
}
