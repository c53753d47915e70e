/* dt-store-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "dt-store-test.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Log messages come from GDBus's worker thread too */
static GMutex log_lock;
static GString *log_text;
static GHashTable *log_domains;

static GLogWriterOutput
record_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = "";

  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      gssize length = fields[i].length;

      if (length < 0)
        length = strlen (fields[i].value);
      g_string_append_printf (log_text, "%s=", fields[i].key);
      g_string_append_len (log_text, fields[i].value, length);
      g_string_append_c (log_text, '\n');
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
        domain = fields[i].value;
    }
  g_hash_table_insert (log_domains, g_strdup (domain),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (log_domains, domain)) + 1));
  g_mutex_unlock (&log_lock);

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
dt_store_test_init_logging (void)
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  log_domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* stdout is the TAP stream */
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (record_writer, NULL, NULL);
}

gboolean
dt_store_test_logs_contain (const char *needle)
{
  gboolean found;

  g_mutex_lock (&log_lock);
  found = memmem (log_text->str, log_text->len, needle, strlen (needle)) != NULL;
  g_mutex_unlock (&log_lock);

  return found;
}

guint
dt_store_test_count_logs (const char *domain)
{
  guint count;

  g_mutex_lock (&log_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (log_domains, domain));
  g_mutex_unlock (&log_lock);

  return count;
}

/* Wakes the loop up so that conditions outside it are checked again */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
expire_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
dt_store_test_wait (gboolean  (*done) (gpointer data),
                    gpointer    data,
                    guint       timeout_s)
{
  gboolean expired = FALSE;
  guint tick_id = g_timeout_add (20, tick_cb, NULL);
  guint expire_id = g_timeout_add_seconds (timeout_s, expire_cb, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick_id);
  if (!expired)
    g_source_remove (expire_id);
  if (!done (data))
    g_error ("Nothing happened within %u s", timeout_s);
}

void
dt_store_test_keep_result (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **kept = user_data;

  g_assert_null (*kept);
  *kept = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
dt_store_test_wait_result (GAsyncResult **result)
{
  dt_store_test_wait (has_result, result, DT_STORE_TEST_TIMEOUT_S);
  return *result;
}

DtAccount *
dt_store_test_add (DtAccountStore  *store,
                   DtAccount       *account,
                   const char      *password,
                   GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_account_store_add_async (store, account, password, NULL, dt_store_test_keep_result, &result);
  return dt_account_store_add_finish (store, dt_store_test_wait_result (&result), error);
}

gboolean
dt_store_test_update (DtAccountStore  *store,
                      DtAccount       *account,
                      const char      *password,
                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_account_store_update_async (store, account, password, NULL, dt_store_test_keep_result,
                                 &result);
  return dt_account_store_update_finish (store, dt_store_test_wait_result (&result), error);
}

gboolean
dt_store_test_remove (DtAccountStore  *store,
                      const char      *id,
                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_account_store_remove_async (store, id, NULL, dt_store_test_keep_result, &result);
  return dt_account_store_remove_finish (store, dt_store_test_wait_result (&result), error);
}

char *
dt_store_test_lookup (DtAccountStore  *store,
                      const char      *id,
                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *password;
  char *copy;

  dt_account_store_lookup_password_async (store, id, NULL, dt_store_test_keep_result, &result);
  password = dt_account_store_lookup_password_finish (store, dt_store_test_wait_result (&result),
                                                      error);
  copy = g_strdup (password);
  dt_secret_store_password_free (password);
  return copy;
}

DtAccountStore *
dt_store_test_open (DtSecretStore *secrets,
                    const char    *path,
                    gboolean       expect_ok)
{
  DtAccountStore *store = dt_account_store_new (secrets, path);
  g_autoptr(GError) error = NULL;

  dt_account_store_load (store, &error);
  if (expect_ok)
    g_assert_no_error (error);

  return store;
}

GSubprocessLauncher *
dt_store_test_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  return launcher;
}

char *
dt_store_test_dir (const char *name)
{
  g_autofree char *leaf = g_strdup_printf ("%s-%08x", name, g_random_int ());
  char *dir = g_build_filename (g_get_user_config_dir (), "tests", leaf, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

char *
dt_store_test_password (void)
{
  /* The first 16 characters are searched on their own too, so that an
   * escaped or re-encoded copy is still found */
  return g_strdup_printf ("%08x%08x pässwörd \"q\" ;:=\\", g_random_int (), g_random_int ());
}

char *
dt_store_test_secret_tool (const char *id,
                           const char *aor)
{
  const char *argv[] = { "secret-tool", "lookup", "xdg:schema", "org.dialtone.Dialtone.Account",
                         "account-id", id, aor != NULL ? "aor" : NULL, aor, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  launcher = dt_store_test_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_successful (proc))
    {
      g_assert_cmpstr (out, ==, "");
      return NULL;
    }

  return g_steal_pointer (&out);
}

static void
collect_files (const char *dir,
               GPtrArray  *files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        collect_files (path, files);
      else if (S_ISREG (st.st_mode))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

GPtrArray *
dt_store_test_list_files (const char *dir)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  collect_files (dir, files);
  return files;
}

static void
assert_not_in_file (const char *path,
                    const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  if (memmem (contents, length, needle, strlen (needle)) != NULL)
    g_error ("The password is in %s", path);
}

void
dt_store_test_assert_nowhere (const char *password)
{
  g_autofree char *core = g_strndup (password, 16);
  const char *needles[] = { password, core };
  const char *dirs[] = { g_get_user_config_dir (), g_get_user_data_dir (), g_get_home_dir () };
  guint n_files = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GPtrArray) files = dt_store_test_list_files (dirs[d]);

      n_files += files->len;
      for (guint i = 0; i < files->len; i++)
        for (guint n = 0; n < G_N_ELEMENTS (needles); n++)
          assert_not_in_file (g_ptr_array_index (files, i), needles[n]);
    }

  for (guint n = 0; n < G_N_ELEMENTS (needles); n++)
    {
      g_assert_false (dt_store_test_logs_contain (needles[n]));
      assert_not_in_file ("/proc/self/cmdline", needles[n]);
      assert_not_in_file ("/proc/self/environ", needles[n]);
    }

  g_test_message ("Searched %u files for the password", n_files);
}
