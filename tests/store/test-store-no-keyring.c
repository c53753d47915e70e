/* test-store-no-keyring.c: a session bus with no Secret Service (dt-harness
 * without --keyring), no session bus at all, and a keyring that appears,
 * goes and comes back while the store runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dt-store-test.h"

#define SECRETS_NAME "org.freedesktop.secrets"

static GVariant *
call_bus (const char *method,
          GVariant   *parameters,
          const char *reply_type)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", method, parameters,
                                       G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* Nobody owns the name, and D-Bus cannot start anyone to own it */
static void
test_no_service_on_bus (void)
{
  g_autoptr(GVariant) owned = call_bus ("NameHasOwner", g_variant_new ("(s)", SECRETS_NAME),
                                        "(b)");
  g_autoptr(GVariant) activatable = call_bus ("ListActivatableNames", NULL, "(as)");
  g_autofree const char **names = NULL;
  gboolean has_owner;

  g_variant_get (owned, "(b)", &has_owner);
  g_assert_false (has_owner);
  g_variant_get (activatable, "(^a&s)", &names);
  g_assert_nonnull (names);
  g_assert_false (g_strv_contains (names, SECRETS_NAME));
}

static void
test_add_refused (void)
{
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "dialtone", "accounts.conf",
                                            NULL);
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, NULL, TRUE);
  g_autoptr(DtAccount) account = dt_account_new ("mallory", "sip:mallory@example.org");
  g_autoptr(DtAccount) bad = dt_account_new ("oscar", "tel:+15551234");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *found;

  added = dt_store_test_add (store, account, password, &error);
  g_assert_null (added);
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "No keyring service is running."));
  g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
  g_assert_cmpstr (dt_store_error_to_name (error->code), ==, "KeyringUnavailable");
  g_clear_error (&error);

  /* Nothing half-written */
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (dt_secret_store_get_available (secrets));

  /* Bad settings are refused before the keyring is asked */
  g_assert_null (dt_store_test_add (store, bad, password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID_URI);
  g_clear_error (&error);

  dt_secret_store_lookup_async (secrets, "mallory", NULL, NULL, dt_store_test_keep_result,
                                &result);
  found = dt_secret_store_lookup_finish (secrets, dt_store_test_wait_result (&result), &error);
  g_assert_null (found);
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_clear_object (&result);

  dt_secret_store_clear_async (secrets, "mallory", NULL, NULL, dt_store_test_keep_result, &result);
  g_assert_false (dt_secret_store_clear_finish (secrets, dt_store_test_wait_result (&result),
                                                &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);

  dt_store_test_assert_nowhere (password);
}

/* In a child without a session bus: prints the error of an add */
static int
add_without_bus (void)
{
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autofree char *dir = dt_store_test_dir ("no-bus");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) account = dt_account_new ("nobus", "sip:nobus@example.org");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(GError) error = NULL;

  added = dt_store_test_add (store, account, "no-bus-password", &error);
  if (added != NULL || error == NULL)
    return 1;

  printf ("%s %d %s|%s\n", g_quark_to_string (error->domain), error->code, error->message,
          g_file_test (path, G_FILE_TEST_EXISTS) ? "file" : "no-file");
  return 0;
}

static void
test_no_bus (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *runtime = g_build_filename (g_get_user_config_dir (), "empty-runtime", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  launcher = dt_store_test_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  /* Where GDBus would look for a bus socket: an empty folder */
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--add-without-bus", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  expected = g_strdup_printf ("dt-store-error-quark %d There is no session bus",
                              DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpstr (out, !=, NULL);
  if (!g_str_has_prefix (out, expected))
    g_error ("Unexpected output of the child: %s", out);
  g_assert_true (g_str_has_suffix (out, "|no-file\n"));
}

static gboolean
is_available (gpointer data)
{
  return dt_secret_store_get_available (data);
}

static gboolean
is_unavailable (gpointer data)
{
  return !dt_secret_store_get_available (data);
}

/* A gnome-keyring-daemon of our own, its login keyring unlocked; it
 * creates the keyring on its first start and reopens it on the next */
static GSubprocess *
start_keyring (void)
{
  g_autofree char *control = g_build_filename (g_get_user_runtime_dir (), "keyring", NULL);
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock",
                         "--components=secrets", "--control-directory", control, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  GOutputStream *input;

  launcher = dt_store_test_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (proc);
  g_output_stream_write_all (input, "login", 5, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  return proc;
}

static void
stop_keyring (GSubprocess *proc)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait_async (proc, NULL, dt_store_test_keep_result, &result);
  g_subprocess_wait_finish (proc, dt_store_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

/* Lines that failed for want of a keyring register once `available` turns
 * TRUE: here it does, and the password can be reached from then on, also
 * after the service went away and a new one took its place */
static void
test_keyring_appears (void)
{
  g_autofree char *dir = dt_store_test_dir ("appears");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) account = dt_account_new ("peggy", "sip:peggy@example.org");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_null (dt_store_test_add (store, account, password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (dt_secret_store_get_available (secrets));

  keyring = start_keyring ();
  dt_store_test_wait (is_available, secrets, DT_STORE_TEST_TIMEOUT_S);
  added = dt_store_test_add (store, account, password, &error);
  g_assert_no_error (error);
  found = dt_store_test_secret_tool ("peggy", "sip:peggy@example.org");
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, g_free);

  stop_keyring (keyring);
  g_clear_object (&keyring);
  dt_store_test_wait (is_unavailable, secrets, DT_STORE_TEST_TIMEOUT_S);
  g_assert_null (dt_store_test_lookup (store, "peggy", &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);

  keyring = start_keyring ();
  dt_store_test_wait (is_available, secrets, DT_STORE_TEST_TIMEOUT_S);
  found = dt_store_test_lookup (store, "peggy", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);

  stop_keyring (keyring);
  dt_store_test_assert_nowhere (password);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 2 && g_str_equal (argv[1], "--add-without-bus"))
    return add_without_bus ();

  dt_store_test_init_logging ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/no-keyring/not-on-bus", test_no_service_on_bus);
  g_test_add_func ("/store/no-keyring/add-refused", test_add_refused);
  g_test_add_func ("/store/no-keyring/no-bus", test_no_bus);
  g_test_add_func ("/store/no-keyring/keyring-appears", test_keyring_appears);

  return g_test_run ();
}
