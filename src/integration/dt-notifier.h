/* dt-notifier.h: a desktop notification for each incoming call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_NOTIFIER (dt_notifier_get_type ())
G_DECLARE_FINAL_TYPE (DtNotifier, dt_notifier, DT, NOTIFIER, GObject)

/*
 * Properties (construct-only): manager (DtCallManager), connection
 *   (GDBusConnection, the session bus), application (GApplication, weak,
 *   may be NULL: what a click on the notification itself brings up)
 *
 * Each DtCallManager::incoming-call becomes an org.freedesktop.Notifications
 * notification (urgency critical, category "call.incoming", never expiring)
 * with the caller and Answer and Decline, which act on the call. It is
 * withdrawn as soon as the call stops ringing, however that happened:
 * answered or declined here, in the window or over D-Bus, or cancelled by
 * the caller. A call the caller gave up on (disconnect reason "missed")
 * leaves a "Missed call" notification (category call.unanswered). Nothing
 * waits for the notification server; without one there are just no
 * notifications.
 */

DtNotifier *dt_notifier_new (DtCallManager   *manager,
                             GDBusConnection *connection,
                             GApplication    *application);

G_END_DECLS
