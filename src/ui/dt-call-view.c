/* dt-call-view.c: the call being shown, its controls and the other calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-display.h"
#include "dt-call-error.h"
#include "dt-call-row.h"
#include "dt-call-view.h"
#include "dt-dialpad.h"
#include "dt-transfer-dialog.h"

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_CALL,
  N_PROPS
};

struct _DtCallView
{
  GtkWidget           parent_instance;

  DtCallManager      *manager;
  DtCall             *call;
  GSimpleActionGroup *actions;
  /* The manager's calls but the one shown */
  GtkFilterListModel *others;
  guint               tick_source;

  GtkLabel           *status_label;
  GtkStack           *controls_stack;
  GtkToggleButton    *keypad_button;
  GtkWidget          *complete_transfer_button;
  GtkRevealer        *transfer_request;
  GtkLabel           *transfer_request_label;
  DtDialpad          *keypad;
  GtkWidget          *others_group;
  GtkListBox         *others_list;
};

G_DEFINE_FINAL_TYPE (DtCallView, dt_call_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
show_error (DtCallView   *self,
            const GError *error)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s", error->message))
    g_warning ("%s", error->message);
}

static void
set_action_enabled (DtCallView *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_action_state (DtCallView *self,
                  const char *name,
                  gboolean    state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (state));
}

static void update_status (DtCallView *self);

static gboolean
on_tick (gpointer user_data)
{
  update_status (user_data);

  return G_SOURCE_CONTINUE;
}

static void
update_status (DtCallView *self)
{
  g_autofree char *status = NULL;

  if (self->call == NULL)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      return;
    }

  status = dt_call_display_dup_status (self->call, g_get_real_time ());
  gtk_label_set_text (self->status_label, status);

  /* Only a running duration needs the clock */
  if (!dt_call_display_is_timed (self->call))
    g_clear_handle_id (&self->tick_source, g_source_remove);
  else if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, on_tick, self);
}

/* Closures of the template's bindings to the call's remote-name and
 * remote-uri */
static char *
title_for (DtCallView *self,
           const char *name,
           const char *uri)
{
  return dt_call_display_title_for (name, uri);
}

static char *
address_for (DtCallView *self,
             const char *name,
             const char *uri)
{
  char *address = dt_call_display_address_for (name, uri);

  return address != NULL ? address : g_strdup ("");
}

/* Initials of an address or a number mean nothing: a name has them, and
 * only a name needs the address under it */
static gboolean
has_name (DtCallView *self,
          const char *name)
{
  return name != NULL && *name != '\0';
}

static void
update_controls (DtCallView *self)
{
  DtCallState state = self->call != NULL ? dt_call_get_state (self->call)
                                         : DT_CALL_STATE_DISCONNECTED;
  gboolean live = state != DT_CALL_STATE_DISCONNECTED;
  gboolean ringing = state == DT_CALL_STATE_RINGING;
  gboolean answered = self->call != NULL && dt_call_get_connected (self->call) && live;
  gboolean active = self->call != NULL && dt_call_is_active (self->call);
  DtCall *consulting = self->call != NULL ? dt_call_get_consultation_for (self->call) : NULL;
  g_autofree char *request = NULL;

  gtk_stack_set_visible_child_name (self->controls_stack, ringing ? "ringing" : "active");

  set_action_enabled (self, "answer", ringing);
  set_action_enabled (self, "decline", ringing);
  set_action_enabled (self, "end", live);
  set_action_enabled (self, "hold", active || state == DT_CALL_STATE_HELD);
  set_action_enabled (self, "mute", live && !ringing);
  set_action_enabled (self, "transfer", answered && consulting == NULL);
  set_action_enabled (self, "complete-transfer", answered && consulting != NULL);
  gtk_widget_set_visible (self->complete_transfer_button, consulting != NULL && live);

  set_action_state (self, "hold", state == DT_CALL_STATE_HELD);
  set_action_state (self, "mute", self->call != NULL && dt_call_get_muted (self->call));

  /* Tones only go out on a call that is not on hold */
  gtk_widget_set_sensitive (GTK_WIDGET (self->keypad_button), active);
  if (!active)
    gtk_toggle_button_set_active (self->keypad_button, FALSE);

  request = self->call != NULL ? dt_call_display_dup_transfer_request (self->call) : NULL;
  gtk_revealer_set_reveal_child (self->transfer_request, request != NULL && live);
  if (request != NULL)
    gtk_label_set_text (self->transfer_request_label, request);
  set_action_enabled (self, "accept-transfer", request != NULL && live);
  set_action_enabled (self, "refuse-transfer", request != NULL && live);
}

static void
on_call_state (DtCallView *self)
{
  update_status (self);
  update_controls (self);
}

static void
update_others (DtCallView *self)
{
  guint n = self->others != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->others)) : 0;

  gtk_widget_set_visible (self->others_group, n > 0);
}

static gboolean
is_other_call (gpointer item,
               gpointer user_data)
{
  DtCallView *self = user_data;

  return item != self->call;
}

static GtkWidget *
create_call_row (gpointer item,
                 gpointer user_data)
{
  return dt_call_row_new (DT_CALL (item));
}

/* One click takes the user to that call: a held call is resumed (the model
 * holds the one talked on first); any other is just shown. */
static void
on_other_activated (DtCallView    *self,
                    GtkListBoxRow *row,
                    GtkListBox    *list)
{
  DtCall *call = dt_call_row_get_call (DT_CALL_ROW (row));
  g_autoptr(GError) error = NULL;

  if (dt_call_get_state (call) == DT_CALL_STATE_HELD && !dt_call_resume (call, &error))
    {
      show_error (self, error);
      return;
    }

  if (!dt_call_manager_set_current_call (self->manager, call, &error))
    show_error (self, error);
}

static void
on_keypad_digit (DtCallView *self,
                 const char *digit,
                 DtDialpad  *keypad)
{
  g_autoptr(GError) error = NULL;

  if (self->call != NULL && !dt_call_send_dtmf (self->call, digit, &error))
    show_error (self, error);
}

static void
on_keypad_toggled (DtCallView      *self,
                   GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    gtk_widget_grab_focus (GTK_WIDGET (self->keypad));
}

static void
answer_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_call_answer (self->call, &error))
    show_error (self, error);
}

static void
decline_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_call_reject (self->call, FALSE, &error))
    show_error (self, error);
}

static void
end_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_call_end (self->call, &error))
    show_error (self, error);
}

/* The state stays the model's: it follows once the other end has agreed */
static void
hold_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_variant_get_boolean (value))
    ok = dt_call_hold (self->call, &error);
  else
    ok = dt_call_resume (self->call, &error);

  if (!ok)
    show_error (self, error);
}

static void
mute_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_call_set_muted (self->call, g_variant_get_boolean (value), &error))
    show_error (self, error);
}

static void
transfer_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DtCallView *self = user_data;
  GtkWidget *dialog = dt_transfer_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              self->call);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shown on the consultation call: hands the held call over to this one */
static void
complete_transfer_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  DtCallView *self = user_data;
  DtCall *transferred = dt_call_get_consultation_for (self->call);
  g_autoptr(GError) error = NULL;

  if (transferred == NULL)
    g_set_error_literal (&error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                         _("The call to transfer has ended."));

  if (error != NULL || !dt_call_complete_transfer (transferred, &error))
    show_error (self, error);
}

/* The other party asked, by REFER, to be put through elsewhere */
static void
answer_transfer_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  DtCallView *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (g_action_get_name (G_ACTION (action)), "accept-transfer"))
    ok = dt_call_accept_transfer (self->call, &error);
  else
    ok = dt_call_refuse_transfer (self->call, &error);

  if (!ok)
    show_error (self, error);
}

static void
dt_call_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DtCallView *self = DT_CALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DtCallView *self = DT_CALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      dt_call_view_set_manager (self, g_value_get_object (value));
      break;

    case PROP_CALL:
      dt_call_view_set_call (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_view_dispose (GObject *object)
{
  DtCallView *self = DT_CALL_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CALL_VIEW);

  /* dispose_template only unparents the children it has a pointer to */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->others);
  g_clear_object (&self->actions);
  g_clear_object (&self->call);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dt_call_view_parent_class)->dispose (object);
}

static void
dt_call_view_class_init (DtCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_call_view_get_property;
  object_class->set_property = dt_call_view_set_property;
  object_class->dispose = dt_call_view_dispose;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         DT_TYPE_CALL_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         DT_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DT_TYPE_DIALPAD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DtCallView, status_label);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, controls_stack);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, complete_transfer_button);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, transfer_request);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, transfer_request_label);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, keypad);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, others_group);
  gtk_widget_class_bind_template_child (widget_class, DtCallView, others_list);
  gtk_widget_class_bind_template_callback (widget_class, title_for);
  gtk_widget_class_bind_template_callback (widget_class, address_for);
  gtk_widget_class_bind_template_callback (widget_class, has_name);
  gtk_widget_class_bind_template_callback (widget_class, on_other_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_keypad_digit);
  gtk_widget_class_bind_template_callback (widget_class, on_keypad_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "callview");
}

static void
dt_call_view_init (DtCallView *self)
{
  static const GActionEntry entries[] = {
    { .name = "answer", .activate = answer_activated },
    { .name = "decline", .activate = decline_activated },
    { .name = "end", .activate = end_activated },
    { .name = "transfer", .activate = transfer_activated },
    { .name = "complete-transfer", .activate = complete_transfer_activated },
    { .name = "accept-transfer", .activate = answer_transfer_activated },
    { .name = "refuse-transfer", .activate = answer_transfer_activated },
    { .name = "hold", .state = "false", .change_state = hold_change_state },
    { .name = "mute", .state = "false", .change_state = mute_change_state },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "call", G_ACTION_GROUP (self->actions));

  update_controls (self);
  update_others (self);
}

GtkWidget *
dt_call_view_new (void)
{
  return g_object_new (DT_TYPE_CALL_VIEW, NULL);
}

DtCallManager *
dt_call_view_get_manager (DtCallView *self)
{
  g_return_val_if_fail (DT_IS_CALL_VIEW (self), NULL);

  return self->manager;
}

void
dt_call_view_set_manager (DtCallView    *self,
                          DtCallManager *manager)
{
  GtkCustomFilter *filter;

  g_return_if_fail (DT_IS_CALL_VIEW (self));
  g_return_if_fail (manager == NULL || DT_IS_CALL_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  if (self->others != NULL)
    g_signal_handlers_disconnect_by_data (self->others, self);
  g_clear_object (&self->others);

  if (manager != NULL)
    {
      filter = gtk_custom_filter_new (is_other_call, self, NULL);
      self->others = gtk_filter_list_model_new (g_object_ref (dt_call_manager_get_calls (manager)),
                                                GTK_FILTER (filter));
      g_signal_connect_object (self->others, "items-changed",
                               G_CALLBACK (update_others), self, G_CONNECT_SWAPPED);
    }

  gtk_list_box_bind_model (self->others_list, G_LIST_MODEL (self->others),
                           create_call_row, NULL, NULL);
  update_others (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

DtCall *
dt_call_view_get_call (DtCallView *self)
{
  g_return_val_if_fail (DT_IS_CALL_VIEW (self), NULL);

  return self->call;
}

void
dt_call_view_set_call (DtCallView *self,
                       DtCall     *call)
{
  static const char * const state[] = {
    "notify::state", "notify::start-time", "notify::muted", "notify::connected",
    "notify::consultation-for", "notify::transfer-target",
  };

  g_return_if_fail (DT_IS_CALL_VIEW (self));
  g_return_if_fail (call == NULL || DT_IS_CALL (call));

  if (self->call == call)
    return;

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_set_object (&self->call, call);

  for (guint i = 0; call != NULL && i < G_N_ELEMENTS (state); i++)
    g_signal_connect_object (call, state[i], G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);

  /* Tones typed for one call mean nothing to the next */
  gtk_toggle_button_set_active (self->keypad_button, FALSE);
  dt_dialpad_set_text (self->keypad, "");

  update_status (self);
  update_controls (self);
  if (self->others != NULL)
    gtk_filter_changed (gtk_filter_list_model_get_filter (self->others), GTK_FILTER_CHANGE_DIFFERENT);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}
