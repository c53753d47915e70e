/* test-call.c: a call's life: dialing, ringing, answering, ending, reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-test-fixture.h"

static void
test_dial (DtTestFixture *f,
           gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_dial (f, f->direct, "sip:bob@example.org");
  g_autoptr(DtCall) other = NULL;

  dt_assert_journal (f, "direct:create_call(sip:bob@example.org);bob:start");
  dt_assert_events_set (f, "mgr:call-added:bob;mgr:notify:n-calls;"
                        "mgr:notify:current-call;direct:notify:n-calls");

  g_assert_cmpint (dt_call_get_direction (call), ==, DT_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DIALING);
  g_assert_cmpstr (dt_call_get_remote_uri (call), ==, "sip:bob@example.org");
  g_assert_true (dt_call_get_line (call) == f->direct);
  g_assert_false (dt_call_get_connected (call));
  g_assert_false (dt_call_is_active (call));
  g_assert_cmpint (dt_call_get_start_time (call), ==, 0);
  g_assert_cmpint (dt_call_get_recording (call), ==, DT_RECORDING_STATE_OFF);
  g_assert_nonnull (dt_call_get_correlation_id (call));
  g_assert_cmpuint (strlen (dt_call_get_correlation_id (call)), >=, 8);
  g_assert_true (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (call)) == call);
  g_assert_true (dt_call_manager_get_current_call (f->manager) == call);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->direct)), ==, 1);
  g_assert_null (dt_call_manager_get_connected_call (f->manager));

  /* Correlation ids are per call, never shared */
  dt_call_report_connected (call);
  dt_test_forget (f);
  other = dt_test_dial (f, f->direct, "sip:carol@example.org");
  g_assert_cmpstr (dt_call_get_correlation_id (other), !=, dt_call_get_correlation_id (call));
}

static void
test_outbound_progress (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_dial (f, f->direct, "sip:bob@example.org");
  gint64 before, after;

  dt_test_forget (f);

  dt_call_report_id (call, "a84b4c76e66710@pc33.example.org");
  g_assert_cmpstr (dt_call_get_id (call), ==, "a84b4c76e66710@pc33.example.org");
  dt_assert_events (f, "bob:notify:id");

  dt_call_report_progress (call, FALSE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_PROGRESS);
  g_assert_false (dt_call_get_early_media (call));
  dt_assert_events_set (f, "bob:notify:state;bob:progress");

  /* 183 with SDP after the 180: early media, the state stays */
  dt_call_report_progress (call, TRUE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_PROGRESS);
  g_assert_true (dt_call_get_early_media (call));
  dt_assert_has_event (f, "bob:notify:early-media");
  dt_assert_no_event (f, "bob:notify:state");
  dt_test_forget (f);

  before = g_get_real_time ();
  dt_call_report_connected (call);
  after = g_get_real_time ();
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);
  g_assert_true (dt_call_get_connected (call));
  g_assert_true (dt_call_is_active (call));
  g_assert_cmpint (dt_call_get_start_time (call), >=, before);
  g_assert_cmpint (dt_call_get_start_time (call), <=, after);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  dt_assert_has_event (f, "bob:connect");
  dt_assert_has_event (f, "bob:notify:state");
  dt_assert_has_event (f, "bob:notify:connected");
  dt_assert_has_event (f, "bob:notify:start-time");
  dt_assert_has_event (f, "mgr:notify:connected-call");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "bob:connect"), ==, 1);
  dt_test_forget (f);

  dt_call_report_established (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_true (dt_call_get_connected (call));
  dt_assert_events_set (f, "bob:notify:state;bob:established");

  dt_call_report_remote_media (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  dt_assert_events (f, "bob:remote-media");

  dt_call_report_media_info (call, "opus/48000", TRUE);
  g_assert_cmpstr (dt_call_get_codec (call), ==, "opus/48000");
  g_assert_true (dt_call_get_secure (call));
  dt_assert_events_set (f, "bob:notify:codec;bob:notify:secure");

  /* The same values again are no change */
  dt_call_report_media_info (call, "opus/48000", TRUE);
  dt_assert_events (f, "");

  dt_assert_journal (f, "");
}

static void
test_connect_without_progress (DtTestFixture *f,
                               gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_dial (f, f->direct, "sip:bob@example.org");

  dt_call_report_connected (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);
  g_assert_true (dt_call_get_connected (call));
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
}

static void
test_incoming (DtTestFixture *f,
               gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_incoming (f, f->direct, "carol",
                                             "sip:carol@example.org", "Carol");
  GListModel *incoming = dt_call_manager_get_incoming_calls (f->manager);
  g_autoptr(DtCall) listed = NULL;

  dt_assert_events_set (f, "mgr:call-added:carol;mgr:incoming-call:carol;"
                        "mgr:notify:n-calls;mgr:notify:current-call;"
                        "direct:notify:n-calls");
  dt_assert_journal (f, "");

  g_assert_cmpint (dt_call_get_direction (call), ==, DT_CALL_DIRECTION_INBOUND);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_RINGING);
  g_assert_cmpstr (dt_call_get_remote_uri (call), ==, "sip:carol@example.org");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol");
  g_assert_false (dt_call_get_connected (call));
  g_assert_true (dt_call_get_line (call) == f->direct);
  g_assert_cmpuint (g_list_model_get_n_items (incoming), ==, 1);
  listed = g_list_model_get_item (incoming, 0);
  g_assert_true (listed == call);
}

static void
test_answer (DtTestFixture *f,
             gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;
  GListModel *incoming = dt_call_manager_get_incoming_calls (f->manager);

  g_assert_true (dt_call_answer (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "carol:answer");
  /* Only the backend's report moves the state */
  dt_assert_events (f, "");

  dt_call_report_connected (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);
  g_assert_true (dt_call_get_connected (call));
  g_assert_cmpint (dt_call_get_start_time (call), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (incoming), ==, 0);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  dt_assert_has_event (f, "carol:connect");
  dt_test_forget (f);

  dt_call_report_established (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  dt_assert_events_set (f, "carol:notify:state;carol:established");
}

static void
test_reject (DtTestFixture *f,
             gconstpointer  data)
{
  g_autoptr(DtCall) busy = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) decline = dt_test_ringing_call (f, "dave");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_reject (busy, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_reject (decline, FALSE, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "carol:reject(busy);dave:reject(decline)");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (busy), ==, DT_CALL_STATE_RINGING);

  dt_call_report_disconnected (busy, "busy");
  g_assert_cmpint (dt_call_get_state (busy), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_cmpstr (dt_call_get_disconnect_reason (busy), ==, "busy");
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (f->manager)), ==, 1);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 1);
}

static void
test_missed (DtTestFixture *f,
             gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");

  dt_call_report_disconnected (call, "cancelled");
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (f->manager)), ==, 0);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
  g_assert_null (dt_call_manager_get_current_call (f->manager));
  g_assert_cmpint (dt_signal_recorder_index (f->rec, "carol:disconnect:cancelled"), >=, 0);
  g_assert_cmpint (dt_signal_recorder_index (f->rec, "carol:disconnect:cancelled"), <,
                   dt_signal_recorder_index (f->rec, "mgr:call-removed:carol"));
  dt_assert_journal (f, "");
}

static void
test_end (DtTestFixture *f,
          gconstpointer  data)
{
  g_autoptr(DtCall) dialing = dt_test_dial (f, f->direct, "sip:bob@example.org");
  g_autoptr(DtCall) active = NULL;
  g_autoptr(GError) error = NULL;

  dt_test_forget (f);
  g_assert_true (dt_call_end (dialing, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:end");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (dialing), ==, DT_CALL_STATE_DIALING);
  dt_call_report_disconnected (dialing, "cancelled");
  g_assert_cmpint (dt_call_get_state (dialing), ==, DT_CALL_STATE_DISCONNECTED);

  active = dt_test_active_call (f, "sip:carol@example.org");
  g_assert_true (dt_call_end (active, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "carol:end");
  dt_assert_events (f, "");

  dt_call_report_disconnected (active, "hangup");
  g_assert_cmpint (dt_call_get_state (active), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_false (dt_call_get_connected (active));
  g_assert_false (dt_call_is_active (active));
  g_assert_cmpstr (dt_call_get_disconnect_reason (active), ==, "hangup");
  g_assert_null (dt_call_manager_get_connected_call (f->manager));
  g_assert_null (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (active)));
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_calls (f->manager)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->direct)), ==, 0);
  dt_assert_has_event (f, "carol:disconnect:hangup");
  dt_assert_has_event (f, "carol:notify:state");
  dt_assert_has_event (f, "carol:notify:connected");
  dt_assert_has_event (f, "carol:notify:disconnect-reason");
  dt_assert_has_event (f, "mgr:call-removed:carol");
  dt_assert_has_event (f, "mgr:notify:connected-call");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "carol:disconnect:hangup"), ==, 1);
}

typedef struct
{
  DtTestFixture *f;
  gboolean       seen;
} DisconnectCheck;

static void
on_disconnect (DtCall          *call,
               const char      *reason,
               DisconnectCheck *check)
{
  DtTestFixture *f = check->f;
  GListModel *calls = dt_line_get_calls (f->direct);
  gboolean on_line = FALSE;

  /* While disconnect is emitted the call is still in the model */
  g_assert_true (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (call)) == call);
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) item = g_list_model_get_item (calls, i);

      on_line |= item == call;
    }
  g_assert_true (on_line);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DISCONNECTED);
  check->seen = TRUE;
}

static void
test_removed_after_disconnect (DtTestFixture *f,
                               gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  DisconnectCheck check = { f, FALSE };

  g_signal_connect (call, "disconnect", G_CALLBACK (on_disconnect), &check);
  dt_call_report_disconnected (call, "hangup");
  g_assert_true (check.seen);
  g_assert_cmpint (dt_signal_recorder_index (f->rec, "bob:disconnect:hangup"), <,
                   dt_signal_recorder_index (f->rec, "mgr:call-removed:bob"));
  g_assert_cmpint (dt_signal_recorder_index (f->rec, "bob:disconnect:hangup"), >=, 0);
  g_assert_null (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (call)));
  g_signal_handlers_disconnect_by_data (call, &check);
}

static void
test_illegal_answer_reject (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(DtCall) outbound = dt_test_dial (f, f->direct, "sip:bob@example.org");
  g_autoptr(DtCall) inbound = NULL;

  DT_ASSERT_REFUSED (f, outbound, DT_CALL_ERROR_INVALID_STATE, dt_call_answer (outbound, &error_));
  DT_ASSERT_REFUSED (f, outbound, DT_CALL_ERROR_INVALID_STATE, dt_call_reject (outbound, TRUE, &error_));
  dt_call_report_connected (outbound);
  DT_ASSERT_REFUSED (f, outbound, DT_CALL_ERROR_INVALID_STATE, dt_call_answer (outbound, &error_));

  inbound = dt_test_ringing_call (f, "carol");
  g_assert_true (dt_call_answer (inbound, NULL));
  dt_call_report_held (outbound);
  dt_call_report_connected (inbound);
  dt_call_report_established (inbound);
  g_assert_cmpint (dt_call_get_state (inbound), ==, DT_CALL_STATE_ESTABLISHED);
  DT_ASSERT_REFUSED (f, inbound, DT_CALL_ERROR_INVALID_STATE, dt_call_answer (inbound, &error_));
  DT_ASSERT_REFUSED (f, inbound, DT_CALL_ERROR_INVALID_STATE, dt_call_reject (inbound, FALSE, &error_));
}

static void
test_illegal_after_disconnect (DtTestFixture *f,
                               gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");

  dt_call_report_disconnected (call, "hangup");
  dt_test_forget (f);

  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_end (call, &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_hold (call, &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_resume (call, &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_send_dtmf (call, "1", &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_blind_transfer (call, "sip:dave@example.org", &error_));
}

static void
test_backend_refuses (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) active = NULL;
  g_autofree char *before = dt_test_snapshot (f, ringing);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  /* A request the backend cannot send fails with its error, nothing moves */
  dt_fake_call_backend_fail_next (dt_test_backend_of (ringing), "answer",
                                  DT_CALL_ERROR_FAILED, "The network is down.");
  g_assert_false (dt_call_answer (ringing, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_clear_error (&error);
  after = dt_test_snapshot (f, ringing);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "carol:answer!");
  dt_assert_events (f, "");

  /* … and the next attempt goes through */
  g_assert_true (dt_call_answer (ringing, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "carol:answer");
  dt_call_report_disconnected (ringing, "hangup");
  dt_test_forget (f);

  active = dt_test_active_call (f, "sip:bob@example.org");
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = dt_test_snapshot (f, active);
  dt_fake_call_backend_fail_next (dt_test_backend_of (active), "end",
                                  DT_CALL_ERROR_FAILED, "The network is down.");
  g_assert_false (dt_call_end (active, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  after = dt_test_snapshot (f, active);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "bob:end!");
  dt_assert_events (f, "");
}

static void
test_event_errors (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  static const struct { DtCallErrorKind kind; const char *entry; } kinds[] = {
    { DT_CALL_ERROR_KIND_CALL, "bob:error:call" },
    { DT_CALL_ERROR_KIND_MEDIA, "bob:error:media" },
    { DT_CALL_ERROR_KIND_HOLD, "bob:error:hold" },
    { DT_CALL_ERROR_KIND_RESUME, "bob:error:resume" },
    { DT_CALL_ERROR_KIND_TRANSFER, "bob:error:transfer" },
    { DT_CALL_ERROR_KIND_DTMF, "bob:error:dtmf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = g_error_new (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                             "Failure number %u.", i);
      const GError *seen;

      dt_call_report_error (call, kinds[i].kind, error);
      seen = dt_signal_recorder_get_last_error (f->rec);
      g_assert_nonnull (seen);
      g_assert_cmpstr (seen->message, ==, error->message);
      dt_assert_events (f, kinds[i].entry);
      g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
    }
  g_assert_cmpstr (dt_call_error_kind_to_string (DT_CALL_ERROR_KIND_TRANSFER), ==, "transfer");
  g_assert_cmpstr (dt_call_error_to_name (DT_CALL_ERROR_NOT_REGISTERED), ==, "NotRegistered");
  g_assert_cmpstr (dt_call_state_to_string (DT_CALL_STATE_REMOTE_HELD), ==, "remote-held");
  dt_assert_journal (f, "");
}

static void
test_dtmf_received (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");

  dt_call_report_dtmf (call, '5');
  dt_call_report_dtmf (call, '#');
  dt_call_report_dtmf (call, 'D');
  dt_assert_events (f, "bob:dtmf-received:5;bob:dtmf-received:#;bob:dtmf-received:D");

  /* A garbled digit from the network is dropped */
  dt_call_report_dtmf (call, 'x');
  dt_call_report_dtmf (call, '\0');
  dt_assert_events (f, "");
}

static void
test_late_reports (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* A late 180 or a retransmitted 200 after the answer changes nothing */
  dt_call_report_progress (call, TRUE);
  dt_call_report_connected (call);
  dt_call_report_resumed (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_false (dt_call_get_early_media (call));
  dt_assert_events (f, "");

  g_assert_true (dt_call_hold (call, NULL));
  dt_call_report_held (call);
  dt_test_forget (f);
  dt_call_report_held (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  dt_assert_events (f, "");

  dt_call_report_disconnected (call, "hangup");
  dt_test_forget (f);
  before = dt_test_snapshot (f, call);
  dt_call_report_connected (call);
  dt_call_report_established (call);
  dt_call_report_resumed (call);
  dt_call_report_held (call);
  dt_call_report_remote_held (call, TRUE);
  dt_call_report_progress (call, FALSE);
  dt_call_report_dtmf (call, '1');
  dt_call_report_transfer_requested (call, "sip:eve@example.org");
  dt_call_report_disconnected (call, "hangup");
  after = dt_test_snapshot (f, call);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DISCONNECTED);
  dt_assert_events (f, "");
  dt_assert_journal (f, "");
}

static void
test_late_reports_ringing (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");
  g_autofree char *before = dt_test_snapshot (f, call);
  g_autofree char *after = NULL;

  /* Nothing was asked of an unanswered call: no hold or resume outcome fits */
  dt_call_report_held (call);
  dt_call_report_resumed (call);
  dt_call_report_established (call);
  dt_call_report_progress (call, TRUE);
  after = dt_test_snapshot (f, call);
  g_assert_cmpstr (after, ==, before);
  dt_assert_events (f, "");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/call/dial", test_dial);
  DT_TEST_ADD ("/call/outbound-progress", test_outbound_progress);
  DT_TEST_ADD ("/call/connect-without-progress", test_connect_without_progress);
  DT_TEST_ADD ("/call/incoming", test_incoming);
  DT_TEST_ADD ("/call/answer", test_answer);
  DT_TEST_ADD ("/call/reject", test_reject);
  DT_TEST_ADD ("/call/missed", test_missed);
  DT_TEST_ADD ("/call/end", test_end);
  DT_TEST_ADD ("/call/removed-after-disconnect", test_removed_after_disconnect);
  DT_TEST_ADD ("/call/illegal/answer-reject", test_illegal_answer_reject);
  DT_TEST_ADD ("/call/illegal/after-disconnect", test_illegal_after_disconnect);
  DT_TEST_ADD ("/call/backend-refuses", test_backend_refuses);
  DT_TEST_ADD ("/call/event/error-kinds", test_event_errors);
  DT_TEST_ADD ("/call/event/dtmf-received", test_dtmf_received);
  DT_TEST_ADD ("/call/late-reports", test_late_reports);
  DT_TEST_ADD ("/call/late-reports-ringing", test_late_reports_ringing);

  return dt_test_run ();
}
