/* test-dbus-accounts.c: AddAccount and RemoveAccount of `dialtone --headless`,
 * through D-Bus only, against kamailio on 127.0.0.1 and the harness's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-dbus-test-client.h"
#include "dt-test-kamailio.h"
#include "dt-test-peer.h"

#define BUS_NAME "org.dialtone.Dialtone"
#define ROOT "/org/dialtone/Dialtone"
#define SCHEMA "org.dialtone.Dialtone.Account"
/* What the fixture starts */
#define WITH_KAMAILIO 1
#define WITH_DIALTONE 2
/* An account id as the store makes them */
#define ACCOUNT_ID "6f0c2a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6"
/* kamailio's password for alice (dt-test-kamailio.h) */
#define PASSWORD "alice-secret"
/* Generous for a loaded machine, never reached otherwise */
#define STARTUP_TIMEOUT_MS 30000

typedef struct
{
  DtTestKamailio   *kamailio;
  GDBusConnection  *connection;
  DtTestPeer       *dialtone;
  DtDbusTestClient *client;
  char             *owner;
  /* Everything dialtone printed, over every run */
  GString          *output;
  /* A Secret Service the test starts and stops itself */
  DtTestPeer       *keyring;
  guint             watch;
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
  g_clear_pointer (&((Fixture *) user_data)->owner, g_free);
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

static void
start_dialtone (Fixture *f)
{
  const char *dialtone = g_getenv ("DT_DIALTONE");
  /* Debug messages too, through env(1) so that only dialtone prints them:
   * a password must not be in any of them */
  const char * const argv[] = { "env", "G_MESSAGES_DEBUG=all",
                                dialtone, "--headless", "--sip-port", "0", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dialtone);
  f->dialtone = dt_test_peer_spawn (argv, &error);
  g_assert_no_error (error);

  g_assert_true (dt_test_spin (has_owner_or_died, f, STARTUP_TIMEOUT_MS));
  g_assert_false (dt_test_peer_has_exited (f->dialtone));
  f->client = dt_dbus_test_client_new (f->connection, f->owner, ROOT);
  /* Accounts are read once the SIP stack is up, with the direct line */
  g_assert_true (dt_test_spin (has_direct_line, f, STARTUP_TIMEOUT_MS));
}

/* Quit over D-Bus; dialtone exits 0 and its output is kept */
static void
quit_dialtone (Fixture *f)
{
  g_autoptr(GVariant) reply = dt_dbus_test_client_ok (f->client, "", "Manager.Quit", NULL);
  g_autofree char *output = NULL;
  int status = -1;

  g_assert_true (dt_test_peer_wait (f->dialtone, DT_DBUS_TEST_TIMEOUT_MS, &status));
  output = dt_test_peer_dup_output (f->dialtone);
  g_string_append (f->output, output);
  g_test_message ("dialtone said:\n%s", output);
  g_assert_cmpint (status, ==, 0);

  g_clear_pointer (&f->client, dt_dbus_test_client_free);
  g_clear_pointer (&f->dialtone, dt_test_peer_free);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->output = g_string_new (NULL);
  f->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  f->watch = g_bus_watch_name_on_connection (f->connection, BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             on_name_appeared, on_name_vanished, f, NULL);
  if (GPOINTER_TO_INT (data) & WITH_KAMAILIO)
    {
      f->kamailio = dt_test_kamailio_start (FALSE, &error);
      g_assert_no_error (error);
    }
  if (GPOINTER_TO_INT (data) & WITH_DIALTONE)
    start_dialtone (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialtone != NULL)
    {
      g_autofree char *output = NULL;

      dt_test_peer_stop (f->dialtone);
      output = dt_test_peer_dup_output (f->dialtone);
      g_test_message ("dialtone said:\n%s", output);
      g_clear_pointer (&f->dialtone, dt_test_peer_free);
    }
  if (f->keyring != NULL)
    {
      dt_test_peer_stop (f->keyring);
      g_clear_pointer (&f->keyring, dt_test_peer_free);
    }
  g_clear_pointer (&f->client, dt_dbus_test_client_free);
  g_clear_pointer (&f->kamailio, dt_test_kamailio_free);
  g_bus_unwatch_name (f->watch);
  g_clear_object (&f->connection);
  g_free (f->owner);
  g_string_free (f->output, TRUE);
}

static char *
accounts_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "dialtone", "accounts.conf", NULL);
}

/* The file's text, "" when there is none */
static char *
read_accounts_file (void)
{
  g_autofree char *path = accounts_file ();
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");

  return contents;
}

/* Every item of our schema with its attributes and secret, as secret-tool
 * prints them (the attributes go to stderr) */
static char *
keyring_items (void)
{
  const char * const argv[] = { "sh", "-c",
                                "secret-tool search --all --unlock xdg:schema " SCHEMA " 2>&1",
                                NULL };
  char *items = dt_test_run_command (argv, DT_DBUS_TEST_TIMEOUT_MS);

  g_assert_nonnull (items);

  return items;
}

/* Whether @needle is in any file under @dir */
static gboolean
found_under (const char *dir,
             const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (found_under (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        {
          g_test_message ("The password is in %s", path);
          return TRUE;
        }
    }

  return FALSE;
}

/* A string property of a line, NULL once the line is gone: lines come and
 * go while a test looks (an account's line is replaced when its keyring
 * appears) */
static char *
line_property (Fixture    *f,
               const char *path,
               const char *property)
{
  g_autofree char *object = g_strconcat (ROOT "/", path, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (f->connection, f->owner, object,
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.dialtone.Line", property),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE,
                                       DT_DBUS_TEST_CALL_TIMEOUT_MS, NULL, NULL);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(v)", &value);

  return g_variant_dup_string (value, NULL);
}

/* The relative path of the line whose Uri is @uri, NULL when none */
static char *
find_line (Fixture    *f,
           const char *uri)
{
  g_autofree char *objects = dt_dbus_test_client_objects (f->client);
  g_auto(GStrv) paths = g_strsplit (objects, " ", -1);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *line_uri = NULL;

      if (!g_str_has_prefix (paths[i], "lines/"))
        continue;
      line_uri = line_property (f, paths[i], "Uri");
      if (g_strcmp0 (line_uri, uri) == 0)
        return g_strdup (paths[i]);
    }

  return NULL;
}

typedef struct {
  Fixture    *f;
  const char *uri;
  const char *state;
} StateWait;

static gboolean
line_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autofree char *path = find_line (wait->f, wait->uri);
  g_autofree char *state = path != NULL ? line_property (wait->f, path, "State") : NULL;

  return g_strcmp0 (state, wait->state) == 0;
}

/* Waits until the line of @uri is in @state; its path then */
static char *
wait_line_state (Fixture    *f,
                 const char *uri,
                 const char *state)
{
  StateWait wait = { f, uri, state };
  g_autofree char *path = NULL;

  if (!dt_test_spin (line_in_state, &wait, DT_DBUS_TEST_TIMEOUT_MS))
    {
      g_autofree char *now = NULL;
      g_autofree char *error = NULL;

      path = find_line (f, uri);
      if (path != NULL)
        {
          now = line_property (f, path, "State");
          error = line_property (f, path, "LastError");
        }
      g_error ("The line of %s (%s) stayed %s (%s), never %s", uri, path, now, error, state);
    }

  return find_line (f, uri);
}

static gboolean
alice_unbound (gpointer data)
{
  g_autofree char *contacts = dt_test_kamailio_lookup (data, "alice");

  return contacts == NULL;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *aor = dt_test_kamailio_aor (f->kamailio, "alice");
  g_autofree char *path = NULL;
  g_autofree char *event = NULL;
  g_autofree char *items = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GVariantDict settings;

  g_variant_dict_init (&settings, NULL);
  g_variant_dict_insert (&settings, "uri", "s", aor);
  g_variant_dict_insert (&settings, "password", "s", PASSWORD);
  g_variant_dict_insert (&settings, "display-name", "s", "Alice");
  g_variant_dict_insert (&settings, "register", "b", TRUE);
  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.AddAccount",
                                      g_variant_new ("(@a{sv})", g_variant_dict_end (&settings)));
  g_assert_true (g_str_has_prefix (path, "lines/"));

  event = g_strdup_printf ("%s:State='registered'", path);
  dt_dbus_test_client_wait_for (f->client, event);
  g_free (event);
  event = g_strdup_printf ("%s:State='registering'", path);
  g_assert_cmpint (dt_dbus_test_client_index (f->client, event), >=, 0);
  contacts = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (contacts);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-SAVED alice"), >=, 1);

  /* The secret is in the keyring, the rest in the file, and the password
   * nowhere else */
  items = keyring_items ();
  g_assert_nonnull (strstr (items, PASSWORD));
  g_assert_nonnull (strstr (items, aor));
  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, aor));
  g_assert_false (found_under (g_get_user_config_dir (), PASSWORD));
  g_assert_false (found_under (g_get_user_data_dir (), PASSWORD));

  /* Back after a restart, registered with the stored secret */
  quit_dialtone (f);
  g_assert_true (dt_test_spin (alice_unbound, f->kamailio, DT_DBUS_TEST_TIMEOUT_MS));
  start_dialtone (f);
  g_free (path);
  path = wait_line_state (f, aor, "registered");
  g_clear_pointer (&contacts, g_free);
  contacts = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (contacts);

  /* Removed: unregistered, forgotten, its secret gone */
  g_free (event);
  event = dt_dbus_test_client_path (f->client, path);
  g_variant_unref (dt_dbus_test_client_ok (f->client, "", "Manager.RemoveAccount",
                                           g_variant_new ("(o)", event)));
  g_assert_null (find_line (f, aor));
  g_assert_true (dt_test_spin (alice_unbound, f->kamailio, DT_DBUS_TEST_TIMEOUT_MS));
  g_free (items);
  items = keyring_items ();
  g_assert_null (strstr (items, PASSWORD));
  g_free (file);
  file = read_accounts_file ();
  g_assert_null (strstr (file, aor));

  /* A bad address is refused and writes nothing */
  before = read_accounts_file ();
  g_variant_dict_init (&settings, NULL);
  g_variant_dict_insert (&settings, "uri", "s", "sip:alice@bad host");
  g_variant_dict_insert (&settings, "password", "s", PASSWORD);
  g_free (dt_dbus_test_client_refused (f->client, "InvalidUri", "", "Manager.AddAccount",
                                       g_variant_new ("(@a{sv})", g_variant_dict_end (&settings))));
  after = read_accounts_file ();
  g_assert_cmpstr (before, ==, after);
  g_free (items);
  items = keyring_items ();
  g_assert_null (strstr (items, PASSWORD));

  quit_dialtone (f);
  g_assert_null (strstr (f->output->str, PASSWORD));
  g_assert_false (found_under (g_get_user_config_dir (), PASSWORD));
  g_assert_false (found_under (g_get_user_data_dir (), PASSWORD));
}

static void
test_no_keyring (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *file = NULL;
  GVariantDict settings;

  g_variant_dict_init (&settings, NULL);
  g_variant_dict_insert (&settings, "uri", "s", "sip:alice@127.0.0.1");
  g_variant_dict_insert (&settings, "password", "s", PASSWORD);
  message = dt_dbus_test_client_refused (f->client, "KeyringUnavailable", "", "Manager.AddAccount",
                                         g_variant_new ("(@a{sv})", g_variant_dict_end (&settings)));
  g_test_message ("AddAccount said: %s", message);
  g_assert_null (strstr (message, PASSWORD));

  file = read_accounts_file ();
  g_assert_null (strstr (file, "sip:alice@127.0.0.1"));

  quit_dialtone (f);
  g_assert_null (strstr (f->output->str, PASSWORD));
}

static gboolean
secrets_owned (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (f->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
  g_variant_get (reply, "(b)", &owned);

  return owned;
}

static gboolean
secrets_unowned (gpointer data)
{
  return !secrets_owned (data);
}

/* gnome-keyring-daemon as the harness runs it, unlocking the login keyring
 * of our HOME, so that a second start finds what the first one stored */
static void
start_keyring (Fixture *f)
{
  g_autofree char *control = g_build_filename (g_get_user_runtime_dir (), "test-keyring", NULL);
  /* Not a pipe: the daemon must be the process that is stopped by PID */
  g_autofree char *script = g_strdup_printf ("printf dt-harness >password && "
                                             "exec gnome-keyring-daemon --foreground --unlock "
                                             "--components=secrets --control-directory='%s' <password",
                                             control);
  const char * const argv[] = { "sh", "-c", script, NULL };
  g_autoptr(GError) error = NULL;

  f->keyring = dt_test_peer_spawn (argv, &error);
  g_assert_no_error (error);
  g_assert_true (dt_test_spin (secrets_owned, f, DT_DBUS_TEST_TIMEOUT_MS));
}

static void
stop_keyring (Fixture *f)
{
  dt_test_peer_stop (f->keyring);
  g_clear_pointer (&f->keyring, dt_test_peer_free);
  g_assert_true (dt_test_spin (secrets_unowned, f, DT_DBUS_TEST_TIMEOUT_MS));
}

/* An account stored by an earlier run whose keyring is not there at start:
 * its line shows why, and registers once the Secret Service appears */
static void
test_keyring_appears (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *aor = dt_test_kamailio_aor (f->kamailio, "alice");
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "dialtone", NULL);
  g_autofree char *path = accounts_file ();
  g_autofree char *contents = NULL;
  g_autofree char *store = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *line = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *contacts = NULL;
  g_autoptr(GError) error = NULL;

  contents = g_strdup_printf ("[" ACCOUNT_ID "]\naor=%s\nauth-user=\ndisplay-name=\nproxy=\ntransport=udp\nsrtp=optional\n"
                              "retry-limit=5\nexpires=600\nenabled=true\n\n"
                              "[Dialtone Accounts]\nversion=1\n", aor);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  start_keyring (f);
  store = g_strdup_printf ("printf %%s " PASSWORD " | secret-tool store --label=Alice "
                           "xdg:schema " SCHEMA " account-id " ACCOUNT_ID " aor '%s' && echo stored",
                           aor);
  stored = dt_test_run_command ((const char * const []) { "sh", "-c", store, NULL },
                                DT_DBUS_TEST_TIMEOUT_MS);
  g_assert_cmpstr (stored, ==, "stored\n");
  stop_keyring (f);

  start_dialtone (f);
  line = wait_line_state (f, aor, "failed");
  last_error = line_property (f, line, "LastError");
  g_assert_cmpstr (last_error, ==, "keyring unavailable");
  g_assert_null (dt_test_kamailio_lookup (f->kamailio, "alice"));

  start_keyring (f);
  g_free (line);
  line = wait_line_state (f, aor, "registered");
  contacts = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (contacts);

  quit_dialtone (f);
  g_assert_null (strstr (f->output->str, PASSWORD));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dbus/accounts/lifecycle", Fixture, GINT_TO_POINTER (WITH_KAMAILIO | WITH_DIALTONE),
              fixture_setup, test_lifecycle, fixture_teardown);
  g_test_add ("/dbus/accounts/no-keyring", Fixture, GINT_TO_POINTER (WITH_DIALTONE),
              fixture_setup, test_no_keyring, fixture_teardown);
  g_test_add ("/dbus/accounts/keyring-appears", Fixture, GINT_TO_POINTER (WITH_KAMAILIO),
              fixture_setup, test_keyring_appears, fixture_teardown);

  return g_test_run ();
}
