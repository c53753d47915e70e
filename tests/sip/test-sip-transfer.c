/* test-sip-transfer.c: transfers by REFER on the direct line against sipp
 * scenarios that check the REFER, the NOTIFYs and the Replaces header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-transfer.h"

/* bob takes the REFER and reaches carol: our leg ends */
static void
test_blind_ok (Fixture       *fixture,
               gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_DIALING, DT_CALL_STATE_PROGRESS, DT_CALL_STATE_CONNECTED,
    DT_CALL_STATE_HELD, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-refer-notify-ok.xml", &sipp);
  g_autoptr(GError) error = NULL;
  Transfer transfer = { 0 };

  transfer_watch (&transfer, record->call);
  g_assert_true (dt_call_blind_transfer (record->call, CAROL, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "transferred");
  g_assert_cmpuint (transfer.progress->len, ==, 2);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, 1), ==, 200);
  g_assert_null (record->error);
  assert_states (record, expected, G_N_ELEMENTS (expected));
  transfer_clear (&transfer, record->call);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* carol is busy: a transfer error naming the status, and bob is resumed */
static void
test_blind_target_busy (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-refer-notify-busy.xml", &sipp);
  g_autoptr(GError) error = NULL;
  Transfer transfer = { 0 };

  transfer_watch (&transfer, record->call);
  g_assert_true (dt_call_blind_transfer (record->call, CAROL, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (record->error != NULL, STEP_MS));
  g_test_message ("%s", record->error->message);
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_TRANSFER);
  g_assert_error (record->error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_assert_nonnull (strstr (record->error->message, "486 Busy Here"));
  g_assert_cmpuint (transfer.progress->len, ==, 2);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, 1), ==, 486);

  /* The call goes on, resumed */
  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_CONNECTED,
                                     STEP_MS));
  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "hangup");
  transfer_clear (&transfer, record->call);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* bob refuses the REFER itself */
static void
test_blind_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(Record) record = dial_connected (fixture, "uas-refer-forbidden.xml", &sipp);
  g_autoptr(GError) error = NULL;
  Transfer transfer = { 0 };

  transfer_watch (&transfer, record->call);
  g_assert_true (dt_call_blind_transfer (record->call, CAROL, &error));
  g_assert_no_error (error);

  /* A second transfer while this one runs is refused, changing nothing */
  g_assert_false (dt_call_blind_transfer (record->call, CAROL, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (dt_test_spin_until (record->error != NULL, STEP_MS));
  g_test_message ("%s", record->error->message);
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_TRANSFER);
  g_assert_nonnull (strstr (record->error->message, "403 Forbidden"));
  g_assert_cmpuint (transfer.progress->len, ==, 0);

  g_assert_true (dt_test_spin_until (dt_call_get_state (record->call) == DT_CALL_STATE_CONNECTED,
                                     STEP_MS));
  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  transfer_clear (&transfer, record->call);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* bob (sipp) asks us to call carol (sipp): we do once the user agrees,
 * and tell bob by NOTIFY; then our call with bob ends */
static void
test_transferee_accepts (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  const char *keys[] = { "-key", "carol", carol_uri, NULL };
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-answer.xml", carol_port, NULL, NULL, &error);
  g_autoptr(DtTestPeer) bob = NULL;
  g_autoptr(Record) carol_record = NULL;
  g_autofree char *requested = NULL;
  Record *record;
  DtCall *new_call;

  g_assert_no_error (error);
  bob = call_in (fixture, "uac-refer-accepted.xml", keys);
  record = wait_incoming (fixture, 1);
  g_signal_connect (record->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  /* The REFER waits for the user: nothing is placed yet */
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_cmpstr (requested, ==, carol_uri);
  g_assert_cmpstr (dt_call_get_transfer_target (record->call), ==, carol_uri);
  g_assert_null (find_other_call (fixture, record->call));
  g_assert_false (dt_test_sipp_logged (bob, "202 Accepted"));

  g_assert_true (dt_call_accept_transfer (record->call, &error));
  g_assert_no_error (error);
  g_assert_null (dt_call_get_transfer_target (record->call));
  /* Answered once: a second answer changes nothing */
  g_assert_false (dt_call_refuse_transfer (record->call, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* The new call is the model's, on the same line, placed once bob has
   * our NOTIFY "100 Trying" */
  g_assert_true (dt_test_spin_until ((new_call = find_other_call (fixture, record->call)) != NULL,
                                     STEP_MS));
  carol_record = record_new (new_call);
  g_assert_cmpint (dt_call_get_direction (new_call), ==, DT_CALL_DIRECTION_OUTBOUND);
  g_assert_true (dt_test_spin_until (dt_call_get_connected (new_call), STEP_MS));

  /* bob heard "200 OK" by NOTIFY, and our leg ended */
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "transferred");
  dt_test_sipp_assert_ok (bob, STEP_MS);
  g_assert_true (dt_call_get_connected (new_call));

  g_assert_true (dt_call_end (new_call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (carol_record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (carol, STEP_MS);
  g_signal_handlers_disconnect_by_data (record->call, &requested);
}

static void
test_transferee_refuses (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *keys[] = { "-key", "carol", "sip:carol@127.0.0.1:5999", NULL };
  g_autoptr(DtTestPeer) bob = call_in (fixture, "uac-refer-declined.xml", keys);
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  Record *record = wait_incoming (fixture, 1);

  g_signal_connect (record->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));

  g_assert_true (dt_call_refuse_transfer (record->call, &error));
  g_assert_no_error (error);
  g_assert_null (dt_call_get_transfer_target (record->call));

  /* bob hears 603 and hangs up; no call was placed */
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  g_assert_null (find_other_call (fixture, record->call));
  dt_test_sipp_assert_ok (bob, STEP_MS);
  g_signal_handlers_disconnect_by_data (record->call, &requested);
}

/* Nobody answers the request: it is refused (480) before the REFER's
 * transaction times out at bob, and the user hears it expired */
static void
test_transferee_expired (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *keys[] = { "-key", "carol", "sip:carol@127.0.0.1:5999",
                         "-max_non_invite_retrans", "12", NULL };
  g_autoptr(DtTestPeer) bob = call_in (fixture, "uac-refer-expired.xml", keys);
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  Record *record = wait_incoming (fixture, 1);
  Transfer transfer = { 0 };
  gint64 asked;
  gint64 waited;

  transfer_watch (&transfer, record->call);
  g_signal_connect (record->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  asked = g_get_monotonic_time ();

  g_assert_true (dt_test_spin_until (record->error != NULL, 40000));
  waited = (g_get_monotonic_time () - asked) / 1000;
  g_test_message ("%s after %" G_GINT64_FORMAT " ms", record->error->message, waited);
  g_assert_cmpint (waited, >=, 29000);
  g_assert_cmpint (waited, <, 32000);
  g_assert_cmpint (record->error_kind, ==, DT_CALL_ERROR_KIND_TRANSFER);
  g_assert_null (dt_call_get_transfer_target (record->call));
  g_assert_false (dt_call_accept_transfer (record->call, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_null (find_other_call (fixture, record->call));
  dt_test_sipp_assert_ok (bob, STEP_MS);
  transfer_clear (&transfer, record->call);
  g_signal_handlers_disconnect_by_data (record->call, &requested);
}

/* A REFER without Refer-To, or to something that is not a SIP URI: 400,
 * and the call goes on untouched */
static void
test_transferee_malformed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DtTestPeer) bob = call_in (fixture, "uac-refer-malformed.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  Record *record = wait_incoming (fixture, 1);

  g_signal_connect (record->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  g_assert_null (requested);
  g_assert_null (dt_call_get_transfer_target (record->call));
  dt_test_sipp_assert_ok (bob, STEP_MS);
  g_signal_handlers_disconnect_by_data (record->call, &requested);
}

/* alice (us) talks to bob (another Dialtone stack in this process),
 * consults carol (sipp, taking two calls) and transfers bob to her: bob
 * calls carol with a Replaces naming the consultation dialog as carol sees
 * it, alice's two legs end, bob and carol are in a call */
static void
test_attended (Fixture       *alice,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  const char *two_calls[] = { "-m", "2", NULL };
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-answer.xml", carol_port, NULL, two_calls, &error);
  g_autofree char *bob_uri = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *log = NULL;
  g_autofree char *replaces = NULL;
  g_autofree char *carol_tag = NULL;
  g_autofree char *alice_tag = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *consultation_id = NULL;
  g_autoptr(Record) first = NULL;
  g_autoptr(Record) consultation = NULL;
  g_autoptr(Record) bob_to_carol = NULL;
  Fixture bob = { 0 };
  Record *bob_call;
  DtCall *call;

  g_assert_no_error (error);
  fixture_set_up (&bob, NULL);
  bob_uri = g_strdup_printf ("sip:bob@127.0.0.1:%u", dt_sip_stack_get_port (bob.stack));

  first = dial (alice, bob_uri);
  bob_call = wait_incoming (&bob, 1);
  g_signal_connect (bob_call->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (bob_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_CONNECTED), STEP_MS));

  /* bob is held while alice talks to carol */
  call = dt_call_start_consultation (first->call, carol_uri, &error);
  g_assert_no_error (error);
  consultation = record_new (call);
  g_assert_true (dt_test_spin_until (reached (consultation, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_cmpint (dt_call_get_state (first->call), ==, DT_CALL_STATE_HELD);
  consultation_id = g_strdup (dt_call_get_id (consultation->call));

  g_assert_true (dt_call_complete_transfer (first->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_nonnull (strstr (requested, "?Replaces="));
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);

  /* bob's new call reaches carol; alice's legs both end */
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (consultation, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "transferred");
  g_assert_cmpstr (consultation->reason, ==, "transferred");
  g_assert_cmpuint (dt_call_manager_get_n_calls (alice->manager), ==, 0);
  g_assert_true (dt_test_spin_until (reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (bob_call->reason, ==, "transferred");
  call = find_other_call (&bob, bob_call->call);
  g_assert_nonnull (call);
  bob_to_carol = record_new (call);
  g_assert_true (dt_test_spin_until (dt_call_get_connected (call), STEP_MS));
  g_assert_cmpuint (dt_call_manager_get_n_calls (bob.manager), ==, 1);

  /* RFC 3891: to-tag is carol's tag in the consultation dialog, from-tag
   * alice's */
  log = read_sipp_log (carol);
  alice_tag = match_one (log, "^From: [^\r\n]*;tag=([^;>\\s]+)");
  carol_tag = match_one (log, "^To: [^\r\n]*;tag=([0-9]+SIPpTag011)\\s");
  replaces = match_one (log, "^Replaces: *([^\r\n]+)");
  g_assert_nonnull (alice_tag);
  g_assert_nonnull (carol_tag);
  g_assert_nonnull (replaces);
  g_test_message ("Replaces: %s", replaces);
  expected = g_strdup_printf ("%s;to-tag=%s;from-tag=%s", consultation_id, carol_tag, alice_tag);
  g_assert_cmpstr (g_strstrip (replaces), ==, expected);

  g_assert_true (dt_call_end (call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (bob_to_carol, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (carol, STEP_MS);
  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  /* A call keeps its stack alive */
  g_clear_pointer (&bob_to_carol, record_free);
  fixture_tear_down (&bob, NULL);
}

/* An INVITE whose Replaces names no dialog of ours: 481, no call */
static void
test_replaces_unknown (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-replaces-unknown.xml", NULL);

  dt_test_sipp_assert_ok (sipp, STEP_MS);
  g_assert_cmpuint (fixture->incoming->len, ==, 0);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);
}

/* Only a call can be transferred: a REFER outside one gets 403 */
static void
test_refer_outside_call (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *auto_answer[] = { "-aa", NULL };
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-refer-outside-call.xml", auto_answer);

  dt_test_sipp_assert_ok (sipp, STEP_MS);
  g_assert_cmpuint (fixture->incoming->len, ==, 0);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);
  g_assert_cmpuint (dt_sip_stack_get_n_dialogs (fixture->stack), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("sipp", "sip-tester"))
    return 0;

#define ADD(path, fn) \
  g_test_add ("/sip/direct/transfer/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("blind", test_blind_ok);
  ADD ("blind-target-busy", test_blind_target_busy);
  ADD ("blind-refused", test_blind_refused);
  ADD ("transferee-accepts", test_transferee_accepts);
  ADD ("transferee-refuses", test_transferee_refuses);
  ADD ("transferee-malformed", test_transferee_malformed);
  ADD ("transferee-expired", test_transferee_expired);
  ADD ("attended", test_attended);
  ADD ("replaces-unknown", test_replaces_unknown);
  ADD ("refer-outside-call", test_refer_outside_call);
#undef ADD

  return g_test_run ();
}
