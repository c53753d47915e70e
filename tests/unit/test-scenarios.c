/* test-scenarios.c: random sessions against a network that answers late
 *
 * A user clicks at random (answer, decline, hold, resume, dial, hang up)
 * while a simulated network delivers the outcome of each request some steps
 * later, calls from the other side arrive and hang up. After every step
 * the model must be consistent, and once the network has delivered
 * everything at most one call may be active. Seeds are fixed, so a failure
 * replays; its log is printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-test-fixture.h"

#define N_SEEDS 2000
#define N_STEPS 40

typedef struct
{
  DtTestFixture *f;
  GRand         *rand;
  GString       *log;
  /* label → DtCall (a reference), every call seen */
  GHashTable    *calls;
  /* "label:op" requests the network has yet to answer, oldest first */
  GPtrArray     *pending;
  guint          journal_seen;
  /* A failed hold lets two calls talk (as the model documents) */
  gboolean       hold_failed;
} Session;

/* Labels stay unique across sessions: the fakes remember every call */
static guint counter;

static DtCall *
call_for (Session    *s,
          const char *entry)
{
  g_autofree char *label = g_strndup (entry, strcspn (entry, ":"));

  return g_hash_table_lookup (s->calls, label);
}

static void
track (Session    *s,
       const char *label,
       DtCall     *call)
{
  g_hash_table_replace (s->calls, g_strdup (label), g_object_ref (call));
}

/* Picks up the requests the model made since last time */
static void
collect_requests (Session *s)
{
  guint n = dt_fake_journal_get_n_entries (s->f->journal);

  for (; s->journal_seen < n; s->journal_seen++)
    {
      const char *entry = dt_fake_journal_get_entry (s->f->journal, s->journal_seen);

      g_string_append_printf (s->log, "  model -> %s\n", entry);
      if (!g_str_has_suffix (entry, "!") && call_for (s, entry) != NULL)
        g_ptr_array_add (s->pending, g_strdup (entry));
    }
}

/* The network answers one pending request: the oldest one of a random call */
static void
deliver_one (Session *s)
{
  const char *entry;
  DtCall *call;
  guint index;

  if (s->pending->len == 0)
    return;

  index = g_rand_int_range (s->rand, 0, s->pending->len);
  call = call_for (s, g_ptr_array_index (s->pending, index));
  for (guint i = 0; i < index; i++)
    if (call_for (s, g_ptr_array_index (s->pending, i)) == call)
      {
        index = i;
        break;
      }

  entry = g_ptr_array_index (s->pending, index);
  g_string_append_printf (s->log, "  network <- %s\n", entry);

  if (strstr (entry, ":start"))
    dt_call_report_connected (call);
  else if (strstr (entry, ":answer"))
    dt_call_report_connected (call);
  else if (strstr (entry, ":hold") && g_rand_int_range (s->rand, 0, 10) == 0)
    {
      g_autoptr(GError) error = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                     "The other party refused the hold.");

      g_string_append (s->log, "  (hold refused)\n");
      s->hold_failed = TRUE;
      dt_call_report_error (call, DT_CALL_ERROR_KIND_HOLD, error);
    }
  else if (strstr (entry, ":hold"))
    dt_call_report_held (call);
  else if (strstr (entry, ":resume"))
    dt_call_report_resumed (call);
  else if (strstr (entry, ":end") || strstr (entry, ":reject"))
    dt_call_report_disconnected (call, "hangup");

  g_ptr_array_remove_index (s->pending, index);
  collect_requests (s);
}

static DtCall *
random_call (Session *s,
             gboolean (*pick) (DtCall *call))
{
  GListModel *calls = dt_call_manager_get_calls (s->f->manager);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      DtCall *call = g_list_model_get_item (calls, i);

      if (pick (call))
        g_ptr_array_add (candidates, call);
      else
        g_object_unref (call);
    }

  if (candidates->len == 0)
    return NULL;

  return g_ptr_array_index (candidates, g_rand_int_range (s->rand, 0, candidates->len));
}

static gboolean
is_ringing (DtCall *call)
{
  return dt_call_get_state (call) == DT_CALL_STATE_RINGING;
}

static gboolean
is_held (DtCall *call)
{
  return dt_call_get_state (call) == DT_CALL_STATE_HELD;
}

static gboolean
is_live (DtCall *call)
{
  return dt_call_get_state (call) != DT_CALL_STATE_DISCONNECTED;
}

static const char *
label_of (DtCall *call)
{
  return dt_fake_call_backend_get_label (dt_test_backend_of (call));
}

static void
remote_calls_in (Session *s)
{
  g_autofree char *name = g_strdup_printf ("in%u", ++counter);
  DtFakeCallBackend *backend = dt_fake_call_backend_new (s->f->journal, name);
  DtCall *call;

  g_ptr_array_add (s->f->incoming_backends, backend);
  call = dt_line_add_incoming_call (s->f->direct, DT_CALL_BACKEND (backend),
                                    "sip:caller@example.org", "Caller", NULL);
  g_string_append_printf (s->log, "remote calls in as %s%s\n", name,
                          call ? "" : " (refused: full)");
  if (call != NULL)
    {
      dt_fake_call_backend_set_call (backend, call);
      track (s, name, call);
    }
}

static void
user_or_remote_step (Session *s)
{
  DtTestFixture *f = s->f;
  DtCall *call = NULL;
  g_autofree char *name = NULL;

  switch (g_rand_int_range (s->rand, 0, 9))
    {
    case 0:
      remote_calls_in (s);
      break;
    case 1:
      name = g_strdup_printf ("sip:out%u@example.org", ++counter);
      call = dt_line_dial (f->direct, name, NULL);
      g_string_append_printf (s->log, "user dials %s%s\n", name, call ? "" : " (refused)");
      if (call != NULL)
        track (s, label_of (call), call);
      break;
    case 2:
    case 3:
      if ((call = random_call (s, is_ringing)) != NULL)
        {
          g_string_append_printf (s->log, "user answers %s\n", label_of (call));
          dt_call_answer (call, NULL);
        }
      break;
    case 4:
      if ((call = random_call (s, dt_call_is_active)) != NULL)
        {
          g_string_append_printf (s->log, "user holds %s\n", label_of (call));
          dt_call_hold (call, NULL);
        }
      break;
    case 5:
      if ((call = random_call (s, is_held)) != NULL)
        {
          g_string_append_printf (s->log, "user resumes %s\n", label_of (call));
          dt_call_resume (call, NULL);
        }
      break;
    case 6:
      if ((call = random_call (s, is_live)) != NULL)
        {
          g_string_append_printf (s->log, "user hangs up %s\n", label_of (call));
          dt_call_end (call, NULL);
        }
      break;
    case 7:
      if ((call = random_call (s, is_live)) != NULL)
        {
          gboolean held = !dt_call_get_remote_held (call);

          g_string_append_printf (s->log, "remote %s %s\n", held ? "holds" : "resumes",
                                  label_of (call));
          dt_call_report_remote_held (call, held);
        }
      break;
    default:
      if ((call = random_call (s, is_live)) != NULL)
        {
          g_string_append_printf (s->log, "remote hangs up %s\n", label_of (call));
          dt_call_report_disconnected (call, "hangup");
        }
      break;
    }
  collect_requests (s);
}

static guint
count_active (DtTestFixture *f,
              DtCall       **active)
{
  GListModel *calls = dt_call_manager_get_calls (f->manager);
  guint n_active = 0;

  *active = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (calls, i);

      g_assert_cmpint (dt_call_get_state (call), !=, DT_CALL_STATE_DISCONNECTED);
      if (dt_call_is_active (call))
        {
          n_active++;
          *active = call;
        }
    }

  return n_active;
}

/* What must hold after any step */
static gboolean
consistent (DtTestFixture *f)
{
  GListModel *incoming = dt_call_manager_get_incoming_calls (f->manager);
  guint n_on_lines = 0;
  DtCall *active;
  guint n_active = count_active (f, &active);

  for (guint i = 0; i < 2; i++)
    n_on_lines += g_list_model_get_n_items (dt_line_get_calls (i == 0 ? f->acct : f->direct));
  if (n_on_lines != dt_call_manager_get_n_calls (f->manager))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (incoming); i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (incoming, i);

      if (!is_ringing (call))
        return FALSE;
    }
  if (n_active == 1 && dt_call_manager_get_connected_call (f->manager) != active)
    return FALSE;
  if (n_active == 0 && dt_call_manager_get_connected_call (f->manager) != NULL)
    return FALSE;

  return TRUE;
}

/* Leaves no call behind for the next seed */
static void
hang_up_everything (Session *s)
{
  GListModel *calls = dt_call_manager_get_calls (s->f->manager);

  dt_call_manager_end_all (s->f->manager);
  collect_requests (s);
  for (guint i = 0; s->pending->len > 0 && i < 1000; i++)
    deliver_one (s);
  for (guint n = g_list_model_get_n_items (calls); n > 0; n--)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (calls, 0);

      dt_call_report_disconnected (call, "cleanup");
    }
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 0);
  dt_test_forget (s->f);
}

static void
run_session (DtTestFixture *f,
             guint32        seed)
{
  Session s = { f, g_rand_new_with_seed (seed), g_string_new (NULL),
                g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref),
                g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  DtCall *active;
  gboolean ok = TRUE;

  dt_call_manager_set_max_calls (f->manager, 4);
  for (guint step = 0; ok && step < N_STEPS; step++)
    {
      user_or_remote_step (&s);
      for (guint i = g_rand_int_range (s.rand, 0, 3); i > 0; i--)
        deliver_one (&s);
      ok = consistent (f);
    }
  /* The network catches up; the model may ask for more on the way */
  for (guint i = 0; ok && s.pending->len > 0 && i < 1000; i++)
    deliver_one (&s);
  ok = ok && s.pending->len == 0 && consistent (f) &&
       (s.hold_failed || count_active (f, &active) <= 1);

  if (!ok)
    {
      g_test_message ("seed %u:\n%s", seed, s.log->str);
      g_test_fail_printf ("seed %u: the model broke an invariant, see the log above", seed);
    }

  hang_up_everything (&s);

  g_hash_table_unref (s.calls);
  g_ptr_array_unref (s.pending);
  g_string_free (s.log, TRUE);
  g_rand_free (s.rand);
}

static void
test_random_sessions (DtTestFixture *f,
                      gconstpointer  data)
{
  for (guint32 seed = 1; seed <= N_SEEDS && !g_test_failed (); seed++)
    run_session (f, seed);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/scenario/random-sessions", test_random_sessions);

  return dt_test_run ();
}
