/* dt-dbus-private.h: how the service and its exported objects talk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call-error.h"
#include "dt-dbus-generated.h"
#include "dt-dbus-service.h"

G_BEGIN_DECLS

/* The path of @call, exporting it first when the manager has it but it is not
 * on the bus yet (the manager notifies current-call before call-added); "/"
 * for %NULL or a call the manager does not have. Valid while it is exported. */
const char *dt_dbus_service_get_call_path (DtDbusService  *self,
                                           DtCall         *call);
/* The same for lines */
const char *dt_dbus_service_get_line_path (DtDbusService  *self,
                                           DtLine         *line);
/* The exported call at @path; NULL with DT_CALL_ERROR_NO_SUCH_CALL otherwise */
DtCall     *dt_dbus_service_lookup_call   (DtDbusService  *self,
                                           const char     *path,
                                           GError        **error);
/* The exported line at @path; NULL with DT_CALL_ERROR_NO_SUCH_LINE otherwise */
DtLine     *dt_dbus_service_lookup_line   (DtDbusService  *self,
                                           const char     *path,
                                           GError        **error);

/* Copies the model's property @name to the skeleton's property of the same
 * name (the codegen names match the model's): enums become the contract's
 * strings, lines and calls their object paths ("/" for none), a NULL string
 * "". Nothing happens when either side lacks the property. An unchanged value
 * emits nothing; a changed one goes out in the skeleton's next
 * PropertiesChanged. */
void        dt_dbus_mirror_property       (DtDbusService  *service,
                                           GObject        *model,
                                           GObject        *skeleton,
                                           const char     *name);
/* Every property the skeleton shares with the model */
void        dt_dbus_mirror_all            (DtDbusService  *service,
                                           GObject        *model,
                                           GObject        *skeleton);

/* Answers every method call and property access on a path below @folder
 * that has no exported object with @code (DT_CALL_ERROR_NO_SUCH_CALL or
 * DT_CALL_ERROR_NO_SUCH_LINE). Returns the subtree's registration id, 0 with
 * @error when it could not be registered. */
guint       dt_dbus_gone_register         (GDBusConnection  *connection,
                                           const char       *folder,
                                           DtCallError       code,
                                           GError          **error);

G_END_DECLS
