/* dt-history-row.h: one call of the past, in the list of recent calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call-record.h"

G_BEGIN_DECLS

#define DT_TYPE_HISTORY_ROW (dt_history_row_get_type ())
G_DECLARE_FINAL_TYPE (DtHistoryRow, dt_history_row, DT, HISTORY_ROW, AdwActionRow)

/*
 * Properties: record (DtCallRecord, construct-only)
 * Title: the name, else the address. Subtitle: what happened and when
 * ("Missed call · 14:32"). Its call-back button activates
 * "history.call-back" with the address.
 */

GtkWidget    *dt_history_row_new        (DtCallRecord *record);
DtCallRecord *dt_history_row_get_record (DtHistoryRow *self);

/* "14:32" today, "Yesterday", a weekday within the week, else the date;
 * relative to @now (both unix µs) */
char         *dt_history_row_format_when     (gint64 when,
                                              gint64 now);
/* "2 min 5 s", "45 s", "1 h 3 min" */
char         *dt_history_row_format_duration (gint64 duration);

G_END_DECLS
