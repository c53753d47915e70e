/* test-window.c: the main window, driven in-process under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "dt-call-manager.h"
#include "dt-call-record.h"
#include "dt-history-view.h"
#include "dt-ui-test.h"
#include "dt-window.h"

typedef struct {
  DtCallManager *manager;
  DtLine        *direct;
  DtWindow      *window;
} Fixture;

static gboolean
window_is_drawn (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static void
collect (GtkWidget *widget,
         gboolean (*match) (GtkWidget *, gconstpointer),
         gconstpointer data,
         GPtrArray *found)
{
  if (match (widget, data))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, match, data, found);
}

static GtkWidget *
find_one (GtkWidget *root,
          gboolean (*match) (GtkWidget *, gconstpointer),
          gconstpointer data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, match, data, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
is_action_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  const char *wanted = data;   /* "name" or "name:target" */
  g_autofree char *detailed = NULL;
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) == NULL)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  if (target != NULL)
    detailed = g_strdup_printf ("%s:%s", gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                                g_variant_get_string (target, NULL));
  else
    detailed = g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)));

  return g_str_equal (detailed, wanted);
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_visible_label_with_text (GtkWidget     *widget,
                            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static GtkWidget *
find_entry (Fixture *fixture)
{
  return find_one (GTK_WIDGET (fixture->window), is_type, GSIZE_TO_POINTER (GTK_TYPE_ENTRY));
}

static GtkWidget *
find_call_button (Fixture *fixture)
{
  return find_one (GTK_WIDGET (fixture->window), is_action_button, "dialpad.call");
}

static gboolean
is_shown_list_box (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_get_mapped (widget);
}

/* AdwPreferencesGroup keeps a list of its own, hidden while empty; the
 * recent calls' list is on the page not shown */
static GtkListBox *
find_lines_list (Fixture *fixture)
{
  return GTK_LIST_BOX (find_one (GTK_WIDGET (fixture->window), is_shown_list_box, NULL));
}

/* gtk_widget_activate() on a button only clicks after a keyboard-press
 * animation; a pointer click is immediate */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *
entry_text (Fixture *fixture)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_entry (fixture)));
}

static void
type_text (Fixture    *fixture,
           const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (find_entry (fixture));
  int position = -1;

  gtk_editable_insert_text (entry, text, -1, &position);
}

static void
present_window (Fixture *fixture,
                GSettings *settings,
                int width,
                int height)
{
  fixture->window = dt_window_new (NULL, fixture->manager, settings);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (dt_ui_wait_for (window_is_drawn, fixture->window));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->manager = dt_call_manager_new (NULL);
  fixture->direct = dt_line_new ("direct", "sip:tester@127.0.0.1", TRUE, NULL);
  dt_call_manager_add_line (fixture->manager, fixture->direct);

  if (data == NULL)
    present_window (fixture, NULL, 360, 720);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->direct);
  g_clear_object (&fixture->manager);
}

static void
test_dialpad_buttons (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char keys[] = "123456789*0#";
  GtkWidget *focus;

  /* Typing goes straight to the number: the entry has the focus */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == find_entry (fixture) || gtk_widget_is_ancestor (focus, find_entry (fixture)));

  for (guint i = 0; keys[i] != '\0'; i++)
    {
      g_autofree char *name = g_strdup_printf ("dialpad.press:%c", keys[i]);
      GtkWidget *button = find_one (GTK_WIDGET (fixture->window), is_action_button, name);

      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_focus_on_click (button));
      click (button);
    }

  g_assert_cmpstr (entry_text (fixture), ==, "123456789*0#");

  /* The entry's backspace icon takes off the last character */
  g_signal_emit_by_name (find_entry (fixture), "icon-release", GTK_ENTRY_ICON_SECONDARY);
  g_assert_cmpstr (entry_text (fixture), ==, "123456789*0");
}

static void
test_call_button_sensitivity (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *call = find_call_button (fixture);

  g_assert_nonnull (call);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (call)), ==, "call-start-symbolic");
  g_assert_false (gtk_widget_is_sensitive (call));

  type_text (fixture, "5");
  g_assert_true (gtk_widget_is_sensitive (call));

  gtk_editable_set_text (GTK_EDITABLE (find_entry (fixture)), "   ");
  g_assert_false (gtk_widget_is_sensitive (call));

  gtk_editable_set_text (GTK_EDITABLE (find_entry (fixture)), "sip:bob@127.0.0.1");
  g_assert_true (gtk_widget_is_sensitive (call));

  gtk_editable_set_text (GTK_EDITABLE (find_entry (fixture)), "");
  g_assert_false (gtk_widget_is_sensitive (call));
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelSearch;

static gboolean
label_is_shown (gpointer data)
{
  LabelSearch *search = data;

  return find_one (search->root, is_visible_label_with_text, search->text) != NULL;
}

static gboolean
label_is_gone (gpointer data)
{
  return !label_is_shown (data);
}

static void
count_dial (GtkWidget  *dialpad,
            const char *target,
            guint      *count)
{
  g_assert_cmpstr (target, ==, "123");
  (*count)++;
}

static void
test_dial_error_toast (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) expected = NULL;
  GtkWidget *overlay = find_one (GTK_WIDGET (fixture->window), is_type,
                                 GSIZE_TO_POINTER (ADW_TYPE_TOAST_OVERLAY));
  GtkWidget *dialpad = gtk_widget_get_ancestor (find_entry (fixture), g_type_from_name ("DtDialpad"));
  LabelSearch search;
  guint dials = 0;

  /* What the model says when this line cannot call; a failed dial changes
   * nothing, so asking it first is harmless. */
  g_assert_null (dt_call_manager_dial (fixture->manager, "123", &expected));
  g_assert_nonnull (expected);
  g_assert_cmpstr (expected->message, !=, "");

  search.root = overlay;
  search.text = expected->message;
  g_assert_false (label_is_shown (&search));

  g_signal_connect (dialpad, "dial", G_CALLBACK (count_dial), &dials);

  type_text (fixture, "123");
  click (find_call_button (fixture));
  g_assert_cmpuint (dials, ==, 1);
  g_assert_true (dt_ui_wait_for (label_is_shown, &search));

  /* The number stays for another try; Enter in the entry calls too */
  g_assert_cmpstr (entry_text (fixture), ==, "123");
  /* What GtkText's Enter key binding does */
  g_signal_emit_by_name (find_one (find_entry (fixture), is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT)),
                         "activate");
  g_assert_cmpuint (dials, ==, 2);
  g_assert_true (dt_ui_wait_for (label_is_shown, &search));
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);

  /* Messages are text, not markup; a newer one replaces the one shown */
  dt_window_show_toast (fixture->window, "Bob & <Alice> can't be reached");
  search.text = "Bob & <Alice> can't be reached";
  g_assert_true (dt_ui_wait_for (label_is_shown, &search));
  search.text = expected->message;
  g_assert_true (dt_ui_wait_for (label_is_gone, &search));
}

static const char *
row_subtitle (GtkListBox *list,
              int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
row_title (GtkListBox *list,
           int         index)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, index)));
}

static void
test_lines_list (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkListBox *list = find_lines_list (fixture);
  g_autoptr(DtLine) account = NULL;
  g_autofree char *failed = NULL;

  g_assert_nonnull (list);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (row_title (list, 0), ==, "sip:tester@127.0.0.1");
  /* No SIP backend behind the direct line: the row must not claim "ready" */
  g_assert_cmpstr (row_subtitle (list, 0), ==, "Direct line — calling not available");

  account = dt_line_new ("alice", "sip:alice@example.org", FALSE, NULL);
  dt_call_manager_add_line (fixture->manager, account);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (row_title (list, 1), ==, "sip:alice@example.org");
  g_assert_cmpstr (row_subtitle (list, 1), ==, "Not registered");

  dt_line_report_registering (account, 1);
  g_assert_cmpstr (row_subtitle (list, 1), ==, "Registering…");

  dt_line_report_registered (account);
  g_assert_cmpstr (row_subtitle (list, 1), ==, "Registered");

  dt_line_report_registration_failed (account, 403, "Forbidden");
  g_assert_cmpstr (dt_line_get_last_error (account), !=, "");
  failed = g_strdup_printf ("Failed: %s", dt_line_get_last_error (account));
  g_assert_cmpstr (row_subtitle (list, 1), ==, failed);

  dt_line_set_display_name (account, "Alice & Co");
  g_assert_cmpstr (row_title (list, 1), ==, "Alice & Co");

  /* The direct line's row did not change along */
  g_assert_cmpstr (row_subtitle (list, 0), ==, "Direct line — calling not available");
}

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

static void
test_window_size_settings (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GSettings) settings = app_settings ();
  int width, height;

  if (settings == NULL)
    {
      g_test_skip ("the org.dialtone.Dialtone schema is not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  g_settings_set_int (settings, "window-width", 500);
  g_settings_set_int (settings, "window-height", 650);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  present_window (fixture, settings, -1, -1);
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 500);
  g_assert_cmpint (height, ==, 650);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 480, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 480);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
}

static gboolean
window_is_wide (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 800;
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  int minimum;

  /* A phone is 360 px wide: the window must fit there */
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  dt_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  /* The default size counts the window frame too */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >, 300);
  /* Text, icons, rounded keys and the green call button: far more than a
   * handful of colours. A blank or failed render has one or two. */
  g_assert_cmpuint (dt_ui_render_to_png (GTK_WIDGET (fixture->window), "window-narrow"), >, 100);

  type_text (fixture, "+15551234");
  click (find_call_button (fixture));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  g_assert_true (dt_ui_wait_for (window_is_wide, fixture->window));
  dt_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (dt_ui_render_to_png (GTK_WIDGET (fixture->window), "window-wide"), >, 100);
}

/* A past call's call-back button dials its party, as the dial pad would */
static void
test_recent_calls (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListStore) history = g_list_store_new (DT_TYPE_CALL_RECORD);
  g_autoptr(DtCallRecord) record =
    dt_call_record_new (TRUE, "sip:bob@example.org", "Bob", "direct", DT_CALL_OUTCOME_MISSED,
                        "missed", g_get_real_time (), 0, g_get_real_time ());
  g_autoptr(GError) expected = NULL;
  GtkWidget *overlay = find_one (GTK_WIDGET (fixture->window), is_type,
                                 GSIZE_TO_POINTER (ADW_TYPE_TOAST_OVERLAY));
  GtkWidget *views = find_one (GTK_WIDGET (fixture->window), is_type,
                               GSIZE_TO_POINTER (ADW_TYPE_VIEW_STACK));
  GtkWidget *call_back;
  LabelSearch search;

  /* The dial pad is what a new window shows */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (views)), ==, "dialpad");

  g_list_store_append (history, record);
  dt_window_set_history (fixture->window, G_LIST_MODEL (history));
  g_assert_true (dt_window_get_history (fixture->window) == G_LIST_MODEL (history));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (views), "recents");
  g_assert_true (dt_ui_wait_for_label (GTK_WIDGET (fixture->window), "Bob"));

  /* This line cannot call: the same sentence as dialling Bob by hand */
  g_assert_null (dt_call_manager_dial (fixture->manager, "sip:bob@example.org", &expected));
  search.root = overlay;
  search.text = expected->message;
  call_back = dt_ui_find_action (find_one (views, is_type, GSIZE_TO_POINTER (DT_TYPE_HISTORY_VIEW)),
                                 "history.call-back:sip:bob@example.org");
  g_assert_nonnull (call_back);
  dt_ui_click (call_back);
  g_assert_true (dt_ui_wait_for (label_is_shown, &search));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Without animations toasts and the like appear at once, so a render
   * shows them whole */
  if (!dt_ui_test_init ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/window/dialpad/buttons", test_dialpad_buttons, NULL);
  ADD ("/window/dialpad/call-sensitivity", test_call_button_sensitivity, NULL);
  ADD ("/window/dial/error-toast", test_dial_error_toast, NULL);
  ADD ("/window/lines", test_lines_list, NULL);
  ADD ("/window/recent-calls", test_recent_calls, NULL);
  ADD ("/window/settings/size", test_window_size_settings, "no window");
  ADD ("/window/render", test_render, NULL);

#undef ADD

  return g_test_run ();
}
