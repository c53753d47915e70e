/* test-dbus-headless.c: `dialtone --headless` driven through D-Bus only,
 * calling and called by sipp on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-dbus-test-client.h"
#include "dt-test-peer.h"

#define BUS_NAME "org.dialtone.Dialtone"
#define ROOT "/org/dialtone/Dialtone"
/* How long sipp may take to finish a scenario once its last message is due */
#define SIPP_TIMEOUT_MS 10000
/* How long dialtone may take to own its name and bind its SIP port: generous
 * for a sanitizer build on a loaded machine, never reached otherwise */
#define STARTUP_TIMEOUT_MS 30000

typedef struct
{
  DtTestPeer       *dialtone;
  GDBusConnection  *connection;
  DtDbusTestClient *client;
  char             *owner;
  char             *direct_uri;
  guint             watch;
  /* Set once the name vanished after having had an owner */
  gboolean          vanished;
} Fixture;

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  Fixture *f = user_data;

  g_free (f->owner);
  f->owner = g_strdup (owner);
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Fixture *f = user_data;

  f->vanished = f->owner != NULL;
  g_clear_pointer (&f->owner, g_free);
}

static gboolean
has_owner_or_died (gpointer data)
{
  Fixture *f = data;

  return f->owner != NULL || dt_test_peer_has_exited (f->dialtone);
}

static gboolean
has_direct_line (gpointer data)
{
  Fixture *f = data;
  g_autofree char *line = dt_dbus_test_client_get_string (f->client, "", "Manager.DirectLine");

  return !g_str_equal (line, "/");
}

static gboolean
has_vanished (gpointer data)
{
  return ((Fixture *) data)->vanished;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *dialtone = g_getenv ("DT_DIALTONE");
  const char * const argv[] = { dialtone, "--headless", "--sip-port", "0", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dialtone);
  f->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  f->watch = g_bus_watch_name_on_connection (f->connection, BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             on_name_appeared, on_name_vanished, f, NULL);

  f->dialtone = dt_test_peer_spawn (argv, &error);
  g_assert_no_error (error);

  g_assert_true (dt_test_spin (has_owner_or_died, f, STARTUP_TIMEOUT_MS));
  g_assert_false (dt_test_peer_has_exited (f->dialtone));
  f->client = dt_dbus_test_client_new (f->connection, f->owner, ROOT);

  /* The direct line comes once the SIP stack has bound its port */
  g_assert_true (dt_test_spin (has_direct_line, f, STARTUP_TIMEOUT_MS));
  f->direct_uri = dt_dbus_test_client_get_string (f->client, "", "Manager.DirectUri");
  g_assert_true (g_str_has_prefix (f->direct_uri, "sip:127.0.0.1:"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *output = dt_test_peer_dup_output (f->dialtone);
  int status = -1;

  /* A test that did not quit it: the clean way, bounded */
  if (!dt_test_peer_has_exited (f->dialtone))
    {
      g_autoptr(GVariant) reply = dt_dbus_test_client_call (f->client, "", "Manager.Quit", NULL, NULL);

      g_assert_nonnull (reply);
    }
  g_assert_true (dt_test_peer_wait (f->dialtone, DT_DBUS_TEST_TIMEOUT_MS, &status));
  g_free (output);
  output = dt_test_peer_dup_output (f->dialtone);
  g_test_message ("dialtone said:\n%s", output);
  g_assert_cmpint (status, ==, 0);

  g_clear_pointer (&f->client, dt_dbus_test_client_free);
  g_clear_pointer (&f->dialtone, dt_test_peer_free);
  g_bus_unwatch_name (f->watch);
  g_clear_object (&f->connection);
  g_free (f->owner);
  g_free (f->direct_uri);
}

/* sip:service@127.0.0.1:PORT of a sipp server scenario on a free port */
static DtTestPeer *
start_sipp_server (const char  *scenario,
                   char       **target)
{
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  DtTestPeer *sipp = dt_test_sipp_start (scenario, port, NULL, NULL, &error);

  g_assert_no_error (error);
  *target = g_strdup_printf ("sip:service@127.0.0.1:%u", port);

  return sipp;
}

#define assert_string(f, path, property, expected) G_STMT_START {                   \
    g_autofree char *value_ = dt_dbus_test_client_get_string ((f)->client, (path),  \
                                                              (property));         \
    g_assert_cmpstr (value_, ==, (expected));                                      \
  } G_STMT_END

#define wait_for(f, event) dt_dbus_test_client_wait_for ((f)->client, (event))
#define assert_order(f, first, second) \
  dt_dbus_test_client_assert_order ((f)->client, (first), (second))
#define refused(f, name, path, method, args) \
  g_free (dt_dbus_test_client_refused ((f)->client, (name), (path), (method), (args)))

static void
test_introspection (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const root[] = {
    "org.dialtone.Manager", "org.freedesktop.DBus.ObjectManager", "org.gtk.Application", NULL
  };
  static const char * const line[] = { "org.dialtone.Line", NULL };
  static const char * const call[] = { "org.dialtone.Call", NULL };
  g_autofree char *xml = g_build_filename (g_getenv ("DT_SOURCE_ROOT"), "data",
                                           "org.dialtone.Dialtone.xml", NULL);
  g_autofree char *target = NULL;
  g_autoptr(DtTestPeer) sipp = start_sipp_server ("uas-answer.xml", &target);
  g_autofree char *path = NULL;

  dt_dbus_test_client_assert_introspection (f->client, "", xml, root);
  dt_dbus_test_client_assert_introspection (f->client, "lines/1", xml, line);

  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.Dial", g_variant_new ("(s)", target));
  dt_dbus_test_client_assert_introspection (f->client, path, xml, call);
  /* Answered, so that sipp's scenario ends with our BYE */
  wait_for (f, "calls/1:Connect()");
  g_variant_unref (dt_dbus_test_client_ok (f->client, path, "Call.End", NULL));
  wait_for (f, ":CallRemoved(calls/1)");
  dt_test_sipp_assert_ok (sipp, SIPP_TIMEOUT_MS);
}

static void
test_objects (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *objects = dt_dbus_test_client_objects (f->client);
  g_autofree char *connected = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GVariant) active = NULL;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariant) max_calls = NULL;

  g_assert_cmpstr (objects, ==, "lines/1");
  assert_string (f, "", "Manager.DirectLine", "lines/1");
  assert_string (f, "lines/1", "Line.Id", "direct");
  assert_string (f, "lines/1", "Line.Uri", f->direct_uri);
  assert_string (f, "", "Manager.ConnectedCall", "/");
  assert_string (f, "", "Manager.CurrentCall", "/");

  connected = dt_dbus_test_client_ok_path (f->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (connected, ==, "/");
  active = dt_dbus_test_client_ok (f->client, "", "Manager.GetActiveCalls", NULL);
  g_assert_true (g_variant_is_of_type (active, G_VARIANT_TYPE ("(a{sao})")));
  printed = g_variant_print (active, FALSE);
  g_assert_cmpstr (printed, ==, "({},)");
  /* No sound server on this bus (no --pulse): the list is there, maybe empty */
  devices = dt_dbus_test_client_ok (f->client, "", "Manager.ListAudioDevices", NULL);
  g_assert_true (g_variant_is_of_type (devices, G_VARIANT_TYPE ("(a(ssb))")));
  max_calls = dt_dbus_test_client_get (f->client, "", "Manager.MaxCalls");
  g_assert_cmpuint (g_variant_get_uint32 (max_calls), ==, 4);
}

static void
test_outgoing (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *target = NULL;
  g_autoptr(DtTestPeer) sipp = start_sipp_server ("uas-answer.xml", &target);
  g_autofree char *path = NULL;
  g_autofree char *correlation_id = NULL;
  g_autofree char *by_id = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *codec = NULL;
  g_autoptr(GVariant) active = NULL;
  g_autoptr(GVariant) is_connected = NULL;

  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.Dial", g_variant_new ("(s)", target));
  g_assert_cmpstr (path, ==, "calls/1");
  wait_for (f, ":CallAdded(calls/1)");
  assert_order (f, ":InterfacesAdded(calls/1)", ":CallAdded(calls/1)");

  wait_for (f, "calls/1:Connect()");
  assert_order (f, "calls/1:State='progress'", "calls/1:Progress()");
  assert_order (f, "calls/1:Progress()", "calls/1:State='connected'");
  assert_order (f, "calls/1:State='connected'", "calls/1:Connect()");
  /* The SIP layer names the answer's codec (the contract's example is "PCMU/8000") */
  codec = dt_dbus_test_client_get_string (f->client, "calls/1", "Call.Codec");
  g_assert_true (g_str_has_prefix (codec, "PCMU"));
  is_connected = dt_dbus_test_client_get (f->client, "calls/1", "Call.Connected");
  g_assert_true (g_variant_get_boolean (is_connected));
  assert_string (f, "calls/1", "Call.State", "connected");
  assert_string (f, "calls/1", "Call.Direction", "outbound");
  assert_string (f, "calls/1", "Call.Line", "lines/1");
  assert_string (f, "calls/1", "Call.RemoteUri", target);

  connected = dt_dbus_test_client_ok_path (f->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (connected, ==, "calls/1");
  active = dt_dbus_test_client_ok (f->client, "", "Manager.GetActiveCalls", NULL);
  printed = g_variant_print (active, FALSE);
  g_assert_cmpstr (printed, ==, "({'direct': ['" ROOT "/calls/1']},)");
  correlation_id = dt_dbus_test_client_get_string (f->client, "calls/1", "Call.CorrelationId");
  by_id = dt_dbus_test_client_ok_path (f->client, "", "Manager.GetCall",
                                       g_variant_new ("(s)", correlation_id));
  g_assert_cmpstr (by_id, ==, "calls/1");

  /* Bad input on a live call changes nothing */
  refused (f, "InvalidDtmf", "calls/1", "Call.SendDtmf", g_variant_new ("(s)", "12x"));
  refused (f, "InvalidState", "calls/1", "Call.Answer", NULL);
  g_variant_unref (dt_dbus_test_client_ok (f->client, "", "org.freedesktop.DBus.Properties.Set",
                                           g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                                                          g_variant_new_uint32 (1))));
  wait_for (f, ":MaxCalls=1");
  refused (f, "MaxCalls", "", "Manager.Dial", g_variant_new ("(s)", target));
  g_variant_unref (dt_dbus_test_client_ok (f->client, "", "org.freedesktop.DBus.Properties.Set",
                                           g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls",
                                                          g_variant_new_uint32 (4))));

  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.End", NULL));
  wait_for (f, ":InterfacesRemoved(calls/1)");
  assert_order (f, "calls/1:State='disconnected'", "calls/1:Disconnect('hangup')");
  assert_order (f, "calls/1:Disconnect('hangup')", ":CallRemoved(calls/1)");
  assert_order (f, ":CallRemoved(calls/1)", ":InterfacesRemoved(calls/1)");
  g_free (printed);
  printed = dt_dbus_test_client_objects (f->client);
  g_assert_cmpstr (printed, ==, "lines/1");
  refused (f, "NoSuchCall", "", "Manager.GetCall", g_variant_new ("(s)", correlation_id));
  refused (f, "NoSuchCall", "calls/1", "Call.End", NULL);

  /* sipp got our BYE: its scenario ends with it */
  dt_test_sipp_assert_ok (sipp, SIPP_TIMEOUT_MS);
}

static void
test_incoming (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *remote = g_strdup (f->direct_uri + strlen ("sip:"));
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) incoming = NULL;
  const char *disconnect;

  /* uac-call.xml: a P-Asserted-Identity of "Alice Asserted" <sip:alice@127.0.0.1>,
   * waits for our answer, hangs up 300 ms later */
  sipp = dt_test_sipp_start ("uac-call.xml", dt_test_free_port (), remote, NULL, &error);
  g_assert_no_error (error);

  wait_for (f, ":IncomingCall(calls/1, 'sip:alice@127.0.0.1', 'Alice Asserted')");
  assert_order (f, ":CallAdded(calls/1)", ":IncomingCall(calls/1, 'sip:alice@127.0.0.1', 'Alice Asserted')");
  assert_string (f, "calls/1", "Call.State", "ringing");
  assert_string (f, "calls/1", "Call.Direction", "inbound");
  incoming = dt_dbus_test_client_get (f->client, "", "Manager.IncomingCalls");
  g_assert_cmpuint (g_variant_n_children (incoming), ==, 1);

  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.Answer", NULL));
  wait_for (f, "calls/1:Connect()");
  wait_for (f, ":IncomingCalls=[]");

  /* sipp hangs up */
  wait_for (f, ":InterfacesRemoved(calls/1)");
  disconnect = dt_dbus_test_client_find (f->client, "calls/1:Disconnect(");
  g_assert_nonnull (disconnect);
  assert_order (f, "calls/1:State='disconnected'", disconnect);
  assert_order (f, disconnect, ":CallRemoved(calls/1)");
  dt_test_sipp_assert_ok (sipp, SIPP_TIMEOUT_MS);
}

/* The errors that need no call, each changing nothing */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  GVariantBuilder settings;

  refused (f, "InvalidUri", "", "Manager.Dial", g_variant_new ("(s)", ""));
  refused (f, "InvalidUri", "", "Manager.Dial", g_variant_new ("(s)", "sip:bob@"));
  refused (f, "InvalidUri", "lines/1", "Line.MakeCall", g_variant_new ("(s)", "sip:<bob>@127.0.0.1"));
  refused (f, "NoSuchCall", "", "Manager.GetCall", g_variant_new ("(s)", "no-such-call"));
  refused (f, "NoSuchCall", "", "Manager.SetCurrentCall", g_variant_new ("(o)", ROOT "/calls/7"));
  refused (f, "NoSuchLine", "", "Manager.RemoveAccount", g_variant_new ("(o)", ROOT "/lines/7"));
  refused (f, "NoSuchLine", "lines/7", "Line.MakeCall", g_variant_new ("(s)", "sip:bob@127.0.0.1"));
  refused (f, "InvalidArgument", "", "Manager.RemoveAccount", g_variant_new ("(o)", ROOT "/lines/1"));
  refused (f, "InvalidArgument", "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "no-such-mic", ""));

  g_variant_builder_init (&settings, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&settings, "{sv}", "uri", g_variant_new_string ("sip:ann@127.0.0.1"));
  g_variant_builder_add (&settings, "{sv}", "password", g_variant_new_string ("s3cret"));
  /* No Secret Service on this test's bus (test-dbus-accounts.c has one) */
  refused (f, "KeyringUnavailable", "", "Manager.AddAccount", g_variant_new ("(a{sv})", &settings));
}

static void
test_quit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *target = NULL;
  g_autoptr(DtTestPeer) sipp = start_sipp_server ("uas-answer.xml", &target);
  g_autofree char *path = NULL;
  int status = -1;

  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.Dial", g_variant_new ("(s)", target));
  wait_for (f, "calls/1:Connect()");

  g_variant_unref (dt_dbus_test_client_ok (f->client, "", "Manager.Quit", NULL));
  g_assert_true (dt_test_peer_wait (f->dialtone, DT_DBUS_TEST_TIMEOUT_MS, &status));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (dt_test_spin (has_vanished, f, DT_DBUS_TEST_TIMEOUT_MS));

  /* The call was ended with a BYE before the process went */
  dt_test_sipp_assert_ok (sipp, SIPP_TIMEOUT_MS);
}

int
main (int   argc,
      char *argv[])
{
  /* Any critical in the service is a failure, not a line in a log (set
   * before GDBus starts its thread: setenv is not thread-safe) */
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dbus/headless/introspection", Fixture, NULL, fixture_setup, test_introspection, fixture_teardown);
  g_test_add ("/dbus/headless/objects", Fixture, NULL, fixture_setup, test_objects, fixture_teardown);
  g_test_add ("/dbus/headless/outgoing", Fixture, NULL, fixture_setup, test_outgoing, fixture_teardown);
  g_test_add ("/dbus/headless/incoming", Fixture, NULL, fixture_setup, test_incoming, fixture_teardown);
  g_test_add ("/dbus/headless/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/dbus/headless/quit", Fixture, NULL, fixture_setup, test_quit, fixture_teardown);

  return g_test_run ();
}
