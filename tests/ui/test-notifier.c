/* test-notifier.c: incoming-call notifications, against python-dbusmock's
 * notification daemon (dt-harness --notifications)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-notifier.h"
#include "dt-test-fixture.h"

typedef struct {
  DtTestFixture    m;
  GDBusConnection *bus;
  DtNotifier      *notifier;
} Fixture;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @cond holds or 10 s passed */
static gboolean
wait_until (gboolean (*cond) (gpointer data),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

/* The mock logs each method call as "TIME METHOD ARGS…", the arguments
 * verbatim: a body of two lines takes two lines of the log */
static char **
log_lines (const char *method)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autofree char *needle = g_strdup_printf (" %s", method);
  g_autoptr(GRegex) start = g_regex_new ("^[0-9]+\\.[0-9]+ ", 0, 0, NULL);

  g_assert_true (g_file_get_contents (g_getenv ("DT_NOTIFY_MOCK_LOG"), &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (entries->len == 0 || g_regex_match (start, lines[i], 0, NULL))
        g_ptr_array_add (entries, g_strdup (lines[i]));
      else
        {
          char *joined = g_strconcat (g_ptr_array_index (entries, entries->len - 1), "\n", lines[i], NULL);

          g_free (g_ptr_array_index (entries, entries->len - 1));
          g_ptr_array_index (entries, entries->len - 1) = joined;
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);
      const char *space = strchr (entry, ' ');
      char after;

      if (space == NULL || !g_str_has_prefix (space, needle))
        continue;
      after = space[strlen (needle)];
      if (after == ' ' || after == '\0' || after == '\n')
        {
          g_autofree char *trimmed = g_strchomp (g_strdup (entry));

          g_strv_builder_add (found, trimmed);
        }
    }

  return g_strv_builder_end (found);
}

static guint
count_calls (const char *method)
{
  g_auto(GStrv) lines = log_lines (method);

  return g_strv_length (lines);
}

typedef struct {
  const char *method;
  guint       n;
} CallCount;

static gboolean
has_n_calls (gpointer data)
{
  CallCount *count = data;

  return count_calls (count->method) >= count->n;
}

/* The mock numbers notifications 1, 2, … in the order of Notify */
static guint32
wait_for_notify (guint n_before)
{
  CallCount count = { "Notify", n_before + 1 };

  g_assert_true (wait_until (has_n_calls, &count));
  g_assert_cmpuint (count_calls ("Notify"), ==, n_before + 1);

  return n_before + 1;
}

static gboolean
was_closed (gpointer data)
{
  g_auto(GStrv) lines = log_lines ("CloseNotification");
  g_autofree char *suffix = g_strdup_printf (" %u", GPOINTER_TO_UINT (data));

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], suffix))
      return TRUE;

  return FALSE;
}

static char *
last_notify (void)
{
  g_auto(GStrv) lines = log_lines ("Notify");
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (lines[n - 1]);
}

/* What the notification server sends when the user clicks */
static void
emit (Fixture    *f,
      const char *signal,
      GVariant   *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (f->bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "EmitSignal",
                                       g_variant_new ("(ss@s@av)", "org.freedesktop.Notifications",
                                                      signal,
                                                      g_variant_new_string (g_str_equal (signal, "ActionInvoked") ? "us" : "uu"),
                                                      args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
invoke_action (Fixture    *f,
               guint32     id,
               const char *action)
{
  GVariant *args[] = { g_variant_new_variant (g_variant_new_uint32 (id)),
                       g_variant_new_variant (g_variant_new_string (action)) };

  emit (f, "ActionInvoked", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2));
}

static gboolean
journal_has (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *entry = ((gpointer *) data)[1];

  for (guint i = 0; i < dt_fake_journal_get_n_entries (f->m.journal); i++)
    if (g_str_equal (dt_fake_journal_get_entry (f->m.journal, i), entry))
      return TRUE;

  return FALSE;
}

static void
wait_for_request (Fixture    *f,
                  const char *entry)
{
  gpointer data[] = { f, (gpointer) entry };

  g_assert_true (wait_until (journal_has, data));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  dt_test_fixture_setup (&f->m, NULL);
  f->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  f->notifier = dt_notifier_new (f->m.manager, f->bus, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->notifier);
  dt_test_fixture_teardown (&f->m, NULL);
  g_clear_object (&f->bus);
}

static void
test_answer_action (Fixture       *f,
                    gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "bob",
                                             "sip:bob@example.org", "Bob Example");
  guint32 id = wait_for_notify (n);
  g_autofree char *notify = last_notify ();

  /* Who calls, with Answer and Decline; critical, a call, never expiring */
  g_assert_nonnull (strstr (notify, "\"Dialtone\" 0 \"" APP_ID "\" \"Incoming call\" \"Bob Example\nbob@example.org\""));
  g_assert_nonnull (strstr (notify, "\"decline\", \"Decline\", \"answer\", \"Answer\""));
  g_assert_nonnull (strstr (notify, "\"category\": \"call.incoming\""));
  g_assert_nonnull (strstr (notify, "\"urgency\": 2"));
  g_assert_nonnull (strstr (notify, "\"desktop-entry\": \"" APP_ID "\""));
  g_assert_true (g_str_has_suffix (notify, " 0"));
  g_assert_false (was_closed (GUINT_TO_POINTER (id)));

  invoke_action (f, id, "answer");
  wait_for_request (f, "bob:answer");
  dt_test_settle (&f->m);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);

  /* Answered: it goes away */
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (id)));
}

static void
test_decline_action (Fixture       *f,
                     gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "carol");
  guint32 id = wait_for_notify (n);

  invoke_action (f, id, "decline");
  wait_for_request (f, "carol:reject(decline)");
  dt_test_settle (&f->m);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (id)));
}

/* The caller gives up before anyone answers */
static void
test_withdrawn_when_cancelled (Fixture       *f,
                               gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "dave");
  guint32 id = wait_for_notify (n);

  dt_call_report_disconnected (call, "cancelled");
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (id)));
}

/* Answered in the window or over D-Bus: the same model call */
static void
test_withdrawn_when_answered_elsewhere (Fixture       *f,
                                        gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "erin");
  guint32 id = wait_for_notify (n);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_answer (call, &error));
  g_assert_no_error (error);
  dt_test_settle (&f->m);
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (id)));
}

/* Over before the server has even replied with the id: closed once it has */
static void
test_withdrawn_before_reply (Fixture       *f,
                             gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "frank",
                                             "sip:frank@example.org", NULL);
  guint32 id;

  dt_call_report_disconnected (call, "cancelled");
  id = wait_for_notify (n);
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (id)));
}

/* Dismissed by the user: forgotten, never closed again; a second call still
 * gets its own notification whose actions act on it, not on the first */
static void
test_dismissed_and_two_calls (Fixture       *f,
                              gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) first = dt_test_ringing_call (&f->m, "grace");
  g_autoptr(DtCall) second = NULL;
  GVariant *args[2];
  guint32 first_id = wait_for_notify (n);
  guint32 second_id;

  args[0] = g_variant_new_variant (g_variant_new_uint32 (first_id));
  args[1] = g_variant_new_variant (g_variant_new_uint32 (2));
  emit (f, "NotificationClosed", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2));

  second = dt_test_ringing_call (&f->m, "heidi");
  second_id = wait_for_notify (n + 1);
  g_assert_cmpuint (second_id, !=, first_id);

  /* An action on the dismissed one does nothing any more */
  invoke_action (f, first_id, "answer");
  invoke_action (f, second_id, "decline");
  wait_for_request (f, "heidi:reject(decline)");
  g_assert_false (journal_has ((gpointer[]) { f, (gpointer) "grace:answer" }));
  g_assert_cmpint (dt_call_get_state (first), ==, DT_CALL_STATE_RINGING);
  dt_test_settle (&f->m);
  g_assert_true (wait_until (was_closed, GUINT_TO_POINTER (second_id)));

  /* Every request goes out in order on one connection: by the time the
   * second was closed, a close of the first would have been logged */
  dt_call_report_disconnected (first, "cancelled");
  dt_test_drain ();
  g_assert_false (was_closed (GUINT_TO_POINTER (first_id)));
}

/* Calls we place are not announced */
static void
test_outgoing_not_notified (Fixture       *f,
                            gconstpointer  data)
{
  guint n = count_calls ("Notify");
  g_autoptr(DtCall) out = dt_test_dial (&f->m, f->m.direct, "sip:ivan@example.org");
  g_autoptr(DtCall) in = dt_test_ringing_call (&f->m, "judy");
  g_autofree char *notify = NULL;

  wait_for_notify (n);
  notify = last_notify ();
  g_assert_nonnull (strstr (notify, "judy@example.org"));
  g_assert_null (strstr (notify, "ivan"));
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  if (g_getenv ("DT_NOTIFY_MOCK_LOG") == NULL)
    {
      g_print ("1..0 # SKIP no notification daemon mock (run with dt-harness --notifications)\n");
      return 0;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/notifier/answer", test_answer_action);
  ADD ("/notifier/decline", test_decline_action);
  ADD ("/notifier/withdrawn/cancelled", test_withdrawn_when_cancelled);
  ADD ("/notifier/withdrawn/answered-elsewhere", test_withdrawn_when_answered_elsewhere);
  ADD ("/notifier/withdrawn/before-reply", test_withdrawn_before_reply);
  ADD ("/notifier/dismissed", test_dismissed_and_two_calls);
  ADD ("/notifier/outgoing", test_outgoing_not_notified);

#undef ADD

  return dt_test_run ();
}
