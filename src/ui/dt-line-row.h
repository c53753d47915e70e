/* dt-line-row.h: one line in the list of lines, with its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-line.h"

G_BEGIN_DECLS

#define DT_TYPE_LINE_ROW (dt_line_row_get_type ())
G_DECLARE_FINAL_TYPE (DtLineRow, dt_line_row, DT, LINE_ROW, AdwActionRow)

/*
 * Properties: line (DtLine, construct-only)
 * Title: the line's display name, else its URI. Subtitle: its state.
 */

GtkWidget *dt_line_row_new      (DtLine    *line);
DtLine    *dt_line_row_get_line (DtLineRow *self);

G_END_DECLS
