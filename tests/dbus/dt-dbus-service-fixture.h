/* dt-dbus-service-fixture.h: the D-Bus service over the model's fake backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-account-handler.h"
#include "dt-dbus-service.h"
#include "dt-dbus-test-client.h"
#include "dt-test-fixture.h"

G_BEGIN_DECLS

#define DT_DBUS_ROOT "/org/dialtone/Dialtone"

/*
 * The model fixture of the unit tests (the manager with its fake media
 * backend, the account line "acct" and the direct line "direct"), a
 * DtDbusService exporting it on its own connection to the test's session bus,
 * and a test client on another connection. Nothing is shared between them but
 * the bus: every request and reply goes through dbus-daemon.
 */
typedef struct
{
  DtTestFixture       model;
  DtDbusService      *service;
  GDBusConnection    *service_connection;
  GDBusConnection    *client_connection;
  DtDbusTestClient   *client;
  GSimpleActionGroup *actions;
  /* How often the "quit" action was activated */
  guint               quit_count;
} DtDbusServiceFixture;

void dt_dbus_service_fixture_setup    (DtDbusServiceFixture *f,
                                       gconstpointer         data);
void dt_dbus_service_fixture_teardown (DtDbusServiceFixture *f,
                                       gconstpointer         data);

#define DT_DBUS_TEST_ADD(path, func) \
  g_test_add ((path), DtDbusServiceFixture, NULL, dt_dbus_service_fixture_setup, (func), \
              dt_dbus_service_fixture_teardown)

/* The data/ copy of the introspection XML */
char *dt_dbus_service_fixture_xml_path (void);

G_END_DECLS
