/* dt-test-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-test-fixture.h"
#include "dt-test-spin.h"

#define WAIT_TIMEOUT_MS 5000

static void
watch_object (DtTestFixture *f,
              gpointer       object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  g_ptr_array_add (f->watched, ref);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static char *test_root;

void
dt_test_init (int    *argc,
              char ***argv)
{
  static const struct { const char *var; const char *dir; } dirs[] = {
    { "HOME", "home" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
    { "XDG_RUNTIME_DIR", "runtime" },
  };
  const char *base;

  /* Our own HOME and XDG_* folders, set before GLib reads and caches them,
   * so nothing the model picks by default touches anybody's real ones.
   * (G_TEST_OPTION_ISOLATE_DIRS would do it per test, but GLib keeps every
   * old value alive on purpose, which LeakSanitizer reports.) */
  /* Inside the harness's folder when there is one: it goes even when a
   * failed assertion aborts us before dt_test_run() cleans up */
  base = g_getenv ("DT_HARNESS_DIR");
  test_root = g_build_filename (base != NULL ? base : g_get_tmp_dir (),
                                "dialtone-unit-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (test_root));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (test_root, dirs[i].dir, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].var, path, TRUE);
    }

  g_test_init (argc, argv, NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

int
dt_test_run (void)
{
  int status = g_test_run ();

  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);

  return status;
}

void
dt_test_fixture_setup (DtTestFixture *f,
                       gconstpointer  data)
{
  f->journal = dt_fake_journal_new ();
  f->rec = dt_signal_recorder_new ();
  f->incoming_backends = g_ptr_array_new_with_free_func (g_object_unref);
  f->watched = g_ptr_array_new_with_free_func (weak_ref_free);

  f->media = dt_fake_media_backend_new (f->journal);
  dt_fake_media_backend_add_device (f->media, "mic1", "Built-in Microphone", TRUE);
  dt_fake_media_backend_add_device (f->media, "mic2", "Headset Microphone", TRUE);
  dt_fake_media_backend_add_device (f->media, "spk1", "Built-in Speakers", FALSE);
  dt_fake_media_backend_add_device (f->media, "spk2", "Headset", FALSE);

  f->manager = dt_call_manager_new (DT_MEDIA_BACKEND (f->media));
  watch_object (f, f->manager);

  f->acct_backend = dt_fake_line_backend_new (f->journal, "acct");
  f->acct = dt_line_new ("acct", "sip:alice@example.org", FALSE,
                         DT_LINE_BACKEND (f->acct_backend));
  watch_object (f, f->acct);
  f->direct_backend = dt_fake_line_backend_new (f->journal, "direct");
  f->direct = dt_line_new ("direct", "sip:me@127.0.0.1:5060", TRUE,
                           DT_LINE_BACKEND (f->direct_backend));
  watch_object (f, f->direct);

  dt_call_manager_add_line (f->manager, f->acct);
  dt_call_manager_add_line (f->manager, f->direct);

  dt_signal_recorder_watch (f->rec, f->manager, "mgr");
  dt_signal_recorder_watch (f->rec, f->acct, "acct");
  dt_signal_recorder_watch (f->rec, f->direct, "direct");

  dt_test_forget (f);
}

void
dt_test_fixture_teardown (DtTestFixture *f,
                          gconstpointer  data)
{
  dt_test_spin_drain ();

  g_clear_object (&f->rec);
  g_clear_object (&f->manager);
  g_clear_object (&f->acct);
  g_clear_object (&f->direct);
  dt_test_spin_drain ();

  /* A model object still alive here is held by a reference cycle or a
   * reference nobody drops. */
  for (guint i = 0; i < f->watched->len; i++)
    {
      g_autoptr(GObject) object = g_weak_ref_get (g_ptr_array_index (f->watched, i));

      if (object != NULL)
        g_error ("%s %p outlived the test (ref count %u)",
                 G_OBJECT_TYPE_NAME (object), (gpointer) object,
                 object->ref_count - 1);
    }

  g_clear_pointer (&f->watched, g_ptr_array_unref);
  g_clear_pointer (&f->incoming_backends, g_ptr_array_unref);
  g_clear_object (&f->acct_backend);
  g_clear_object (&f->direct_backend);
  g_clear_object (&f->media);
  g_clear_object (&f->journal);
}

gboolean
dt_test_wait (gboolean (*cond) (gpointer data),
              gpointer   data)
{
  dt_test_spin_drain ();
  return dt_test_spin (cond, data, WAIT_TIMEOUT_MS);
}

DtFakeCallBackend *
dt_test_backend_of (DtCall *call)
{
  DtCallBackend *backend = dt_call_get_backend (call);

  g_assert_true (DT_IS_FAKE_CALL_BACKEND (backend));

  return DT_FAKE_CALL_BACKEND (backend);
}

DtCall *
dt_test_call_by_label (DtTestFixture *f,
                       const char    *label)
{
  DtFakeCallBackend *backend = dt_fake_line_backend_find (f->direct_backend, label);

  if (backend == NULL)
    backend = dt_fake_line_backend_find (f->acct_backend, label);
  for (guint i = 0; backend == NULL && i < f->incoming_backends->len; i++)
    if (g_str_equal (dt_fake_call_backend_get_label (g_ptr_array_index (f->incoming_backends, i)),
                     label))
      backend = g_ptr_array_index (f->incoming_backends, i);

  return backend != NULL ? dt_fake_call_backend_get_call (backend) : NULL;
}

void
dt_test_settle (DtTestFixture *f)
{
  for (guint round = 0; round < 100 && dt_fake_journal_get_n_entries (f->journal) > 0; round++)
    {
      g_autofree char *entry = NULL;
      g_autofree char *label = NULL;
      DtCall *call;

      dt_test_spin_drain ();
      entry = g_strdup (dt_fake_journal_get_entry (f->journal, 0));
      label = g_strndup (entry, strcspn (entry, ":"));
      call = dt_test_call_by_label (f, label);

      /* Take it off first: answering it may make the model ask more */
      dt_fake_journal_remove_first (f->journal);
      if (call == NULL || g_str_has_suffix (entry, "!"))
        continue;

      if (strstr (entry, ":start") != NULL || strstr (entry, ":answer") != NULL)
        dt_call_report_connected (call);
      else if (strstr (entry, ":hold") != NULL)
        dt_call_report_held (call);
      else if (strstr (entry, ":resume") != NULL)
        dt_call_report_resumed (call);
      else if (strstr (entry, ":end") != NULL || strstr (entry, ":reject") != NULL)
        dt_call_report_disconnected (call, "hangup");
    }

  g_assert_cmpuint (dt_fake_journal_get_n_entries (f->journal), ==, 0);
}

guint
dt_test_count_active (DtTestFixture *f)
{
  GListModel *calls = dt_call_manager_get_calls (f->manager);
  guint n_active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (calls, i);

      n_active += dt_call_is_active (call) ? 1 : 0;
    }

  return n_active;
}

DtCall *
dt_test_dial (DtTestFixture *f,
              DtLine        *line,
              const char    *target)
{
  g_autoptr(GError) error = NULL;
  DtCall *call = dt_line_dial (line, target, &error);

  g_assert_no_error (error);
  g_assert_true (DT_IS_CALL (call));
  watch_object (f, call);
  dt_signal_recorder_watch (f->rec, call,
                            dt_fake_call_backend_get_label (dt_test_backend_of (call)));

  return g_object_ref (call);
}

DtCall *
dt_test_incoming (DtTestFixture *f,
                  DtLine        *line,
                  const char    *label,
                  const char    *remote_uri,
                  const char    *remote_name)
{
  g_autoptr(GError) error = NULL;
  DtFakeCallBackend *backend = dt_fake_call_backend_new (f->journal, label);
  DtCall *call;

  g_ptr_array_add (f->incoming_backends, backend);
  call = dt_line_add_incoming_call (line, DT_CALL_BACKEND (backend),
                                    remote_uri, remote_name, &error);
  g_assert_no_error (error);
  g_assert_true (DT_IS_CALL (call));
  dt_fake_call_backend_set_call (backend, call);
  watch_object (f, call);
  dt_signal_recorder_watch (f->rec, call, label);

  return g_object_ref (call);
}

DtCall *
dt_test_active_call (DtTestFixture *f,
                     const char    *target)
{
  DtCall *call = dt_test_dial (f, f->direct, target);

  dt_call_report_connected (call);
  dt_call_report_established (call);
  dt_test_spin_drain ();
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  dt_test_forget (f);

  return call;
}

DtCall *
dt_test_ringing_call (DtTestFixture *f,
                      const char    *label)
{
  g_autofree char *uri = g_strdup_printf ("sip:%s@example.org", label);
  DtCall *call = dt_test_incoming (f, f->direct, label, uri, label);

  dt_test_spin_drain ();
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_RINGING);
  dt_test_forget (f);

  return call;
}

void
dt_test_hold (DtTestFixture *f,
              DtCall        *call)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_hold (call, &error));
  g_assert_no_error (error);
  dt_call_report_held (call);
  dt_test_spin_drain ();
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  dt_test_forget (f);
}

void
dt_test_register (DtTestFixture *f,
                  DtLine        *line)
{
  dt_line_report_registering (line, 1);
  dt_line_report_registered (line);
  dt_test_spin_drain ();
  g_assert_true (dt_line_get_registered (line));
  dt_test_forget (f);
}

void
dt_test_forget (DtTestFixture *f)
{
  dt_test_spin_drain ();
  dt_fake_journal_clear (f->journal);
  dt_signal_recorder_clear (f->rec);
}

static void
append_properties (GString    *out,
                   const char *what,
                   GObject    *object)
{
  guint n_pspecs = 0;
  g_autofree GParamSpec **pspecs =
    g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  g_string_append_printf (out, "[%s]", what);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *contents = NULL;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);
      contents = g_strdup_value_contents (&value);
      g_string_append_printf (out, " %s=%s", pspecs[i]->name, contents);
    }
  g_string_append_c (out, '\n');
}

static void
append_list (GString    *out,
             const char *what,
             GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  g_string_append_printf (out, "[%s]", what);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      g_string_append_printf (out, " %p", (gpointer) item);
    }
  g_string_append_c (out, '\n');
}

char *
dt_test_snapshot (DtTestFixture *f,
                  DtCall        *call)
{
  GString *out = g_string_new (NULL);

  if (call != NULL)
    append_properties (out, "call", G_OBJECT (call));
  append_properties (out, "manager", G_OBJECT (f->manager));
  append_properties (out, "acct", G_OBJECT (f->acct));
  append_properties (out, "direct", G_OBJECT (f->direct));
  append_list (out, "calls", dt_call_manager_get_calls (f->manager));
  append_list (out, "incoming", dt_call_manager_get_incoming_calls (f->manager));
  append_list (out, "acct-calls", dt_line_get_calls (f->acct));
  append_list (out, "direct-calls", dt_line_get_calls (f->direct));

  return g_string_free (out, FALSE);
}

static int
compare_entries (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
sort_entries (const char *joined)
{
  g_auto(GStrv) entries = NULL;

  if (*joined == '\0')
    return g_strdup ("");

  entries = g_strsplit (joined, ";", -1);
  qsort (entries, g_strv_length (entries), sizeof (char *), compare_entries);
  return g_strjoinv (";", entries);
}

typedef struct
{
  DtFakeJournal *journal;
  const char    *expected;
  gboolean       sorted;
} JournalWait;

static char *
journal_text (DtFakeJournal *journal,
              gboolean       sorted)
{
  g_autofree char *joined = dt_fake_journal_join (journal);

  return sorted ? sort_entries (joined) : g_steal_pointer (&joined);
}

static gboolean
journal_matches (gpointer data)
{
  JournalWait *wait = data;
  g_autofree char *got = journal_text (wait->journal, wait->sorted);

  return g_str_equal (got, wait->expected);
}

void
dt_test_assert_journal (DtTestFixture *f,
                        const char    *expected,
                        gboolean       sorted,
                        const char    *file,
                        int            line)
{
  g_autofree char *want = sorted ? sort_entries (expected) : g_strdup (expected);
  JournalWait wait = { f->journal, want, sorted };
  g_autofree char *got = NULL;

  /* An empty expectation only needs what is already pending dispatched */
  if (*want == '\0')
    dt_test_spin_drain ();
  else
    dt_test_wait (journal_matches, &wait);

  got = journal_text (f->journal, sorted);
  if (!g_str_equal (got, want))
    g_assertion_message_cmpstr (G_LOG_DOMAIN, file, line, G_STRFUNC,
                                "journal", got, "==", want);
  dt_fake_journal_clear (f->journal);
}

void
dt_test_assert_events (DtTestFixture *f,
                       const char    *expected,
                       gboolean       sorted,
                       const char    *file,
                       int            line)
{
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  dt_test_spin_drain ();
  if (sorted)
    {
      got = dt_signal_recorder_take_sorted (f->rec);
      want = sort_entries (expected);
    }
  else
    {
      got = dt_signal_recorder_take (f->rec);
      want = g_strdup (expected);
    }

  if (!g_str_equal (got, want))
    g_assertion_message_cmpstr (G_LOG_DOMAIN, file, line, G_STRFUNC,
                                "events", got, "==", want);
}
