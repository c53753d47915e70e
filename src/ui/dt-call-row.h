/* dt-call-row.h: one of the other calls, in the call view's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_ROW (dt_call_row_get_type ())
G_DECLARE_FINAL_TYPE (DtCallRow, dt_call_row, DT, CALL_ROW, AdwActionRow)

/*
 * Properties: call (DtCall, construct-only)
 * Actions: call-row.answer, call-row.decline (enabled while the call rings);
 *   a failure is shown with the window.toast action
 */

GtkWidget *dt_call_row_new      (DtCall    *call);
DtCall    *dt_call_row_get_call (DtCallRow *self);

G_END_DECLS
