/* test-store-locked.c: a locked keyring (dt-harness --keyring, then locked
 * over D-Bus; there is no prompt to unlock it). A program of its own: the
 * keyring stays locked until the harness ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-store-test.h"

static void
lock_default_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) alias = NULL;
  g_autoptr(GVariant) locked = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };

  alias = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (alias, "(&o)", &paths[0]);
  g_assert_cmpstr (paths[0], !=, "/");

  locked = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                        "org.freedesktop.Secret.Service", "Lock",
                                        g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"),
                                        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
is_available (gpointer data)
{
  return dt_secret_store_get_available (data);
}

static void
assert_locked_error (GError *error)
{
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "Unlock it"));
  g_assert_cmpstr (dt_store_error_to_name (error->code), ==, "KeyringUnavailable");
}

static void
count_cb (DtAccountStore *store,
          DtAccount      *account,
          guint          *count)
{
  (*count)++;
}

static void
test_locked (void)
{
  g_autofree char *dir = dt_store_test_dir ("locked");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *new_password = dt_store_test_password ();
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) kim = dt_account_new ("kim", "sip:kim@example.org");
  g_autoptr(DtAccount) lee = dt_account_new ("lee", "sip:lee@example.org");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(DtAccount) edit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *found = NULL;
  guint updated = 0;

  added = dt_store_test_add (store, kim, password, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "account-updated", G_CALLBACK (count_cb), &updated);

  lock_default_keyring ();
  /* Locked is not gone: the service is there, lines need not wait for it */
  dt_store_test_wait (is_available, secrets, DT_STORE_TEST_TIMEOUT_S);

  g_clear_object (&added);
  added = dt_store_test_add (store, lee, new_password, &error);
  g_assert_null (added);
  assert_locked_error (error);
  g_clear_error (&error);
  g_assert_null (dt_account_store_get_account (store, "lee"));

  /* A known account's password is unreachable, which is not "missing" */
  found = dt_store_test_lookup (store, "kim", &error);
  g_assert_null (found);
  assert_locked_error (error);
  g_clear_error (&error);

  edit = dt_account_copy (dt_account_store_get_account (store, "kim"));
  g_assert_false (dt_store_test_update (store, edit, new_password, &error));
  assert_locked_error (error);
  g_clear_error (&error);
  g_assert_cmpuint (updated, ==, 0);

  dt_account_set_aor (edit, "sip:kim@example.net");
  g_assert_false (dt_store_test_update (store, edit, NULL, &error));
  assert_locked_error (error);
  g_clear_error (&error);
  g_assert_cmpstr (dt_account_get_aor (dt_account_store_get_account (store, "kim")), ==,
                   "sip:kim@example.org");

  g_assert_false (dt_store_test_remove (store, "kim", &error));
  assert_locked_error (error);
  g_clear_error (&error);
  g_assert_nonnull (dt_account_store_get_account (store, "kim"));

  /* What needs no password still works */
  dt_account_set_aor (edit, "sip:kim@example.org");
  dt_account_set_display_name (edit, "Kim");
  g_assert_true (dt_store_test_update (store, edit, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (updated, ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "[kim]"));
  g_assert_null (strstr (contents, "lee"));
  dt_store_test_assert_nowhere (password);
  dt_store_test_assert_nowhere (new_password);
}

int
main (int    argc,
      char **argv)
{
  dt_store_test_init_logging ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/locked/refused", test_locked);

  return g_test_run ();
}
