/* dt-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-model-enums.h"
#include "dt-model-private.h"
#include "dt-types.h"

/* The D-Bus contract's strings are the enum nicks, so there is one table to
 * keep right: the one glib-mkenums generates. */
static const char *
enum_to_nick (GType type,
              int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* Classes of static types are never finalized: the nick stays valid */
  g_type_class_unref (klass);

  g_return_val_if_fail (enum_value != NULL, NULL);

  return enum_value->value_nick;
}

gboolean
dt_set_string (char       **field,
               const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

gboolean
dt_is_valid_target (const char *target)
{
  const char *p = target;

  while (p != NULL && *p != '\0' && !g_ascii_isspace (*p) && !g_ascii_iscntrl (*p))
    p++;

  return p != NULL && p != target && *p == '\0';
}

const char *
dt_call_state_to_string (DtCallState state)
{
  return enum_to_nick (DT_TYPE_CALL_STATE, state);
}

const char *
dt_call_direction_to_string (DtCallDirection direction)
{
  return enum_to_nick (DT_TYPE_CALL_DIRECTION, direction);
}

const char *
dt_line_state_to_string (DtLineState state)
{
  return enum_to_nick (DT_TYPE_LINE_STATE, state);
}

const char *
dt_recording_state_to_string (DtRecordingState state)
{
  return enum_to_nick (DT_TYPE_RECORDING_STATE, state);
}

const char *
dt_call_error_kind_to_string (DtCallErrorKind kind)
{
  return enum_to_nick (DT_TYPE_CALL_ERROR_KIND, kind);
}
