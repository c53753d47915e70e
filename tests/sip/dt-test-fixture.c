/* dt-test-fixture.c: the model with a direct SIP line, for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
on_state (DtCall     *call,
          GParamSpec *pspec,
          Record     *record)
{
  DtCallState state = dt_call_get_state (call);

  g_array_append_val (record->states, state);
}

static void
on_disconnect (DtCall     *call,
               const char *reason,
               Record     *record)
{
  g_free (record->reason);
  record->reason = g_strdup (reason);
}

static void
on_caller_id (DtCall     *call,
              const char *uri,
              const char *name,
              Record     *record)
{
  record->caller_ids++;
}

static void
on_error (DtCall          *call,
          DtCallErrorKind  kind,
          const GError    *error,
          Record          *record)
{
  record->error_kind = kind;
  g_clear_error (&record->error);
  record->error = g_error_copy (error);
}

Record *
record_new (DtCall *call)
{
  Record *record = g_new0 (Record, 1);
  DtCallState state = dt_call_get_state (call);

  record->call = g_object_ref (call);
  record->states = g_array_new (FALSE, FALSE, sizeof (DtCallState));
  g_array_append_val (record->states, state);
  g_signal_connect (call, "notify::state", G_CALLBACK (on_state), record);
  g_signal_connect (call, "disconnect", G_CALLBACK (on_disconnect), record);
  g_signal_connect (call, "caller-id", G_CALLBACK (on_caller_id), record);
  g_signal_connect (call, "error", G_CALLBACK (on_error), record);
  return record;
}

void
record_free (Record *record)
{
  g_signal_handlers_disconnect_by_data (record->call, record);
  g_object_unref (record->call);
  g_array_unref (record->states);
  g_free (record->reason);
  g_clear_error (&record->error);
  g_free (record);
}

gboolean
reached (Record      *record,
         DtCallState  state)
{
  return dt_call_get_state (record->call) == state;
}

void
assert_states (Record            *record,
               const DtCallState *expected,
               guint              n_expected)
{
  g_autoptr(GString) seen = g_string_new (NULL);

  for (guint i = 0; i < record->states->len; i++)
    g_string_append_printf (seen, "%s ", dt_call_state_to_string (g_array_index (record->states, DtCallState, i)));
  g_test_message ("states: %s", seen->str);

  g_assert_cmpuint (record->states->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (record->states, DtCallState, i), ==, expected[i]);
}

static void
on_stack_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

DtSipStack *
start_stack (guint16   port,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_sip_stack_new_async ("127.0.0.1", port, NULL, on_stack_ready, &result);
  g_assert_true (dt_test_spin_until (result != NULL, STEP_MS));
  return dt_sip_stack_new_finish (result, error);
}

void
stop_stack (DtSipStack *stack)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dt_sip_stack_shutdown_async (stack, 5000, NULL, on_stack_ready, &result);
  g_assert_true (dt_test_spin_until (result != NULL, STEP_MS));
  g_assert_true (dt_sip_stack_shutdown_finish (stack, result, &error));
  g_assert_no_error (error);
}

static void
on_incoming_call (DtCallManager *manager,
                  DtCall        *call,
                  Fixture       *fixture)
{
  g_ptr_array_add (fixture->incoming, record_new (call));
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->stack = start_stack (0, &error);
  g_assert_no_error (error);
  fixture->manager = dt_call_manager_new (NULL);
  fixture->line = dt_sip_line_create_direct_line (fixture->stack, "direct");
  dt_call_manager_add_line (fixture->manager, fixture->line);
  fixture->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_signal_connect (fixture->manager, "incoming-call", G_CALLBACK (on_incoming_call), fixture);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  DtSipStack *stack = fixture->stack;

  g_ptr_array_unref (fixture->incoming);
  dt_call_manager_end_all (fixture->manager);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->line);
  stop_stack (stack);
  g_object_add_weak_pointer (G_OBJECT (stack), (gpointer *) &fixture->stack);
  g_object_unref (stack);
  /* Nothing of ours keeps the stack alive once it is shut down */
  g_assert_null (fixture->stack);
}

char *
uri_for (guint16 port)
{
  return g_strdup_printf ("sip:bob@127.0.0.1:%u", port);
}

Record *
dial (Fixture    *fixture,
      const char *target)
{
  g_autoptr(GError) error = NULL;
  DtCall *call = dt_line_dial (fixture->line, target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return record_new (call);
}

char *
stack_address (Fixture *fixture)
{
  return g_strdup_printf ("127.0.0.1:%u", dt_sip_stack_get_port (fixture->stack));
}

DtTestPeer *
call_in (Fixture            *fixture,
         const char         *scenario,
         const char * const *keys)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();
  g_autofree char *remote = stack_address (fixture);
  g_autoptr(GError) error = NULL;
  DtTestPeer *sipp;

  g_ptr_array_add (extra, (gpointer) "-s");
  g_ptr_array_add (extra, (gpointer) "bob");
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_ptr_array_add (extra, (gpointer) keys[i]);
  g_ptr_array_add (extra, NULL);

  sipp = dt_test_sipp_start (scenario, dt_test_free_port (), remote,
                             (const char * const *) extra->pdata, &error);
  g_assert_no_error (error);
  return sipp;
}

Record *
wait_incoming (Fixture *fixture,
               guint    n)
{
  g_assert_true (dt_test_spin_until (fixture->incoming->len >= n, STEP_MS));
  return g_ptr_array_index (fixture->incoming, n - 1);
}

Record *
dial_connected (Fixture     *fixture,
                const char  *scenario,
                DtTestPeer **sipp)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autofree char *target = uri_for (port);
  Record *record;

  *sipp = dt_test_sipp_start (scenario, port, NULL, NULL, &error);
  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  return record;
}
