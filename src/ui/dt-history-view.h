/* dt-history-view.h: the recent calls, with a call-back button each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DT_TYPE_HISTORY_VIEW (dt_history_view_get_type ())
G_DECLARE_FINAL_TYPE (DtHistoryView, dt_history_view, DT, HISTORY_VIEW, AdwBin)

/*
 * Properties: history (GListModel of DtCallRecord, newest first; NULL
 *   shows the empty page), empty (b, read-only: nothing to show)
 * Signals: call-requested (s uri): the user asked to call a past call's
 *   party back (the "history.call-back" action, with the address)
 */

GtkWidget  *dt_history_view_new         (void);
GListModel *dt_history_view_get_history (DtHistoryView *self);
void        dt_history_view_set_history (DtHistoryView *self,
                                         GListModel    *history);
gboolean    dt_history_view_get_empty   (DtHistoryView *self);

G_END_DECLS
