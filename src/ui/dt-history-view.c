/* dt-history-view.c: the recent calls, with a call-back button each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-history-view"

#include "config.h"

#include "dt-history-row.h"
#include "dt-history-view.h"

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_EMPTY,
  N_PROPS
};

enum {
  CALL_REQUESTED,
  N_SIGNALS
};

struct _DtHistoryView
{
  AdwBin      parent_instance;

  GListModel *history;

  GtkStack   *stack;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (DtHistoryView, dt_history_view, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dt_history_row_new (item);
}

static void
update_page (DtHistoryView *self)
{
  gboolean empty = dt_history_view_get_empty (self);

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
on_items_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  DtHistoryView *self)
{
  gboolean was_empty = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;

  update_page (self);
  if (was_empty != dt_history_view_get_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
call_back_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);

  if (*uri != '\0')
    g_signal_emit (widget, signals[CALL_REQUESTED], 0, uri);
}

static void
dt_history_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtHistoryView *self = DT_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, dt_history_view_get_empty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_history_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DtHistoryView *self = DT_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      dt_history_view_set_history (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_history_view_dispose (GObject *object)
{
  DtHistoryView *self = DT_HISTORY_VIEW (object);

  if (self->history != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->history, self);
      gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->history);

  G_OBJECT_CLASS (dt_history_view_parent_class)->dispose (object);
}

static void
dt_history_view_class_init (DtHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_history_view_get_property;
  object_class->set_property = dt_history_view_set_property;
  object_class->dispose = dt_history_view_dispose;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CALL_REQUESTED] =
    g_signal_new ("call-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "history.call-back", "s", call_back_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dialtone/Dialtone/ui/dt-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DtHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, DtHistoryView, list);
}

static void
dt_history_view_init (DtHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_page (self);
}

GtkWidget *
dt_history_view_new (void)
{
  return g_object_new (DT_TYPE_HISTORY_VIEW, NULL);
}

GListModel *
dt_history_view_get_history (DtHistoryView *self)
{
  g_return_val_if_fail (DT_IS_HISTORY_VIEW (self), NULL);

  return self->history;
}

void
dt_history_view_set_history (DtHistoryView *self,
                             GListModel    *history)
{
  gboolean was_empty;

  g_return_if_fail (DT_IS_HISTORY_VIEW (self));
  g_return_if_fail (history == NULL || G_IS_LIST_MODEL (history));

  if (self->history == history)
    return;

  was_empty = dt_history_view_get_empty (self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->history, history);
  gtk_list_box_bind_model (self->list, history, history != NULL ? create_row : NULL, NULL, NULL);
  if (history != NULL)
    g_signal_connect_object (history, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_AFTER);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
  if (was_empty != dt_history_view_get_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

gboolean
dt_history_view_get_empty (DtHistoryView *self)
{
  g_return_val_if_fail (DT_IS_HISTORY_VIEW (self), TRUE);

  return self->history == NULL || g_list_model_get_n_items (self->history) == 0;
}
