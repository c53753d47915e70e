/* dt-dbus-test-client.h: a D-Bus client of org.dialtone.Dialtone for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-test-spin.h"

G_BEGIN_DECLS

/* The longest any test waits for one thing (a signal, a process) */
#define DT_DBUS_TEST_TIMEOUT_MS 10000
/* The longest a method call may take: more, for a service that is still
 * starting on a loaded machine (a sanitizer build, tests in parallel) */
#define DT_DBUS_TEST_CALL_TIMEOUT_MS 25000

typedef struct _DtDbusTestClient DtDbusTestClient;

/*
 * Paths are given and shown relative to @root: "" is @root itself,
 * "calls/1" is ROOT/calls/1; anything else is used as it is. Methods and
 * properties are "Interface.Member", where an interface without a dot is
 * org.dialtone.Interface ("Manager.Dial", "Call.State").
 *
 * Every signal of the API @service sends (org.dialtone.*, their
 * PropertiesChanged, and the ObjectManager's) is recorded as an event:
 *   "calls/1:Progress()", ":CallAdded(calls/1)",
 *   ":IncomingCall(calls/2, 'sip:alice@127.0.0.1', 'Alice')",
 *   "calls/1:State='connected'" (one per property of a PropertiesChanged),
 *   ":InterfacesAdded(calls/1)", ":InterfacesRemoved(calls/1)".
 * Object paths in arguments are shown relative to @root, without quotes.
 */
DtDbusTestClient *dt_dbus_test_client_new        (GDBusConnection   *connection,
                                                  const char        *service,
                                                  const char        *root);
void              dt_dbus_test_client_free       (DtDbusTestClient  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtDbusTestClient, dt_dbus_test_client_free)

/* @path made absolute, and an absolute path made relative */
char             *dt_dbus_test_client_path       (DtDbusTestClient  *self,
                                                  const char        *path);
char             *dt_dbus_test_client_short_path (DtDbusTestClient  *self,
                                                  const char        *path);

/* Calls and waits for the answer (the main context runs meanwhile); NULL with
 * @error on an error reply. @args is consumed when floating. */
GVariant         *dt_dbus_test_client_call       (DtDbusTestClient  *self,
                                                  const char        *path,
                                                  const char        *method,
                                                  GVariant          *args,
                                                  GError           **error);
/* The same, asserting success */
GVariant         *dt_dbus_test_client_ok         (DtDbusTestClient  *self,
                                                  const char        *path,
                                                  const char        *method,
                                                  GVariant          *args);
/* A method returning one object path: it, relative */
char             *dt_dbus_test_client_ok_path    (DtDbusTestClient  *self,
                                                  const char        *path,
                                                  const char        *method,
                                                  GVariant          *args);
/* Asserts that the call fails with org.dialtone.Error.@error_name and a
 * message that reads as a sentence, and that it changed nothing: the same
 * objects and property values before and after, and no signal. Returns the
 * message. */
char             *dt_dbus_test_client_refused    (DtDbusTestClient  *self,
                                                  const char        *error_name,
                                                  const char        *path,
                                                  const char        *method,
                                                  GVariant          *args);

/* Properties.Get, asserting success */
GVariant         *dt_dbus_test_client_get        (DtDbusTestClient  *self,
                                                  const char        *path,
                                                  const char        *property);
/* A string or object path property (object paths relative) */
char             *dt_dbus_test_client_get_string (DtDbusTestClient  *self,
                                                  const char        *path,
                                                  const char        *property);
/* Every object of GetManagedObjects and every Manager property, one
 * "PATH INTERFACE PROPERTY=VALUE" line each, sorted */
char             *dt_dbus_test_client_snapshot   (DtDbusTestClient  *self);
/* The relative paths GetManagedObjects lists, sorted, joined by " " */
char             *dt_dbus_test_client_objects    (DtDbusTestClient  *self);

/* Events: position of the first @event, -1 when none */
int               dt_dbus_test_client_index      (DtDbusTestClient  *self,
                                                  const char        *event);
/* The first event starting with @prefix, NULL when none */
const char       *dt_dbus_test_client_find       (DtDbusTestClient  *self,
                                                  const char        *prefix);
/* Waits until @event was recorded and returns its position; fails the test
 * after DT_DBUS_TEST_TIMEOUT_MS */
int               dt_dbus_test_client_wait_for   (DtDbusTestClient  *self,
                                                  const char        *event);
/* Asserts that @first was recorded before @second, both present */
void              dt_dbus_test_client_assert_order (DtDbusTestClient *self,
                                                    const char       *first,
                                                    const char       *second);
/* Every event joined by ";", then forgotten */
char             *dt_dbus_test_client_take       (DtDbusTestClient  *self);
void              dt_dbus_test_client_clear      (DtDbusTestClient  *self);

/* Introspects @path and asserts that each interface of @xml_file it carries
 * is equal to the file's: the same methods, signals and properties with the
 * same arguments, types, directions and access. @interfaces: the names it
 * must carry, NULL-terminated. */
void              dt_dbus_test_client_assert_introspection (DtDbusTestClient   *self,
                                                            const char         *path,
                                                            const char         *xml_file,
                                                            const char * const *interfaces);

G_END_DECLS
