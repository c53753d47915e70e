/* dt-call-row.c: one of the other calls, in the call view's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-call-row"

#include "config.h"

#include "dt-call-display.h"
#include "dt-call-row.h"

enum {
  PROP_0,
  PROP_CALL,
  N_PROPS
};

struct _DtCallRow
{
  AdwActionRow  parent_instance;

  DtCall       *call;
  guint         tick_source;

  AdwAvatar    *avatar;
  GtkWidget    *ringing_box;
};

G_DEFINE_FINAL_TYPE (DtCallRow, dt_call_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

static void update_status (DtCallRow *self);

static gboolean
on_tick (gpointer user_data)
{
  update_status (user_data);

  return G_SOURCE_CONTINUE;
}

static void
update_status (DtCallRow *self)
{
  g_autofree char *status = dt_call_display_dup_status (self->call, g_get_real_time ());
  gboolean ringing = dt_call_get_state (self->call) == DT_CALL_STATE_RINGING;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), status);
  gtk_widget_set_visible (self->ringing_box, ringing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-row.answer", ringing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-row.decline", ringing);

  /* Only a running duration needs the clock */
  if (dt_call_display_is_timed (self->call) && self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, on_tick, self);
  else if (!dt_call_display_is_timed (self->call))
    g_clear_handle_id (&self->tick_source, g_source_remove);
}

static void
update_title (DtCallRow *self)
{
  g_autofree char *title = dt_call_display_dup_title (self->call);
  g_autofree char *address = dt_call_display_dup_address (self->call);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_avatar_set_text (self->avatar, title);
  /* Initials of an address or a number mean nothing: a name has them */
  adw_avatar_set_show_initials (self->avatar, address != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), address);
}

static void
show_error (DtCallRow    *self,
            const GError *error)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s", error->message))
    g_warning ("%s", error->message);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DtCallRow *self = DT_CALL_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!dt_call_answer (self->call, &error))
    show_error (self, error);
}

static void
decline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtCallRow *self = DT_CALL_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!dt_call_reject (self->call, FALSE, &error))
    show_error (self, error);
}

static void
dt_call_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DtCallRow *self = DT_CALL_ROW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DtCallRow *self = DT_CALL_ROW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      self->call = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_row_constructed (GObject *object)
{
  DtCallRow *self = DT_CALL_ROW (object);

  G_OBJECT_CLASS (dt_call_row_parent_class)->constructed (object);

  g_return_if_fail (DT_IS_CALL (self->call));

  g_signal_connect_object (self->call, "notify::remote-name",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call, "notify::remote-uri",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call, "notify::state",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call, "notify::start-time",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);

  update_title (self);
  update_status (self);
}

static void
dt_call_row_dispose (GObject *object)
{
  DtCallRow *self = DT_CALL_ROW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CALL_ROW);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (dt_call_row_parent_class)->dispose (object);
}

static void
dt_call_row_class_init (DtCallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_call_row_get_property;
  object_class->set_property = dt_call_row_set_property;
  object_class->constructed = dt_call_row_constructed;
  object_class->dispose = dt_call_row_dispose;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         DT_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DtCallRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, DtCallRow, ringing_box);

  gtk_widget_class_install_action (widget_class, "call-row.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "call-row.decline", NULL, decline_action);
}

static void
dt_call_row_init (DtCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dt_call_row_new (DtCall *call)
{
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  return g_object_new (DT_TYPE_CALL_ROW, "call", call, NULL);
}

DtCall *
dt_call_row_get_call (DtCallRow *self)
{
  g_return_val_if_fail (DT_IS_CALL_ROW (self), NULL);

  return self->call;
}
