/* dt-dbus-mirror.c: model properties onto skeleton properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call.h"
#include "dt-dbus-private.h"
#include "dt-line.h"
#include "dt-model-enums.h"

static const char *
enum_to_string (GType type,
                int   value)
{
  if (type == DT_TYPE_CALL_STATE)
    return dt_call_state_to_string (value);
  if (type == DT_TYPE_CALL_DIRECTION)
    return dt_call_direction_to_string (value);
  if (type == DT_TYPE_LINE_STATE)
    return dt_line_state_to_string (value);
  if (type == DT_TYPE_RECORDING_STATE)
    return dt_recording_state_to_string (value);

  g_critical ("No D-Bus string for enumeration %s", g_type_name (type));
  return "";
}

static const char *
object_to_path (DtDbusService *service,
                GObject       *object)
{
  if (DT_IS_CALL (object))
    return dt_dbus_service_get_call_path (service, DT_CALL (object));
  if (DT_IS_LINE (object))
    return dt_dbus_service_get_line_path (service, DT_LINE (object));

  return "/";
}

void
dt_dbus_mirror_property (DtDbusService *service,
                         GObject       *model,
                         GObject       *skeleton,
                         const char    *name)
{
  g_auto(GValue) from = G_VALUE_INIT;
  g_auto(GValue) to = G_VALUE_INIT;
  GParamSpec *source;
  GParamSpec *target;

  source = g_object_class_find_property (G_OBJECT_GET_CLASS (model), name);
  target = g_object_class_find_property (G_OBJECT_GET_CLASS (skeleton), name);
  if (source == NULL || target == NULL ||
      (source->flags & G_PARAM_READABLE) == 0 || (target->flags & G_PARAM_WRITABLE) == 0)
    return;

  g_value_init (&from, source->value_type);
  g_value_init (&to, target->value_type);
  g_object_get_property (model, name, &from);

  if (G_VALUE_HOLDS_ENUM (&from) && G_VALUE_HOLDS_STRING (&to))
    g_value_set_string (&to, enum_to_string (source->value_type, g_value_get_enum (&from)));
  else if (G_VALUE_HOLDS_OBJECT (&from) && G_VALUE_HOLDS_STRING (&to))
    g_value_set_string (&to, object_to_path (service, g_value_get_object (&from)));
  else if (G_VALUE_HOLDS_STRING (&from) && G_VALUE_HOLDS_STRING (&to))
    g_value_set_string (&to, g_value_get_string (&from) != NULL ? g_value_get_string (&from) : "");
  else if (!g_value_transform (&from, &to))
    {
      g_critical ("Cannot put the %s property %s on the bus as %s", g_type_name (source->value_type),
                  name, g_type_name (target->value_type));
      return;
    }

  g_object_set_property (skeleton, name, &to);
}

void
dt_dbus_mirror_all (DtDbusService *service,
                    GObject       *model,
                    GObject       *skeleton)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (skeleton), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    dt_dbus_mirror_property (service, model, skeleton, pspecs[i]->name);
}
