/* dt-call-history.h: the calls of the past, in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call-record.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_HISTORY (dt_call_history_get_type ())
G_DECLARE_FINAL_TYPE (DtCallHistory, dt_call_history, DT, CALL_HISTORY, GObject)

/*
 * A GListModel of DtCallRecord, the newest call first. The database
 * ($XDG_DATA_HOME/dialtone/history.db: WAL, versioned migrations, each
 * change one transaction) is only touched by a worker thread, one job
 * after the other in the order they were asked for; the list changes on
 * the main context when a job has finished. A write that has been asked
 * for happens even if its cancellable is cancelled later.
 *
 * A damaged database is set aside (history.db.broken-<time>) and a new
 * one started: the load then fails with DT_STORE_ERROR_CORRUPT, and the
 * history records calls again. A database from a newer Dialtone is left
 * as it is: every job fails with DT_STORE_ERROR_IO.
 */

/* @path: %NULL for the default */
DtCallHistory *dt_call_history_new         (const char           *path);
const char    *dt_call_history_get_path    (DtCallHistory        *self);

void           dt_call_history_load_async  (DtCallHistory        *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       dt_call_history_load_finish (DtCallHistory        *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Stores @record (its id is ignored) and puts it at the top of the list */
void           dt_call_history_add_async   (DtCallHistory        *self,
                                            DtCallRecord         *record,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The record as stored, with its id; transfer full */
DtCallRecord  *dt_call_history_add_finish  (DtCallHistory        *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Forgets the record with @id; DT_STORE_ERROR_NOT_FOUND if there is none */
void           dt_call_history_remove_async  (DtCallHistory      *self,
                                              gint64              id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean       dt_call_history_remove_finish (DtCallHistory      *self,
                                              GAsyncResult       *result,
                                              GError            **error);

/* Forgets every call */
void           dt_call_history_clear_async   (DtCallHistory      *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean       dt_call_history_clear_finish  (DtCallHistory      *self,
                                              GAsyncResult       *result,
                                              GError            **error);

G_END_DECLS
