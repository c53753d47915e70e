/* test-notifier.c: incoming-call notifications, against python-dbusmock's
 * notification daemon (dt-harness --notifications)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-notifier.h"
#include "dt-notify-mock.h"
#include "dt-test-fixture.h"

typedef struct {
  DtTestFixture    m;
  GDBusConnection *bus;
  DtNotifier      *notifier;
} Fixture;

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

  g_assert_true (dt_notify_mock_wait_until (journal_has, data));
}

static gboolean
is_current (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];

  return dt_call_manager_get_current_call (f->m.manager) == ((gpointer *) data)[1];
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
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "bob",
                                             "sip:bob@example.org", "Bob Example");
  guint32 id = dt_notify_mock_wait_for_notify (n);
  g_autofree char *notify = dt_notify_mock_last_notify ();

  /* Who calls, with Answer and Decline; critical, a call, never expiring */
  g_assert_nonnull (strstr (notify, "\"Dialtone\" 0 \"" APP_ID "\" \"Incoming call\" \"Bob Example\nbob@example.org\""));
  g_assert_nonnull (strstr (notify, "\"decline\", \"Decline\", \"answer\", \"Answer\""));
  g_assert_nonnull (strstr (notify, "\"category\": \"call.incoming\""));
  g_assert_nonnull (strstr (notify, "\"urgency\": 2"));
  g_assert_nonnull (strstr (notify, "\"sound-name\": \"phone-incoming-call\""));
  g_assert_nonnull (strstr (notify, "\"desktop-entry\": \"" APP_ID "\""));
  g_assert_true (g_str_has_suffix (notify, " 0"));
  g_assert_false (dt_notify_mock_was_closed (id));

  dt_notify_mock_invoke_action (f->bus, id, "answer");
  wait_for_request (f, "bob:answer");
  dt_test_settle (&f->m);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_CONNECTED);

  /* Answered: it goes away */
  g_assert_true (dt_notify_mock_wait_closed (id));
}

static void
test_decline_action (Fixture       *f,
                     gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "carol");
  guint32 id = dt_notify_mock_wait_for_notify (n);

  dt_notify_mock_invoke_action (f->bus, id, "decline");
  wait_for_request (f, "carol:reject(decline)");
  dt_test_settle (&f->m);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_true (dt_notify_mock_wait_closed (id));
}

/* The caller gives up before anyone answers */
static void
test_withdrawn_when_cancelled (Fixture       *f,
                               gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "dave");
  guint32 id = dt_notify_mock_wait_for_notify (n);

  dt_call_report_disconnected (call, "cancelled");
  g_assert_true (dt_notify_mock_wait_closed (id));
}

/* Answered in the window or over D-Bus: the same model call */
static void
test_withdrawn_when_answered_elsewhere (Fixture       *f,
                                        gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "erin");
  guint32 id = dt_notify_mock_wait_for_notify (n);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_answer (call, &error));
  g_assert_no_error (error);
  dt_test_settle (&f->m);
  g_assert_true (dt_notify_mock_wait_closed (id));
}

/* Over before the server has even replied with the id: closed once it has */
static void
test_withdrawn_before_reply (Fixture       *f,
                             gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "frank",
                                             "sip:frank@example.org", NULL);
  guint32 id;

  dt_call_report_disconnected (call, "cancelled");
  id = dt_notify_mock_wait_for_notify (n);
  g_assert_true (dt_notify_mock_wait_closed (id));
}

/* Dismissed by the user: forgotten, never closed again; a second call still
 * gets its own notification whose actions act on it, not on the first */
static void
test_dismissed_and_two_calls (Fixture       *f,
                              gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) first = dt_test_ringing_call (&f->m, "grace");
  g_autoptr(DtCall) second = NULL;
  guint32 first_id = dt_notify_mock_wait_for_notify (n);
  guint32 second_id;

  dt_notify_mock_dismiss (f->bus, first_id);

  second = dt_test_ringing_call (&f->m, "heidi");
  second_id = dt_notify_mock_wait_for_notify (n + 1);
  g_assert_cmpuint (second_id, !=, first_id);

  /* An action on the dismissed one does nothing any more */
  dt_notify_mock_invoke_action (f->bus, first_id, "answer");
  dt_notify_mock_invoke_action (f->bus, second_id, "decline");
  wait_for_request (f, "heidi:reject(decline)");
  g_assert_false (journal_has ((gpointer[]) { f, (gpointer) "grace:answer" }));
  g_assert_cmpint (dt_call_get_state (first), ==, DT_CALL_STATE_RINGING);
  dt_test_settle (&f->m);
  g_assert_true (dt_notify_mock_wait_closed (second_id));

  /* Every request goes out in order on one connection: by the time the
   * second was closed, a close of the first would have been logged */
  dt_call_report_disconnected (first, "cancelled");
  dt_test_spin_drain ();
  g_assert_false (dt_notify_mock_was_closed (first_id));
}

/* A click on the notification itself shows that call */
static void
test_default_action (Fixture       *f,
                     gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) first = dt_test_ringing_call (&f->m, "kate");
  g_autoptr(DtCall) second = dt_test_ringing_call (&f->m, "liam");
  guint32 second_id;

  /* Notified in order: the second is the later id */
  second_id = dt_notify_mock_wait_for_notify (n + 1);
  g_assert_true (dt_call_manager_get_current_call (f->m.manager) == first);

  dt_notify_mock_invoke_action (f->bus, second_id, "default");
  g_assert_true (dt_notify_mock_wait_until (is_current, (gpointer[]) { f, second }));
  /* Nothing answered, nothing declined */
  g_assert_cmpint (dt_call_get_state (first), ==, DT_CALL_STATE_RINGING);
  g_assert_cmpint (dt_call_get_state (second), ==, DT_CALL_STATE_RINGING);
  dt_assert_journal (&f->m, "");
}

/* Waits until the mock has handled every request sent before: one
 * connection delivers in order, and the mock answers in order */
static void
sync_with_mock (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (f->bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "GetServerInformation",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* The caller gave up: the ringing notification goes, a missed call stays */
static void
test_missed (Fixture       *f,
             gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "mona",
                                             "sip:mona@example.org", "Mona Lisa");
  guint32 id = dt_notify_mock_wait_for_notify (n);
  g_autofree char *missed = NULL;

  dt_call_report_disconnected (call, "missed");
  g_assert_true (dt_notify_mock_wait_closed (id));
  dt_notify_mock_wait_for_notify (n + 1);
  missed = dt_notify_mock_last_notify ();
  g_assert_nonnull (strstr (missed, "\"Missed call\" \"Mona Lisa\nmona@example.org\" []"));
  g_assert_nonnull (strstr (missed, "\"category\": \"call.unanswered\""));
  g_assert_nonnull (strstr (missed, "\"urgency\": 1"));
  g_assert_null (strstr (missed, "sound-name"));
}

/* Declined here, or cancelled at our end: nothing was missed */
static void
test_not_missed (Fixture       *f,
                 gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) declined = dt_test_ringing_call (&f->m, "ned");
  g_autoptr(DtCall) cancelled = dt_test_ringing_call (&f->m, "olaf");
  g_autoptr(GError) error = NULL;

  dt_notify_mock_wait_for_notify (n + 1);
  g_assert_true (dt_call_reject (declined, FALSE, &error));
  g_assert_no_error (error);
  dt_call_report_disconnected (declined, "603 Decline");
  dt_call_report_disconnected (cancelled, "cancelled");
  g_assert_true (dt_notify_mock_wait_closed (n + 1));
  g_assert_true (dt_notify_mock_wait_closed (n + 2));

  sync_with_mock (f);
  g_assert_cmpuint (dt_notify_mock_count ("Notify"), ==, n + 2);
}

/* Calls we place are not announced */
static void
test_outgoing_not_notified (Fixture       *f,
                            gconstpointer  data)
{
  guint n = dt_notify_mock_count ("Notify");
  g_autoptr(DtCall) out = dt_test_dial (&f->m, f->m.direct, "sip:ivan@example.org");
  g_autoptr(DtCall) in = dt_test_ringing_call (&f->m, "judy");
  g_autofree char *notify = NULL;

  dt_notify_mock_wait_for_notify (n);
  notify = dt_notify_mock_last_notify ();
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
  ADD ("/notifier/default-action", test_default_action);
  ADD ("/notifier/outgoing", test_outgoing_not_notified);
  ADD ("/notifier/missed", test_missed);
  ADD ("/notifier/not-missed", test_not_missed);

#undef ADD

  return dt_test_run ();
}
