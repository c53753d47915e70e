/* test-invariant.c: at most one active call across all lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
test_answer_holds_active (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_answer (b, &error));
  g_assert_no_error (error);
  /* carol is answered only once bob is held */
  dt_assert_journal (f, "bob:hold");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (b), ==, DT_CALL_STATE_RINGING);

  dt_call_report_held (a);
  dt_assert_journal (f, "carol:answer");
  dt_call_report_connected (b);
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == b);
  g_assert_cmpuint (dt_test_count_active (f), ==, 1);
}

static void
test_answer_hold_refused (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  /* bob cannot be held: carol is still answered, and bob says why */
  dt_fake_call_backend_fail_next (dt_test_backend_of (a), "hold", DT_CALL_ERROR_FAILED,
                                  "No route to bob.");
  g_assert_true (dt_call_answer (b, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:hold!;carol:answer");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "bob:error:hold"), ==, 1);
  g_assert_nonnull (dt_signal_recorder_get_last_error (f->rec));
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_ESTABLISHED);
}

static void
test_answer_hold_error (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) reported = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                    "Bob’s phone refused the hold.");

  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  dt_call_report_error (a, DT_CALL_ERROR_KIND_HOLD, reported);
  dt_assert_journal (f, "carol:answer");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "bob:error:hold"), ==, 1);
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_ESTABLISHED);

  /* A late "held" for the failed request is no reason to answer twice */
  dt_call_report_held (a);
  dt_assert_journal (f, "");
}

static void
test_answer_while_hold_pending (DtTestFixture *f,
                                gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  /* Hold, then Answer before the hold went through: a second re-INVITE
   * while the first is pending is not allowed (RFC 3261 §14.1), and the
   * backend counts on the model for that */
  g_assert_true (dt_call_hold (a, NULL));
  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (a);
  dt_assert_journal (f, "carol:answer");
}

static void
test_two_waiters (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(DtCall) held = dt_test_active_call (f, "sip:dave@example.org");
  g_autoptr(DtCall) active = NULL;
  g_autoptr(DtCall) dialed = NULL;

  dt_test_hold (f, held);
  active = dt_test_active_call (f, "sip:bob@example.org");

  /* Dial erin and resume dave while bob's hold is on its way: both wait
   * for it, but only one of them may end up talking */
  dialed = dt_test_dial (f, f->direct, "sip:erin@example.org");
  g_assert_true (dt_call_resume (held, NULL));
  dt_test_settle (f);
  g_assert_cmpint (dt_call_get_state (active), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_is_active (dialed) || dt_call_is_active (held));
  g_assert_cmpuint (dt_test_count_active (f), ==, 1);
}

static void
test_answer_while_resume_pending (DtTestFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(DtCall) held = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) ringing = NULL;

  dt_test_hold (f, held);
  ringing = dt_test_ringing_call (f, "carol");

  /* bob's resume is on its way when carol is answered: both granted, one
   * of them must end up on hold */
  g_assert_true (dt_call_resume (held, NULL));
  g_assert_true (dt_call_answer (ringing, NULL));
  dt_test_settle (f);
  g_assert_cmpuint (dt_test_count_active (f), ==, 1);
  g_assert_true (dt_call_is_active (ringing));
}

static void
test_reject_while_waiting (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  /* Answer, then Decline before bob is held: carol must not be answered */
  g_assert_true (dt_call_answer (b, NULL));
  g_assert_true (dt_call_reject (b, FALSE, NULL));
  dt_assert_journal (f, "bob:hold;carol:reject(decline)");
  dt_call_report_held (a);
  dt_assert_journal (f, "");
}

static void
test_end_while_waiting (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) c = dt_test_dial (f, f->direct, "sip:dave@example.org");

  /* Hanging up a call that has not gone out yet: it never goes out */
  dt_fake_journal_clear (f->journal);
  g_assert_true (dt_call_end (c, NULL));
  dt_fake_journal_clear (f->journal);
  dt_call_report_held (a);
  dt_assert_journal (f, "");
}

static void
test_answer_refused_after_hold (DtTestFixture *f,
                                gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  /* The answer goes out only later: its failure comes as carol's error */
  g_assert_true (dt_call_answer (b, NULL));
  dt_fake_call_backend_fail_next (dt_test_backend_of (b), "answer", DT_CALL_ERROR_FAILED,
                                  "The network is down.");
  dt_call_report_held (a);
  dt_assert_journal (f, "bob:hold;carol:answer!");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "carol:error:call"), ==, 1);
  g_assert_cmpstr (dt_signal_recorder_get_last_error (f->rec)->message, ==, "The network is down.");
  g_assert_cmpint (dt_call_get_state (b), ==, DT_CALL_STATE_RINGING);
}

static void
test_answer_active_ended (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  /* bob hangs up before the hold is through: that settles it too */
  dt_call_report_disconnected (a, "hangup");
  dt_assert_journal (f, "carol:answer");
}

static void
test_answer_waiting_ended (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  /* carol gives up while bob is being held: nothing left to answer */
  dt_call_report_disconnected (b, "cancelled");
  dt_call_report_held (a);
  dt_assert_journal (f, "");
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_HELD);
}

static void
test_answer_without_active (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) c = dt_test_ringing_call (f, "dave");

  dt_test_hold (f, a);
  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "carol:answer");

  /* carol is answered but not connected yet: nothing to hold for dave */
  g_assert_true (dt_call_answer (c, NULL));
  dt_assert_journal (f, "dave:answer");
}

static void
test_remote_held_is_active (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  dt_call_report_remote_held (a, TRUE);
  g_assert_true (dt_call_answer (b, NULL));
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (a);
  dt_assert_journal (f, "carol:answer");
}

static void
test_resume_holds_active (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = NULL;
  g_autoptr(GError) error = NULL;

  dt_test_hold (f, a);
  b = dt_test_active_call (f, "sip:dave@example.org");

  g_assert_true (dt_call_resume (a, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "dave:hold");
  dt_assert_events (f, "");
  dt_call_report_held (b);
  dt_assert_journal (f, "bob:resume");
  dt_call_report_resumed (a);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == a);
  g_assert_cmpuint (dt_test_count_active (f), ==, 1);
}

static void
test_resume_hold_refused (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = NULL;

  dt_test_hold (f, a);
  b = dt_test_active_call (f, "sip:dave@example.org");
  dt_fake_call_backend_fail_next (dt_test_backend_of (b), "hold", DT_CALL_ERROR_FAILED,
                                  "No route to dave.");
  g_assert_true (dt_call_resume (a, NULL));
  dt_assert_journal (f, "dave:hold!;bob:resume");
  dt_assert_has_event (f, "dave:error:hold");
}

static void
test_dial_holds_active (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) c = dt_test_dial (f, f->direct, "sip:dave@example.org");

  g_assert_cmpint (dt_call_get_state (c), ==, DT_CALL_STATE_DIALING);
  dt_assert_has_event (f, "mgr:call-added:dave");
  /* dave is dialed only once bob is held */
  dt_assert_journal_set (f, "direct:create_call(sip:dave@example.org);bob:hold");
  dt_call_report_held (a);
  dt_assert_journal (f, "dave:start");
  dt_call_report_connected (c);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == c);
  g_assert_cmpuint (dt_test_count_active (f), ==, 1);
}

static void
test_dial_waiting_ended (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) c = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_autoptr(GError) error = NULL;

  dt_assert_journal_set (f, "direct:create_call(sip:dave@example.org);bob:hold");
  /* The user gives up on dave before bob is held: dave never goes out */
  g_assert_true (dt_call_end (c, &error));
  g_assert_no_error (error);
  dt_call_report_disconnected (c, "cancelled");
  dt_fake_journal_clear (f->journal);
  dt_call_report_held (a);
  dt_assert_journal (f, "");
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_HELD);
}

static void
test_answer_twice_while_waiting (DtTestFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");

  /* A double click on Answer: one hold, and carol answered once */
  g_assert_true (dt_call_answer (b, NULL));
  (void) dt_call_answer (b, NULL);
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (a);
  dt_assert_journal (f, "carol:answer");
}

static void
test_dial_hold_refused (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) c = NULL;
  g_autofree char *journal = NULL;

  dt_fake_call_backend_fail_next (dt_test_backend_of (a), "hold", DT_CALL_ERROR_FAILED,
                                  "No route to bob.");
  c = dt_test_dial (f, f->direct, "sip:dave@example.org");
  journal = dt_fake_journal_join (f->journal);
  /* Whether the call is prepared before or after the hold is the model's
   * business; it goes out only after */
  if (!g_str_equal (journal, "direct:create_call(sip:dave@example.org);bob:hold!;dave:start"))
    g_assert_cmpstr (journal, ==, "bob:hold!;direct:create_call(sip:dave@example.org);dave:start");
  dt_assert_has_event (f, "bob:error:hold");
}

static void
test_consultation_waits (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                    "Bob’s phone refused the hold.");
  DtCall *consultation;

  consultation = dt_call_start_consultation (a, "sip:dave@example.org", &error);
  g_assert_no_error (error);
  g_assert_nonnull (consultation);
  dt_assert_journal_set (f, "direct:create_call(sip:dave@example.org);bob:hold");
  g_assert_true (dt_call_get_consultation_for (consultation) == a);
  /* The hold failed: the consultation call still goes out */
  dt_call_report_error (a, DT_CALL_ERROR_KIND_HOLD, reported);
  dt_assert_journal (f, "dave:start");
  dt_assert_has_event (f, "bob:error:hold");
}

static void
test_many_calls_one_active (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  static const char * const labels[] = { "carol", "dave", "erin" };

  /* Each answer holds the one before; at every step one call talks */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      DtCall *call = dt_test_ringing_call (f, labels[i]);

      g_ptr_array_add (calls, call);
      g_assert_true (dt_call_answer (call, NULL));
      if (i > 0)
        dt_call_report_held (g_ptr_array_index (calls, i - 1));
      dt_call_report_connected (call);
      dt_test_spin_drain ();
      g_assert_cmpuint (dt_test_count_active (f), ==, 1);
      g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
    }
  g_assert_cmpint (dt_call_get_state (g_ptr_array_index (calls, 0)), ==, DT_CALL_STATE_HELD);
  g_assert_cmpint (dt_call_get_state (g_ptr_array_index (calls, 1)), ==, DT_CALL_STATE_HELD);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/invariant/answer-holds-active", test_answer_holds_active);
  DT_TEST_ADD ("/invariant/answer-hold-refused", test_answer_hold_refused);
  DT_TEST_ADD ("/invariant/answer-hold-error", test_answer_hold_error);
  DT_TEST_ADD ("/invariant/answer-refused-after-hold", test_answer_refused_after_hold);
  DT_TEST_ADD ("/invariant/pending/answer-while-hold", test_answer_while_hold_pending);
  DT_TEST_ADD ("/invariant/pending/reject-while-waiting", test_reject_while_waiting);
  DT_TEST_ADD ("/invariant/pending/two-waiters", test_two_waiters);
  DT_TEST_ADD ("/invariant/pending/answer-while-resume", test_answer_while_resume_pending);
  DT_TEST_ADD ("/invariant/pending/end-while-waiting", test_end_while_waiting);
  DT_TEST_ADD ("/invariant/answer-active-ended", test_answer_active_ended);
  DT_TEST_ADD ("/invariant/answer-waiting-ended", test_answer_waiting_ended);
  DT_TEST_ADD ("/invariant/answer-without-active", test_answer_without_active);
  DT_TEST_ADD ("/invariant/remote-held-is-active", test_remote_held_is_active);
  DT_TEST_ADD ("/invariant/resume-holds-active", test_resume_holds_active);
  DT_TEST_ADD ("/invariant/resume-hold-refused", test_resume_hold_refused);
  DT_TEST_ADD ("/invariant/dial-holds-active", test_dial_holds_active);
  DT_TEST_ADD ("/invariant/dial-waiting-ended", test_dial_waiting_ended);
  DT_TEST_ADD ("/invariant/answer-twice-while-waiting", test_answer_twice_while_waiting);
  DT_TEST_ADD ("/invariant/dial-hold-refused", test_dial_hold_refused);
  DT_TEST_ADD ("/invariant/consultation-waits", test_consultation_waits);
  DT_TEST_ADD ("/invariant/many-calls-one-active", test_many_calls_one_active);

  return dt_test_run ();
}
