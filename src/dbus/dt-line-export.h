/* dt-line-export.h: one DtLine on the bus as org.dialtone.Line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-dbus-service.h"
#include "dt-line.h"

G_BEGIN_DECLS

#define DT_TYPE_LINE_EXPORT (dt_line_export_get_type ())
G_DECLARE_FINAL_TYPE (DtLineExport, dt_line_export, DT, LINE_EXPORT, GObject)

/* The object at @object_path with the line's properties, methods and signals.
 * @service owns the export and outlives it; it puts the object on the bus. */
DtLineExport        *dt_line_export_new        (DtDbusService *service,
                                                DtLine        *line,
                                                const char    *object_path);
DtLine              *dt_line_export_get_line   (DtLineExport  *self);
const char          *dt_line_export_get_path   (DtLineExport  *self);
GDBusObjectSkeleton *dt_line_export_get_object (DtLineExport  *self);

G_END_DECLS
