/* dt-dbus-test-client-private.h: shared by dt-dbus-test-client.c and
 * dt-dbus-test-client-inspect.c only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-dbus-test-client.h"

G_BEGIN_DECLS

#define DIALTONE_PREFIX "org.dialtone."

/* Object paths relative and unquoted; everything else as GVariant prints
 * it: events and snapshots show values alike */
void dt_dbus_test_client_append_value (DtDbusTestClient *self,
                                       GString          *text,
                                       GVariant         *value);

G_END_DECLS
