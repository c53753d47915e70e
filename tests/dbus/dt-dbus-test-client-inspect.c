/* dt-dbus-test-client-inspect.c: what the service holds, all at once (its
 * objects, their properties, its interfaces), and the assertions built on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-dbus-test-client-private.h"

#define ERROR_PREFIX "org.dialtone.Error."

static void
add_properties (DtDbusTestClient *self,
                GPtrArray        *lines,
                const char       *short_path,
                const char       *interface,
                GVariant         *properties)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      GString *line = g_string_new (NULL);

      g_string_printf (line, "%s %s %s=", short_path, interface, name);
      dt_dbus_test_client_append_value (self, line, value);
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
dt_dbus_test_client_snapshot (DtDbusTestClient *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GVariant) manager = NULL;
  g_autoptr(GVariant) manager_properties = NULL;
  g_autoptr(GVariantIter) object_iter = NULL;
  const char *path;
  GVariant *interfaces;

  objects = dt_dbus_test_client_ok (self, "", "org.freedesktop.DBus.ObjectManager.GetManagedObjects",
                                    NULL);
  g_variant_get (objects, "(a{oa{sa{sv}}})", &object_iter);
  while (g_variant_iter_loop (object_iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autofree char *short_path = dt_dbus_test_client_short_path (self, path);
      GVariantIter interface_iter;
      const char *interface;
      GVariant *properties;

      g_variant_iter_init (&interface_iter, interfaces);
      while (g_variant_iter_loop (&interface_iter, "{&s@a{sv}}", &interface, &properties))
        add_properties (self, lines, short_path, interface, properties);
    }

  manager = dt_dbus_test_client_ok (self, "", "org.freedesktop.DBus.Properties.GetAll",
                                    g_variant_new ("(s)", DIALTONE_PREFIX "Manager"));
  manager_properties = g_variant_get_child_value (manager, 0);
  add_properties (self, lines, "", DIALTONE_PREFIX "Manager", manager_properties);

  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

char *
dt_dbus_test_client_objects (DtDbusTestClient *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *path;

  objects = dt_dbus_test_client_ok (self, "", "org.freedesktop.DBus.ObjectManager.GetManagedObjects",
                                    NULL);
  g_variant_get (objects, "(a{oa{sa{sv}}})", &iter);
  while (g_variant_iter_loop (iter, "{&o@a{sa{sv}}}", &path, NULL))
    g_ptr_array_add (paths, dt_dbus_test_client_short_path (self, path));

  g_ptr_array_sort (paths, compare_strings);
  g_ptr_array_add (paths, NULL);

  return g_strjoinv (" ", (char **) paths->pdata);
}

char *
dt_dbus_test_client_refused (DtDbusTestClient *self,
                             const char       *error_name,
                             const char       *path,
                             const char       *method,
                             GVariant         *args)
{
  g_autofree char *before = dt_dbus_test_client_snapshot (self);
  g_autofree char *after = NULL;
  g_autofree char *remote_name = NULL;
  g_autofree char *expected_name = g_strconcat (ERROR_PREFIX, error_name, NULL);
  g_autofree char *events = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  dt_dbus_test_client_clear (self);
  reply = dt_dbus_test_client_call (self, path, method, args, &error);
  g_assert_null (reply);
  g_assert_nonnull (error);

  remote_name = g_dbus_error_get_remote_error (error);
  g_dbus_error_strip_remote_error (error);
  g_test_message ("%s on “%s”: %s: %s", method, path, remote_name, error->message);
  g_assert_cmpstr (remote_name, ==, expected_name);
  /* A sentence: a capital letter (or an opening quote) first, a full stop last */
  g_assert_true (g_unichar_isupper (g_utf8_get_char (error->message)) ||
                 g_utf8_get_char (error->message) == 0x201C);
  g_assert_true (g_str_has_suffix (error->message, "."));

  after = dt_dbus_test_client_snapshot (self);
  g_assert_cmpstr (after, ==, before);
  events = dt_dbus_test_client_take (self);
  g_assert_cmpstr (events, ==, "");

  return g_strdup (error->message);
}

static char *
interface_xml (GDBusInterfaceInfo *info)
{
  GString *xml = g_string_new (NULL);

  g_dbus_interface_info_generate_xml (info, 0, xml);
  return g_string_free (xml, FALSE);
}

void
dt_dbus_test_client_assert_introspection (DtDbusTestClient   *self,
                                          const char         *path,
                                          const char         *xml_file,
                                          const char * const *interfaces)
{
  g_autoptr(GDBusNodeInfo) expected = NULL;
  g_autoptr(GDBusNodeInfo) actual = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *actual_xml;

  g_assert_true (g_file_get_contents (xml_file, &contents, NULL, &error));
  g_assert_no_error (error);
  expected = g_dbus_node_info_new_for_xml (contents, &error);
  g_assert_no_error (error);

  reply = dt_dbus_test_client_ok (self, path, "org.freedesktop.DBus.Introspectable.Introspect", NULL);
  g_variant_get (reply, "(&s)", &actual_xml);
  actual = g_dbus_node_info_new_for_xml (actual_xml, &error);
  g_assert_no_error (error);

  for (guint i = 0; interfaces[i] != NULL; i++)
    {
      GDBusInterfaceInfo *want = g_dbus_node_info_lookup_interface (expected, interfaces[i]);
      GDBusInterfaceInfo *have = g_dbus_node_info_lookup_interface (actual, interfaces[i]);
      g_autofree char *want_xml = NULL;
      g_autofree char *have_xml = NULL;

      g_test_message ("%s on “%s”", interfaces[i], path);
      g_assert_nonnull (have);
      /* Only ours are in the file: ObjectManager and the like are GDBus's */
      if (!g_str_has_prefix (interfaces[i], DIALTONE_PREFIX))
        continue;

      g_assert_nonnull (want);
      want_xml = interface_xml (want);
      have_xml = interface_xml (have);
      g_assert_cmpstr (have_xml, ==, want_xml);
    }
}
