/* test-history-recorder.c: each call that ends is in the history, with
 * how it ended for the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-history-recorder.h"
#include "dt-test-fixture.h"

typedef struct {
  DtTestFixture  base;
  DtCallHistory *history;
  char          *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("history-%08x.db", g_random_int ());

  dt_test_fixture_setup (&f->base, data);
  /* One file per test: the data folder is the program's */
  f->path = g_build_filename (g_get_user_data_dir (), name, NULL);
  f->history = dt_call_history_new (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->history);
  dt_test_fixture_teardown (&f->base, data);
  g_free (f->path);
}

static gboolean
nonnull (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
has_items (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (G_LIST_MODEL (f->history)) > 0;
}

/* The record the call became, once the history has stored it */
static DtCallRecord *
recorded (Fixture *f)
{
  g_assert_true (dt_test_wait (has_items, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 1);
  return g_list_model_get_item (G_LIST_MODEL (f->history), 0);
}

static void
test_answered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DtHistoryRecorder) recorder = dt_history_recorder_new (f->base.manager, f->history);
  gint64 before = g_get_real_time ();
  g_autoptr(DtCall) call = dt_test_active_call (&f->base, "sip:bob@example.org");
  g_autoptr(DtCallRecord) record = NULL;
  gint64 connected = dt_call_get_start_time (call);

  g_assert_cmpint (connected, >=, before);
  dt_call_report_disconnected (call, "hangup");
  record = recorded (f);

  g_assert_false (dt_call_record_get_incoming (record));
  g_assert_cmpstr (dt_call_record_get_remote_uri (record), ==, "sip:bob@example.org");
  g_assert_cmpstr (dt_call_record_get_line_id (record), ==, dt_line_get_id (f->base.direct));
  g_assert_cmpint (dt_call_record_get_outcome (record), ==, DT_CALL_OUTCOME_ANSWERED);
  g_assert_cmpstr (dt_call_record_get_reason (record), ==, "hangup");
  g_assert_cmpint (dt_call_record_get_started (record), >=, before);
  g_assert_cmpint (dt_call_record_get_started (record), <=, connected);
  g_assert_cmpint (dt_call_record_get_answered (record), ==, connected);
  g_assert_cmpint (dt_call_record_get_ended (record), >=, connected);
  g_assert_cmpint (dt_call_record_get_id (record), >, 0);
}

static void
ended_ringing (Fixture       *f,
               const char    *reason,
               DtCallOutcome  expected)
{
  g_autoptr(DtHistoryRecorder) recorder = dt_history_recorder_new (f->base.manager, f->history);
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->base, "carol");
  g_autoptr(DtCallRecord) record = NULL;

  dt_call_report_disconnected (call, reason);
  record = recorded (f);
  g_assert_true (dt_call_record_get_incoming (record));
  g_assert_cmpstr (dt_call_record_get_remote_uri (record), ==, "sip:carol@example.org");
  g_assert_cmpint (dt_call_record_get_outcome (record), ==, expected);
  g_assert_cmpint (dt_call_record_get_answered (record), ==, 0);
  g_assert_cmpint (dt_call_record_get_duration (record), ==, 0);
}

static void
test_missed (Fixture       *f,
             gconstpointer  data)
{
  ended_ringing (f, "missed", DT_CALL_OUTCOME_MISSED);
}

static void
test_declined (Fixture       *f,
               gconstpointer  data)
{
  ended_ringing (f, "603 Decline", DT_CALL_OUTCOME_DECLINED);
}

static void
ended_dialing (Fixture       *f,
               const char    *reason,
               DtCallOutcome  expected)
{
  g_autoptr(DtHistoryRecorder) recorder = dt_history_recorder_new (f->base.manager, f->history);
  g_autoptr(DtCall) call = dt_test_dial (&f->base, f->base.direct, "sip:dave@example.org");
  g_autoptr(DtCallRecord) record = NULL;

  dt_call_report_progress (call, FALSE);
  dt_call_report_disconnected (call, reason);
  record = recorded (f);
  g_assert_false (dt_call_record_get_incoming (record));
  g_assert_cmpint (dt_call_record_get_outcome (record), ==, expected);
  g_assert_cmpstr (dt_call_record_get_reason (record), ==, reason);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  ended_dialing (f, "cancelled", DT_CALL_OUTCOME_CANCELLED);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  ended_dialing (f, "486 Busy Here", DT_CALL_OUTCOME_FAILED);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_survives_restart (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DtHistoryRecorder) recorder = dt_history_recorder_new (f->base.manager, f->history);
  g_autoptr(DtCall) call = dt_test_active_call (&f->base, "sip:erin@example.org");
  g_autoptr(DtCallRecord) record = NULL;
  g_autoptr(DtCallHistory) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dt_call_set_static_info (call, "Erin", NULL, NULL, TRUE, NULL);
  dt_call_report_disconnected (call, "remote-hangup");
  record = recorded (f);

  again = dt_call_history_new (f->path);
  dt_call_history_load_async (again, NULL, keep_result, &result);
  g_assert_true (dt_test_wait (nonnull, &result));
  g_assert_true (dt_call_history_load_finish (again, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  {
    g_autoptr(DtCallRecord) loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);

    g_assert_cmpstr (dt_call_record_get_remote_name (loaded), ==, "Erin");
    g_assert_cmpint (dt_call_record_get_id (loaded), ==, dt_call_record_get_id (record));
    g_assert_cmpint (dt_call_record_get_ended (loaded), ==, dt_call_record_get_ended (record));
  }
}

static void
test_not_after_dispose (Fixture       *f,
                        gconstpointer  data)
{
  DtHistoryRecorder *recorder = dt_history_recorder_new (f->base.manager, f->history);
  g_autoptr(DtCall) call = dt_test_active_call (&f->base, "sip:frank@example.org");
  g_autoptr(GAsyncResult) result = NULL;

  /* A recorder gone before the call ends leaves it alone */
  g_object_unref (recorder);
  dt_call_report_disconnected (call, "hangup");

  /* Jobs run in order: an add asked for by now would be done before this
   * load is */
  dt_call_history_load_async (f->history, NULL, keep_result, &result);
  g_assert_true (dt_test_wait (nonnull, &result));
  g_assert_true (dt_call_history_load_finish (f->history, result, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/history/recorder/answered", test_answered);
  ADD ("/history/recorder/missed", test_missed);
  ADD ("/history/recorder/declined", test_declined);
  ADD ("/history/recorder/cancelled", test_cancelled);
  ADD ("/history/recorder/busy", test_busy);
  ADD ("/history/recorder/survives-restart", test_survives_restart);
  ADD ("/history/recorder/not-after-dispose", test_not_after_dispose);

#undef ADD

  return dt_test_run ();
}
