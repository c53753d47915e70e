/* dt-test-transfer.c: what the transfer tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-transfer.h"

static void
on_progress (DtCall   *call,
             guint     status,
             Transfer *transfer)
{
  g_array_append_val (transfer->progress, status);
}

void
transfer_watch (Transfer *transfer,
                DtCall   *call)
{
  transfer->progress = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (call, "transfer-progress", G_CALLBACK (on_progress), transfer);
}

void
transfer_clear (Transfer *transfer,
                DtCall   *call)
{
  g_signal_handlers_disconnect_by_data (call, transfer);
  g_array_unref (transfer->progress);
}

void
on_transfer_requested (DtCall     *call,
                       const char *target,
                       char      **out)
{
  g_free (*out);
  *out = g_strdup (target);
}

/* The model's other call on the fixture's line, once there is one */
DtCall *
find_other_call (Fixture *fixture,
                 DtCall  *call)
{
  GListModel *calls = dt_line_get_calls (fixture->line);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) other = g_list_model_get_item (calls, i);

      if (other != call)
        return other;
    }
  return NULL;
}

/* The first match of @pattern's group 1 in @text, or NULL */
char *
match_one (const char *text,
           const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

char *
read_sipp_log (DtTestPeer *peer)
{
  g_autofree char *path = g_build_filename (dt_test_peer_get_dir (peer), "messages.log", NULL);
  char *log = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  return log;
}

void
count_incoming (DtCallManager *manager,
                DtCall        *call,
                guint         *count)
{
  (*count)++;
}

/* alice (us) talks to bob (a second Dialtone stack), who answers; the
 * record of bob's side of the call is returned */
Record *
call_bob (Fixture  *alice,
          Fixture  *bob,
          Record  **first,
          char    **requested)
{
  g_autofree char *bob_uri = g_strdup_printf ("sip:bob@127.0.0.1:%u", dt_sip_stack_get_port (bob->stack));
  g_autoptr(GError) error = NULL;
  Record *bob_call;

  *first = dial (alice, bob_uri);
  bob_call = wait_incoming (bob, 1);
  g_signal_connect (bob_call->call, "transfer-requested", G_CALLBACK (on_transfer_requested), requested);
  g_assert_true (dt_call_answer (bob_call->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (*first, DT_CALL_STATE_CONNECTED), STEP_MS));
  return bob_call;
}
