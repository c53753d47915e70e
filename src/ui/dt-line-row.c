/* dt-line-row.c: one line in the list of lines, with its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-line-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-line-row.h"

enum {
  PROP_0,
  PROP_LINE,
  N_PROPS
};

struct _DtLineRow
{
  AdwActionRow  parent_instance;

  DtLine       *line;

  GtkImage     *kind_icon;
};

G_DEFINE_FINAL_TYPE (DtLineRow, dt_line_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

static char *
describe_state (DtLine *line)
{
  DtLineState state = dt_line_get_state (line);
  const char *last_error = dt_line_get_last_error (line);

  if (state == DT_LINE_STATE_FAILED)
    {
      if (last_error == NULL || last_error[0] == '\0')
        return g_strdup (_("Failed"));

      /* Translators: %s is why the line failed, as the server or the
       * network put it, e.g. "Forbidden" */
      return g_strdup_printf (_("Failed: %s"), last_error);
    }

  /* The direct line needs no registrar: it is ready as soon as there is
   * something to place its calls with. */
  if (dt_line_get_direct (line))
    {
      if (dt_line_get_backend (line) == NULL)
        return g_strdup (_("Direct line — calling not available"));

      return g_strdup (_("Direct line — ready"));
    }

  switch (state)
    {
    case DT_LINE_STATE_REGISTERED:
      return g_strdup (_("Registered"));

    case DT_LINE_STATE_REGISTERING:
      return g_strdup (_("Registering…"));

    case DT_LINE_STATE_UNREGISTERED:
    case DT_LINE_STATE_FAILED:
    default:
      return g_strdup (_("Not registered"));
    }
}

static void
update_title (DtLineRow *self)
{
  const char *display_name = dt_line_get_display_name (self->line);
  const char *uri = dt_line_get_uri (self->line);

  if (display_name != NULL && display_name[0] != '\0')
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), display_name);
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), uri);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), uri);
}

static void
update_subtitle (DtLineRow *self)
{
  g_autofree char *subtitle = describe_state (self->line);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

static void
dt_line_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DtLineRow *self = DT_LINE_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      g_value_set_object (value, self->line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_line_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DtLineRow *self = DT_LINE_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      self->line = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_line_row_constructed (GObject *object)
{
  DtLineRow *self = DT_LINE_ROW (object);

  G_OBJECT_CLASS (dt_line_row_parent_class)->constructed (object);

  g_return_if_fail (DT_IS_LINE (self->line));

  gtk_image_set_from_icon_name (self->kind_icon,
                                dt_line_get_direct (self->line) ? "computer-symbolic"
                                                                : "avatar-default-symbolic");

  g_signal_connect_object (self->line, "notify::display-name",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->line, "notify::state",
                           G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->line, "notify::last-error",
                           G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);

  update_title (self);
  update_subtitle (self);
}

static void
dt_line_row_dispose (GObject *object)
{
  DtLineRow *self = DT_LINE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_LINE_ROW);
  g_clear_object (&self->line);

  G_OBJECT_CLASS (dt_line_row_parent_class)->dispose (object);
}

static void
dt_line_row_class_init (DtLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_line_row_get_property;
  object_class->set_property = dt_line_row_set_property;
  object_class->constructed = dt_line_row_constructed;
  object_class->dispose = dt_line_row_dispose;

  properties[PROP_LINE] =
    g_param_spec_object ("line", NULL, NULL,
                         DT_TYPE_LINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DtLineRow, kind_icon);
}

static void
dt_line_row_init (DtLineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dt_line_row_new (DtLine *line)
{
  g_return_val_if_fail (DT_IS_LINE (line), NULL);

  return g_object_new (DT_TYPE_LINE_ROW, "line", line, NULL);
}

DtLine *
dt_line_row_get_line (DtLineRow *self)
{
  g_return_val_if_fail (DT_IS_LINE_ROW (self), NULL);

  return self->line;
}
