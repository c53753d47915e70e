/* dt-call-export.h: one DtCall on the bus as org.dialtone.Call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call.h"
#include "dt-dbus-service.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_EXPORT (dt_call_export_get_type ())
G_DECLARE_FINAL_TYPE (DtCallExport, dt_call_export, DT, CALL_EXPORT, GObject)

/* The object at @object_path with the call's properties, methods and signals.
 * @service owns the export and outlives it; it puts the object on the bus. */
DtCallExport        *dt_call_export_new        (DtDbusService *service,
                                                DtCall        *call,
                                                const char    *object_path);
DtCall              *dt_call_export_get_call   (DtCallExport  *self);
const char          *dt_call_export_get_path   (DtCallExport  *self);
GDBusObjectSkeleton *dt_call_export_get_object (DtCallExport  *self);

G_END_DECLS
