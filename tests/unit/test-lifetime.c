/* test-lifetime.c: who owns what, and handlers that call back into the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
test_model_owns_calls (DtTestFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtCall *call = dt_line_dial (f->direct, "sip:bob@example.org", &error);
  DtCall *weak = call;

  /* The test keeps no reference: the line's is the only one */
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (call), (gpointer *) &weak);
  dt_call_report_connected (call);
  dt_call_report_established (call);
  g_assert_true (dt_call_hold (call, NULL));
  dt_call_report_held (call);
  g_assert_nonnull (weak);

  dt_call_report_disconnected (call, "hangup");
  dt_test_spin_drain ();
  g_assert_null (weak);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
  g_assert_null (dt_fake_call_backend_get_call (dt_fake_line_backend_find (f->direct_backend, "bob")));
}

static void
test_unowned_waiting_call (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtFakeCallBackend) backend = dt_fake_call_backend_new (f->journal, "carol");
  DtCall *b = dt_line_add_incoming_call (f->direct, DT_CALL_BACKEND (backend),
                                         "sip:carol@example.org", "Carol", NULL);
  DtCall *weak = b;

  g_object_add_weak_pointer (G_OBJECT (b), (gpointer *) &weak);
  g_assert_true (dt_call_answer (b, NULL));
  /* carol hangs up while waiting for bob's hold; only the model holds her */
  dt_call_report_disconnected (b, "cancelled");
  dt_call_report_held (a);
  dt_test_spin_drain ();
  g_assert_null (weak);
  dt_assert_journal (f, "bob:hold");
}

static void
on_incoming_answer (DtCallManager *manager,
                    DtCall        *call,
                    gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_answer (call, &error));
  g_assert_no_error (error);
}

static void
test_auto_answer (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(DtCall) call = NULL;

  /* An auto-answer rule answers from inside incoming-call */
  g_signal_connect (f->manager, "incoming-call", G_CALLBACK (on_incoming_answer), NULL);
  call = dt_test_incoming (f, f->direct, "carol", "sip:carol@example.org", "Carol");
  dt_assert_journal (f, "carol:answer");
  dt_call_report_connected (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);
  g_signal_handlers_disconnect_by_func (f->manager, on_incoming_answer, NULL);
}

static void
on_held_end_waiting (DtCall *active,
                     DtCall *waiting)
{
  dt_call_report_disconnected (waiting, "cancelled");
}

static void
test_waiting_ends_in_held_handler (DtTestFixture *f,
                                   gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  /* Connected first, so it runs before the model hears of the hold */
  g_signal_connect (a, "held", G_CALLBACK (on_held_end_waiting), b);
  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (a);
  dt_assert_journal (f, "");
  g_assert_cmpint (dt_call_get_state (b), ==, DT_CALL_STATE_DISCONNECTED);
  g_signal_handlers_disconnect_by_func (a, on_held_end_waiting, b);
}

static void
on_removed_dial (DtCallManager *manager,
                 DtCall        *call,
                 DtTestFixture *f)
{
  g_autoptr(GError) error = NULL;

  /* Call back at once when a call drops */
  g_assert_nonnull (dt_line_dial (f->direct, "sip:redial@example.org", &error));
  g_assert_no_error (error);
}

static void
test_dial_from_call_removed (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");

  g_signal_connect (f->manager, "call-removed", G_CALLBACK (on_removed_dial), f);
  dt_call_report_disconnected (a, "hangup");
  g_signal_handlers_disconnect_by_func (f->manager, on_removed_dial, f);
  dt_assert_journal (f, "direct:create_call(sip:redial@example.org);redial:start");
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 1);
}

static void
test_reports_after_manager_gone (DtTestFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_answer (b, NULL));
  dt_test_forget (f);

  /* The app quits while bob's hold is on its way; the network still talks */
  g_clear_object (&f->manager);
  g_assert_null (dt_line_get_manager (f->direct));
  dt_call_report_held (a);
  dt_call_report_disconnected (b, "cancelled");
  dt_call_report_disconnected (a, "hangup");
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_false (dt_call_set_muted (a, TRUE, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->direct)), ==, 0);
}

static void
test_line_gone_before_call (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  /* The call outlives its line (a view still shows it) */
  dt_call_manager_remove_line (f->manager, f->direct);
  g_clear_object (&f->direct);
  g_assert_null (dt_call_get_line (a));
  dt_call_report_disconnected (a, "hangup");
  g_assert_false (dt_call_end (a, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_assert_null (dt_call_start_consultation (a, "sip:dave@example.org", NULL));
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/lifetime/model-owns-calls", test_model_owns_calls);
  DT_TEST_ADD ("/lifetime/unowned-waiting-call", test_unowned_waiting_call);
  DT_TEST_ADD ("/lifetime/auto-answer", test_auto_answer);
  DT_TEST_ADD ("/lifetime/waiting-ends-in-held-handler", test_waiting_ends_in_held_handler);
  DT_TEST_ADD ("/lifetime/dial-from-call-removed", test_dial_from_call_removed);
  DT_TEST_ADD ("/lifetime/reports-after-manager-gone", test_reports_after_manager_gone);
  DT_TEST_ADD ("/lifetime/line-gone-before-call", test_line_gone_before_call);

  return dt_test_run ();
}
