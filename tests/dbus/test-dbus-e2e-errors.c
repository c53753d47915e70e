/* test-dbus-e2e-errors.c: every error of the D-Bus contract, each produced
 * by bad input to `dialtone --headless` with a registered account and a
 * call up, and each leaving everything as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dt_dbus_test_client_refused() compares every object and property before
 * and after the call and asserts that no signal came. KeyringUnavailable
 * needs a bus without a Secret Service: test-dbus-headless (/errors) and
 * test-dbus-accounts (no-keyring) produce it.
 */
#include "dt-dbus-test-world.h"

#define ROOT "/org/dialtone/Dialtone"
/* How long a media error may take to come after a request */
#define ERROR_WAIT_MS 2000

static DtDbusTestWorld *world;

static gboolean
alice_unbound (gpointer data)
{
  g_autofree char *contacts = dt_test_kamailio_lookup (data, "alice");

  return contacts == NULL;
}

static DtDbusTestWorld *
get_world (void)
{
  return dt_dbus_test_world_ensure (&world);
}

#define refused(w, name, path, method, args) \
  g_free (dt_dbus_test_client_refused ((w)->client, (name), (path), (method), (args)))

static GVariant *
account (const char *first_key,
         ...)
{
  GVariantDict dict;
  const char *key;
  va_list args;

  g_variant_dict_init (&dict, NULL);
  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    g_variant_dict_insert_value (&dict, key, va_arg (args, GVariant *));
  va_end (args);

  return g_variant_new ("(@a{sv})", g_variant_dict_end (&dict));
}

/* Errors that need no call */
static void
test_without_call (void)
{
  DtDbusTestWorld *w = get_world ();

  refused (w, "InvalidUri", "", "Manager.Dial", g_variant_new ("(s)", "sip:bob@"));
  refused (w, "InvalidUri", "", "Manager.Dial", g_variant_new ("(s)", "  "));
  refused (w, "InvalidUri", w->line, "Line.MakeCall", g_variant_new ("(s)", "sip:<bob>@127.0.0.1"));
  refused (w, "InvalidUri", "", "Manager.AddAccount",
           account ("uri", g_variant_new_string ("sip:carol@bad host"), NULL));
  refused (w, "InvalidUri", "", "Manager.AddAccount",
           account ("display-name", g_variant_new_string ("Carol"), NULL));

  refused (w, "NoSuchCall", "", "Manager.GetCall", g_variant_new ("(s)", "no-such-correlation-id"));
  refused (w, "NoSuchCall", "", "Manager.SetCurrentCall", g_variant_new ("(o)", ROOT "/calls/999"));
  refused (w, "NoSuchCall", "calls/999", "Call.End", NULL);
  refused (w, "NoSuchCall", "calls/999", "Call.Answer", NULL);

  refused (w, "NoSuchLine", "lines/99", "Line.MakeCall", g_variant_new ("(s)", w->bob_aor));
  refused (w, "NoSuchLine", "lines/99", "Line.Register", NULL);
  refused (w, "NoSuchLine", "", "Manager.RemoveAccount", g_variant_new ("(o)", ROOT "/lines/99"));

  refused (w, "InvalidArgument", "", "Manager.RemoveAccount", g_variant_new ("(o)", ROOT "/lines/1"));
  refused (w, "InvalidArgument", "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "no-such-mic", ""));
  refused (w, "InvalidArgument", "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "", "no-such-speaker"));
  refused (w, "InvalidArgument", "", "Manager.AddAccount",
           account ("uri", g_variant_new_string ("sip:carol@127.0.0.1"),
                    "transport", g_variant_new_string ("carrier-pigeon"), NULL));
  refused (w, "InvalidArgument", "", "Manager.AddAccount",
           account ("uri", g_variant_new_string ("sip:carol@127.0.0.1"),
                    "register", g_variant_new_string ("yes"), NULL));

  /* Alice's line is still registered and usable */
  g_assert_true (dt_dbus_test_world_get_boolean (w, w->line, "Line.Registered"));
}

/* An account added without registering cannot call */
static void
test_not_registered (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *aor = dt_test_kamailio_aor (w->kamailio, "carol");
  g_autofree char *line = NULL;
  g_autofree char *line_path = NULL;

  line = dt_dbus_test_client_ok_path (w->client, "", "Manager.AddAccount",
                                      account ("uri", g_variant_new_string (aor),
                                               "password", g_variant_new_string ("carol-secret"),
                                               "register", g_variant_new_boolean (FALSE), NULL));
  {
    g_autofree char *state = dt_dbus_test_world_get_string (w, line, "Line.State");

    g_assert_cmpstr (state, ==, "unregistered");
  }

  refused (w, "NotRegistered", line, "Line.MakeCall", g_variant_new ("(s)", w->bob_aor));

  line_path = dt_dbus_test_client_path (w->client, line);
  dt_dbus_test_world_ok (w, "", "Manager.RemoveAccount", g_variant_new ("(o)", line_path));
  refused (w, "NoSuchLine", line, "Line.MakeCall", g_variant_new ("(s)", w->bob_aor));
}

/* A wrong password: kamailio refuses, the line says so, nothing is bound */
static void
test_wrong_password (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *line = NULL;
  g_autofree char *line_path = NULL;
  g_autofree char *state = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *contacts = NULL;
  const char *failed;

  line = dt_dbus_test_client_ok_path (w->client, "", "Manager.AddAccount",
                                      account ("uri", g_variant_new_string (w->bob_aor),
                                               "password", g_variant_new_string ("not-bobs"),
                                               "retry-limit", g_variant_new_uint32 (0), NULL));
  {
    g_autofree char *prefix = dt_dbus_test_world_event (line, "RegistrationFailed(");

    failed = dt_dbus_test_world_wait_prefix (w, prefix);
  }
  g_test_message ("%s", failed);
  g_assert_cmpstr (strchr (failed, ':'), ==, ":RegistrationFailed(401, 'Unauthorized')");
  state = dt_dbus_test_world_get_string (w, line, "Line.State");
  g_assert_cmpstr (state, ==, "failed");
  last_error = dt_dbus_test_world_get_string (w, line, "Line.LastError");
  g_test_message ("LastError: %s", last_error);
  g_assert_cmpstr (last_error, !=, "");
  g_assert_false (dt_dbus_test_world_get_boolean (w, line, "Line.Registered"));
  /* Only baresip's binding: ours was never saved */
  contacts = dt_test_kamailio_lookup (w->kamailio, "bob");
  g_assert_nonnull (contacts);
  g_assert_nonnull (strstr (contacts, "User-Agent: baresip"));
  g_assert_null (strstr (strstr (contacts, "Contact:") + 1, "Contact:"));

  line_path = dt_dbus_test_client_path (w->client, line);
  dt_dbus_test_world_ok (w, "", "Manager.RemoveAccount", g_variant_new ("(o)", line_path));
}

/* Errors on a live call: refused, and the call goes on */
static void
test_with_call (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autofree char *full_path = dt_dbus_test_client_path (w->client, path);
  g_autofree char *state = NULL;
  GVariantDict info;

  refused (w, "InvalidDtmf", path, "Call.SendDtmf", g_variant_new ("(s)", "12x"));
  refused (w, "InvalidDtmf", path, "Call.SendDtmf", g_variant_new ("(s)", ""));
  refused (w, "InvalidDtmf", path, "Call.SendDtmf", g_variant_new ("(s)", "1 2"));

  refused (w, "InvalidState", path, "Call.Answer", NULL);
  refused (w, "InvalidState", path, "Call.Reject", NULL);
  refused (w, "InvalidState", path, "Call.Resume", NULL);
  refused (w, "InvalidState", path, "Call.PauseRecording", NULL);
  refused (w, "InvalidState", path, "Call.AcceptTransfer", NULL);
  /* The consultation call is looked up before any transfer starts */
  refused (w, "NoSuchCall", path, "Call.AttendedTransfer", g_variant_new ("(o)", ROOT "/calls/999"));
  refused (w, "InvalidState", path, "Call.RefuseTransfer", NULL);

  g_variant_dict_init (&info, NULL);
  g_variant_dict_insert (&info, "nmae", "s", "Bobby");
  refused (w, "InvalidArgument", path, "Call.SetStaticInfo",
           g_variant_new ("(@a{sv})", g_variant_dict_end (&info)));
  g_variant_dict_init (&info, NULL);
  g_variant_dict_insert (&info, "name", "u", 7);
  refused (w, "InvalidArgument", path, "Call.SetStaticInfo",
           g_variant_new ("(@a{sv})", g_variant_dict_end (&info)));

  dt_dbus_test_world_ok (w, "", "org.freedesktop.DBus.Properties.Set",
                         g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                                        g_variant_new_uint32 (1)));
  dt_dbus_test_world_wait (w, "", "MaxCalls=1");
  refused (w, "MaxCalls", "", "Manager.Dial", g_variant_new ("(s)", w->bob_aor));
  refused (w, "MaxCalls", w->line, "Line.MakeCall", g_variant_new ("(s)", w->bob_aor));
  dt_dbus_test_world_ok (w, "", "org.freedesktop.DBus.Properties.Set",
                         g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                                        g_variant_new_uint32 (4)));

  state = dt_dbus_test_world_get_string (w, path, "Call.State");
  g_assert_cmpstr (state, ==, "established");
  g_assert_false (dt_test_baresip_wait_event (w->bob, "CALL_CLOSED", 0));
  dt_dbus_test_world_end_call (w, path);

  /* Gone: its path answers NoSuchCall */
  refused (w, "NoSuchCall", path, "Call.Hold", NULL);
  refused (w, "NoSuchCall", "", "Manager.SetCurrentCall", g_variant_new ("(o)", full_path));
}

/* A recording that cannot be written is refused, and the call goes on */
static void
test_recording_folder (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autofree char *before = dt_dbus_test_client_snapshot (w->client);
  g_autofree char *after = NULL;
  g_autofree char *name = NULL;
  g_autofree char *media_error = dt_dbus_test_world_event (path, "Error('media'");
  g_autofree char *events = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  dt_dbus_test_client_clear (w->client);
  reply = dt_dbus_test_client_call (w->client, path, "Call.StartRecording",
                                    g_variant_new ("(s)", "/nonexistent-dialtone-dir/call.ogg"),
                                    &error);
  g_assert_null (reply);
  name = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (name, ==, "org.dialtone.Error.Failed");
  g_test_message ("%s", error->message);

  /* Refused before it touched the call: no media error, nothing changed */
  g_assert_null (dt_dbus_test_world_poll_prefix (w, media_error, ERROR_WAIT_MS));
  after = dt_dbus_test_client_snapshot (w->client);
  g_assert_cmpstr (after, ==, before);
  events = dt_dbus_test_client_take (w->client);
  g_assert_cmpstr (events, ==, "");

  dt_dbus_test_world_end_call (w, path);
}

static void
set_max_calls (DtDbusTestWorld *w,
               guint            max_calls)
{
  g_autofree char *changed = g_strdup_printf ("MaxCalls=%u", max_calls);

  dt_dbus_test_world_ok (w, "", "org.freedesktop.DBus.Properties.Set",
                         g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                                        g_variant_new_uint32 (max_calls)));
  dt_dbus_test_world_wait (w, "", changed);
}

/* MaxCalls only within the range its setting allows (the schema's), so
 * that the value a client set is the one kept */
static void
test_max_calls_range (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autoptr(GSettingsSchemaSource) source = g_settings_schema_source_ref (g_settings_schema_source_get_default ());
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.dialtone.Dialtone", TRUE);
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, "max-calls");
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);

  g_autoptr(GVariant) limits = NULL;
  const char *kind;
  guint lowest;
  guint highest;

  g_variant_get (range, "(&sv)", &kind, &limits);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (limits, "(uu)", &lowest, &highest);
  g_assert_cmpuint (lowest, >, 0);
  refused (w, "InvalidArgument", "", "org.freedesktop.DBus.Properties.Set",
           g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                          g_variant_new_uint32 (lowest - 1)));
  refused (w, "InvalidArgument", "", "org.freedesktop.DBus.Properties.Set",
           g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                          g_variant_new_uint32 (highest + 1)));

  set_max_calls (w, lowest);
  set_max_calls (w, highest);
  set_max_calls (w, 4);
}

/* Removing the account of a call in progress ends the call first */
static void
test_remove_during_call (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autofree char *line_path = dt_dbus_test_client_path (w->client, w->line);
  g_autofree char *call_removed = g_strdup_printf (":CallRemoved(%s)", path);
  g_autofree char *line_removed = g_strdup_printf (":InterfacesRemoved(%s)", w->line);
  g_autofree char *objects = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) active = NULL;
  const char *disconnect;

  dt_dbus_test_world_ok (w, "", "Manager.RemoveAccount", g_variant_new ("(o)", line_path));
  dt_dbus_test_client_wait_for (w->client, call_removed);
  dt_dbus_test_client_wait_for (w->client, line_removed);
  {
    g_autofree char *prefix = dt_dbus_test_world_event (path, "Disconnect(");

    disconnect = dt_dbus_test_client_find (w->client, prefix);
  }
  g_assert_nonnull (disconnect);
  g_test_message ("%s", disconnect);
  dt_dbus_test_client_assert_order (w->client, disconnect, call_removed);
  dt_dbus_test_world_bob_event (w, "CALL_CLOSED");
  objects = dt_dbus_test_client_objects (w->client);
  g_assert_cmpstr (objects, ==, "lines/1");
  reply = dt_dbus_test_client_ok (w->client, "", "Manager.GetActiveCalls", NULL);
  active = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (active), ==, 0);
  g_assert_true (dt_test_spin (alice_unbound, w->kamailio, DT_DBUS_TEST_TIMEOUT_MS));
  refused (w, "NoSuchLine", w->line, "Line.MakeCall", g_variant_new ("(s)", w->bob_aor));

  /* Back for whatever comes next */
  g_clear_pointer (&w->line, g_free);
  dt_dbus_test_world_add_alice (w);
}

/* Quit after all that: a clean exit (leak-free under the sanitizers), no
 * process and no binding left */
static void
test_quit (void)
{
  dt_dbus_test_world_quit (get_world ());
  g_clear_pointer (&world, dt_dbus_test_world_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dt_dbus_test_world_init (&argc, &argv);

  g_test_add_func ("/dbus/e2e/errors/without-call", test_without_call);
  g_test_add_func ("/dbus/e2e/errors/not-registered", test_not_registered);
  g_test_add_func ("/dbus/e2e/errors/wrong-password", test_wrong_password);
  g_test_add_func ("/dbus/e2e/errors/with-call", test_with_call);
  g_test_add_func ("/dbus/e2e/errors/recording-folder", test_recording_folder);
  g_test_add_func ("/dbus/e2e/errors/max-calls-range", test_max_calls_range);
  g_test_add_func ("/dbus/e2e/errors/remove-during-call", test_remove_during_call);
  g_test_add_func ("/dbus/e2e/errors/quit", test_quit);

  status = g_test_run ();
  g_clear_pointer (&world, dt_dbus_test_world_free);

  return status;
}
