/* test-sip-several.c: several calls at once between Dialtone stacks in one
 * process: call waiting, and switching between calls
 *
 * alice talks to bob; carol calls alice, who answers (bob is held) and
 * then switches back and forth. Each peer sees the hold in its own call,
 * and at no moment does alice have two calls she talks on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

#define SWITCHES 5

/* Checked on every change of any of alice's calls */
typedef struct {
  DtCallManager *manager;
  guint          checks;
  guint          broken;
} Invariant;

static void
check_invariant (DtCall     *call,
                 GParamSpec *pspec,
                 Invariant  *invariant)
{
  GListModel *calls = dt_call_manager_get_calls (invariant->manager);
  guint active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) each = g_list_model_get_item (calls, i);

      if (dt_call_is_active (each))
        active++;
    }
  invariant->checks++;
  if (active > 1)
    invariant->broken++;
}

static void
watch (Invariant *invariant,
       DtCall    *call)
{
  g_signal_connect (call, "notify::state", G_CALLBACK (check_invariant), invariant);
}

/* alice talks on @talking, @waiting is held by her; each peer's call says
 * so (the one alice holds is remote-held there) */
static void
assert_talking (Fixture *alice,
                Record  *talking,
                Record  *waiting,
                Record  *talking_peer,
                Record  *waiting_peer)
{
  g_autoptr(GHashTable) active = NULL;
  GPtrArray *on_line;

  g_assert_true (dt_test_spin_until (dt_call_get_state (talking->call) == DT_CALL_STATE_ESTABLISHED ||
                                     dt_call_get_state (talking->call) == DT_CALL_STATE_CONNECTED,
                                     STEP_MS));
  g_assert_true (dt_test_spin_until (dt_call_get_state (waiting->call) == DT_CALL_STATE_HELD, STEP_MS));
  g_assert_true (dt_call_manager_get_connected_call (alice->manager) == talking->call);
  /* Both calls are alive on alice's one line; the talking one is the
   * connected call */
  active = dt_call_manager_get_active_calls (alice->manager);
  g_assert_cmpuint (g_hash_table_size (active), ==, 1);
  on_line = g_hash_table_lookup (active, dt_line_get_id (alice->line));
  g_assert_nonnull (on_line);
  g_assert_cmpuint (on_line->len, ==, 2);
  g_assert_true (g_ptr_array_find (on_line, talking->call, NULL));
  g_assert_true (g_ptr_array_find (on_line, waiting->call, NULL));
  g_assert_true (dt_test_spin_until (dt_call_get_state (waiting_peer->call) == DT_CALL_STATE_REMOTE_HELD,
                                     STEP_MS));
  g_assert_true (dt_test_spin_until (!dt_call_get_remote_held (talking_peer->call), STEP_MS));
}

static void
test_call_waiting_and_switching (Fixture       *alice,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) to_bob = NULL;
  g_autofree char *bob_uri = NULL;
  g_autofree char *alice_uri = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                                dt_sip_stack_get_port (alice->stack));
  g_autoptr(Record) carol_out = NULL;
  Invariant invariant = { alice->manager, 0, 0 };
  Fixture bob = { 0 };
  Fixture carol = { 0 };
  Record *bob_in;
  Record *from_carol;

  fixture_set_up (&bob, NULL);
  fixture_set_up (&carol, NULL);
  bob_uri = g_strdup_printf ("sip:bob@127.0.0.1:%u", dt_sip_stack_get_port (bob.stack));

  to_bob = dial (alice, bob_uri);
  watch (&invariant, to_bob->call);
  bob_in = wait_incoming (&bob, 1);
  g_assert_true (dt_call_answer (bob_in->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (to_bob, DT_CALL_STATE_CONNECTED), STEP_MS));

  /* Call waiting: carol rings while alice talks to bob, who hears nothing
   * of it */
  carol_out = dial (&carol, alice_uri);
  from_carol = wait_incoming (alice, 1);
  watch (&invariant, from_carol->call);
  g_assert_cmpint (dt_call_get_state (from_carol->call), ==, DT_CALL_STATE_RINGING);
  g_assert_true (dt_call_manager_get_connected_call (alice->manager) == to_bob->call);
  g_assert_false (dt_call_get_remote_held (bob_in->call));

  /* Answering carol holds bob first */
  g_assert_true (dt_call_answer (from_carol->call, &error));
  g_assert_no_error (error);
  assert_talking (alice, from_carol, to_bob, carol_out, bob_in);

  /* Back and forth: resuming one holds the other */
  for (guint i = 0; i < SWITCHES; i++)
    {
      g_assert_true (dt_call_resume (to_bob->call, &error));
      g_assert_no_error (error);
      assert_talking (alice, to_bob, from_carol, bob_in, carol_out);

      g_assert_true (dt_call_resume (from_carol->call, &error));
      g_assert_no_error (error);
      assert_talking (alice, from_carol, to_bob, carol_out, bob_in);
    }

  g_test_message ("invariant checked %u times", invariant.checks);
  g_assert_cmpuint (invariant.checks, >=, 4 * SWITCHES);
  g_assert_cmpuint (invariant.broken, ==, 0);

  /* The held call stays held when the other ends, until resumed */
  g_assert_true (dt_call_end (from_carol->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (carol_out, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpint (dt_call_get_state (to_bob->call), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_resume (to_bob->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (!dt_call_get_remote_held (bob_in->call), STEP_MS));
  g_assert_true (dt_call_end (to_bob->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (bob_in, DT_CALL_STATE_DISCONNECTED), STEP_MS));

  /* Let the last answers arrive before the stacks go */
  g_assert_true (dt_test_spin_until (dt_sip_stack_get_n_dialogs (alice->stack) == 0 &&
                                     dt_sip_stack_get_n_dialogs (bob.stack) == 0 &&
                                     dt_sip_stack_get_n_dialogs (carol.stack) == 0, STEP_MS));
  g_signal_handlers_disconnect_by_data (to_bob->call, &invariant);
  g_signal_handlers_disconnect_by_data (from_carol->call, &invariant);
  /* carol's call goes before her stack does */
  g_clear_pointer (&carol_out, record_free);
  fixture_tear_down (&carol, NULL);
  fixture_tear_down (&bob, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sip/direct/several/call-waiting-and-switching", Fixture, NULL,
              fixture_set_up, test_call_waiting_and_switching, fixture_tear_down);

  return g_test_run ();
}
