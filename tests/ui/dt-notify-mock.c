/* dt-notify-mock.c: reading and driving python-dbusmock's notification
 * daemon (dt-harness --notifications)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-notify-mock.h"
#include "dt-test-spin.h"

gboolean
dt_notify_mock_wait_until (gboolean (*cond) (gpointer data),
                           gpointer   data)
{
  return dt_test_spin (cond, data, 30000);
}

/* The mock logs each method call as "TIME METHOD ARGS…", the arguments
 * verbatim: a body of two lines takes two lines of the log */
char **
dt_notify_mock_calls (const char *method)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autofree char *needle = g_strdup_printf (" %s", method);
  g_autoptr(GRegex) start = g_regex_new ("^[0-9]+\\.[0-9]+ ", 0, 0, NULL);

  g_assert_true (g_file_get_contents (g_getenv ("DT_NOTIFY_MOCK_LOG"), &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (entries->len == 0 || g_regex_match (start, lines[i], 0, NULL))
        g_ptr_array_add (entries, g_strdup (lines[i]));
      else
        {
          char *joined = g_strconcat (g_ptr_array_index (entries, entries->len - 1), "\n", lines[i], NULL);

          g_free (g_ptr_array_index (entries, entries->len - 1));
          g_ptr_array_index (entries, entries->len - 1) = joined;
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);
      const char *space = strchr (entry, ' ');
      char after;

      if (space == NULL || !g_str_has_prefix (space, needle))
        continue;
      after = space[strlen (needle)];
      if (after == ' ' || after == '\0' || after == '\n')
        {
          g_autofree char *trimmed = g_strchomp (g_strdup (entry));

          g_strv_builder_add (found, trimmed);
        }
    }

  return g_strv_builder_end (found);
}

guint
dt_notify_mock_count (const char *method)
{
  g_auto(GStrv) lines = dt_notify_mock_calls (method);

  return g_strv_length (lines);
}

typedef struct {
  const char *method;
  guint       n;
} CallCount;

static gboolean
has_n_calls (gpointer data)
{
  CallCount *count = data;

  return dt_notify_mock_count (count->method) >= count->n;
}

guint32
dt_notify_mock_wait_for_notify (guint n_before)
{
  CallCount count = { "Notify", n_before + 1 };

  g_assert_true (dt_notify_mock_wait_until (has_n_calls, &count));
  g_assert_cmpuint (dt_notify_mock_count ("Notify"), ==, n_before + 1);

  return n_before + 1;
}

gboolean
dt_notify_mock_was_closed (guint32 id)
{
  g_auto(GStrv) lines = dt_notify_mock_calls ("CloseNotification");
  g_autofree char *suffix = g_strdup_printf (" %u", id);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], suffix))
      return TRUE;

  return FALSE;
}

char *
dt_notify_mock_last_notify (void)
{
  g_auto(GStrv) lines = dt_notify_mock_calls ("Notify");
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (lines[n - 1]);
}

static void
emit (GDBusConnection *bus,
      const char      *signal,
      GVariant        *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "EmitSignal",
                                       g_variant_new ("(ss@s@av)", "org.freedesktop.Notifications",
                                                      signal,
                                                      g_variant_new_string (g_str_equal (signal, "ActionInvoked") ? "us" : "uu"),
                                                      args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

void
dt_notify_mock_invoke_action (GDBusConnection *bus,
                              guint32          id,
                              const char      *action)
{
  GVariant *args[] = { g_variant_new_variant (g_variant_new_uint32 (id)),
                       g_variant_new_variant (g_variant_new_string (action)) };

  emit (bus, "ActionInvoked", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2));
}

void
dt_notify_mock_dismiss (GDBusConnection *bus,
                        guint32          id)
{
  /* 2: dismissed by the user */
  GVariant *args[] = { g_variant_new_variant (g_variant_new_uint32 (id)),
                       g_variant_new_variant (g_variant_new_uint32 (2)) };

  emit (bus, "NotificationClosed", g_variant_new_array (G_VARIANT_TYPE_VARIANT, args, 2));
}

static gboolean
closed (gpointer data)
{
  return dt_notify_mock_was_closed (GPOINTER_TO_UINT (data));
}

gboolean
dt_notify_mock_wait_closed (guint32 id)
{
  return dt_notify_mock_wait_until (closed, GUINT_TO_POINTER (id));
}
