/* dt-dbus-service.h: the org.dialtone.Dialtone session-bus API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account-handler.h"
#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_DBUS_SERVICE (dt_dbus_service_get_type ())
G_DECLARE_FINAL_TYPE (DtDbusService, dt_dbus_service, DT, DBUS_SERVICE, GObject)

/*
 * Properties: object-path (s, construct-only), actions (GActionGroup,
 *   construct-only, weak: Quit activates its "quit" action), call-manager
 *   (DtCallManager; may come after the export: until then there are no
 *   lines or calls and the methods that need it fail), account-handler
 *   (DtAccountHandler: AddAccount and RemoveAccount fail without one)
 *
 * Exported at object-path (the application's, /org/dialtone/Dialtone):
 * org.dialtone.Manager and org.freedesktop.DBus.ObjectManager there, every
 * line of the manager at PATH/lines/<n> and every call at PATH/calls/<n>
 * (counters never reused), as they come and go. Every model property is
 * mirrored and every model signal relayed; the pending PropertiesChanged of
 * an object goes out before each of its signals, so a client sees
 * State=disconnected, then Disconnect, then CallRemoved and the object's
 * removal. Methods on the path of a call or line that is gone fail with
 * NoSuchCall or NoSuchLine.
 */

DtDbusService    *dt_dbus_service_new                 (const char        *object_path,
                                                       GActionGroup      *actions);

/* On one connection at a time; the objects stay current while unexported */
gboolean          dt_dbus_service_export              (DtDbusService     *self,
                                                       GDBusConnection   *connection,
                                                       GError           **error);
void              dt_dbus_service_unexport            (DtDbusService     *self);

DtCallManager    *dt_dbus_service_get_call_manager    (DtDbusService     *self);
void              dt_dbus_service_set_call_manager    (DtDbusService     *self,
                                                       DtCallManager     *manager);
DtAccountHandler *dt_dbus_service_get_account_handler (DtDbusService     *self);
void              dt_dbus_service_set_account_handler (DtDbusService     *self,
                                                       DtAccountHandler  *handler);

G_END_DECLS
