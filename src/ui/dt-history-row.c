/* dt-history-row.c: one call of the past, in the list of recent calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-history-row.h"

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

struct _DtHistoryRow
{
  AdwActionRow  parent_instance;

  DtCallRecord *record;

  GtkImage     *kind_icon;
  GtkButton    *call_back_button;
};

G_DEFINE_FINAL_TYPE (DtHistoryRow, dt_history_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

static const char *
describe_outcome (DtCallRecord *record)
{
  switch (dt_call_record_get_outcome (record))
    {
    case DT_CALL_OUTCOME_MISSED:
      return _("Missed call");
    case DT_CALL_OUTCOME_DECLINED:
      return _("Declined");
    case DT_CALL_OUTCOME_CANCELLED:
      return _("Cancelled");
    case DT_CALL_OUTCOME_FAILED:
      return _("Not connected");
    case DT_CALL_OUTCOME_ANSWERED:
    default:
      return dt_call_record_get_incoming (record) ? _("Incoming call") : _("Outgoing call");
    }
}

static const char *
icon_for (DtCallRecord *record)
{
  switch (dt_call_record_get_outcome (record))
    {
    case DT_CALL_OUTCOME_MISSED:
    case DT_CALL_OUTCOME_DECLINED:
      return "call-missed-symbolic";
    case DT_CALL_OUTCOME_ANSWERED:
    case DT_CALL_OUTCOME_CANCELLED:
    case DT_CALL_OUTCOME_FAILED:
    default:
      return dt_call_record_get_incoming (record) ? "call-incoming-symbolic"
                                                  : "call-outgoing-symbolic";
    }
}

static void
update (DtHistoryRow *self)
{
  const char *name = dt_call_record_get_remote_name (self->record);
  const char *uri = dt_call_record_get_remote_uri (self->record);
  gint64 duration = dt_call_record_get_duration (self->record);
  g_autofree char *when = dt_history_row_format_when (dt_call_record_get_started (self->record),
                                                      g_get_real_time ());
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 name != NULL && *name != '\0' ? name : uri);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), uri);

  if (duration > 0)
    {
      g_autofree char *length = dt_history_row_format_duration (duration);

      /* Translators: what happened · how long · when, e.g.
       * "Outgoing call · 2 min 5 s · 14:32" */
      subtitle = g_strdup_printf (_("%s · %s · %s"), describe_outcome (self->record), length, when);
    }
  else
    {
      /* Translators: what happened · when, e.g. "Missed call · Yesterday" */
      subtitle = g_strdup_printf (_("%s · %s"), describe_outcome (self->record), when);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  gtk_image_set_from_icon_name (self->kind_icon, icon_for (self->record));
  if (dt_call_record_get_outcome (self->record) == DT_CALL_OUTCOME_MISSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->kind_icon), "error");

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->call_back_button), "s", uri);
  /* Translators: %s is who the call was with */
  tooltip = g_strdup_printf (_("Call %s"), name != NULL && *name != '\0' ? name : uri);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->call_back_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->call_back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
dt_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DtHistoryRow *self = DT_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_history_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DtHistoryRow *self = DT_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      self->record = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_history_row_constructed (GObject *object)
{
  DtHistoryRow *self = DT_HISTORY_ROW (object);

  G_OBJECT_CLASS (dt_history_row_parent_class)->constructed (object);

  update (self);
}

static void
dt_history_row_dispose (GObject *object)
{
  DtHistoryRow *self = DT_HISTORY_ROW (object);

  g_clear_object (&self->record);

  G_OBJECT_CLASS (dt_history_row_parent_class)->dispose (object);
}

static void
dt_history_row_class_init (DtHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_history_row_get_property;
  object_class->set_property = dt_history_row_set_property;
  object_class->constructed = dt_history_row_constructed;
  object_class->dispose = dt_history_row_dispose;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, DT_TYPE_CALL_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dialtone/Dialtone/ui/dt-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DtHistoryRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, DtHistoryRow, call_back_button);
}

static void
dt_history_row_init (DtHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dt_history_row_new (DtCallRecord *record)
{
  g_return_val_if_fail (DT_IS_CALL_RECORD (record), NULL);

  return g_object_new (DT_TYPE_HISTORY_ROW, "record", record, NULL);
}

DtCallRecord *
dt_history_row_get_record (DtHistoryRow *self)
{
  g_return_val_if_fail (DT_IS_HISTORY_ROW (self), NULL);

  return self->record;
}

char *
dt_history_row_format_when (gint64 when,
                            gint64 now)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) midnight = NULL;
  GTimeSpan since_midnight;

  if (then == NULL || today == NULL)
    return g_strdup ("");

  midnight = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                    g_date_time_get_day_of_month (today), 0, 0, 0);
  since_midnight = g_date_time_difference (then, midnight);

  /* A clock a little ahead of ours (a call from another machine) is today */
  if (since_midnight >= 0)
    /* Translators: a time of day today, see the strftime manual */
    return g_date_time_format (then, _("%H:%M"));
  if (since_midnight >= -G_TIME_SPAN_DAY)
    return g_strdup (_("Yesterday"));
  if (since_midnight >= -6 * G_TIME_SPAN_DAY)
    /* Translators: a weekday in the last week, see the strftime manual */
    return g_date_time_format (then, _("%A"));
  /* Translators: an older date, see the strftime manual */
  return g_date_time_format (then, _("%x"));
}

char *
dt_history_row_format_duration (gint64 duration)
{
  guint64 seconds = (guint64) MAX (duration, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    /* Translators: a call's length in hours and minutes */
    return g_strdup_printf (_("%u h %u min"), (guint) (seconds / 3600), (guint) (seconds % 3600 / 60));
  if (seconds >= 60)
    /* Translators: a call's length in minutes and seconds */
    return g_strdup_printf (_("%u min %u s"), (guint) (seconds / 60), (guint) (seconds % 60));
  /* Translators: a call's length in seconds */
  return g_strdup_printf (_("%u s"), (guint) seconds);
}
