/* dt-notify-mock.h: reading and driving python-dbusmock's notification
 * daemon (dt-harness --notifications)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the main context until @cond (@data) holds or 30 s passed: the
 * mock is a Python process, slow to answer on a loaded machine */
gboolean  dt_notify_mock_wait_until      (gboolean       (*cond) (gpointer data),
                                          gpointer         data);

/* Every call of @method in $DT_NOTIFY_MOCK_LOG, oldest first, each as
 * "TIME METHOD ARGS…" (a body of two lines keeps its newline) */
char    **dt_notify_mock_calls           (const char      *method);
guint     dt_notify_mock_count           (const char      *method);
/* The mock numbers notifications 1, 2, … in the order of Notify: waits
 * (30 s at most) for the one after @n_before and returns its id */
guint32   dt_notify_mock_wait_for_notify (guint            n_before);
char     *dt_notify_mock_last_notify     (void);
gboolean  dt_notify_mock_was_closed      (guint32          id);
/* Waits (30 s at most) for CloseNotification of @id */
gboolean  dt_notify_mock_wait_closed     (guint32          id);
/* What the server sends when the user clicks a button, or closes it */
void      dt_notify_mock_invoke_action   (GDBusConnection *bus,
                                          guint32          id,
                                          const char      *action);
void      dt_notify_mock_dismiss         (GDBusConnection *bus,
                                          guint32          id);

G_END_DECLS
