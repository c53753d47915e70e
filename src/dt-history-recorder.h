/* dt-history-recorder.h: every call that ends goes into the call history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call-history.h"
#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_HISTORY_RECORDER (dt_history_recorder_get_type ())
G_DECLARE_FINAL_TYPE (DtHistoryRecorder, dt_history_recorder, DT, HISTORY_RECORDER, GObject)

/* Watches @manager for as long as the recorder lives: each call, when it
 * disconnects, becomes a DtCallRecord in @history (answered, missed,
 * declined, cancelled or failed, from how far it got). A record the
 * history cannot store is logged as a warning and the call goes on
 * unaffected. */
DtHistoryRecorder *dt_history_recorder_new (DtCallManager *manager,
                                            DtCallHistory *history);

/* Pure: how a call that disconnected with @reason ended for the user */
DtCallOutcome      dt_history_recorder_outcome (gboolean    incoming,
                                                gboolean    answered,
                                                const char *reason);

G_END_DECLS
