/* dt-window.c: the main window: recent calls, dial pad, lines, calls and toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-call-display.h"
#include "dt-call-view.h"
#include "dt-dialpad.h"
#include "dt-history-view.h"
#include "dt-line-row.h"
#include "dt-window.h"

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SETTINGS,
  PROP_HISTORY,
  N_PROPS
};

struct _DtWindow
{
  AdwApplicationWindow  parent_instance;

  DtCallManager        *manager;
  GSettings            *settings;
  GListModel           *history;
  /* weak: the overlay owns it until it is dismissed */
  AdwToast             *toast;
  /* During calls, the user asked for the dial pad to place another */
  gboolean              dialer_requested;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkWidget            *new_call_button;
  GtkWidget            *back_button;
  AdwViewStack         *views;
  DtHistoryView        *history_view;
  DtDialpad            *dialpad;
  GtkListBox           *lines_list;
  DtCallView           *call_view;
};

G_DEFINE_FINAL_TYPE (DtWindow, dt_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_line_row (gpointer item,
                 gpointer user_data)
{
  return dt_line_row_new (DT_LINE (item));
}

/* libadwaita 1.2 sizes a toast for its title's natural width and clamps it
 * to the window without asking for more height, so a wrapping title must
 * never want more width than the window has, or the close button is pushed
 * out. Room for the toast's margins, padding and close button is kept. */
static int
toast_width_chars (DtWindow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->toast_overlay));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (self->toast_overlay));
  int char_width;

  /* How GtkLabel counts a character for max-width-chars */
  char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                    pango_font_metrics_get_approximate_digit_width (metrics)) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);

  if (width <= 0 || char_width <= 0)
    return 30;

  /* Toast titles are bold, some 15 % wider than these regular metrics */
  return CLAMP ((width - 110) * 100 / (115 * char_width), 10, 60);
}

static void
on_dialpad_dial (DtWindow   *self,
                 const char *target,
                 DtDialpad  *dialpad)
{
  /* On failure the number stays, so it can be corrected and tried again */
  if (dt_window_dial (self, target, NULL) != NULL)
    dt_dialpad_set_text (dialpad, "");
}

static void
on_history_call (DtWindow      *self,
                 const char    *uri,
                 DtHistoryView *view)
{
  dt_window_dial (self, uri, NULL);
}

/* The call view while there are calls, unless the user asked for the dial
 * pad to place another; the dial pad when the last call ends */
static void
update_page (DtWindow *self)
{
  gboolean calls = dt_call_manager_get_n_calls (self->manager) > 0;
  gboolean show_call;

  if (!calls)
    self->dialer_requested = FALSE;
  show_call = calls && !self->dialer_requested;

  gtk_stack_set_visible_child_name (self->stack, show_call ? "call" : "dialer");
  gtk_widget_set_visible (self->new_call_button, show_call);
  gtk_widget_set_visible (self->back_button, calls && !show_call);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.new-call", show_call);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.show-call", calls && !show_call);
  if (!show_call)
    gtk_widget_grab_focus (GTK_WIDGET (self->dialpad));
}

static void
new_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  self->dialer_requested = TRUE;
  update_page (self);
}

static void
show_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  self->dialer_requested = FALSE;
  update_page (self);
}

/* The call the user talks on is the one to show, however it got there:
 * answered here, from a notification or over D-Bus, or resumed. */
static void
on_connected_call (DtWindow *self)
{
  DtCall *connected = dt_call_manager_get_connected_call (self->manager);

  if (connected != NULL)
    dt_call_manager_set_current_call (self->manager, connected, NULL);
}

static void
on_call_error (DtWindow        *self,
               DtCallErrorKind  kind,
               const GError    *error,
               DtCall          *call)
{
  dt_window_show_toast (self, error->message);
}

/* Otherwise a busy or unknown callee just looks like the call vanished */
static void
on_call_disconnect (DtWindow   *self,
                    const char *reason,
                    DtCall     *call)
{
  g_autofree char *failure = dt_call_display_dup_failure (call, reason);

  if (failure != NULL)
    dt_window_show_toast (self, failure);
}

static void
on_call_added (DtWindow      *self,
               DtCall        *call,
               DtCallManager *manager)
{
  g_signal_connect_object (call, "error", G_CALLBACK (on_call_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "disconnect", G_CALLBACK (on_call_disconnect), self, G_CONNECT_SWAPPED);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  dt_window_show_toast (DT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_HISTORY:
      dt_window_set_history (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_window_constructed (GObject *object)
{
  DtWindow *self = DT_WINDOW (object);

  G_OBJECT_CLASS (dt_window_parent_class)->constructed (object);

  g_return_if_fail (DT_IS_CALL_MANAGER (self->manager));

  gtk_list_box_bind_model (self->lines_list,
                           dt_call_manager_get_lines (self->manager),
                           create_line_row, NULL, NULL);

  dt_call_view_set_manager (self->call_view, self->manager);
  g_object_bind_property (self->manager, "current-call", self->call_view, "call", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->manager, "notify::n-calls",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "notify::connected-call",
                           G_CALLBACK (on_connected_call), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "call-added",
                           G_CALLBACK (on_call_added), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < g_list_model_get_n_items (dt_call_manager_get_calls (self->manager)); i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (dt_call_manager_get_calls (self->manager), i);

      on_call_added (self, call, self->manager);
    }

  /* GTK keeps default-width/height at the unmaximized size, which is what
   * should come back next time. */
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  update_page (self);
}

static void
dt_window_dispose (GObject *object)
{
  DtWindow *self = DT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_WINDOW);
  g_clear_weak_pointer (&self->toast);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (dt_window_parent_class)->dispose (object);
}

static void
dt_window_class_init (DtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_window_get_property;
  object_class->set_property = dt_window_set_property;
  object_class->constructed = dt_window_constructed;
  object_class->dispose = dt_window_dispose;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         DT_TYPE_CALL_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DT_TYPE_CALL_VIEW);
  g_type_ensure (DT_TYPE_DIALPAD);
  g_type_ensure (DT_TYPE_HISTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, new_call_button);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, views);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, history_view);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, dialpad);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, lines_list);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, call_view);
  gtk_widget_class_bind_template_callback (widget_class, on_dialpad_dial);
  gtk_widget_class_bind_template_callback (widget_class, on_history_call);

  /* How views inside the window report a failure in a sentence */
  gtk_widget_class_install_action (widget_class, "window.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "window.new-call", NULL, new_call_action);
  gtk_widget_class_install_action (widget_class, "window.show-call", NULL, show_call_action);
}

static void
dt_window_init (DtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The dial pad first: a window opened to call someone new */
  adw_view_stack_set_visible_child_name (self->views, "dialpad");
}

DtWindow *
dt_window_new (GtkApplication *application,
               DtCallManager  *manager,
               GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DT_IS_CALL_MANAGER (manager), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (DT_TYPE_WINDOW,
                       "application", application,
                       "manager", manager,
                       "settings", settings,
                       NULL);
}

DtCallManager *
dt_window_get_manager (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);

  return self->manager;
}

GListModel *
dt_window_get_history (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);

  return self->history;
}

void
dt_window_set_history (DtWindow   *self,
                       GListModel *history)
{
  g_return_if_fail (DT_IS_WINDOW (self));
  g_return_if_fail (history == NULL || G_IS_LIST_MODEL (history));

  if (!g_set_object (&self->history, history))
    return;

  dt_history_view_set_history (self->history_view, history);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

DtCall *
dt_window_dial (DtWindow    *self,
                const char  *target,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DtCall *call;

  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  call = dt_call_manager_dial (self->manager, target, &local_error);
  if (call == NULL)
    {
      dt_window_show_toast (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The new call is the one to watch while it rings out */
  self->dialer_requested = FALSE;
  dt_call_manager_set_current_call (self->manager, call, NULL);
  update_page (self);

  return call;
}

void
dt_window_show_toast (DtWindow   *self,
                      const char *message)
{
  GtkWidget *label;
  AdwToast *toast;

  g_return_if_fail (DT_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* The stock title is one ellipsized line, which cuts an error message
   * short at a phone's width; this label wraps instead. */
  label = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), toast_width_chars (self));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");

  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, label);

  /* A newer message makes the older one stale: replace it rather than
   * queue behind it. */
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);

  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
