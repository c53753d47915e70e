/* test-store-crash.c: kill -9 during a save leaves the old file or the new
 * one, never a broken one. A child process (this test program again, with
 * --save-loop) saves an account over and over; the test kills it during a
 * save chosen at random and checks what is on disk each time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt-store-test.h"

#define ROUNDS   50
#define ACCOUNT  "crash"
/* Longer names make longer files, so more kills land inside a write */
#define PADDING  "................................................................" \
                 "................................................................"

void dt_store_test_crash_during_save (DtSecretStore *secrets);
int  dt_store_test_save_loop         (const char    *path,
                                      const char    *round);

static char *
display_name (guint round,
              guint n)
{
  return g_strdup_printf ("Crash %u-%u %s", round, n, PADDING);
}

int
dt_store_test_save_loop (const char *path,
                         const char *round)
{
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autoptr(DtAccountStore) store = dt_account_store_new (secrets, path);
  g_autoptr(DtAccount) edit = NULL;
  g_autoptr(GError) error = NULL;
  DtAccount *stored;

  if (!dt_account_store_load (store, &error) ||
      (stored = dt_account_store_get_account (store, ACCOUNT)) == NULL)
    {
      g_printerr ("save loop: no account to save: %s\n", error != NULL ? error->message : "");
      return 1;
    }

  edit = dt_account_copy (stored);
  for (guint n = 1; n < G_MAXUINT; n++)
    {
      g_autofree char *name = display_name (atoi (round), n);

      dt_account_set_display_name (edit, name);
      printf ("saving %u\n", n);
      fflush (stdout);
      if (!dt_store_test_update (store, edit, NULL, &error))
        {
          g_printerr ("save loop: %s\n", error->message);
          return 1;
        }
      printf ("saved %u\n", n);
      fflush (stdout);
    }

  return 0;
}

/* The next line from the child, NULL at its end */
static char *
read_line (GDataInputStream *input)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL,
                                       dt_store_test_keep_result, &result);
  line = g_data_input_stream_read_line_finish_utf8 (input, dt_store_test_wait_result (&result),
                                                    NULL, &error);
  g_assert_no_error (error);
  return line;
}

static void
note_line (const char *line,
           guint      *last_saving,
           guint      *last_saved)
{
  guint n;

  if (sscanf (line, "saving %u", &n) == 1)
    *last_saving = n;
  else if (sscanf (line, "saved %u", &n) == 1)
    *last_saved = n;
  else
    g_error ("Unexpected output of the save loop: %s", line);
}

static void
kill_and_wait (GSubprocess *proc)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (proc);
  g_subprocess_wait_async (proc, NULL, dt_store_test_keep_result, &result);
  g_subprocess_wait_finish (proc, dt_store_test_wait_result (&result), &error);
  g_assert_no_error (error);
  /* Killed by us, not ended by a failure of its own */
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
}

/* Nothing set aside, no temporary file left behind */
static void
assert_only_file (const char *dir,
                  const char *path)
{
  g_autoptr(GPtrArray) files = dt_store_test_list_files (dir);

  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (files, 0), ==, path);
}

void
dt_store_test_crash_during_save (DtSecretStore *secrets)
{
  g_autofree char *dir = dt_store_test_dir ("crash");
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *password = dt_store_test_password ();
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *previous = display_name (0, 0);
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;
  guint mid_save = 0;
  guint leftovers = 0;

  {
    g_autoptr(DtAccountStore) store = dt_store_test_open (secrets, path, TRUE);
    g_autoptr(DtAccount) account = dt_account_new (ACCOUNT, "sip:crash@example.org");
    g_autoptr(DtAccount) added = NULL;

    dt_account_set_display_name (account, previous);
    added = dt_store_test_add (store, account, password, &error);
    g_assert_no_error (error);
  }

  for (guint round = 1; round <= ROUNDS; round++)
    {
      g_autofree char *round_text = g_strdup_printf ("%u", round);
      const char *argv[] = { self_exe, "--save-loop", path, round_text, NULL };
      g_autoptr(GSubprocessLauncher) launcher = dt_store_test_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) input = NULL;
      g_autoptr(DtAccountStore) reloaded = NULL;
      g_autoptr(GPtrArray) files = NULL;
      guint target = g_random_int_range (1, 6);
      guint last_saving = 0, last_saved = 0, round_of, n;
      const char *name;
      char *line;

      proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));

      while (last_saving < target && (line = read_line (input)) != NULL)
        {
          note_line (line, &last_saving, &last_saved);
          g_free (line);
        }
      g_assert_cmpuint (last_saving, ==, target);

      /* At once: the save that just started is under way, and scheduling
       * decides how far it got (before, while or after the temporary file
       * is written, as the leftovers counted below show) */
      kill_and_wait (proc);
      while ((line = read_line (input)) != NULL)
        {
          note_line (line, &last_saving, &last_saved);
          g_free (line);
        }

      /* The file loads, and holds the last finished save or a later one */
      files = dt_store_test_list_files (dir);
      leftovers += files->len - 1;
      reloaded = dt_store_test_open (secrets, path, TRUE);
      assert_only_file (dir, path);
      g_assert_cmpuint (g_list_model_get_n_items (dt_account_store_get_accounts (reloaded)), ==, 1);
      name = dt_account_get_display_name (dt_account_store_get_account (reloaded, ACCOUNT));
      g_assert_nonnull (name);
      if (last_saved == 0 && g_str_equal (name, previous))
        continue;

      g_assert_cmpint (sscanf (name, "Crash %u-%u", &round_of, &n), ==, 2);
      g_assert_cmpuint (round_of, ==, round);
      g_assert_cmpuint (n, >=, last_saved);
      g_assert_cmpuint (n, <=, last_saving);
      if (last_saving > last_saved)
        mid_save++;
      g_free (previous);
      previous = g_strdup (name);
    }

  g_test_message ("%u of %u kills came while a save was under way; %u left a temporary file",
                  mid_save, ROUNDS, leftovers);
  found = dt_store_test_secret_tool (ACCOUNT, NULL);
  g_assert_cmpstr (found, ==, password);
  dt_store_test_assert_nowhere (password);
}
