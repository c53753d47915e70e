/* test-history-view.c: the recent calls, under Xvfb
 *
 * Writes history-narrow.png and history-wide.png into this build folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-history-row.h"
#include "dt-history-view.h"
#include "dt-ui-test.h"

static gint64
local_time (int days_ago,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_ago);
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day),
                                                   hour, minute, 0);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

/* Three calls, the newest first: missed from Alice today at 00:01, an
 * outgoing talk of 2 min 5 s yesterday, a failed call two days ago */
static GListStore *
three_calls (void)
{
  GListStore *store = g_list_store_new (DT_TYPE_CALL_RECORD);
  gint64 today = local_time (0, 0, 1);
  gint64 yesterday = local_time (1, 9, 0);
  gint64 before = local_time (2, 18, 30);
  g_autoptr(DtCallRecord) missed =
    dt_call_record_new (TRUE, "sip:alice@example.org", "Alice", "acct", DT_CALL_OUTCOME_MISSED,
                        "missed", today, 0, today + 20 * G_USEC_PER_SEC);
  g_autoptr(DtCallRecord) talked =
    dt_call_record_new (FALSE, "sip:bob@example.org", NULL, "acct", DT_CALL_OUTCOME_ANSWERED,
                        "hangup", yesterday, yesterday + 3 * G_USEC_PER_SEC,
                        yesterday + 128 * G_USEC_PER_SEC);
  g_autoptr(DtCallRecord) failed =
    dt_call_record_new (FALSE, "sip:carol@example.org", "Carol", "direct", DT_CALL_OUTCOME_FAILED,
                        "486 Busy Here", before, 0, before + G_USEC_PER_SEC);

  g_list_store_append (store, missed);
  g_list_store_append (store, talked);
  g_list_store_append (store, failed);
  return store;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (DT_IS_HISTORY_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GPtrArray *
rows_of (DtHistoryView *view)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (view), rows);
  return rows;
}

static const char *
visible_page (DtHistoryView *view)
{
  GtkWidget *stack = adw_bin_get_child (ADW_BIN (view));

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_empty_and_filled (void)
{
  g_autoptr(GtkWidget) view = g_object_ref_sink (dt_history_view_new ());
  g_autoptr(GListStore) store = g_list_store_new (DT_TYPE_CALL_RECORD);
  g_autoptr(GListStore) calls = three_calls ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DtCallRecord) first = g_list_model_get_item (G_LIST_MODEL (calls), 0);
  guint empty_changes = 0;

  g_signal_connect (view, "notify::empty", G_CALLBACK (count_notify), &empty_changes);
  g_assert_true (dt_history_view_get_empty (DT_HISTORY_VIEW (view)));
  g_assert_cmpstr (visible_page (DT_HISTORY_VIEW (view)), ==, "empty");

  dt_history_view_set_history (DT_HISTORY_VIEW (view), G_LIST_MODEL (store));
  g_assert_true (dt_history_view_get_empty (DT_HISTORY_VIEW (view)));
  g_assert_cmpuint (empty_changes, ==, 0);

  /* The first call to end turns the page */
  g_list_store_append (store, first);
  g_assert_false (dt_history_view_get_empty (DT_HISTORY_VIEW (view)));
  g_assert_cmpstr (visible_page (DT_HISTORY_VIEW (view)), ==, "list");
  g_assert_cmpuint (empty_changes, ==, 1);
  rows = rows_of (DT_HISTORY_VIEW (view));
  g_assert_cmpuint (rows->len, ==, 1);

  g_list_store_remove_all (store);
  g_assert_cmpstr (visible_page (DT_HISTORY_VIEW (view)), ==, "empty");
  g_assert_cmpuint (empty_changes, ==, 2);
}

static void
test_rows (void)
{
  g_autoptr(GtkWidget) view = g_object_ref_sink (dt_history_view_new ());
  g_autoptr(GListStore) calls = three_calls ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *talked = NULL;
  AdwActionRow *row;

  dt_history_view_set_history (DT_HISTORY_VIEW (view), G_LIST_MODEL (calls));
  rows = rows_of (DT_HISTORY_VIEW (view));
  g_assert_cmpuint (rows->len, ==, 3);

  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Alice");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Missed call · 00:01");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==, "sip:alice@example.org");

  /* No name: the address is the title */
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "sip:bob@example.org");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Outgoing call · 2 min 5 s · Yesterday");

  row = g_ptr_array_index (rows, 2);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Not connected · "));

  yesterday = dt_history_row_format_when (local_time (1, 23, 59), local_time (0, 0, 0));
  g_assert_cmpstr (yesterday, ==, "Yesterday");
  talked = dt_history_row_format_duration ((gint64) 3725 * G_USEC_PER_SEC);
  g_assert_cmpstr (talked, ==, "1 h 2 min");
}

static void
on_call_requested (DtHistoryView  *view,
                   const char     *uri,
                   char          **requested)
{
  g_free (*requested);
  *requested = g_strdup (uri);
}

static gboolean
nonnull (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_call_back (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *view = dt_history_view_new ();
  g_autoptr(GListStore) calls = three_calls ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *requested = NULL;
  GtkWidget *button;

  dt_history_view_set_history (DT_HISTORY_VIEW (view), G_LIST_MODEL (calls));
  g_signal_connect (view, "call-requested", G_CALLBACK (on_call_requested), &requested);
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dt_ui_wait_for (is_mapped, window));
  rows = rows_of (DT_HISTORY_VIEW (view));

  button = dt_ui_find_type (g_ptr_array_index (rows, 1), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Call sip:bob@example.org");
  /* A button activated from the keyboard clicks once its pressed look has
   * shown */
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (dt_ui_wait_for (nonnull, &requested));
  g_assert_cmpstr (requested, ==, "sip:bob@example.org");
  g_clear_pointer (&requested, g_free);

  button = dt_ui_find_type (g_ptr_array_index (rows, 0), GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Call Alice");
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (dt_ui_wait_for (nonnull, &requested));
  g_assert_cmpstr (requested, ==, "sip:alice@example.org");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_wide (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 800;
}

static void
test_render (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *view = dt_history_view_new ();
  g_autoptr(GListStore) calls = three_calls ();
  int minimum;

  dt_history_view_set_history (DT_HISTORY_VIEW (view), G_LIST_MODEL (calls));
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 480);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dt_ui_wait_for (is_mapped, window));

  /* A phone is 360 px wide: the list must fit there */
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  dt_ui_wait_for_paint (window);
  g_assert_cmpuint (dt_ui_render_to_png (window, "history-narrow"), >, 100);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  g_assert_true (dt_ui_wait_for (is_wide, window));
  dt_ui_wait_for_paint (window);
  g_assert_cmpuint (dt_ui_render_to_png (window, "history-wide"), >, 100);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!dt_ui_test_init ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/history-view/empty-and-filled", test_empty_and_filled);
  g_test_add_func ("/history-view/rows", test_rows);
  g_test_add_func ("/history-view/call-back", test_call_back);
  g_test_add_func ("/history-view/render", test_render);

  return g_test_run ();
}
