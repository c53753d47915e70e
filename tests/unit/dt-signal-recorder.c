/* dt-signal-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-call.h"
#include "dt-fake-call-backend.h"
#include "dt-line.h"
#include "dt-model-private.h"
#include "dt-signal-recorder.h"

struct _DtSignalRecorder
{
  GObject    parent_instance;

  GPtrArray *entries;
  GError    *last_error;
};

typedef struct
{
  GClosure          closure;
  DtSignalRecorder *recorder;
  char             *prefix;
} RecorderClosure;

G_DEFINE_FINAL_TYPE (DtSignalRecorder, dt_signal_recorder, G_TYPE_OBJECT)

static void
append_object (GString *entry,
               GObject *object)
{
  if (object == NULL)
    {
      g_string_append (entry, "(none)");
    }
  else if (DT_IS_CALL (object))
    {
      DtCallBackend *backend = dt_call_get_backend (DT_CALL (object));

      if (DT_IS_FAKE_CALL_BACKEND (backend))
        g_string_append (entry, dt_fake_call_backend_get_label (DT_FAKE_CALL_BACKEND (backend)));
      else
        g_string_append (entry, dt_call_get_remote_uri (DT_CALL (object)));
    }
  else if (DT_IS_LINE (object))
    {
      g_string_append (entry, dt_line_get_id (DT_LINE (object)));
    }
  else
    {
      g_string_append (entry, G_OBJECT_TYPE_NAME (object));
    }
}

static void
append_value (DtSignalRecorder *self,
              GString          *entry,
              const GValue     *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_ERROR)
    {
      g_clear_error (&self->last_error);
      if (g_value_get_boxed (value) != NULL)
        self->last_error = g_error_copy (g_value_get_boxed (value));
      return;
    }

  g_string_append_c (entry, ':');

  if (G_VALUE_HOLDS_STRING (value))
    {
      const char *str = g_value_get_string (value);

      g_string_append (entry, str ? str : "(null)");
    }
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    {
      g_string_append (entry, g_value_get_boolean (value) ? "true" : "false");
    }
  else if (G_VALUE_HOLDS_ENUM (value))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);
      GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_enum (value));

      if (enum_value != NULL)
        g_string_append (entry, enum_value->value_nick);
      else
        g_string_append_printf (entry, "%d", g_value_get_enum (value));
    }
  else if (G_VALUE_HOLDS_UINT (value))
    {
      g_string_append_printf (entry, "%u", g_value_get_uint (value));
    }
  else if (G_VALUE_HOLDS_INT (value))
    {
      g_string_append_printf (entry, "%d", g_value_get_int (value));
    }
  else if (G_VALUE_HOLDS_CHAR (value))
    {
      g_string_append_c (entry, g_value_get_schar (value));
    }
  else if (G_VALUE_HOLDS_OBJECT (value))
    {
      append_object (entry, g_value_get_object (value));
    }
  else
    {
      g_string_append (entry, g_type_name (type));
    }
}

static void
recorder_marshal (GClosure     *closure,
                  GValue       *return_value,
                  guint         n_param_values,
                  const GValue *param_values,
                  gpointer      invocation_hint,
                  gpointer      marshal_data)
{
  RecorderClosure *rc = (RecorderClosure *) closure;
  GSignalInvocationHint *hint = invocation_hint;
  const char *name = g_signal_name (hint->signal_id);
  GString *entry = g_string_new (NULL);

  if (rc->prefix != NULL)
    g_string_append_printf (entry, "%s:", rc->prefix);

  if (g_str_equal (name, "notify"))
    {
      GParamSpec *pspec = g_value_get_param (&param_values[1]);

      g_string_append_printf (entry, "notify:%s", pspec->name);
    }
  else
    {
      g_string_append (entry, name);
      for (guint i = 1; i < n_param_values; i++)
        append_value (rc->recorder, entry, &param_values[i]);
    }

  g_ptr_array_add (rc->recorder->entries, g_string_free (entry, FALSE));
}

static void
recorder_closure_finalize (gpointer  data,
                           GClosure *closure)
{
  g_free (((RecorderClosure *) closure)->prefix);
}

static void
dt_signal_recorder_finalize (GObject *object)
{
  DtSignalRecorder *self = DT_SIGNAL_RECORDER (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (dt_signal_recorder_parent_class)->finalize (object);
}

static void
dt_signal_recorder_class_init (DtSignalRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_signal_recorder_finalize;
}

static void
dt_signal_recorder_init (DtSignalRecorder *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_free);
}

DtSignalRecorder *
dt_signal_recorder_new (void)
{
  return g_object_new (DT_TYPE_SIGNAL_RECORDER, NULL);
}

void
dt_signal_recorder_watch (DtSignalRecorder *self,
                          gpointer          object,
                          const char       *prefix)
{
  g_return_if_fail (DT_IS_SIGNAL_RECORDER (self));
  g_return_if_fail (G_IS_OBJECT (object));

  for (GType type = G_OBJECT_TYPE (object); type != 0; type = g_type_parent (type))
    {
      guint n_ids = 0;
      g_autofree guint *ids = g_signal_list_ids (type, &n_ids);

      for (guint i = 0; i < n_ids; i++)
        {
          GClosure *closure = g_closure_new_simple (sizeof (RecorderClosure), NULL);
          RecorderClosure *rc = (RecorderClosure *) closure;

          rc->recorder = self;
          rc->prefix = g_strdup (prefix);
          g_closure_add_finalize_notifier (closure, NULL, recorder_closure_finalize);
          g_closure_set_marshal (closure, recorder_marshal);
          /* The handlers go with the recorder, so a recorder freed before
           * the objects it watched leaves nothing dangling. */
          g_object_watch_closure (G_OBJECT (self), closure);
          g_signal_connect_closure_by_id (object, ids[i], 0, closure, FALSE);
        }
    }
}

static char *
join (GPtrArray *entries)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ';');
      g_string_append (joined, g_ptr_array_index (entries, i));
    }

  return g_string_free (joined, FALSE);
}

char *
dt_signal_recorder_take (DtSignalRecorder *self)
{
  char *joined;

  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), NULL);

  joined = join (self->entries);
  g_ptr_array_set_size (self->entries, 0);

  return joined;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
dt_signal_recorder_take_sorted (DtSignalRecorder *self)
{
  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), NULL);

  g_ptr_array_sort (self->entries, compare_entries);

  return dt_signal_recorder_take (self);
}

gboolean
dt_signal_recorder_has (DtSignalRecorder *self,
                        const char       *entry)
{
  return dt_signal_recorder_index (self, entry) >= 0;
}

guint
dt_signal_recorder_count (DtSignalRecorder *self,
                          const char       *entry)
{
  guint count = 0;

  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (g_ptr_array_index (self->entries, i), entry))
      count++;

  return count;
}

int
dt_signal_recorder_index (DtSignalRecorder *self,
                          const char       *entry)
{
  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), -1);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (g_ptr_array_index (self->entries, i), entry))
      return (int) i;

  return -1;
}

guint
dt_signal_recorder_get_length (DtSignalRecorder *self)
{
  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), 0);

  return self->entries->len;
}

const GError *
dt_signal_recorder_get_last_error (DtSignalRecorder *self)
{
  g_return_val_if_fail (DT_IS_SIGNAL_RECORDER (self), NULL);

  return self->last_error;
}

void
dt_signal_recorder_clear (DtSignalRecorder *self)
{
  g_return_if_fail (DT_IS_SIGNAL_RECORDER (self));

  g_ptr_array_set_size (self->entries, 0);
  g_clear_error (&self->last_error);
}
