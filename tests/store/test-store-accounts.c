/* test-store-accounts.c: accounts and passwords against a real, unlocked
 * gnome-keyring on the harness's private bus (dt-harness --keyring)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dt-store-test.h"

static DtSecretStore *secrets;

static DtAccount *
add_account (DtAccountStore *store,
             const char     *aor,
             const char     *password)
{
  g_autoptr(DtAccount) account = dt_account_new (NULL, aor);
  g_autoptr(GError) error = NULL;
  DtAccount *added = dt_store_test_add (store, account, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (added);
  return added;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_add (void)
{
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "dialtone", "accounts.conf",
                                            NULL);
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, NULL, TRUE);
  g_autoptr(DtAccount) account = dt_account_new (NULL, "sip:alice@example.org");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(DtAccount) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpstr (dt_account_store_get_path (store), ==, path);
  dt_account_set_display_name (account, "Alice Liddell");
  dt_account_set_auth_user (account, "alice-auth");
  dt_account_set_transport (account, DT_ACCOUNT_TRANSPORT_TCP);
  dt_account_set_proxy (account, "proxy.example.org:5070");
  dt_account_set_srtp (account, DT_ACCOUNT_SRTP_MANDATORY);
  dt_account_set_dtmf_mode (account, DT_ACCOUNT_DTMF_RFC4733);
  dt_account_set_retry_limit (account, 7);
  dt_account_set_expires (account, 300);
  dt_account_set_enabled (account, FALSE);

  added = dt_store_test_add (store, account, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dt_account_get_id (added));
  g_assert_cmpstr (dt_account_get_aor (added), ==, "sip:alice@example.org");
  g_assert_cmpstr (dt_account_get_proxy (added), ==, "proxy.example.org:5070");
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 1);
  listed = g_list_model_get_item (dt_account_store_get_accounts (store), 0);
  g_assert_true (listed == added);

  found = dt_store_test_secret_tool (dt_account_get_id (added), "sip:alice@example.org");
  g_assert_cmpstr (found, ==, password);

  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "aor=sip:alice@example.org"));
  g_assert_nonnull (strstr (contents, "dtmf-mode=rfc4733"));
  g_assert_nonnull (strstr (contents, dt_account_get_id (added)));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  dt_store_test_assert_nowhere (password);
  /* The recorder saw the store's own debug messages */
  g_assert_cmpuint (dt_store_test_count_logs ("Dialtone-Store"), >, 0);
}

static void
test_restart (void)
{
  g_autofree char *dir = dt_store_test_dir ("restart");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autoptr(DtAccountStore) first = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) account = dt_account_new (NULL, "sips:bob@example.org:5061");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(DtAccount) loaded = NULL;
  g_autoptr(DtSecretStore) new_secrets = dt_secret_store_new ();
  g_autoptr(DtAccountStore) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  dt_account_set_transport (account, DT_ACCOUNT_TRANSPORT_TLS);
  dt_account_set_display_name (account, "Bob \"the builder\" [x]\tZ");
  added = dt_store_test_add (first, account, password, &error);
  g_assert_null (added);
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  dt_account_set_display_name (account, "Bob \"the builder\" [x] ; = #");
  added = dt_store_test_add (first, account, password, &error);
  g_assert_no_error (error);
  g_clear_object (&first);

  /* A new process would have a new secret store and a new account store */
  second = dt_store_test_open (new_secrets, path, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (second)), ==, 1);
  loaded = g_list_model_get_item (dt_account_store_get_accounts (second), 0);
  g_assert_true (dt_account_equal (loaded, added));
  g_assert_true (dt_account_store_get_account (second, dt_account_get_id (added)) == loaded);

  found = dt_store_test_lookup (second, dt_account_get_id (loaded), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);
  dt_store_test_assert_nowhere (password);
}

static void
count_cb (DtAccountStore *store,
          DtAccount      *account,
          guint          *count)
{
  (*count)++;
}

static void
test_edit (void)
{
  g_autofree char *dir = dt_store_test_dir ("edit");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *first_password = dt_store_test_password ();
  g_autofree char *second_password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) stored = add_account (store, "sip:carol@example.org", first_password);
  g_autoptr(DtAccount) edit = dt_account_copy (stored);
  g_autoptr(DtAccountStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *stale = NULL;
  const char *id = dt_account_get_id (stored);
  guint updated = 0;

  g_signal_connect (store, "account-updated", G_CALLBACK (count_cb), &updated);

  /* A new proxy: the file changes, the password stays */
  dt_account_set_proxy (edit, "sip:proxy.example.net;transport=tcp");
  g_assert_true (dt_store_test_update (store, edit, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_cmpstr (dt_account_get_proxy (stored), ==, "sip:proxy.example.net;transport=tcp");
  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "proxy=sip:proxy.example.net;transport=tcp"));
  found = dt_store_test_secret_tool (id, "sip:carol@example.org");
  g_assert_cmpstr (found, ==, first_password);
  g_clear_pointer (&found, g_free);

  /* A new password replaces the old one */
  g_assert_true (dt_store_test_update (store, edit, second_password, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (updated, ==, 2);
  found = dt_store_test_secret_tool (id, NULL);
  g_assert_cmpstr (found, ==, second_password);
  g_clear_pointer (&found, g_free);

  /* A new address takes the password along and leaves nothing behind */
  dt_account_set_aor (edit, "sip:carol@example.net");
  g_assert_true (dt_store_test_update (store, edit, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (updated, ==, 3);
  g_assert_cmpstr (dt_account_get_aor (stored), ==, "sip:carol@example.net");
  found = dt_store_test_secret_tool (id, "sip:carol@example.net");
  g_assert_cmpstr (found, ==, second_password);
  stale = dt_store_test_secret_tool (id, "sip:carol@example.org");
  g_assert_null (stale);
  g_clear_pointer (&found, g_free);
  found = dt_store_test_lookup (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, second_password);

  /* Nothing changed: nothing written, nothing announced */
  g_assert_true (dt_store_test_update (store, edit, NULL, &error));
  g_assert_cmpuint (updated, ==, 3);

  /* Bad settings change nothing */
  dt_account_set_expires (edit, 5);
  g_assert_false (dt_store_test_update (store, edit, NULL, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (dt_account_get_expires (stored), ==, DT_ACCOUNT_DEFAULT_EXPIRES);

  reloaded = dt_store_test_open (secrets, path, TRUE);
  g_assert_true (dt_account_equal (dt_account_store_get_account (reloaded, id), stored));
  dt_store_test_assert_nowhere (first_password);
  dt_store_test_assert_nowhere (second_password);
}

static void
test_remove (void)
{
  g_autofree char *dir = dt_store_test_dir ("remove");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *kept_password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) gone = add_account (store, "sip:dave@example.org", password);
  g_autoptr(DtAccount) kept = add_account (store, "sip:erin@example.org", kept_password);
  g_autoptr(DtAccountStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *id = g_strdup (dt_account_get_id (gone));

  g_assert_true (dt_store_test_remove (store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 1);
  g_assert_null (dt_account_store_get_account (store, id));
  g_assert_null (dt_store_test_secret_tool (id, NULL));
  found = dt_store_test_secret_tool (dt_account_get_id (kept), NULL);
  g_assert_cmpstr (found, ==, kept_password);

  contents = read_file (path);
  g_assert_null (strstr (contents, id));
  g_assert_null (strstr (contents, "dave"));

  g_assert_false (dt_store_test_remove (store, id, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dt_store_test_lookup (store, id, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reloaded = dt_store_test_open (secrets, path, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (reloaded)), ==, 1);
  g_assert_nonnull (dt_account_store_get_account (reloaded, dt_account_get_id (kept)));
  dt_store_test_assert_nowhere (password);
}

static void
test_refused (void)
{
  g_autofree char *dir = dt_store_test_dir ("refused");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *other_password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) bad = dt_account_new ("frank", "sip:frank:secret@example.org");
  g_autoptr(DtAccount) frank = dt_account_new ("frank", "sip:frank@example.org");
  g_autoptr(DtAccount) twin = dt_account_new ("frank", "sip:frank2@example.org");
  g_autoptr(DtAccount) nobody = dt_account_new ("nobody", "sip:n@example.org");
  g_autoptr(DtAccount) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_null (dt_store_test_add (store, bad, password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID_URI);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (dt_store_test_secret_tool ("frank", NULL));

  g_assert_null (dt_store_test_add (store, frank, "", &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dt_store_test_add (store, frank, NULL, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  added = dt_store_test_add (store, frank, password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dt_account_get_id (added), ==, "frank");

  /* The same id again is refused before the keyring is touched */
  g_assert_null (dt_store_test_add (store, twin, other_password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  found = dt_store_test_secret_tool ("frank", NULL);
  g_assert_cmpstr (found, ==, password);
  g_assert_null (dt_store_test_secret_tool ("frank", "sip:frank2@example.org"));

  g_assert_false (dt_store_test_update (store, nobody, NULL, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  dt_store_test_assert_nowhere (password);
  dt_store_test_assert_nowhere (other_password);
}

/* Changes asked for at once run one after the other, in order; a change
 * cancelled before it starts changes nothing */
static void
test_queued (void)
{
  g_autofree char *dir = dt_store_test_dir ("queued");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *new_password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) olivia = dt_account_new ("olivia", "sip:olivia@example.org");
  g_autoptr(DtAccount) olivia_edit = dt_account_new ("olivia", "sip:olivia@example.net");
  g_autoptr(DtAccount) peggy = dt_account_new ("peggy", "sip:peggy@example.org");
  g_autoptr(DtAccount) quinn = dt_account_new ("quinn", "sip:quinn@example.org");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(DtAccount) result = NULL;
  g_autoptr(DtAccount) peggy_added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  dt_account_store_add_async (store, olivia, password, NULL, dt_store_test_keep_result, &added);
  dt_account_store_update_async (store, olivia_edit, new_password, NULL,
                                 dt_store_test_keep_result, &updated);
  dt_account_store_add_async (store, peggy, password, NULL, dt_store_test_keep_result, &second);
  dt_account_store_remove_async (store, "olivia", NULL, dt_store_test_keep_result, &removed);
  dt_account_store_add_async (store, quinn, password, cancellable, dt_store_test_keep_result,
                              &cancelled);
  g_cancellable_cancel (cancellable);

  result = dt_account_store_add_finish (store, dt_store_test_wait_result (&added), &error);
  g_assert_no_error (error);
  g_assert_null (removed);
  g_assert_true (dt_account_store_update_finish (store, dt_store_test_wait_result (&updated),
                                                 &error));
  g_assert_no_error (error);
  peggy_added = dt_account_store_add_finish (store, dt_store_test_wait_result (&second), &error);
  g_assert_no_error (error);
  g_assert_true (dt_account_store_remove_finish (store, dt_store_test_wait_result (&removed),
                                                 &error));
  g_assert_no_error (error);
  g_assert_null (dt_account_store_add_finish (store, dt_store_test_wait_result (&cancelled),
                                              &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 1);
  g_assert_nonnull (dt_account_store_get_account (store, "peggy"));
  g_assert_null (dt_store_test_secret_tool ("olivia", NULL));
  g_assert_null (dt_store_test_secret_tool ("quinn", NULL));
  found = dt_store_test_secret_tool ("peggy", "sip:peggy@example.org");
  g_assert_cmpstr (found, ==, password);
  dt_store_test_assert_nowhere (password);
  dt_store_test_assert_nowhere (new_password);
}

/* The file cannot be replaced (its path has become a folder): every change
 * fails with IO and the keyring is put back as it was */
static void
test_save_fails (void)
{
  g_autofree char *dir = dt_store_test_dir ("save-fails");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *new_password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) stored = add_account (store, "sip:grace@example.org", password);
  g_autoptr(DtAccount) other = dt_account_new ("heidi", "sip:heidi@example.org");
  g_autoptr(DtAccount) edit = dt_account_copy (stored);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  const char *id = dt_account_get_id (stored);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  g_assert_null (dt_store_test_add (store, other, new_password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);
  g_assert_null (dt_store_test_secret_tool ("heidi", NULL));
  g_assert_null (dt_account_store_get_account (store, "heidi"));

  g_assert_false (dt_store_test_update (store, edit, new_password, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);
  found = dt_store_test_secret_tool (id, "sip:grace@example.org");
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, g_free);

  dt_account_set_aor (edit, "sip:grace@example.net");
  g_assert_false (dt_store_test_update (store, edit, NULL, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpstr (dt_account_get_aor (stored), ==, "sip:grace@example.org");
  g_assert_null (dt_store_test_secret_tool (id, "sip:grace@example.net"));
  found = dt_store_test_secret_tool (id, "sip:grace@example.org");
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, g_free);

  g_assert_false (dt_store_test_remove (store, id, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);
  g_assert_nonnull (dt_account_store_get_account (store, id));
  found = dt_store_test_secret_tool (id, "sip:grace@example.org");
  g_assert_cmpstr (found, ==, password);

  /* Once the file can be written again, so can the changes */
  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_true (dt_store_test_remove (store, id, &error));
  g_assert_no_error (error);
  g_assert_null (dt_store_test_secret_tool (id, NULL));
  dt_store_test_assert_nowhere (password);
  dt_store_test_assert_nowhere (new_password);
}

/* Every way of cutting a file the store wrote is noticed: the file is set
 * aside as it was, and the store starts empty */
static void
test_truncated (void)
{
  g_autofree char *dir = dt_store_test_dir ("truncated");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *cut_path = g_build_filename (dir, "cut.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
  g_autoptr(DtAccount) first = add_account (store, "sip:ivan@example.org", password);
  g_autoptr(DtAccount) second = add_account (store, "sip:judy@example.org", password);
  g_autofree char *contents = NULL;
  g_autofree char *found = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (contents[length - 1], ==, '\n');

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(DtAccountStore) cut_store = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) files = NULL;
      g_autofree char *aside = NULL;
      g_autofree char *kept = NULL;
      gsize aside_length;

      g_assert_true (g_file_set_contents (cut_path, contents, cut, NULL));
      cut_store = dt_account_store_new (secrets, cut_path);

      /* Only the final line break may go */
      if (cut == length - 1)
        {
          g_assert_true (dt_account_store_load (cut_store, &error));
          g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (cut_store)),
                            ==, 2);
          continue;
        }

      g_assert_false (dt_account_store_load (cut_store, &error));
      g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT);
      g_assert_nonnull (dt_account_store_get_load_error (cut_store));
      g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (cut_store)),
                        ==, 0);
      g_assert_false (g_file_test (cut_path, G_FILE_TEST_EXISTS));

      files = dt_store_test_list_files (dir);
      g_assert_cmpuint (files->len, ==, 2);
      for (guint i = 0; i < files->len; i++)
        if (!g_str_equal (g_ptr_array_index (files, i), path))
          aside = g_strdup (g_ptr_array_index (files, i));
      g_assert_nonnull (strstr (error->message, aside));
      g_assert_true (g_str_has_prefix (aside, cut_path));
      g_assert_nonnull (strstr (aside, ".broken-"));
      g_assert_true (g_file_get_contents (aside, &kept, &aside_length, NULL));
      g_assert_cmpmem (kept, aside_length, contents, cut);
      g_assert_cmpint (g_unlink (aside), ==, 0);
    }

  /* Setting a file aside touched no password */
  found = dt_store_test_secret_tool (dt_account_get_id (second), NULL);
  g_assert_cmpstr (found, ==, password);
  dt_store_test_assert_nowhere (password);
}

/* Defined in test-store-crash.c */
void dt_store_test_crash_during_save (DtSecretStore *secrets);
int  dt_store_test_save_loop         (const char    *path,
                                      const char    *round);

int
main (int    argc,
      char **argv)
{
  int status;

  if (argc == 4 && g_str_equal (argv[1], "--save-loop"))
    return dt_store_test_save_loop (argv[2], argv[3]);

  dt_store_test_init_logging ();
  g_test_init (&argc, &argv, NULL);
  secrets = dt_secret_store_new ();

  g_test_add_func ("/store/keyring/add", test_add);
  g_test_add_func ("/store/keyring/restart", test_restart);
  g_test_add_func ("/store/keyring/edit", test_edit);
  g_test_add_func ("/store/keyring/remove", test_remove);
  g_test_add_func ("/store/keyring/refused", test_refused);
  g_test_add_func ("/store/keyring/queued", test_queued);
  g_test_add_func ("/store/keyring/save-fails", test_save_fails);
  g_test_add_func ("/store/keyring/truncated", test_truncated);
  g_test_add_data_func ("/store/keyring/crash-during-save", secrets,
                        (GTestDataFunc) dt_store_test_crash_during_save);

  status = g_test_run ();
  g_clear_object (&secrets);
  return status;
}
