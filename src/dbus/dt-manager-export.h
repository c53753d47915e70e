/* dt-manager-export.h: the DtCallManager on the bus as org.dialtone.Manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account-handler.h"
#include "dt-call-manager.h"
#include "dt-dbus-service.h"

G_BEGIN_DECLS

#define DT_TYPE_MANAGER_EXPORT (dt_manager_export_get_type ())
G_DECLARE_FINAL_TYPE (DtManagerExport, dt_manager_export, DT, MANAGER_EXPORT, GObject)

/* @service owns the export and outlives it; @actions (weak) has the "quit"
 * action Quit activates. Until a manager is set the properties are empty and
 * the methods that need one fail. */
DtManagerExport        *dt_manager_export_new                 (DtDbusService    *service,
                                                               GActionGroup     *actions);
GDBusInterfaceSkeleton *dt_manager_export_get_skeleton        (DtManagerExport  *self);
void                    dt_manager_export_set_call_manager    (DtManagerExport  *self,
                                                               DtCallManager    *manager);
void                    dt_manager_export_set_account_handler (DtManagerExport  *self,
                                                               DtAccountHandler *handler);
/* CallAdded and CallRemoved, sent by the service that exports and unexports
 * the call objects around them */
void                    dt_manager_export_emit_call_added     (DtManagerExport  *self,
                                                               const char       *call_path);
void                    dt_manager_export_emit_call_removed   (DtManagerExport  *self,
                                                               const char       *call_path);

G_END_DECLS
