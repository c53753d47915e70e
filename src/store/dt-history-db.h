/* dt-history-db.h: the call history's SQLite file, for DtCallHistory's
 * worker thread only (a DtHistoryDb is used by one thread at a time)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dt-call-record.h"

G_BEGIN_DECLS

typedef struct _DtHistoryDb DtHistoryDb;

/* Opens @path (creating it and its folder, private to the user) and
 * brings its tables to the current version. A file that is not a
 * database, or a damaged one, is renamed to @path.broken-<time> and a new
 * one made: *@set_aside is then that name. NULL with DT_STORE_ERROR_IO
 * when the file cannot be opened or comes from a newer version. */
DtHistoryDb *dt_history_db_open     (const char    *path,
                                     char         **set_aside,
                                     GError       **error);
void         dt_history_db_close    (DtHistoryDb   *db);

/* Every record, the newest first; transfer full */
GPtrArray   *dt_history_db_read_all (DtHistoryDb   *db,
                                     GError       **error);
/* The new row's id, or 0 with @error set */
gint64       dt_history_db_insert   (DtHistoryDb   *db,
                                     DtCallRecord  *record,
                                     GError       **error);
gboolean     dt_history_db_delete   (DtHistoryDb   *db,
                                     gint64         id,
                                     GError       **error);
gboolean     dt_history_db_clear    (DtHistoryDb   *db,
                                     GError       **error);

G_END_DECLS
