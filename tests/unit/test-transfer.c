/* test-transfer.c: blind and attended transfer, consultation, incoming REFER
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
test_blind (DtTestFixture *f,
            gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_blind_transfer (call, "sip:dave@example.org", &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:blind_transfer(sip:dave@example.org)");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);

  dt_call_report_transfer_progress (call, 100);
  dt_call_report_transfer_progress (call, 200);
  dt_assert_events (f, "bob:transfer-progress:100;bob:transfer-progress:200");

  dt_call_report_disconnected (call, "transferred");
  g_assert_cmpstr (dt_call_get_disconnect_reason (call), ==, "transferred");
  dt_assert_has_event (f, "bob:disconnect:transferred");
}

static void
test_blind_held (DtTestFixture *f,
                 gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  /* Hold first, then transfer: the usual way a receptionist works */
  dt_test_hold (f, call);
  g_assert_true (dt_call_blind_transfer (call, "sip:dave@example.org", &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:blind_transfer(sip:dave@example.org)");
}

static void
test_blind_illegal (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) dialing = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_autoptr(DtCall) active = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                    "The transfer target is busy.");

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_blind_transfer (ringing, "sip:eve@example.org", &error_));
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_blind_transfer (dialing, "sip:eve@example.org", &error_));
  dt_call_report_disconnected (dialing, "cancelled");

  active = dt_test_active_call (f, "sip:bob@example.org");
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_URI,
                     dt_call_blind_transfer (active, "", &error_));

  g_assert_true (dt_call_blind_transfer (active, "sip:eve@example.org", &error));
  dt_call_report_transfer_progress (active, 486);
  dt_call_report_error (active, DT_CALL_ERROR_KIND_TRANSFER, reported);
  g_assert_cmpint (dt_call_get_state (active), ==, DT_CALL_STATE_ESTABLISHED);
  dt_assert_events (f, "bob:transfer-progress:486;bob:error:transfer");
}

static void
test_consultation (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) consultation = NULL;
  g_autoptr(GError) error = NULL;
  DtCall *borrowed;

  borrowed = dt_call_start_consultation (call, "sip:dave@example.org", &error);
  g_assert_no_error (error);
  g_assert_true (DT_IS_CALL (borrowed));
  consultation = g_object_ref (borrowed);
  dt_signal_recorder_watch (f->rec, consultation, "dave");

  g_assert_true (dt_call_get_consultation_for (consultation) == call);
  g_assert_true (dt_call_get_line (consultation) == f->direct);
  g_assert_cmpint (dt_call_get_direction (consultation), ==, DT_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpint (dt_call_get_state (consultation), ==, DT_CALL_STATE_DIALING);
  g_assert_cmpstr (dt_call_get_remote_uri (consultation), ==, "sip:dave@example.org");
  /* dave is only dialed once bob is held */
  dt_assert_journal_set (f, "direct:create_call(sip:dave@example.org);bob:hold");

  dt_call_report_held (call);
  dt_assert_journal (f, "dave:start");
  dt_call_report_connected (consultation);
  dt_call_report_established (consultation);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == consultation);
  dt_test_forget (f);

  g_assert_true (dt_call_complete_transfer (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:attended_transfer(dave)");
  dt_assert_events (f, "");

  dt_call_report_transfer_progress (call, 200);
  dt_call_report_disconnected (call, "transferred");
  dt_call_report_disconnected (consultation, "transferred");
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
}

static void
test_consultation_illegal (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) active = NULL;

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_start_consultation (ringing, "sip:dave@example.org", &error_));
  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_complete_transfer (ringing, &error_));
  dt_call_report_disconnected (ringing, "cancelled");

  active = dt_test_active_call (f, "sip:bob@example.org");
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_URI,
                     dt_call_start_consultation (active, "", &error_));
  /* No consultation was started from it */
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_complete_transfer (active, &error_));
}

static void
test_attended (DtTestFixture *f,
               gconstpointer  data)
{
  g_autoptr(DtCall) first = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) second = NULL;
  g_autoptr(GError) error = NULL;

  dt_test_hold (f, first);
  second = dt_test_active_call (f, "sip:dave@example.org");

  g_assert_true (dt_call_attended_transfer (first, second, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:attended_transfer(dave)");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (first), ==, DT_CALL_STATE_HELD);
  g_assert_cmpint (dt_call_get_state (second), ==, DT_CALL_STATE_ESTABLISHED);
}

static void
test_attended_illegal (DtTestFixture *f,
                       gconstpointer  data)
{
  g_autoptr(DtCall) first = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) gone = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_attended_transfer (ringing, first, &error_));

  /* To itself: refused as a bad argument (or state), changing nothing */
  before = dt_test_snapshot (f, first);
  g_assert_false (dt_call_attended_transfer (first, first, &error));
  g_assert_true (g_error_matches (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT) ||
                 g_error_matches (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE));
  after = dt_test_snapshot (f, first);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "");
  dt_assert_events (f, "");

  dt_test_hold (f, first);
  gone = dt_test_active_call (f, "sip:dave@example.org");
  dt_call_report_disconnected (gone, "hangup");
  DT_ASSERT_REFUSED (f, first, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_attended_transfer (first, gone, &error_));
}

static void
test_refer_accept (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;
  const char *target;

  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_accept_transfer (call, &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_refuse_transfer (call, &error_));

  dt_call_report_transfer_requested (call, "sip:eve@example.org");
  g_assert_cmpstr (dt_call_get_transfer_target (call), ==, "sip:eve@example.org");
  dt_assert_events_set (f, "bob:transfer-requested:sip:eve@example.org;bob:notify:transfer-target");

  dt_fake_call_backend_fail_next (dt_test_backend_of (call), "accept_transfer",
                                  DT_CALL_ERROR_FAILED, "The network is down.");
  g_assert_false (dt_call_accept_transfer (call, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpstr (dt_call_get_transfer_target (call), ==, "sip:eve@example.org");
  dt_assert_journal (f, "bob:accept_transfer!");
  dt_assert_events (f, "");

  g_assert_true (dt_call_accept_transfer (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:accept_transfer");
  /* The request is answered: no longer pending */
  target = dt_call_get_transfer_target (call);
  g_assert_true (target == NULL || *target == '\0');
  dt_assert_events (f, "bob:notify:transfer-target");
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_accept_transfer (call, &error_));
}

static void
test_refer_refuse (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;
  const char *target;

  dt_call_report_transfer_requested (call, "sip:eve@example.org");
  dt_test_forget (f);
  g_assert_true (dt_call_refuse_transfer (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:refuse_transfer");
  target = dt_call_get_transfer_target (call);
  g_assert_true (target == NULL || *target == '\0');
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_refuse_transfer (call, &error_));
}

/* The backend gave up on the request (the user did not answer in time):
 * it is no longer pending, and answering it now is refused */
static void
test_refer_expired (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) expired = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                   "The transfer request expired.");

  dt_call_report_transfer_requested (call, "sip:eve@example.org");
  dt_test_forget (f);
  dt_call_report_error (call, DT_CALL_ERROR_KIND_TRANSFER, expired);
  g_assert_null (dt_call_get_transfer_target (call));
  dt_assert_events_set (f, "bob:notify:transfer-target;bob:error:transfer");
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_accept_transfer (call, &error_));
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_refuse_transfer (call, &error_));
  dt_assert_journal (f, "");
}

/* An INVITE with Replaces: the new call starts connected, never rings and
 * is no incoming call; the old one is left to the backend to end */
static void
test_replacing_call (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(DtCall) old = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "dave");
  g_autoptr(DtFakeCallBackend) backend = dt_fake_call_backend_new (f->journal, "carol");
  g_autoptr(GError) error = NULL;
  DtCall *call;

  /* Only an answered call of the line can be replaced */
  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_line_add_replacing_call (f->direct, DT_CALL_BACKEND (backend), ringing,
                                                 "sip:carol@example.org", "Carol", &error_));
  DT_ASSERT_REFUSED (f, old, DT_CALL_ERROR_INVALID_STATE,
                     dt_line_add_replacing_call (f->acct, DT_CALL_BACKEND (backend), old,
                                                 "sip:carol@example.org", "Carol", &error_));
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 2);

  call = dt_line_add_replacing_call (f->direct, DT_CALL_BACKEND (backend), old,
                                     "sip:carol@example.org", "Carol", &error);
  g_assert_no_error (error);
  g_assert_true (DT_IS_CALL (call));
  dt_fake_call_backend_set_call (backend, call);
  g_assert_cmpint (dt_call_get_direction (call), ==, DT_CALL_DIRECTION_INBOUND);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);
  g_assert_true (dt_call_get_connected (call));
  g_assert_cmpint (dt_call_get_start_time (call), >, 0);
  g_assert_true (dt_call_get_line (call) == f->direct);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (f->manager)), ==, 1);
  dt_test_spin_drain ();
  dt_assert_has_event (f, "mgr:call-added:carol");
  dt_assert_no_event (f, "mgr:incoming-call:carol");
  /* Nothing was asked of any backend: the old call is not held */
  dt_assert_journal (f, "");

  dt_call_report_disconnected (old, "replaced");
  g_assert_cmpstr (dt_call_get_disconnect_reason (old), ==, "replaced");
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  dt_call_report_disconnected (call, "remote-hangup");
  dt_call_report_disconnected (ringing, "missed");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/transfer/blind", test_blind);
  DT_TEST_ADD ("/transfer/blind-held", test_blind_held);
  DT_TEST_ADD ("/transfer/blind-illegal", test_blind_illegal);
  DT_TEST_ADD ("/transfer/consultation", test_consultation);
  DT_TEST_ADD ("/transfer/consultation-illegal", test_consultation_illegal);
  DT_TEST_ADD ("/transfer/attended", test_attended);
  DT_TEST_ADD ("/transfer/attended-illegal", test_attended_illegal);
  DT_TEST_ADD ("/transfer/refer-accept", test_refer_accept);
  DT_TEST_ADD ("/transfer/refer-refuse", test_refer_refuse);
  DT_TEST_ADD ("/transfer/refer-expired", test_refer_expired);
  DT_TEST_ADD ("/transfer/replacing-call", test_replacing_call);

  return dt_test_run ();
}
