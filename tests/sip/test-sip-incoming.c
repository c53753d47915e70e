/* test-sip-incoming.c: calls taken on the direct line, broken SIP and
 * shutdown, against sipp on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

/* Incoming calls */


static void
test_incoming_answered (Fixture       *fixture,
                        gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_RINGING, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-call.xml", NULL);
  g_autoptr(GError) error = NULL;
  Record *record = wait_incoming (fixture, 1);

  g_assert_cmpint (dt_call_get_direction (record->call), ==, DT_CALL_DIRECTION_INBOUND);
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_RINGING);
  /* P-Asserted-Identity wins over From */
  g_assert_cmpstr (dt_call_get_remote_uri (record->call), ==, "sip:alice@127.0.0.1");
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "Alice Asserted");
  g_assert_cmpuint (record->caller_ids, >=, 1);
  g_assert_nonnull (dt_call_get_id (record->call));

  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMA");

  /* sipp hangs up by itself */
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  assert_states (record, expected, G_N_ELEMENTS (expected));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_incoming_missed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-cancel.xml", NULL);
  Record *record = wait_incoming (fixture, 1);

  /* Remote-Party-ID wins over From when there is no P-Asserted-Identity */
  g_assert_cmpstr (dt_call_get_remote_uri (record->call), ==, "sip:rita@127.0.0.1");
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "Rita Party");
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "missed");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
rejected (Fixture    *fixture,
          const char *scenario,
          gboolean    busy,
          const char *reason)
{
  g_autoptr(DtTestPeer) sipp = call_in (fixture, scenario, NULL);
  g_autoptr(GError) error = NULL;
  Record *record = wait_incoming (fixture, 1);

  /* Without PAI or RPID the caller is the From */
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "From Name");
  g_assert_true (g_str_has_prefix (dt_call_get_remote_uri (record->call), "sip:from-user@127.0.0.1"));

  g_assert_true (dt_call_reject (record->call, busy, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, reason);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_incoming_busy (Fixture       *fixture,
                    gconstpointer  data)
{
  rejected (fixture, "uac-rejected-486.xml", TRUE, "486 Busy Here");
}

static void
test_incoming_declined (Fixture       *fixture,
                        gconstpointer  data)
{
  rejected (fixture, "uac-rejected-603.xml", FALSE, "603 Decline");
}

static void
test_incoming_max_calls (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DtTestPeer) first = NULL;
  g_autoptr(DtTestPeer) second = NULL;
  g_autoptr(GError) error = NULL;
  Record *record;

  dt_call_manager_set_max_calls (fixture->manager, 1);
  first = call_in (fixture, "uac-ring.xml", NULL);
  record = wait_incoming (fixture, 1);
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_RINGING);

  /* sipp fails if anything but 486 comes, 180 included */
  second = call_in (fixture, "uac-busy-at-once.xml", NULL);
  dt_test_sipp_assert_ok (second, STEP_MS);
  g_assert_cmpuint (fixture->incoming->len, ==, 1);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 1);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  dt_test_sipp_assert_ok (first, STEP_MS);
  g_assert_cmpstr (record->reason, ==, "603 Decline");
}

/* Two calls ring at once; answering the second holds the first */

typedef struct {
  DtCallManager *manager;
  guint          most_active;
} ActiveCount;

static void
on_state (DtCall      *call,
          GParamSpec  *pspec,
          ActiveCount *count)
{
  GListModel *calls = dt_call_manager_get_calls (count->manager);
  guint active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) each = g_list_model_get_item (calls, i);

      active += dt_call_is_active (each) ? 1 : 0;
    }
  count->most_active = MAX (count->most_active, active);
}

static void
test_incoming_two_at_once (Fixture       *fixture,
                           gconstpointer  data)
{
  static const DtCallState first_expected[] = {
    DT_CALL_STATE_RINGING, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_HELD,
    DT_CALL_STATE_DISCONNECTED,
  };
  static const DtCallState second_expected[] = {
    DT_CALL_STATE_RINGING, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  ActiveCount count = { fixture->manager, 0 };
  g_autoptr(DtTestPeer) held = call_in (fixture, "uac-call-held.xml", NULL);
  g_autoptr(DtTestPeer) taken = NULL;
  g_autoptr(GError) error = NULL;
  Record *first = wait_incoming (fixture, 1);
  Record *second;

  g_signal_connect (first->call, "notify::state", G_CALLBACK (on_state), &count);
  taken = call_in (fixture, "uac-call.xml", NULL);
  second = wait_incoming (fixture, 2);
  g_signal_connect (second->call, "notify::state", G_CALLBACK (on_state), &count);
  g_assert_cmpuint (fixture->incoming->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (fixture->manager)),
                    ==, 2);
  g_assert_cmpint (dt_call_get_state (first->call), ==, DT_CALL_STATE_RINGING);
  g_assert_cmpint (dt_call_get_state (second->call), ==, DT_CALL_STATE_RINGING);

  g_assert_true (dt_call_answer (first->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_cmpint (dt_call_get_state (second->call), ==, DT_CALL_STATE_RINGING);

  /* The first is held (sofia's own SDP, sendonly) before the second connects */
  g_assert_true (dt_call_answer (second->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_HELD), STEP_MS));
  g_assert_true (dt_test_spin_until (reached (second, DT_CALL_STATE_CONNECTED), STEP_MS));

  /* Both callers hang up by themselves */
  g_assert_true (dt_test_spin_until (reached (second, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_true (dt_test_spin_until (reached (first, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (first->reason, ==, "remote-hangup");
  g_assert_cmpstr (second->reason, ==, "remote-hangup");
  assert_states (first, first_expected, G_N_ELEMENTS (first_expected));
  assert_states (second, second_expected, G_N_ELEMENTS (second_expected));
  g_assert_cmpuint (count.most_active, ==, 1);
  dt_test_sipp_assert_ok (held, STEP_MS);
  dt_test_sipp_assert_ok (taken, STEP_MS);
  g_signal_handlers_disconnect_by_data (first->call, &count);
  g_signal_handlers_disconnect_by_data (second->call, &count);
}

/* Quitting */

static void
test_shutdown_ends_calls (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) answerer = dt_test_sipp_start ("uas-answer.xml", port, NULL, NULL, &error);
  g_autoptr(DtTestPeer) caller = NULL;
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) outgoing = NULL;
  Record *incoming;

  g_assert_no_error (error);
  outgoing = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (outgoing, DT_CALL_STATE_CONNECTED), STEP_MS));
  caller = call_in (fixture, "uac-ring.xml", NULL);
  incoming = wait_incoming (fixture, 1);

  /* The answered call gets a BYE, the ringing one a 480; sipp checks both */
  stop_stack (fixture->stack);
  g_assert_cmpstr (outgoing->reason, ==, "hangup");
  g_assert_cmpint (dt_call_get_state (incoming->call), ==, DT_CALL_STATE_DISCONNECTED);
  dt_test_sipp_assert_ok (answerer, STEP_MS);
  dt_test_sipp_assert_ok (caller, STEP_MS);
  g_assert_cmpuint (dt_sip_stack_get_n_dialogs (fixture->stack), ==, 0);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);

  /* A stopped stack places no calls */
  g_assert_null (dt_line_dial (fixture->line, target, &error));
  g_assert_nonnull (error);
}

/* Broken SIP from the network */

static void
send_tcp_garbage (guint16 port)
{
  static const char garbage[] =
    "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK-garbage\r\n"
    "Content-Length: 100000000\r\n"
    "Call-ID: \x01\x02\x03\r\n"
    "\r\n"
    "\xff\xfe not even text \x00\x00 and the body is far too short\r\n";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, garbage, sizeof garbage - 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static void
test_torture (Fixture       *fixture,
              gconstpointer  data)
{
  const char *tcp[] = { "-t", "t1", NULL };
  g_autoptr(DtTestPeer) torture = call_in (fixture, "uac-torture.xml", NULL);
  g_autoptr(DtTestPeer) options_udp = NULL;
  g_autoptr(DtTestPeer) options_tcp = NULL;

  /* sipp's last step is an OPTIONS that must get 200 */
  dt_test_sipp_assert_ok (torture, STEP_MS);

  send_tcp_garbage (dt_sip_stack_get_port (fixture->stack));
  options_tcp = call_in (fixture, "uac-options.xml", tcp);
  dt_test_sipp_assert_ok (options_tcp, STEP_MS);
  options_udp = call_in (fixture, "uac-options.xml", NULL);
  dt_test_sipp_assert_ok (options_udp, STEP_MS);

  /* No broken request became a call */
  g_assert_cmpuint (fixture->incoming->len, ==, 0);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);
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
  ADD ("incoming/answered", test_incoming_answered);
  ADD ("incoming/missed", test_incoming_missed);
  ADD ("incoming/busy", test_incoming_busy);
  ADD ("incoming/declined", test_incoming_declined);
  ADD ("incoming/max-calls", test_incoming_max_calls);
  ADD ("incoming/two-at-once", test_incoming_two_at_once);
  ADD ("torture", test_torture);
  ADD ("shutdown-ends-calls", test_shutdown_ends_calls);
#undef ADD

  return g_test_run ();
}
