/* dt-dbus-service-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-dbus-service-fixture.h"

static GDBusConnection *
connect_to_session_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GDBusConnection *connection;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  DtDbusServiceFixture *f = user_data;

  f->quit_count++;
}

void
dt_dbus_service_fixture_setup (DtDbusServiceFixture *f,
                               gconstpointer         data)
{
  const GActionEntry entries[] = { { .name = "quit", .activate = on_quit } };
  g_autoptr(GError) error = NULL;

  dt_test_fixture_setup (&f->model, data);

  f->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (f->actions), entries, G_N_ELEMENTS (entries), f);

  f->service_connection = connect_to_session_bus ();
  f->client_connection = connect_to_session_bus ();

  f->service = dt_dbus_service_new (DT_DBUS_ROOT, G_ACTION_GROUP (f->actions));
  dt_dbus_service_set_call_manager (f->service, f->model.manager);
  g_assert_true (dt_dbus_service_export (f->service, f->service_connection, &error));
  g_assert_no_error (error);

  f->client = dt_dbus_test_client_new (f->client_connection,
                                       g_dbus_connection_get_unique_name (f->service_connection),
                                       DT_DBUS_ROOT);
}

void
dt_dbus_service_fixture_teardown (DtDbusServiceFixture *f,
                                  gconstpointer         data)
{
  g_clear_pointer (&f->client, dt_dbus_test_client_free);

  dt_dbus_service_unexport (f->service);
  g_clear_object (&f->service);
  g_clear_object (&f->actions);

  g_assert_true (g_dbus_connection_close_sync (f->client_connection, NULL, NULL));
  g_assert_true (g_dbus_connection_close_sync (f->service_connection, NULL, NULL));
  g_clear_object (&f->client_connection);
  g_clear_object (&f->service_connection);

  dt_test_fixture_teardown (&f->model, data);
}

char *
dt_dbus_service_fixture_xml_path (void)
{
  return g_build_filename (g_getenv ("DT_SOURCE_ROOT"), "data", "org.dialtone.Dialtone.xml", NULL);
}
