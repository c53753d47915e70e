/* test-store-history.c: the call history in SQLite: what is stored comes
 * back, in order, after a restart; damaged, newer or unwritable files
 * change nothing they should not; kill -9 mid-write loses nothing that
 * was committed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "dt-call-history.h"
#include "dt-store-test.h"

#define KILL_ROUNDS 10

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("dt-history-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "dialtone", "history.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DtCallRecord *
make_record (guint n)
{
  g_autofree char *uri = g_strdup_printf ("sip:caller%u@example.org", n);
  g_autofree char *name = g_strdup_printf ("Caller %u", n);
  gint64 base = G_GINT64_CONSTANT (1700000000000000) + (gint64) n * 60 * G_USEC_PER_SEC;

  return dt_call_record_new (n % 2 == 0, uri, name, "acct", n % 2 == 0 ? DT_CALL_OUTCOME_MISSED
                                                                         : DT_CALL_OUTCOME_ANSWERED,
                             n % 2 == 0 ? "missed" : "hangup",
                             base, n % 2 == 0 ? 0 : base + 2 * G_USEC_PER_SEC,
                             base + 30 * G_USEC_PER_SEC);
}

static gboolean
load (DtCallHistory  *history,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_call_history_load_async (history, NULL, dt_store_test_keep_result, &result);
  return dt_call_history_load_finish (history, dt_store_test_wait_result (&result), error);
}

static DtCallRecord *
add (DtCallHistory  *history,
     DtCallRecord   *record,
     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_call_history_add_async (history, record, NULL, dt_store_test_keep_result, &result);
  return dt_call_history_add_finish (history, dt_store_test_wait_result (&result), error);
}

static gboolean
remove_record (DtCallHistory  *history,
               gint64          id,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_call_history_remove_async (history, id, NULL, dt_store_test_keep_result, &result);
  return dt_call_history_remove_finish (history, dt_store_test_wait_result (&result), error);
}

static DtCallRecord *
item (DtCallHistory *history,
      guint          position)
{
  g_autoptr(DtCallRecord) record = g_list_model_get_item (G_LIST_MODEL (history), position);

  g_assert_nonnull (record);
  /* The history keeps its own reference */
  return record;
}

static void
assert_same (DtCallRecord *a,
             DtCallRecord *b)
{
  g_assert_cmpint (dt_call_record_get_incoming (a), ==, dt_call_record_get_incoming (b));
  g_assert_cmpstr (dt_call_record_get_remote_uri (a), ==, dt_call_record_get_remote_uri (b));
  g_assert_cmpstr (dt_call_record_get_remote_name (a), ==, dt_call_record_get_remote_name (b));
  g_assert_cmpstr (dt_call_record_get_line_id (a), ==, dt_call_record_get_line_id (b));
  g_assert_cmpint (dt_call_record_get_outcome (a), ==, dt_call_record_get_outcome (b));
  g_assert_cmpstr (dt_call_record_get_reason (a), ==, dt_call_record_get_reason (b));
  g_assert_cmpint (dt_call_record_get_started (a), ==, dt_call_record_get_started (b));
  g_assert_cmpint (dt_call_record_get_answered (a), ==, dt_call_record_get_answered (b));
  g_assert_cmpint (dt_call_record_get_ended (a), ==, dt_call_record_get_ended (b));
}

static guint
n_items (DtCallHistory *history)
{
  return g_list_model_get_n_items (G_LIST_MODEL (history));
}

static void
test_add_and_reload (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DtCallHistory) history = dt_call_history_new (f->path);
  g_autoptr(DtCallHistory) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  GStatBuf st;

  g_assert_true (load (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (history), ==, 0);

  for (guint n = 1; n <= 3; n++)
    {
      g_autoptr(DtCallRecord) record = make_record (n);
      DtCallRecord *copy = add (history, record, &error);

      g_assert_no_error (error);
      g_assert_cmpint (dt_call_record_get_id (copy), >, 0);
      assert_same (copy, record);
      /* The newest call is at the top as soon as it is stored */
      g_assert_true (item (history, 0) == copy);
      g_ptr_array_add (stored, copy);
    }
  g_assert_cmpuint (n_items (history), ==, 3);
  g_assert_cmpint (dt_call_record_get_duration (g_ptr_array_index (stored, 0)), ==, 28 * G_USEC_PER_SEC);
  g_assert_cmpint (dt_call_record_get_duration (g_ptr_array_index (stored, 1)), ==, 0);

  /* The history is the user's alone */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_object (&history);

  again = dt_call_history_new (f->path);
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (again), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      DtCallRecord *expected = g_ptr_array_index (stored, 2 - i);

      assert_same (item (again, i), expected);
      g_assert_cmpint (dt_call_record_get_id (item (again, i)), ==, dt_call_record_get_id (expected));
    }
}

static GThread *main_thread;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  /* The list is the main thread's: the worker never touches it */
  g_assert_true (g_thread_self () == main_thread);
  (*changes)++;
}

static void
test_order_of_jobs (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DtCallHistory) history = dt_call_history_new (f->path);
  g_autoptr(DtCallHistory) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) last = NULL;
  guint changes = 0;

  main_thread = g_thread_self ();
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* Asked for without waiting (the load last): each runs after the one
   * before, and the load sees every add */
  for (guint n = 1; n <= 50; n++)
    {
      g_autoptr(DtCallRecord) record = make_record (n);

      dt_call_history_add_async (history, record, NULL, n == 50 ? dt_store_test_keep_result : NULL,
                                 n == 50 ? &last : NULL);
    }
  dt_call_history_remove_async (history, 10, NULL, NULL, NULL);
  g_assert_true (load (history, &error));
  g_assert_no_error (error);
  g_object_unref (dt_call_history_add_finish (history, dt_store_test_wait_result (&last), &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_items (history), ==, 49);
  /* 50 adds, a remove, the load */
  g_assert_cmpuint (changes, ==, 52);
  for (guint i = 0, n = 50; i < 49; i++, n--)
    {
      if (n == 10)
        n--;
      g_assert_cmpint (dt_call_record_get_id (item (history, i)), ==, n);
    }
  g_clear_object (&history);

  again = dt_call_history_new (f->path);
  g_assert_true (load (again, &error));
  g_assert_cmpuint (n_items (again), ==, 49);
}

static gint64 count_rows (const char *path);

/* A job finished while this thread is busy elsewhere changes the list only
 * when the main context runs again, never from the worker */
static void
test_main_context_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DtCallHistory) history = dt_call_history_new (f->path);
  g_autoptr(DtCallRecord) record = make_record (1);
  g_autoptr(DtCallRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint changes = 0;
  gint64 deadline;

  g_assert_true (load (history, &error));
  main_thread = g_thread_self ();
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);

  dt_call_history_add_async (history, record, NULL, dt_store_test_keep_result, &result);
  deadline = g_get_monotonic_time () + DT_STORE_TEST_TIMEOUT_S * G_USEC_PER_SEC;
  while (count_rows (f->path) < 1 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpint (count_rows (f->path), ==, 1);
  /* Stored, and the worker is done with it: still nothing here */
  deadline = g_get_monotonic_time () + 200 * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      g_assert_cmpuint (changes, ==, 0);
      g_assert_cmpuint (n_items (history), ==, 0);
      g_assert_null (result);
      g_usleep (1000);
    }

  stored = dt_call_history_add_finish (history, dt_store_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (n_items (history), ==, 1);
}

static void
test_remove_and_clear (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DtCallHistory) history = dt_call_history_new (f->path);
  g_autoptr(DtCallHistory) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCallRecord) first = NULL;
  g_autoptr(DtCallRecord) second = NULL;
  g_autoptr(DtCallRecord) r1 = make_record (1);
  g_autoptr(DtCallRecord) r2 = make_record (2);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (load (history, &error));
  first = add (history, r1, &error);
  second = add (history, r2, &error);
  g_assert_no_error (error);

  g_assert_true (remove_record (history, dt_call_record_get_id (first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (history), ==, 1);
  g_assert_true (item (history, 0) == second);

  /* Twice, or an id never stored: an error, and nothing else changes */
  g_assert_false (remove_record (history, dt_call_record_get_id (first), &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (remove_record (history, 12345, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_items (history), ==, 1);

  dt_call_history_clear_async (history, NULL, dt_store_test_keep_result, &result);
  g_assert_true (dt_call_history_clear_finish (history, dt_store_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (history), ==, 0);
  g_clear_object (&history);

  again = dt_call_history_new (f->path);
  g_assert_true (load (again, &error));
  g_assert_cmpuint (n_items (again), ==, 0);
}

static char *
find_set_aside (Fixture *f)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "history.db.broken-") && !g_str_has_suffix (name, "-wal") &&
          !g_str_has_suffix (name, "-shm"))
        return g_build_filename (dir, name, NULL);
    }
  return NULL;
}

static void
test_damaged_file (Fixture       *f,
                   gconstpointer  data)
{
  static const char garbage[] = "this is not a database, but it is somebody's file\n"
                                "................................................\n";
  g_autoptr(DtCallHistory) history = NULL;
  g_autoptr(DtCallHistory) again = NULL;
  g_autoptr(DtCallRecord) record = make_record (1);
  g_autoptr(DtCallRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, garbage, -1, NULL));

  history = dt_call_history_new (f->path);
  g_assert_false (load (history, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);

  /* Kept byte for byte, and named in the message */
  aside = find_set_aside (f);
  g_assert_nonnull (aside);
  g_assert_nonnull (strstr (error->message, aside));
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
  g_clear_error (&error);

  /* A new history, working */
  g_assert_cmpuint (n_items (history), ==, 0);
  stored = add (history, record, &error);
  g_assert_no_error (error);
  g_clear_object (&history);

  again = dt_call_history_new (f->path);
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (again), ==, 1);
  assert_same (item (again, 0), record);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DtCallHistory) history = NULL;
  g_autoptr(DtCallRecord) record = make_record (1);
  g_autoptr(DtCallRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;

  /* A file from a Dialtone of the future, with a table we cannot know */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE calls (everything BLOB);"
                                     "INSERT INTO calls VALUES ('precious');"
                                     "PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  history = dt_call_history_new (f->path);
  g_assert_false (load (history, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  stored = add (history, record, &error);
  g_assert_null (stored);
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_assert_cmpuint (n_items (history), ==, 0);
  g_clear_object (&history);

  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_cmpmem (after, after_len, before, before_len);
  g_assert_null (find_set_aside (f));
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "dialtone", NULL);
  g_autoptr(DtCallHistory) history = NULL;
  g_autoptr(DtCallRecord) record = make_record (1);
  g_autoptr(DtCallRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* A file where the folder should be: no permission bit helps (root
   * ignores them), nothing can be created */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  history = dt_call_history_new (f->path);
  g_assert_false (load (history, &error));
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);
  stored = add (history, record, &error);
  g_assert_null (stored);
  g_assert_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO);
  g_clear_error (&error);

  /* Tried again on the next job: once the folder can be made, it works */
  g_assert_cmpint (g_unlink (blocker), ==, 0);
  stored = add (history, record, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (n_items (history), ==, 1);
}

/* The child: adds records until killed, printing nothing */
static int
add_loop (const char *path)
{
  g_autoptr(DtCallHistory) history = dt_call_history_new (path);
  g_autoptr(GError) error = NULL;

  if (!load (history, &error))
    {
      g_printerr ("add loop: %s\n", error->message);
      return 1;
    }
  /* Numbered on from what is stored, so the newest is also the last */
  for (guint n = n_items (history) + 1; n < 1000000; n++)
    {
      g_autoptr(DtCallRecord) record = make_record (n);
      g_autoptr(DtCallRecord) stored = add (history, record, &error);

      if (stored == NULL)
        {
          g_printerr ("add loop: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}

static gint64
count_rows (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 count = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM calls", -1, &statement, NULL) == SQLITE_OK &&
      sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return count;
}

static gboolean
enough_rows (gpointer data)
{
  const gint64 *target = ((gpointer *) data)[1];

  return count_rows (((gpointer *) data)[0]) >= *target;
}

static void
test_kill_during_writes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  gint64 last = 0;

  g_assert_nonnull (self_exe);
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(DtCallHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      gint64 target = last + g_random_int_range (5, 40);
      gpointer args[] = { f->path, &target };
      guint n;

      child = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--add-loop", f->path, NULL);
      g_assert_no_error (error);
      dt_store_test_wait (enough_rows, args, DT_STORE_TEST_TIMEOUT_S);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);

      /* Every committed row is there, whole, ids without a gap */
      history = dt_call_history_new (f->path);
      g_assert_true (load (history, &error));
      g_assert_no_error (error);
      n = n_items (history);
      g_assert_cmpint (n, >=, target);
      for (guint i = 0; i < n; i++)
        {
          DtCallRecord *record = item (history, i);

          g_assert_cmpint (dt_call_record_get_id (record), ==, n - i);
          g_assert_true (g_str_has_prefix (dt_call_record_get_remote_uri (record), "sip:caller"));
        }
      last = n;
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--add-loop") == 0)
    return add_loop (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/history/add-and-reload", test_add_and_reload);
  ADD ("/store/history/order-of-jobs", test_order_of_jobs);
  ADD ("/store/history/main-context-only", test_main_context_only);
  ADD ("/store/history/remove-and-clear", test_remove_and_clear);
  ADD ("/store/history/damaged-file", test_damaged_file);
  ADD ("/store/history/newer-version", test_newer_version);
  ADD ("/store/history/unwritable", test_unwritable);
  ADD ("/store/history/kill-during-writes", test_kill_during_writes);

#undef ADD

  return g_test_run ();
}
