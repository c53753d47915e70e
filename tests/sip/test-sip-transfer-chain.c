/* test-sip-transfer-chain.c: transfers between Dialtone stacks in one
 * process (alice, bob, carol), with sipp as a third party where the wire
 * needs checking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-transfer.h"

/* A real third party: bob (Dialtone) takes our REFER and calls carol
 * (sipp), who answers; our leg and bob's old one end "transferred" */
static void
test_blind_to_carol (Fixture       *alice,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-answer.xml", carol_port, NULL, NULL, &error);
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  g_autoptr(Record) bob_new = NULL;
  Fixture bob = { 0 };
  Transfer transfer = { 0 };
  Record *bob_call;
  DtCall *call;

  g_assert_no_error (error);
  fixture_set_up (&bob, NULL);
  bob_call = call_bob (alice, &bob, &first, &requested);
  transfer_watch (&transfer, first->call);

  g_assert_true (dt_call_blind_transfer (first->call, carol_uri, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_cmpstr (requested, ==, carol_uri);
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "transferred");
  g_assert_cmpstr (bob_call->reason, ==, "transferred");
  g_assert_null (first->error);
  g_assert_cmpuint (transfer.progress->len, >=, 2);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, transfer.progress->len - 1), ==, 200);
  g_assert_cmpuint (dt_call_manager_get_n_calls (alice->manager), ==, 0);

  call = find_other_call (&bob, bob_call->call);
  g_assert_nonnull (call);
  bob_new = record_new (call);
  g_assert_true (dt_call_get_connected (call));
  g_assert_cmpstr (dt_call_get_remote_uri (call), ==, carol_uri);
  g_assert_true (dt_call_end (call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (bob_new, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (carol, STEP_MS);

  transfer_clear (&transfer, first->call);
  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  g_clear_pointer (&bob_new, record_free);
  fixture_tear_down (&bob, NULL);
}

/* carol (sipp) refuses bob's call with 486: bob's NOTIFY says so, we get
 * a transfer error naming it and resume our call with bob */
static void
test_blind_to_carol_busy (Fixture       *alice,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-reject-486.xml", carol_port, NULL, NULL, &error);
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  Fixture bob = { 0 };
  Transfer transfer = { 0 };
  Record *bob_call;

  g_assert_no_error (error);
  fixture_set_up (&bob, NULL);
  bob_call = call_bob (alice, &bob, &first, &requested);
  transfer_watch (&transfer, first->call);

  g_assert_true (dt_call_blind_transfer (first->call, carol_uri, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (first->error != NULL, STEP_MS));
  g_test_message ("%s", first->error->message);
  g_assert_cmpint (first->error_kind, ==, DT_CALL_ERROR_KIND_TRANSFER);
  g_assert_nonnull (strstr (first->error->message, "486 Busy Here"));
  g_assert_cmpuint (g_array_index (transfer.progress, guint, transfer.progress->len - 1), ==, 486);
  /* Resumed by us; bob still holds it (placing his call held it) */
  g_assert_true (dt_test_spin_until (!dt_call_get_held (first->call), STEP_MS));
  g_assert_cmpint (dt_call_get_state (first->call), ==, DT_CALL_STATE_REMOTE_HELD);
  g_assert_cmpint (dt_call_get_state (bob_call->call), ==, DT_CALL_STATE_HELD);
  dt_test_sipp_assert_ok (carol, STEP_MS);

  g_assert_true (dt_call_end (first->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (bob_call->reason, ==, "remote-hangup");

  transfer_clear (&transfer, first->call);
  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  fixture_tear_down (&bob, NULL);
}

/* We hang up while bob (Dialtone) still thinks about our REFER. Our call
 * ends for the user at once; sofia sends one non-INVITE request at a time
 * in a dialog, so our BYE waits for bob's answer to the REFER (he refuses
 * here; unanswered, 30 s). bob's late answer changes nothing. */
static void
test_hangup_during_refer (Fixture       *alice,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  Fixture bob = { 0 };
  Record *bob_call;

  fixture_set_up (&bob, NULL);
  bob_call = call_bob (alice, &bob, &first, &requested);

  g_assert_true (dt_call_blind_transfer (first->call, "sip:carol@127.0.0.1:5999", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_true (dt_call_end (first->call, &error));
  g_assert_no_error (error);
  g_assert_true (reached (first, DT_CALL_STATE_DISCONNECTED));
  g_assert_cmpstr (first->reason, ==, "hangup");

  g_assert_true (dt_call_refuse_transfer (bob_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (bob_call->reason, ==, "remote-hangup");
  g_assert_cmpuint (dt_call_manager_get_n_calls (bob.manager), ==, 0);
  /* Let the last answers arrive before the stacks go */
  g_assert_true (dt_test_spin_until (dt_sip_stack_get_n_dialogs (alice->stack) == 0 &&
                                     dt_sip_stack_get_n_dialogs (bob.stack) == 0, STEP_MS));

  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  fixture_tear_down (&bob, NULL);
}

/* bob accepts and at once hangs up on us, with his NOTIFY on its way and
 * his new call not placed yet: nothing is placed, our call ends */
static void
test_transferee_hangs_up (Fixture       *alice,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  Fixture bob = { 0 };
  Record *bob_call;

  fixture_set_up (&bob, NULL);
  bob_call = call_bob (alice, &bob, &first, &requested);

  g_assert_true (dt_call_blind_transfer (first->call, "sip:carol@127.0.0.1:5999", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_end (bob_call->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "remote-hangup");
  g_assert_cmpstr (bob_call->reason, ==, "hangup");
  g_assert_true (dt_test_spin_until (dt_sip_stack_get_n_dialogs (alice->stack) == 0 &&
                                     dt_sip_stack_get_n_dialogs (bob.stack) == 0, STEP_MS));
  g_assert_cmpuint (dt_call_manager_get_n_calls (bob.manager), ==, 0);

  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  fixture_tear_down (&bob, NULL);
}

/* All three are Dialtone stacks: carol takes bob's INVITE with Replaces
 * over her call with alice at once, without ringing; her call with alice
 * ends "replaced" */
static void
test_attended_replaces (Fixture       *alice,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bob_uri = NULL;
  g_autofree char *carol_uri = NULL;
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  g_autoptr(Record) consultation = NULL;
  g_autoptr(Record) bob_new = NULL;
  g_autoptr(Record) carol_new = NULL;
  Fixture bob = { 0 };
  Fixture carol = { 0 };
  Record *bob_call;
  Record *carol_call;
  guint carol_rings = 0;
  DtCall *call;

  fixture_set_up (&bob, NULL);
  fixture_set_up (&carol, NULL);
  bob_uri = g_strdup_printf ("sip:bob@127.0.0.1:%u", dt_sip_stack_get_port (bob.stack));
  carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", dt_sip_stack_get_port (carol.stack));

  first = dial (alice, bob_uri);
  bob_call = wait_incoming (&bob, 1);
  g_signal_connect (bob_call->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (bob_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_CONNECTED), STEP_MS));

  call = dt_call_start_consultation (first->call, carol_uri, &error);
  g_assert_no_error (error);
  consultation = record_new (call);
  carol_call = wait_incoming (&carol, 1);
  g_assert_true (dt_call_answer (carol_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (consultation, DT_CALL_STATE_CONNECTED) &&
                                     reached (carol_call, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_signal_connect (carol.manager, "incoming-call", G_CALLBACK (count_incoming), &carol_rings);

  g_assert_true (dt_call_complete_transfer (first->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);

  /* carol's old call ends "replaced"; her new one is bob, connected */
  g_assert_true (dt_test_spin_until (reached (carol_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (carol_call->reason, ==, "replaced");
  call = find_other_call (&carol, carol_call->call);
  g_assert_nonnull (call);
  carol_new = record_new (call);
  g_assert_true (dt_call_get_connected (call));
  g_assert_cmpint (dt_call_get_direction (call), ==, DT_CALL_DIRECTION_INBOUND);
  /* The direct line's From names no user: bob is just not alice */
  g_assert_nonnull (dt_call_get_remote_uri (call));
  g_assert_cmpstr (dt_call_get_remote_uri (call), !=, dt_call_get_remote_uri (carol_call->call));
  g_assert_cmpuint (carol_rings, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (carol.manager)), ==, 0);

  /* alice has nothing left; bob talks to carol */
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (consultation, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "transferred");
  g_assert_cmpstr (consultation->reason, ==, "transferred");
  g_assert_cmpstr (bob_call->reason, ==, "transferred");
  g_assert_cmpuint (dt_call_manager_get_n_calls (alice->manager), ==, 0);
  call = find_other_call (&bob, bob_call->call);
  g_assert_nonnull (call);
  bob_new = record_new (call);
  g_assert_true (dt_test_spin_until (dt_call_get_connected (call), STEP_MS));
  g_assert_cmpuint (dt_call_manager_get_n_calls (bob.manager), ==, 1);
  g_assert_cmpuint (dt_call_manager_get_n_calls (carol.manager), ==, 1);

  /* bob hangs up: carol's call ends with it */
  g_assert_true (dt_call_end (bob_new->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (carol_new, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (carol_new->reason, ==, "remote-hangup");

  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  g_signal_handlers_disconnect_by_data (carol.manager, &carol_rings);
  /* A call keeps its stack alive */
  g_clear_pointer (&bob_new, record_free);
  g_clear_pointer (&carol_new, record_free);
  fixture_tear_down (&bob, NULL);
  fixture_tear_down (&carol, NULL);
}

/* The consultation call may be one carol placed to us: Replaces then
 * names our To tag as from-tag and her From tag as to-tag. carol (Dialtone)
 * matches it and takes bob over */
static void
test_attended_inbound_consultation (Fixture       *alice,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *alice_uri = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                                dt_sip_stack_get_port (alice->stack));
  g_autofree char *requested = NULL;
  g_autoptr(Record) first = NULL;
  g_autoptr(Record) carol_call = NULL;
  g_autoptr(Record) carol_new = NULL;
  Fixture bob = { 0 };
  Fixture carol = { 0 };
  Record *bob_call;
  Record *consultation;
  DtCall *call;

  fixture_set_up (&bob, NULL);
  fixture_set_up (&carol, NULL);
  bob_call = call_bob (alice, &bob, &first, &requested);

  /* carol calls alice; answering her holds bob */
  call = dt_line_dial (carol.line, alice_uri, &error);
  g_assert_no_error (error);
  carol_call = record_new (call);
  consultation = wait_incoming (alice, 1);
  g_assert_true (dt_call_answer (consultation->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (carol_call, DT_CALL_STATE_CONNECTED) &&
                                     dt_call_get_connected (consultation->call) &&
                                     reached (first, DT_CALL_STATE_HELD), STEP_MS));

  g_assert_true (dt_call_attended_transfer (first->call, consultation->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_true (dt_call_accept_transfer (bob_call->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (carol_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (carol_call->reason, ==, "replaced");
  call = find_other_call (&carol, carol_call->call);
  g_assert_nonnull (call);
  carol_new = record_new (call);
  g_assert_true (dt_call_get_connected (call));
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (consultation, DT_CALL_STATE_DISCONNECTED) &&
                                     reached (bob_call, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "transferred");
  g_assert_cmpstr (consultation->reason, ==, "transferred");
  g_assert_cmpuint (dt_call_manager_get_n_calls (alice->manager), ==, 0);

  g_assert_true (dt_call_end (carol_new->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_call_manager_get_n_calls (bob.manager) == 0, STEP_MS));

  g_signal_handlers_disconnect_by_data (bob_call->call, &requested);
  g_clear_pointer (&carol_call, record_free);
  g_clear_pointer (&carol_new, record_free);
  fixture_tear_down (&bob, NULL);
  fixture_tear_down (&carol, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("sipp", "sip-tester"))
    return 0;

#define ADD(path, fn) \
  g_test_add ("/sip/direct/transfer-chain/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("blind-to-carol", test_blind_to_carol);
  ADD ("blind-to-carol-busy", test_blind_to_carol_busy);
  ADD ("hangup-during-refer", test_hangup_during_refer);
  ADD ("transferee-hangs-up", test_transferee_hangs_up);
  ADD ("attended-replaces", test_attended_replaces);
  ADD ("attended-inbound-consultation", test_attended_inbound_consultation);
#undef ADD

  return g_test_run ();
}
