/* dt-dbus-test-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-dbus-test-client-private.h"

struct _DtDbusTestClient
{
  GDBusConnection *connection;
  char            *service;
  char            *root;
  char            *root_slash;
  GPtrArray       *events;
  guint            subscription;
};

typedef struct
{
  gboolean  done;
  GVariant *reply;
  GError   *error;
} Pending;

char *
dt_dbus_test_client_path (DtDbusTestClient *self,
                          const char       *path)
{
  if (*path == '\0')
    return g_strdup (self->root);
  if (*path == '/')
    return g_strdup (path);
  return g_strconcat (self->root_slash, path, NULL);
}

char *
dt_dbus_test_client_short_path (DtDbusTestClient *self,
                                const char       *path)
{
  if (g_str_equal (path, self->root))
    return g_strdup ("");
  if (g_str_has_prefix (path, self->root_slash))
    return g_strdup (path + strlen (self->root_slash));
  return g_strdup (path);
}

static void
split_member (const char  *name,
              char       **interface,
              char       **member)
{
  const char *dot = strrchr (name, '.');

  g_assert_nonnull (dot);
  *member = g_strdup (dot + 1);
  if (memchr (name, '.', dot - name) == NULL)
    *interface = g_strdup_printf (DIALTONE_PREFIX "%.*s", (int) (dot - name), name);
  else
    *interface = g_strndup (name, dot - name);
}

void
dt_dbus_test_client_append_value (DtDbusTestClient *self,
                                  GString          *text,
                                  GVariant         *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH))
    {
      g_autofree char *path = dt_dbus_test_client_short_path (self, g_variant_get_string (value, NULL));

      g_string_append (text, path);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE ("ao")))
    {
      g_string_append_c (text, '[');
      for (gsize i = 0; i < g_variant_n_children (value); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);

          if (i > 0)
            g_string_append (text, ", ");
          dt_dbus_test_client_append_value (self, text, child);
        }
      g_string_append_c (text, ']');
    }
  else
    {
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_string_append (text, printed);
    }
}

static void
record_properties (DtDbusTestClient *self,
                   const char       *short_path,
                   GVariant         *parameters)
{
  g_autoptr(GVariant) changed = g_variant_get_child_value (parameters, 1);
  g_autoptr(GVariant) invalidated = g_variant_get_child_value (parameters, 2);
  GVariantIter iter;
  const char *name;
  GVariant *value;

  /* Our skeletons always send values: an invalidation would hide one */
  g_assert_cmpuint (g_variant_n_children (invalidated), ==, 0);

  g_variant_iter_init (&iter, changed);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      GString *event = g_string_new (NULL);

      g_string_printf (event, "%s:%s=", short_path, name);
      dt_dbus_test_client_append_value (self, event, value);
      g_ptr_array_add (self->events, g_string_free (event, FALSE));
    }
}

static void
on_signal (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *interface,
           const char      *member,
           GVariant        *parameters,
           gpointer         user_data)
{
  DtDbusTestClient *self = user_data;
  g_autofree char *short_path = dt_dbus_test_client_short_path (self, path);
  GString *event;

  if (g_str_equal (member, "PropertiesChanged") &&
      g_str_equal (interface, "org.freedesktop.DBus.Properties"))
    {
      const char *changed_interface;

      g_variant_get_child (parameters, 0, "&s", &changed_interface);
      if (g_str_has_prefix (changed_interface, DIALTONE_PREFIX))
        record_properties (self, short_path, parameters);
      return;
    }

  /* GApplication's own (org.gtk.Actions and the like) are not the API's */
  if (!g_str_has_prefix (interface, DIALTONE_PREFIX) &&
      !g_str_equal (interface, "org.freedesktop.DBus.ObjectManager"))
    return;

  event = g_string_new (NULL);
  g_string_printf (event, "%s:%s(", short_path, member);
  /* The interfaces and properties of InterfacesAdded are for GetManagedObjects to show */
  if (g_str_has_prefix (member, "Interfaces"))
    {
      g_autoptr(GVariant) object = g_variant_get_child_value (parameters, 0);

      dt_dbus_test_client_append_value (self, event, object);
    }
  else
    {
      for (gsize i = 0; i < g_variant_n_children (parameters); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (parameters, i);

          if (i > 0)
            g_string_append (event, ", ");
          dt_dbus_test_client_append_value (self, event, child);
        }
    }
  g_string_append_c (event, ')');
  g_ptr_array_add (self->events, g_string_free (event, FALSE));
}

DtDbusTestClient *
dt_dbus_test_client_new (GDBusConnection *connection,
                         const char      *service,
                         const char      *root)
{
  DtDbusTestClient *self = g_new0 (DtDbusTestClient, 1);

  self->connection = g_object_ref (connection);
  self->service = g_strdup (service);
  self->root = g_strdup (root);
  self->root_slash = g_strconcat (root, "/", NULL);
  self->events = g_ptr_array_new_with_free_func (g_free);
  self->subscription = g_dbus_connection_signal_subscribe (connection, service, NULL, NULL, NULL,
                                                           NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                           on_signal, self, NULL);

  /* A round trip: the match rule is in place before the test goes on */
  g_variant_unref (dt_dbus_test_client_ok (self, "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus.GetId", NULL));

  return self;
}

void
dt_dbus_test_client_free (DtDbusTestClient *self)
{
  g_dbus_connection_signal_unsubscribe (self->connection, self->subscription);
  g_clear_object (&self->connection);
  g_ptr_array_unref (self->events);
  g_free (self->service);
  g_free (self->root);
  g_free (self->root_slash);
  g_free (self);
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;

  pending->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                  &pending->error);
  pending->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Pending *) data)->done;
}

GVariant *
dt_dbus_test_client_call (DtDbusTestClient  *self,
                          const char        *path,
                          const char        *method,
                          GVariant          *args,
                          GError           **error)
{
  g_autofree char *full_path = dt_dbus_test_client_path (self, path);
  g_autofree char *interface = NULL;
  g_autofree char *member = NULL;
  const char *destination = self->service;
  Pending pending = { 0 };

  split_member (method, &interface, &member);
  if (g_str_equal (interface, "org.freedesktop.DBus") && g_str_equal (full_path, "/org/freedesktop/DBus"))
    destination = "org.freedesktop.DBus";

  /* Asynchronous: the service may run in this very main context */
  g_dbus_connection_call (self->connection, destination, full_path, interface, member, args, NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, DT_DBUS_TEST_CALL_TIMEOUT_MS, NULL,
                          call_done, &pending);
  g_assert_true (dt_test_spin (is_done, &pending, DT_DBUS_TEST_CALL_TIMEOUT_MS + 1000));

  if (pending.error != NULL)
    g_propagate_error (error, pending.error);

  return pending.reply;
}

GVariant *
dt_dbus_test_client_ok (DtDbusTestClient *self,
                        const char       *path,
                        const char       *method,
                        GVariant         *args)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = dt_dbus_test_client_call (self, path, method, args, &error);

  if (error != NULL)
    g_test_message ("%s on “%s” failed: %s", method, path, error->message);
  g_assert_no_error (error);

  return reply;
}

char *
dt_dbus_test_client_ok_path (DtDbusTestClient *self,
                             const char       *path,
                             const char       *method,
                             GVariant         *args)
{
  g_autoptr(GVariant) reply = dt_dbus_test_client_ok (self, path, method, args);
  const char *result;

  g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(o)")));
  g_variant_get (reply, "(&o)", &result);

  return dt_dbus_test_client_short_path (self, result);
}

GVariant *
dt_dbus_test_client_get (DtDbusTestClient *self,
                         const char       *path,
                         const char       *property)
{
  g_autofree char *interface = NULL;
  g_autofree char *member = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  split_member (property, &interface, &member);
  reply = dt_dbus_test_client_ok (self, path, "org.freedesktop.DBus.Properties.Get",
                                  g_variant_new ("(ss)", interface, member));
  g_variant_get (reply, "(v)", &value);

  return value;
}

char *
dt_dbus_test_client_get_string (DtDbusTestClient *self,
                                const char       *path,
                                const char       *property)
{
  g_autoptr(GVariant) value = dt_dbus_test_client_get (self, path, property);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH))
    return dt_dbus_test_client_short_path (self, g_variant_get_string (value, NULL));

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
  return g_variant_dup_string (value, NULL);
}

int
dt_dbus_test_client_index (DtDbusTestClient *self,
                           const char       *event)
{
  for (guint i = 0; i < self->events->len; i++)
    if (g_str_equal (g_ptr_array_index (self->events, i), event))
      return (int) i;

  return -1;
}

const char *
dt_dbus_test_client_find (DtDbusTestClient *self,
                          const char       *prefix)
{
  for (guint i = 0; i < self->events->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->events, i), prefix))
      return g_ptr_array_index (self->events, i);

  return NULL;
}

typedef struct
{
  DtDbusTestClient *self;
  const char       *event;
} Wait;

static gboolean
has_event (gpointer data)
{
  Wait *wait = data;

  return dt_dbus_test_client_index (wait->self, wait->event) >= 0;
}

int
dt_dbus_test_client_wait_for (DtDbusTestClient *self,
                              const char       *event)
{
  Wait wait = { self, event };

  if (!dt_test_spin (has_event, &wait, DT_DBUS_TEST_TIMEOUT_MS))
    {
      g_autofree char *events = NULL;

      g_ptr_array_add (self->events, NULL);
      events = g_strjoinv ("\n  ", (char **) self->events->pdata);
      g_ptr_array_set_size (self->events, self->events->len - 1);
      g_test_message ("waited for “%s” in vain; got:\n  %s", event, events);
    }
  g_assert_true (has_event (&wait));

  return dt_dbus_test_client_index (self, event);
}

void
dt_dbus_test_client_assert_order (DtDbusTestClient *self,
                                  const char       *first,
                                  const char       *second)
{
  int first_index = dt_dbus_test_client_index (self, first);
  int second_index = dt_dbus_test_client_index (self, second);

  if (first_index < 0 || second_index < 0 || first_index >= second_index)
    g_test_message ("expected “%s” (at %d) before “%s” (at %d)", first, first_index, second,
                    second_index);
  g_assert_cmpint (first_index, >=, 0);
  g_assert_cmpint (first_index, <, second_index);
}

char *
dt_dbus_test_client_take (DtDbusTestClient *self)
{
  char *joined;

  g_ptr_array_add (self->events, NULL);
  joined = g_strjoinv (";", (char **) self->events->pdata);
  g_ptr_array_set_size (self->events, 0);

  return joined;
}

void
dt_dbus_test_client_clear (DtDbusTestClient *self)
{
  g_ptr_array_set_size (self->events, 0);
}
