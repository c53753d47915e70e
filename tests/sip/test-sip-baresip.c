/* test-sip-baresip.c: the direct line against baresip, a real softphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-baresip.h"
#include "dt-test-transfer.h"

static DtTestBaresip *
start_baresip (void)
{
  g_autoptr(GError) error = NULL;
  DtTestBaresip *baresip = dt_test_baresip_start (&error);

  g_assert_no_error (error);
  return baresip;
}

static void
assert_event (DtTestBaresip *baresip,
              const char    *type)
{
  if (!dt_test_baresip_wait_event (baresip, type, STEP_MS))
    {
      g_autofree char *output = dt_test_baresip_dup_output (baresip);

      g_test_message ("baresip never reported %s:\n%s", type, output);
      g_assert_not_reached ();
    }
}

static void
test_outgoing_auto_answered (Fixture       *fixture,
                             gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_DIALING, DT_CALL_STATE_PROGRESS, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) record = dial (fixture, target);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  assert_event (baresip, "CALL_ESTABLISHED");
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU");

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_event (baresip, "CALL_CLOSED");
  g_assert_cmpstr (record->reason, ==, "hangup");
  assert_states (record, expected, G_N_ELEMENTS (expected));
}

static void
test_incoming_from_baresip (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                             dt_sip_stack_get_port (fixture->stack));
  g_autoptr(GError) error = NULL;
  Record *record;

  g_assert_true (dt_test_baresip_command (baresip, "dial", target, &error));
  g_assert_no_error (error);
  record = wait_incoming (fixture, 1);
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_RINGING);
  g_assert_true (g_str_has_prefix (dt_call_get_remote_uri (record->call), "sip:bob@127.0.0.1"));
  assert_event (baresip, "CALL_RINGING");

  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  assert_event (baresip, "CALL_ESTABLISHED");
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU");

  g_assert_true (dt_test_baresip_command (baresip, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
}

/* baresip takes our REFER and calls carol (sipp), who answers: our leg
 * ends "transferred" once baresip's NOTIFY says 200 */
static void
test_transfer_baresip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-answer-any.xml", carol_port, NULL, NULL, &error);
  g_autoptr(Record) record = NULL;
  Transfer transfer = { 0 };

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  assert_event (baresip, "CALL_ESTABLISHED");
  transfer_watch (&transfer, record->call);

  g_assert_true (dt_call_blind_transfer (record->call, carol_uri, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "transferred");
  g_assert_null (record->error);
  g_assert_cmpuint (transfer.progress->len, >=, 1);
  g_assert_cmpuint (g_array_index (transfer.progress, guint, transfer.progress->len - 1), ==, 200);

  /* baresip talks to carol now */
  g_assert_true (dt_test_spin_until (dt_test_sipp_logged (carol, "ACK sip:"), STEP_MS));
  g_assert_true (dt_test_baresip_command (baresip, "hangup", NULL, &error));
  g_assert_no_error (error);
  dt_test_sipp_assert_ok (carol, STEP_MS);
  transfer_clear (&transfer, record->call);
}

/* baresip asks us (REFER) to call carol: we do once the user agrees */
static void
test_transferred_by_baresip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(DtTestBaresip) baresip = start_baresip ();
  g_autofree char *target = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                             dt_sip_stack_get_port (fixture->stack));
  g_autoptr(GError) error = NULL;
  guint16 carol_port = dt_test_free_port ();
  g_autofree char *carol_uri = g_strdup_printf ("sip:carol@127.0.0.1:%u", carol_port);
  g_autoptr(DtTestPeer) carol = dt_test_sipp_start ("uas-answer-any.xml", carol_port, NULL, NULL, &error);
  g_autoptr(Record) carol_record = NULL;
  g_autofree char *requested = NULL;
  Record *record;
  DtCall *call;

  g_assert_no_error (error);
  g_assert_true (dt_test_baresip_command (baresip, "dial", target, &error));
  g_assert_no_error (error);
  record = wait_incoming (fixture, 1);
  g_signal_connect (record->call, "transfer-requested", G_CALLBACK (on_transfer_requested), &requested);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  assert_event (baresip, "CALL_ESTABLISHED");

  g_assert_true (dt_test_baresip_command (baresip, "transfer", carol_uri, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (requested != NULL, STEP_MS));
  g_assert_cmpstr (requested, ==, carol_uri);
  g_assert_true (dt_call_accept_transfer (record->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until ((call = find_other_call (fixture, record->call)) != NULL, STEP_MS));
  carol_record = record_new (call);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "transferred");
  g_assert_true (dt_call_get_connected (call));

  g_assert_true (dt_call_end (call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (carol_record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (carol, STEP_MS);
  g_signal_handlers_disconnect_by_data (record->call, &requested);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("baresip", NULL))
    return 0;

  g_test_add ("/sip/baresip/outgoing-auto-answered", Fixture, NULL,
              fixture_set_up, test_outgoing_auto_answered, fixture_tear_down);
  g_test_add ("/sip/baresip/incoming", Fixture, NULL,
              fixture_set_up, test_incoming_from_baresip, fixture_tear_down);
  g_test_add ("/sip/baresip/transfer", Fixture, NULL,
              fixture_set_up, test_transfer_baresip, fixture_tear_down);
  g_test_add ("/sip/baresip/transferred", Fixture, NULL,
              fixture_set_up, test_transferred_by_baresip, fixture_tear_down);

  return g_test_run ();
}
