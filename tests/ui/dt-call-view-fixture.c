/* dt-call-view-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call-view-fixture.h"
#include "dt-ui-test.h"

static gboolean
is_destroyed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
dt_call_view_fixture_set_up (DtCallViewFixture *f,
                             gconstpointer      data)
{
  int width = data != NULL ? GPOINTER_TO_INT (data) : 360;

  dt_test_fixture_setup (&f->m, NULL);
  f->window = dt_window_new (NULL, f->m.manager, NULL);
  f->root = GTK_WIDGET (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  dt_ui_wait_for_paint (f->root);
}

void
dt_call_view_fixture_tear_down (DtCallViewFixture *f,
                                gconstpointer      data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);

  /* The window and any dialog still open (it holds its call) */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }

  g_assert_true (dt_ui_wait_for (is_destroyed, &f->window));
  dt_test_spin_drain ();

  /* Fails when the window kept a model object alive */
  dt_test_fixture_teardown (&f->m, NULL);
}

gboolean
dt_call_view_fixture_init (int    *argc,
                           char ***argv)
{
  dt_test_init (argc, argv);
  if (dt_ui_test_init ())
    return TRUE;
  g_print ("1..0 # SKIP no display\n");
  return FALSE;
}

void
dt_call_view_fixture_add (const char     *path,
                          void          (*test_func) (DtCallViewFixture *f,
                                                      gconstpointer      data),
                          gconstpointer   data)
{
  g_test_add (path, DtCallViewFixture, data, dt_call_view_fixture_set_up, test_func,
              dt_call_view_fixture_tear_down);
}

gboolean
dt_call_view_fixture_shows_view (gpointer data)
{
  DtCallViewFixture *f = data;

  return dt_ui_find_type (f->root, DT_TYPE_CALL_VIEW) != NULL;
}

gboolean
dt_call_view_fixture_shows_dialer (gpointer data)
{
  DtCallViewFixture *f = data;

  return dt_ui_find_type (f->root, DT_TYPE_CALL_VIEW) == NULL &&
         dt_ui_find_action (f->root, "dialpad.call") != NULL;
}

DtCallView *
dt_call_view_fixture_wait_view (DtCallViewFixture *f)
{
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_view, f));
  return DT_CALL_VIEW (dt_ui_find_type (f->root, DT_TYPE_CALL_VIEW));
}

GtkWidget *
dt_call_view_fixture_find_row (DtCallViewFixture *f,
                               const char        *title)
{
  GtkWidget *label = dt_ui_find_label (f->root, title);

  return label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW) : NULL;
}

gboolean
dt_call_view_fixture_row_shows (gpointer data)
{
  DtCallRowSearch *search = data;
  GtkWidget *row = dt_call_view_fixture_find_row (search->f, search->title);

  return row != NULL && ADW_IS_ACTION_ROW (row) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), search->status) == 0;
}
