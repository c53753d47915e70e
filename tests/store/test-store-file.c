/* test-store-file.c: the accounts file without a keyring: what loads, what
 * is set aside, and the checks every account passes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "dt-store-test.h"

static const char valid_file[] =
  "# Written by hand\n"
  "[work]\n"
  "aor=sip:alice@example.org\n"
  "auth-user=\n"
  "display-name=Alice at work\n"
  "transport=tcp\n"
  "proxy=\n"
  "srtp=mandatory\n"
  "dtmf-mode=info\n"
  "retry-limit=3\n"
  "expires=600\n"
  "enabled=true\n"
  "from-the-future=kept\n"
  "\n"
  "[home]\n"
  "aor=sips:alice@home.example:5061\n"
  "auth-user=a1\n"
  "display-name=\n"
  "transport=tls\n"
  "proxy=sips:proxy.home.example\n"
  "srtp=off\n"
  "retry-limit=0\n"
  "expires=3600\n"
  "enabled=false\n"
  "\n"
  "[Dialtone Accounts]\n"
  "version=1\n";

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *dir = dt_store_test_dir (name);
  char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_missing (void)
{
  g_autofree char *dir = dt_store_test_dir ("missing");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autoptr(DtAccountStore) store = dt_store_test_open (NULL, path, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 0);
  g_assert_null (dt_account_store_get_load_error (store));
  g_assert_true (dt_account_store_get_writable (store));
  g_assert_nonnull (dt_account_store_get_secret_store (store));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_valid (void)
{
  g_autofree char *path = write_file ("valid", valid_file, -1);
  g_autoptr(DtAccountStore) store = dt_store_test_open (NULL, path, TRUE);
  GListModel *accounts = dt_account_store_get_accounts (store);
  g_autoptr(DtAccount) work = g_list_model_get_item (accounts, 0);
  g_autoptr(DtAccount) home = g_list_model_get_item (accounts, 1);

  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  g_assert_null (dt_account_store_get_load_error (store));
  g_assert_cmpstr (dt_account_get_id (work), ==, "work");
  g_assert_cmpstr (dt_account_get_aor (work), ==, "sip:alice@example.org");
  g_assert_null (dt_account_get_auth_user (work));
  g_assert_cmpstr (dt_account_get_display_name (work), ==, "Alice at work");
  g_assert_cmpint (dt_account_get_transport (work), ==, DT_ACCOUNT_TRANSPORT_TCP);
  g_assert_null (dt_account_get_proxy (work));
  g_assert_cmpint (dt_account_get_srtp (work), ==, DT_ACCOUNT_SRTP_MANDATORY);
  g_assert_cmpint (dt_account_get_dtmf_mode (work), ==, DT_ACCOUNT_DTMF_INFO);
  g_assert_cmpuint (dt_account_get_retry_limit (work), ==, 3);
  g_assert_cmpuint (dt_account_get_expires (work), ==, 600);
  g_assert_true (dt_account_get_enabled (work));

  g_assert_cmpstr (dt_account_get_id (home), ==, "home");
  g_assert_cmpstr (dt_account_get_aor (home), ==, "sips:alice@home.example:5061");
  g_assert_cmpstr (dt_account_get_auth_user (home), ==, "a1");
  g_assert_null (dt_account_get_display_name (home));
  g_assert_cmpint (dt_account_get_transport (home), ==, DT_ACCOUNT_TRANSPORT_TLS);
  g_assert_cmpstr (dt_account_get_proxy (home), ==, "sips:proxy.home.example");
  g_assert_cmpint (dt_account_get_srtp (home), ==, DT_ACCOUNT_SRTP_OFF);
  /* Written before dtmf-mode existed */
  g_assert_cmpint (dt_account_get_dtmf_mode (home), ==, DT_ACCOUNT_DTMF_AUTO);
  g_assert_cmpuint (dt_account_get_retry_limit (home), ==, 0);
  g_assert_cmpuint (dt_account_get_expires (home), ==, 3600);
  g_assert_false (dt_account_get_enabled (home));
}

/* The store's own accounts refuse the public setters */
static void
test_sealed (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = write_file ("sealed", valid_file, -1);
      g_autoptr(DtAccountStore) store = dt_store_test_open (NULL, path, TRUE);

      dt_account_set_display_name (dt_account_store_get_account (store, "work"), "Mallory");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*!self->sealed*");
}

static void
assert_set_aside (const char *name,
                  const char *contents,
                  gsize       length)
{
  g_autofree char *path = write_file (name, contents, length);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DtAccountStore) store = dt_account_store_new (NULL, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length;
  guint notified = 0;
  const char *aside;

  g_signal_connect (store, "notify::load-error", G_CALLBACK (count_notify), &notified);
  g_assert_false (dt_account_store_load (store, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (dt_store_error_to_name (error->code), ==, "Failed");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (dt_account_store_get_load_error (store)->message, ==, error->message);
  g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (store)), ==, 0);
  g_assert_true (dt_account_store_get_writable (store));

  /* Moved aside under a name the message gives, as it was */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  files = dt_store_test_list_files (dir);
  g_assert_cmpuint (files->len, ==, 1);
  aside = g_ptr_array_index (files, 0);
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_true (g_str_has_prefix (aside + strlen (path), ".broken-"));
  g_assert_nonnull (strstr (error->message, aside));
  g_assert_true (g_file_get_contents (aside, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, contents, length);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, 2);

  g_assert_nonnull (parts[1]);
  return g_strjoin (new, parts[0], parts[1], NULL);
}

static void
test_broken (void)
{
  const struct {
    const char *old;
    const char *new;
  } edits[] = {
    { "transport=tcp", "transport=carrier-pigeon" },
    { "aor=sip:alice@example.org", "aor=mailto:alice@example.org" },
    { "version=1", "version=2" },
    { "enabled=false\n", "" },
    { "[work]", "[bad id!]" },
    { "expires=600", "expires=-5" },
    { "expires=600", "expires=99999999999" },
    { "retry-limit=3", "retry-limit=three" },
    { "[Dialtone Accounts]\nversion=1\n", "" },
    { "[home]", "[home" },
  };
  const char *garbage[] = { "", "\n", "[Desktop Entry]\nName=Dialtone\n", "\xff\xfe[work]\n" };
  guint8 noise[4096];

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *broken = replace (valid_file, edits[i].old, edits[i].new);

      g_test_message ("%s → %s", edits[i].old, edits[i].new);
      assert_set_aside ("edited", broken, strlen (broken));
    }

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    assert_set_aside ("garbage", garbage[i], strlen (garbage[i]));

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  assert_set_aside ("noise", (const char *) noise, sizeof noise);
}

/* Two broken starts in the same second keep both files */
static void
test_broken_twice (void)
{
  g_autofree char *path = write_file ("twice", "first", -1);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DtAccountStore) first = dt_store_test_open (NULL, path, FALSE);
  g_autoptr(DtAccountStore) second = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "second", -1, &error);
  g_assert_no_error (error);
  second = dt_store_test_open (NULL, path, FALSE);
  g_assert_nonnull (dt_account_store_get_load_error (first));
  g_assert_nonnull (dt_account_store_get_load_error (second));

  files = dt_store_test_list_files (dir);
  g_assert_cmpuint (files->len, ==, 2);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *kept = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &kept, NULL, NULL));
      g_assert_true (g_str_equal (kept, "first") || g_str_equal (kept, "second"));
    }
}

/* A folder where the file should be cannot be read, but can be moved */
static void
test_unreadable (void)
{
  g_autofree char *dir = dt_store_test_dir ("unreadable");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *inside = g_build_filename (path, "note", NULL);
  g_autoptr(DtAccountStore) store = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "keep", -1, NULL));
  store = dt_account_store_new (NULL, path);
  g_assert_false (dt_account_store_load (store, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT);
  g_assert_true (dt_account_store_get_writable (store));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  files = dt_store_test_list_files (dir);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (files, 0), "accounts.conf.broken-"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (files, 0), "/note"));
}

/* Neither readable nor movable (its folder is a file): the store starts
 * empty and refuses every change, so that nothing overwrites it */
static void
test_not_movable (void)
{
  g_autofree char *dir = dt_store_test_dir ("not-movable");
  g_autofree char *blocker = g_build_filename (dir, "dialtone", NULL);
  g_autofree char *path = g_build_filename (blocker, "accounts.conf", NULL);
  g_autoptr(DtAccountStore) store = NULL;
  g_autoptr(DtAccount) account = dt_account_new ("trent", "sip:trent@example.org");
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  guint notified = 0;

  g_assert_true (g_file_set_contents (blocker, "keep me", -1, NULL));
  store = dt_account_store_new (NULL, path);
  g_signal_connect (store, "notify::writable", G_CALLBACK (count_notify), &notified);
  g_assert_false (dt_account_store_load (store, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_assert_false (dt_account_store_get_writable (store));
  g_assert_cmpuint (notified, ==, 1);
  g_clear_error (&error);

  /* Refused before the keyring (absent here) is even asked */
  g_assert_null (dt_store_test_add (store, account, "trent-password", &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_assert_true (g_file_get_contents (blocker, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "keep me");
}

static void
assert_invalid (DtAccount  *account,
                int         code,
                const char *why)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("refused: %s", why);
  g_assert_false (dt_account_validate (account, &error));
  g_assert_error (error, DT_STORE_ERROR, code);
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_validate (void)
{
  const char *good[] = {
    "sip:alice@example.org", "sip:+15551234@127.0.0.2", "sip:carol@[2001:db8::1]:5060",
    "SIP:dave@Example.ORG", "sip:alice.smith%20x@example.org", "sip:bob@localhost:5080",
  };
  const char *bad[] = {
    NULL, "", "alice@example.org", "tel:+15551234", "sip:example.org", "sip:@example.org",
    "sip:alice:hunter2@example.org", "sip:alice@", "sip:alice@exa mple.org",
    "sip:alice@example.org:0", "sip:alice@example.org:70000", "sip:alice@example.org;transport=tcp",
    "sip:alice@-bad.org", "sip:alice@example..org", "sip:al ice@example.org", "sip:alice@[::1",
    "sip:alice@example.org?subject=x",
  };
  g_autoptr(DtAccount) account = dt_account_new (NULL, NULL);
  g_autofree char *long_name = g_strnfill (257, 'n');
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      dt_account_set_aor (account, good[i]);
      g_assert_true (dt_account_validate (account, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      dt_account_set_aor (account, bad[i]);
      assert_invalid (account, DT_STORE_ERROR_INVALID_URI, bad[i] != NULL ? bad[i] : "(none)");
    }

  dt_account_set_aor (account, "sip:alice:hunter2@example.org");
  g_assert_false (dt_account_validate (account, &error));
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  dt_account_set_aor (account, "sips:alice@example.org");
  assert_invalid (account, DT_STORE_ERROR_INVALID, "sips: over UDP");
  dt_account_set_transport (account, DT_ACCOUNT_TRANSPORT_TLS);
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_proxy (account, "proxy.example.org:5061");
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_proxy (account, "sip:proxy.example.org");
  assert_invalid (account, DT_STORE_ERROR_INVALID_URI, "sips: account, sip: proxy");

  dt_account_set_aor (account, "sip:alice@example.org");
  dt_account_set_transport (account, DT_ACCOUNT_TRANSPORT_UDP);
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_proxy (account, "sip:proxy.example.org;transport=tcp");
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_proxy (account, "sip:user@proxy.example.org");
  assert_invalid (account, DT_STORE_ERROR_INVALID_URI, "a user in the proxy");
  dt_account_set_proxy (account, "proxy.example.org:99999");
  assert_invalid (account, DT_STORE_ERROR_INVALID_URI, "proxy port");
  dt_account_set_proxy (account, "");
  g_assert_null (dt_account_get_proxy (account));

  dt_account_set_display_name (account, "Alice\nBob");
  assert_invalid (account, DT_STORE_ERROR_INVALID, "line break in the name");
  dt_account_set_display_name (account, long_name);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "257 characters");
  long_name[256] = '\0';
  dt_account_set_display_name (account, long_name);
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_auth_user (account, "a\x01");
  assert_invalid (account, DT_STORE_ERROR_INVALID, "control character in the user");
  dt_account_set_auth_user (account, NULL);

  dt_account_set_expires (account, 59);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "expires 59");
  dt_account_set_expires (account, 86401);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "expires 86401");
  dt_account_set_expires (account, 60);
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_retry_limit (account, 1001);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "retry limit");
  dt_account_set_retry_limit (account, 1000);
  g_assert_true (dt_account_validate (account, NULL));
  dt_account_set_transport (account, 7);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "transport 7");
  dt_account_set_transport (account, DT_ACCOUNT_TRANSPORT_TCP);
  dt_account_set_srtp (account, 9);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "SRTP 9");
  dt_account_set_srtp (account, DT_ACCOUNT_SRTP_OFF);
  dt_account_set_dtmf_mode (account, 5);
  assert_invalid (account, DT_STORE_ERROR_INVALID, "DTMF mode 5");
}

static void
test_ids (void)
{
  g_autofree char *long_id = g_strnfill (65, 'i');
  g_autoptr(DtAccount) spaced = dt_account_new ("bad id", "sip:alice@example.org");
  g_autoptr(DtAccount) longer = dt_account_new (long_id, "sip:alice@example.org");
  g_autoptr(DtAccount) fine = dt_account_new ("work.2_b-c", "sip:alice@example.org");
  g_autoptr(DtAccount) copy = dt_account_copy (fine);

  assert_invalid (spaced, DT_STORE_ERROR_INVALID, "a space in the id");
  assert_invalid (longer, DT_STORE_ERROR_INVALID, "65 characters");
  g_assert_true (dt_account_validate (fine, NULL));
  g_assert_true (dt_account_equal (copy, fine));
  dt_account_set_enabled (copy, FALSE);
  g_assert_false (dt_account_equal (copy, fine));
}

static void
test_names (void)
{
  DtAccountTransport transport;
  DtAccountSrtp srtp;
  DtAccountDtmf dtmf;

  g_assert_cmpstr (dt_account_dtmf_to_string (DT_ACCOUNT_DTMF_RFC4733), ==, "rfc4733");
  g_assert_true (dt_account_dtmf_from_string ("info", &dtmf));
  g_assert_cmpint (dtmf, ==, DT_ACCOUNT_DTMF_INFO);
  g_assert_false (dt_account_dtmf_from_string ("inband", &dtmf));
  g_assert_cmpint (dtmf, ==, DT_ACCOUNT_DTMF_INFO);
  g_assert_cmpstr (dt_account_transport_to_string (DT_ACCOUNT_TRANSPORT_TCP), ==, "tcp");
  g_assert_cmpstr (dt_account_srtp_to_string (DT_ACCOUNT_SRTP_OPTIONAL), ==, "optional");
  g_assert_true (dt_account_transport_from_string ("tls", &transport));
  g_assert_cmpint (transport, ==, DT_ACCOUNT_TRANSPORT_TLS);
  g_assert_true (dt_account_srtp_from_string ("mandatory", &srtp));
  g_assert_cmpint (srtp, ==, DT_ACCOUNT_SRTP_MANDATORY);
  g_assert_false (dt_account_transport_from_string ("sctp", &transport));
  g_assert_false (dt_account_srtp_from_string (NULL, &srtp));
  g_assert_cmpint (srtp, ==, DT_ACCOUNT_SRTP_MANDATORY);

  g_assert_cmpstr (dt_store_error_to_name (DT_STORE_ERROR_INVALID_URI), ==, "InvalidUri");
  g_assert_cmpstr (dt_store_error_to_name (DT_STORE_ERROR_EXISTS), ==, "InvalidArgument");
  g_assert_cmpstr (dt_store_error_to_name (DT_STORE_ERROR_NOT_FOUND), ==, "NoSuchLine");
  g_assert_cmpstr (dt_store_error_to_name (99), ==, "Failed");
}

int
main (int    argc,
      char **argv)
{
  dt_store_test_init_logging ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/file/missing", test_missing);
  g_test_add_func ("/store/file/valid", test_valid);
  g_test_add_func ("/store/file/sealed", test_sealed);
  g_test_add_func ("/store/file/broken", test_broken);
  g_test_add_func ("/store/file/broken-twice", test_broken_twice);
  g_test_add_func ("/store/file/unreadable", test_unreadable);
  g_test_add_func ("/store/file/not-movable", test_not_movable);
  g_test_add_func ("/store/file/validate", test_validate);
  g_test_add_func ("/store/file/ids", test_ids);
  g_test_add_func ("/store/file/names", test_names);

  return g_test_run ();
}
