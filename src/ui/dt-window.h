/* dt-window.h: the main window: dial pad, lines and toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_WINDOW (dt_window_get_type ())
G_DECLARE_FINAL_TYPE (DtWindow, dt_window, DT, WINDOW, AdwApplicationWindow)

/*
 * Properties: manager (DtCallManager, construct-only), settings (GSettings
 *   of org.dialtone.Dialtone, construct-only, may be NULL: the window then
 *   remembers nothing), history (GListModel of DtCallRecord, the recent
 *   calls, newest first; NULL: none to show)
 * Shows the dial pad and the recent calls (whose call-back buttons dial)
 * while there are no calls, else the manager's current
 * call (DtCallView), which follows the connected call.
 * Actions: window.toast (s message) shows @message as a toast;
 *   window.new-call shows the dial pad during calls, window.show-call goes
 *   back to the call view. A call placed here becomes the current call.
 */

DtWindow      *dt_window_new         (GtkApplication *application,
                                      DtCallManager  *manager,
                                      GSettings      *settings);
DtCallManager *dt_window_get_manager (DtWindow       *self);
GListModel    *dt_window_get_history (DtWindow       *self);
void           dt_window_set_history (DtWindow       *self,
                                      GListModel     *history);
/* Dial @target on the default line; a failure is shown as a toast and also
 * returned. transfer none. */
DtCall        *dt_window_dial        (DtWindow       *self,
                                      const char     *target,
                                      GError        **error);
/* A short message at the bottom of the window; it replaces the one shown */
void           dt_window_show_toast  (DtWindow       *self,
                                      const char     *message);

G_END_DECLS
