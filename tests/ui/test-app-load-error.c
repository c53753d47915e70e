/* test-app-load-error.c: a broken accounts file, set aside at start, is
 * told in the window; the real DtApplication in-process under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-application.h"
#include "dt-sip-library.h"
#include "dt-window.h"

/* Generous: a sanitizer build first scans every GStreamer plugin */
#define DEADLINE_US (90 * G_USEC_PER_SEC)
#define POLL_MS 50

typedef struct {
  DtApplication *app;
  gint64         deadline;
  /* The text of the first label that names a set-aside file */
  char          *toast;
  /* Lines in the manager when the toast was seen */
  guint          n_lines;
  gboolean       timed_out;
} Run;

static char *
accounts_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "dialtone", NULL);
}

/* The label anywhere under @widget whose text names a set-aside file */
static const char *
find_broken_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), "accounts.conf.broken-") != NULL)
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_broken_label (child);

      if (text != NULL)
        return text;
    }

  return NULL;
}

/* The controller's warning about the set-aside file is expected (written
 * as a message, so that it is not fatal); any other stays fatal */
static gboolean warned;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length >= 0)
        continue;
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "dt-accounts") == 0 &&
      message != NULL && strstr (message, "accounts.conf.broken-") != NULL)
    {
      warned = TRUE;
      log_level = G_LOG_LEVEL_MESSAGE;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
poll_cb (gpointer data)
{
  Run *run = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l != NULL; l = l->next)
    {
      const char *text;

      if (!DT_IS_WINDOW (l->data))
        continue;

      text = find_broken_label (GTK_WIDGET (l->data));
      if (text != NULL)
        {
          GListModel *lines = dt_call_manager_get_lines (dt_application_get_call_manager (run->app));

          run->toast = g_strdup (text);
          run->n_lines = g_list_model_get_n_items (lines);
          g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
          return G_SOURCE_REMOVE;
        }
    }

  if (g_get_monotonic_time () > run->deadline)
    {
      run->timed_out = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* The one accounts.conf.broken-* file in the accounts folder */
static char *
find_set_aside (void)
{
  g_autofree char *dir_path = accounts_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  char *found = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "accounts.conf.broken-"))
        {
          g_assert_null (found);
          found = g_build_filename (dir_path, name, NULL);
        }
    }

  return found;
}

static void
test_load_error_toast (void)
{
  const char *argv[] = { "dialtone", "--sip-port", "0", NULL };
  g_autofree char *dir = accounts_dir ();
  g_autofree char *path = g_build_filename (dir, "accounts.conf", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "[this is not\x01 a keyfile\n=garbage\n", -1, &error);
  g_assert_no_error (error);

  run.app = dt_application_new ();
  run.deadline = g_get_monotonic_time () + DEADLINE_US;
  g_timeout_add (POLL_MS, poll_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, (char **) argv);

  g_assert_false (run.timed_out);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (warned);

  /* Set aside, not emptied or overwritten */
  aside = find_set_aside ();
  g_assert_nonnull (aside);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "[this is not\x01 a keyfile\n=garbage\n");

  /* The toast names the file the accounts were kept as */
  g_test_message ("toast: %s", run.toast);
  g_assert_nonnull (strstr (run.toast, aside));

  /* No accounts: the direct line alone */
  g_assert_cmpuint (run.n_lines, ==, 1);

  g_clear_object (&run.app);
  g_free (run.toast);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  dt_sip_library_init ();
  /* stdout is the TAP stream */
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (log_writer, NULL, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/app/accounts/load-error-toast", test_load_error_toast);

  return g_test_run ();
}
