/* test-sip-hold.c: holding and being held on the direct line, against sipp
 * scenarios that check the offers and answers of the re-INVITEs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
on_remote_held (DtCall   *call,
                gboolean  held,
                GArray   *remote_held)
{
  g_array_append_val (remote_held, held);
}

static void
test_hold_resume (Fixture       *fixture,
                  gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_DIALING, DT_CALL_STATE_PROGRESS, DT_CALL_STATE_CONNECTED,
    DT_CALL_STATE_HELD, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-hold.xml", &sipp);
  g_autoptr(GError) error = NULL;

  /* sipp answers our sendonly offer with recvonly only */
  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_HELD, STEP_MS));
  g_assert_true (dt_call_get_connected (record->call));

  g_assert_true (dt_call_resume (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_CONNECTED, STEP_MS));

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  assert_states (record, expected, G_N_ELEMENTS (expected));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_hold_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-hold-refused.xml", &sipp);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (record->error != NULL, STEP_MS));
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_HOLD);
  g_assert_error (record->error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_assert_nonnull (strstr (record->error->message, "500 Server Internal Error"));
  g_test_message ("%s", record->error->message);
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_CONNECTED);

  /* The call goes on: it can be held again (sipp is past that) and ended */
  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "hangup");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_resume_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-resume-refused.xml", &sipp);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_HELD, STEP_MS));

  /* A refused resume leaves the call held */
  g_assert_true (dt_call_resume (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (record->error != NULL, STEP_MS));
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_RESUME);
  g_assert_nonnull (strstr (record->error->message, "488 Not Acceptable Here"));
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_HELD);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* RFC 3261 §14.1: we own the Call-ID, so the retry waits 2.1 to 4 s */
static void
test_hold_glare (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-hold-glare.xml", &sipp);
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 waited;

  start = g_get_monotonic_time ();
  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_HELD, STEP_MS));
  waited = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("held after %" G_GINT64_FORMAT " ms", waited);
  g_assert_cmpint (waited, >=, 2100);
  g_assert_cmpint (waited, <, 4000 + 1000);
  g_assert_null (record->error);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* One retry only: a second 491 is a hold error */
static void
test_hold_glare_twice (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-hold-glare-twice.xml", &sipp);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_hold (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (record->error != NULL, STEP_MS));
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_HOLD);
  g_assert_nonnull (strstr (record->error->message, "491 Request Pending"));
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_CONNECTED);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_remote_hold (Fixture       *fixture,
                  gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_RINGING, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_REMOTE_HELD,
    DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-remote-hold.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) remote_held = g_array_new (FALSE, FALSE, sizeof (gboolean));
  Record *record = wait_incoming (fixture, 1);

  g_signal_connect (record->call, "remote-held", G_CALLBACK (on_remote_held), remote_held);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  /* sipp holds, resumes and hangs up by itself */
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  g_assert_cmpuint (remote_held->len, ==, 2);
  g_assert_true (g_array_index (remote_held, gboolean, 0));
  g_assert_false (g_array_index (remote_held, gboolean, 1));
  g_assert_null (record->error);
  assert_states (record, expected, G_N_ELEMENTS (expected));
  g_signal_handlers_disconnect_by_data (record->call, remote_held);
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
  ADD ("hold/resume", test_hold_resume);
  ADD ("hold/refused", test_hold_refused);
  ADD ("hold/resume-refused", test_resume_refused);
  ADD ("hold/glare", test_hold_glare);
  ADD ("hold/glare-twice", test_hold_glare_twice);
  ADD ("hold/remote", test_remote_hold);
#undef ADD

  return g_test_run ();
}
