/* test-dbus-e2e-incoming.c: calls from baresip to an account added over
 * D-Bus, through kamailio, and two calls at once, driven through D-Bus only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One world (dt-dbus-test-world.h) for all subtests, each with calls of
 * its own. baresip is "Bob" <sip:bob@127.0.0.1:PORT>.
 */


#include "dt-dbus-test-world.h"
#include "dt-test-audio.h"

#define ROOT "/org/dialtone/Dialtone"

static DtDbusTestWorld *world;

/* The world with alice registered, its events forgotten */
static DtDbusTestWorld *
get_world (void)
{
  return dt_dbus_test_world_ensure (&world);
}

#define assert_string dt_dbus_test_world_assert_string
#define assert_order dt_dbus_test_world_assert_order

/* baresip calls alice; waits for IncomingCall and checks it. The new
 * call's path, relative. */
static char *
bob_calls (DtDbusTestWorld *w)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *incoming = NULL;
  const char *added;
  char *path;

  /* Its CallAdded is then the first one */
  dt_dbus_test_client_clear (w->client);
  g_assert_true (dt_test_baresip_command (w->bob, "dial", w->alice_aor, &error));
  g_assert_no_error (error);

  added = dt_dbus_test_world_wait_prefix (w, ":CallAdded(");
  path = g_strndup (added + strlen (":CallAdded("), strlen (added) - strlen (":CallAdded(") - 1);
  /* From baresip's From: its address of record and display name */
  incoming = g_strdup_printf (":IncomingCall(%s, '%s', 'Bob')", path, w->bob_aor);
  dt_dbus_test_client_wait_for (w->client, incoming);
  dt_dbus_test_client_assert_order (w->client, added, incoming);

  assert_string (w, path, "Call.State", "ringing");
  assert_string (w, path, "Call.Direction", "inbound");
  assert_string (w, path, "Call.RemoteUri", w->bob_aor);
  assert_string (w, path, "Call.RemoteName", "Bob");
  assert_string (w, path, "Call.Line", w->line);
  dt_dbus_test_world_bob_event (w, "CALL_RINGING");

  return path;
}

/* GetActiveCalls, printed: "({'LINE-ID': ['/org/…/calls/1', …]},)" */
static char *
active_calls (DtDbusTestWorld *w)
{
  g_autoptr(GVariant) reply = dt_dbus_test_client_ok (w->client, "", "Manager.GetActiveCalls", NULL);

  return g_variant_print (reply, FALSE);
}

/* The same as alice's line would list @first and @second (NULL for none) */
static char *
expected_calls (DtDbusTestWorld *w,
                const char      *first,
                const char      *second)
{
  g_autofree char *line_id = dt_dbus_test_world_get_string (w, w->line, "Line.Id");

  if (first == NULL)
    return g_strdup ("({},)");
  if (second == NULL)
    return g_strdup_printf ("({'%s': ['/org/dialtone/Dialtone/%s']},)", line_id, first);
  return g_strdup_printf ("({'%s': ['/org/dialtone/Dialtone/%s', '/org/dialtone/Dialtone/%s']},)",
                          line_id, first, second);
}

#define assert_active(w, first, second) G_STMT_START {            \
    g_autofree char *have_ = active_calls (w);                    \
    g_autofree char *want_ = expected_calls ((w), (first), (second)); \
    g_assert_cmpstr (have_, ==, want_);                           \
  } G_STMT_END

/* GetConnectedCall and the ConnectedCall property agree on @expected */
static void
assert_connected (DtDbusTestWorld *w,
                  const char      *expected)
{
  g_autofree char *method = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetConnectedCall",
                                                        NULL);

  g_assert_cmpstr (method, ==, expected);
  assert_string (w, "", "Manager.ConnectedCall", expected);
}

static void
test_answer (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autoptr(DtTestMeter) ours = NULL;
  g_autoptr(DtTestMeter) theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bob_calls (w);
  g_autofree char *incoming = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *disconnect = NULL;
  double level;

  incoming = g_strdup_printf (":IncomingCalls=[%s]", path);
  dt_dbus_test_client_wait_for (w->client, incoming);
  assert_active (w, path, NULL);
  assert_connected (w, "/");

  dt_dbus_test_world_ok (w, path, "Call.Answer", NULL);
  dt_dbus_test_world_wait (w, path, "Established()");
  dt_dbus_test_world_bob_event (w, "CALL_ESTABLISHED");
  assert_order (w, path, "State='connected'", "Connect()");
  assert_order (w, path, "Connect()", "State='established'");
  assert_order (w, path, "State='established'", "Established()");
  dt_dbus_test_client_wait_for (w->client, ":IncomingCalls=[]");
  assert_connected (w, path);

  ours = dt_test_meter_new ("dt_speaker_a.monitor");
  theirs = dt_test_meter_new (DT_DBUS_TEST_BOB_SINK ".monitor");
  g_assert_true (dt_test_meter_wait_tone (ours, DT_DBUS_TEST_BOB_TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("baresip's tone at our speaker at %.1f dBFS", level);
  g_assert_true (dt_test_meter_wait_tone (theirs, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("our tone at baresip's speaker at %.1f dBFS", level);

  /* baresip hangs up */
  g_assert_true (dt_test_baresip_command (w->bob, "hangup", NULL, &error));
  g_assert_no_error (error);
  removed = g_strdup_printf (":CallRemoved(%s)", path);
  dt_dbus_test_client_wait_for (w->client, removed);
  disconnect = dt_dbus_test_world_event (path, "Disconnect('remote-hangup')");
  assert_order (w, path, "State='disconnected'", "Disconnect('remote-hangup')");
  assert_order (w, path, "DisconnectReason='remote-hangup'", "Disconnect('remote-hangup')");
  dt_dbus_test_client_assert_order (w->client, disconnect, removed);
  assert_active (w, NULL, NULL);
  assert_connected (w, "/");
}

static void
test_reject (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = bob_calls (w);
  g_autofree char *removed = g_strdup_printf (":CallRemoved(%s)", path);
  g_autofree char *closed = NULL;

  dt_dbus_test_world_ok (w, path, "Call.Reject", NULL);
  dt_dbus_test_client_wait_for (w->client, removed);
  assert_order (w, path, "State='disconnected'", "Disconnect('603 Decline')");
  closed = dt_test_baresip_wait_event_param (w->bob, "CALL_CLOSED", DT_DBUS_TEST_TIMEOUT_MS);
  g_test_message ("baresip: %s", closed);
  g_assert_nonnull (strstr (closed, "603"));
}

/* End before answering turns the caller away too */
static void
test_end_ringing (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = bob_calls (w);
  g_autofree char *removed = g_strdup_printf (":CallRemoved(%s)", path);
  g_autofree char *prefix = dt_dbus_test_world_event (path, "Disconnect(");
  g_autofree char *closed = NULL;
  const char *disconnect;

  dt_dbus_test_world_ok (w, path, "Call.End", NULL);
  dt_dbus_test_client_wait_for (w->client, removed);
  disconnect = dt_dbus_test_client_find (w->client, prefix);
  g_assert_nonnull (disconnect);
  g_test_message ("%s", disconnect);
  dt_dbus_test_client_assert_order (w->client, disconnect, removed);
  closed = dt_test_baresip_wait_event_param (w->bob, "CALL_CLOSED", DT_DBUS_TEST_TIMEOUT_MS);
  g_test_message ("baresip: %s", closed);
  g_assert_nonnull (closed);
}

static void
set_max_calls (DtDbusTestWorld *w,
               guint            max_calls)
{
  g_autofree char *changed = g_strdup_printf (":MaxCalls=%u", max_calls);

  dt_dbus_test_client_clear (w->client);
  g_variant_unref (dt_dbus_test_client_ok (w->client, "", "org.freedesktop.DBus.Properties.Set",
                                           g_variant_new ("(ssv)", "org.dialtone.Manager",
                                                          "MaxCalls",
                                                          g_variant_new_uint32 (max_calls))));
  dt_dbus_test_client_wait_for (w->client, changed);
}

/* One call out, one in: the one-active-call invariant as seen on D-Bus */
static void
test_two_calls (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *first = dt_dbus_test_world_dial_bob (w);
  g_autofree char *second = NULL;
  g_autofree char *message = NULL;
  g_autofree char *removed = NULL;

  assert_active (w, first, NULL);
  assert_connected (w, first);

  /* Ringing beside the connected one, which stays connected */
  second = bob_calls (w);
  assert_active (w, first, second);
  assert_connected (w, first);

  /* Answering holds the first call before the second connects */
  dt_dbus_test_world_ok (w, second, "Call.Answer", NULL);
  dt_dbus_test_world_wait (w, second, "Established()");
  dt_dbus_test_world_wait (w, first, "Held()");
  {
    g_autofree char *held = dt_dbus_test_world_event (first, "Held()");
    g_autofree char *connect = dt_dbus_test_world_event (second, "Connect()");

    dt_dbus_test_client_assert_order (w->client, held, connect);
  }
  assert_string (w, first, "Call.State", "held");
  g_assert_true (dt_dbus_test_world_get_boolean (w, first, "Call.Held"));
  g_assert_true (dt_dbus_test_world_get_boolean (w, first, "Call.Connected"));
  assert_active (w, first, second);
  assert_connected (w, second);
  {
    g_autoptr(GVariant) calls = dt_dbus_test_client_ok (w->client, w->line, "Line.GetCalls", NULL);
    g_autofree char *printed = g_variant_print (calls, FALSE);
    g_autofree char *expected = g_strdup_printf ("(['" ROOT "/%s', '" ROOT "/%s'],)",
                                                 first, second);

    g_assert_cmpstr (printed, ==, expected);
  }

  /* The call the window shows (the first one until now) changes, and
   * nothing is held or resumed for it */
  {
    g_autofree char *full = dt_dbus_test_client_path (w->client, second);
    g_autofree char *current = g_strdup_printf (":CurrentCall=%s", second);

    assert_string (w, "", "Manager.CurrentCall", first);
    dt_dbus_test_world_ok (w, "", "Manager.SetCurrentCall", g_variant_new ("(o)", full));
    dt_dbus_test_client_wait_for (w->client, current);
    assert_string (w, "", "Manager.CurrentCall", second);
    assert_string (w, first, "Call.State", "held");
    assert_connected (w, second);
  }

  /* Full: Dial is refused and changes nothing */
  set_max_calls (w, 2);
  message = dt_dbus_test_client_refused (w->client, "MaxCalls", "", "Manager.Dial",
                                         g_variant_new ("(s)", w->bob_aor));
  g_test_message ("Dial: %s", message);
  set_max_calls (w, 4);

  /* Resuming the first holds the second */
  dt_dbus_test_client_clear (w->client);
  dt_dbus_test_world_ok (w, first, "Call.Resume", NULL);
  dt_dbus_test_world_wait (w, first, "Resumed()");
  dt_dbus_test_world_wait (w, second, "Held()");
  assert_connected (w, first);
  assert_string (w, second, "Call.State", "held");
  assert_active (w, first, second);

  /* The held one ends: the other goes on */
  dt_dbus_test_world_end_call (w, second);
  assert_active (w, first, NULL);
  assert_connected (w, first);
  removed = dt_dbus_test_world_event (first, "Disconnect(");
  g_assert_null (dt_dbus_test_client_find (w->client, removed));

  dt_dbus_test_world_end_call (w, first);
  assert_active (w, NULL, NULL);
  assert_connected (w, "/");
}

/* Full, an incoming call is turned away busy and never shows on D-Bus */
static void
test_busy (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *expected = NULL;

  set_max_calls (w, 1);
  g_assert_true (dt_test_baresip_command (w->bob, "dial", w->alice_aor, &error));
  g_assert_no_error (error);
  closed = dt_test_baresip_wait_event_param (w->bob, "CALL_CLOSED", DT_DBUS_TEST_TIMEOUT_MS);
  g_test_message ("baresip: %s", closed);
  g_assert_nonnull (strstr (closed, "486"));

  g_assert_null (dt_dbus_test_client_find (w->client, ":IncomingCall("));
  g_assert_null (dt_dbus_test_client_find (w->client, ":CallAdded("));
  objects = dt_dbus_test_client_objects (w->client);
  expected = g_strdup_printf ("%s lines/1 %s", path, w->line);
  g_assert_cmpstr (objects, ==, expected);
  set_max_calls (w, 4);

  dt_dbus_test_world_end_call (w, path);
}

/* Quit with one call up and one ringing: baresip sees both end, and
 * dialtone exits cleanly (leak-free under the sanitizers) leaving no
 * process and no binding */
static void
test_quit (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *up = dt_dbus_test_world_dial_bob (w);
  g_autofree char *ringing = bob_calls (w);

  dt_dbus_test_world_quit (w);
  dt_dbus_test_world_bob_event (w, "CALL_CLOSED");
  dt_dbus_test_world_bob_event (w, "CALL_CLOSED");
  g_clear_pointer (&world, dt_dbus_test_world_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dt_dbus_test_world_init (&argc, &argv);

  g_test_add_func ("/dbus/e2e/incoming/answer", test_answer);
  g_test_add_func ("/dbus/e2e/incoming/reject", test_reject);
  g_test_add_func ("/dbus/e2e/incoming/end-ringing", test_end_ringing);
  g_test_add_func ("/dbus/e2e/incoming/two-calls", test_two_calls);
  g_test_add_func ("/dbus/e2e/incoming/busy", test_busy);
  g_test_add_func ("/dbus/e2e/incoming/quit", test_quit);

  status = g_test_run ();
  g_clear_pointer (&world, dt_dbus_test_world_free);

  return status;
}
