/* dt-call-view.h: the call being shown, its controls and the other calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_VIEW (dt_call_view_get_type ())
G_DECLARE_FINAL_TYPE (DtCallView, dt_call_view, DT, CALL_VIEW, GtkWidget)

/*
 * Properties: manager (DtCallManager: its other calls are listed below the
 *   controls), call (DtCall, the one shown; may be NULL)
 * Actions (group "call"): answer, decline, end, transfer (asks for the
 *   address, DtTransferDialog), complete-transfer (on a consultation call:
 *   puts the held call through to this one), accept-transfer and
 *   refuse-transfer (while the other party asks, by REFER, to transfer
 *   us elsewhere), hold (boolean state: the call is on hold), mute (boolean
 *   state: the microphone is muted); each enabled only when the call's
 *   state allows it. Failures are shown with the window.toast action.
 */

GtkWidget     *dt_call_view_new         (void);
DtCallManager *dt_call_view_get_manager (DtCallView    *self);
void           dt_call_view_set_manager (DtCallView    *self,
                                         DtCallManager *manager);
DtCall        *dt_call_view_get_call    (DtCallView    *self);
void           dt_call_view_set_call    (DtCallView    *self,
                                         DtCall        *call);

G_END_DECLS
