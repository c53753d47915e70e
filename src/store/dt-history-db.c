/* dt-history-db.c: the call history's SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "dt-history-db.h"
#include "dt-store-error.h"

struct _DtHistoryDb
{
  sqlite3 *handle;
};

/* Each entry takes the file from the version before it to its own (the
 * first from an empty file to version 1), in one transaction. Entries
 * are only ever appended. */
static const char *const migrations[] = {
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  incoming INTEGER NOT NULL,"
  "  remote_uri TEXT NOT NULL,"
  "  remote_name TEXT,"
  "  line_id TEXT,"
  "  outcome TEXT NOT NULL,"
  "  reason TEXT,"
  "  started INTEGER NOT NULL,"
  "  answered INTEGER NOT NULL,"
  "  ended INTEGER NOT NULL);"
  "CREATE INDEX calls_by_end ON calls (ended);",
};

static gboolean
is_damage (int code)
{
  code &= 0xff;
  return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

static void
set_io_error (GError  **error,
              sqlite3  *handle,
              int       code)
{
  /* sqlite's message names no user data, and tells a bug report more
   * than "failed" */
  g_set_error (error, DT_STORE_ERROR, is_damage (code) ? DT_STORE_ERROR_CORRUPT : DT_STORE_ERROR_IO,
               _("The call history could not be saved or read (%s)."),
               handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (code));
}

static int
exec (sqlite3    *handle,
      const char *sql)
{
  return sqlite3_exec (handle, sql, NULL, NULL, NULL);
}

static int
user_version (sqlite3 *handle,
              int     *version)
{
  sqlite3_stmt *statement = NULL;
  int code = sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &statement, NULL);

  if (code == SQLITE_OK)
    {
      code = sqlite3_step (statement);
      if (code == SQLITE_ROW)
        {
          *version = sqlite3_column_int (statement, 0);
          code = SQLITE_OK;
        }
    }
  sqlite3_finalize (statement);
  return code;
}

/* The file must exist before sqlite opens it: sqlite gives the -wal and
 * -shm files the database's mode, and the history is nobody else's */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                   _("The call history could not be saved or read (%s)."), g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                   _("The call history could not be saved or read (%s)."), g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static char *
set_aside_files (const char  *path,
                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.broken-%s", path, stamp);
  static const char *const companions[] = { "-wal", "-shm" };

  if (g_rename (path, aside) != 0)
    {
      int saved = errno;

      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                   _("The call history is damaged and could not be set aside (%s)."),
                   g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      g_rename (from, to);
    }
  return g_steal_pointer (&aside);
}

static int
migrate (sqlite3 *handle,
         int      from)
{
  for (int version = from; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      int code = exec (handle, "BEGIN IMMEDIATE");

      if (code == SQLITE_OK)
        code = exec (handle, migrations[version]);
      if (code == SQLITE_OK)
        code = exec (handle, bump);
      if (code == SQLITE_OK)
        code = exec (handle, "COMMIT");
      if (code != SQLITE_OK)
        {
          exec (handle, "ROLLBACK");
          return code;
        }
    }
  return SQLITE_OK;
}

/* SQLITE_OK with *handle open and current, or the first failing code */
static int
open_current (const char  *path,
              sqlite3    **handle,
              int         *version)
{
  int code = sqlite3_open_v2 (path, handle,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

  if (code == SQLITE_OK)
    {
      sqlite3_extended_result_codes (*handle, 1);
      sqlite3_busy_timeout (*handle, 2000);
      code = user_version (*handle, version);
    }
  if (code == SQLITE_OK && *version > (int) G_N_ELEMENTS (migrations))
    return SQLITE_OK;
  /* WAL: a reader never waits for the writer, and a crash mid-write
   * leaves the last committed state */
  if (code == SQLITE_OK)
    code = exec (*handle, "PRAGMA journal_mode = WAL");
  if (code == SQLITE_OK)
    code = exec (*handle, "PRAGMA synchronous = FULL");
  if (code == SQLITE_OK)
    code = migrate (*handle, *version);
  return code;
}

DtHistoryDb *
dt_history_db_open (const char  *path,
                    char       **set_aside,
                    GError     **error)
{
  sqlite3 *handle = NULL;
  DtHistoryDb *db;
  int version = 0;
  int code;

  *set_aside = NULL;
  if (!create_private (path, error))
    return NULL;

  code = open_current (path, &handle, &version);
  if (is_damage (code))
    {
      sqlite3_close (handle);
      handle = NULL;
      *set_aside = set_aside_files (path, error);
      if (*set_aside == NULL || !create_private (path, error))
        return NULL;
      code = open_current (path, &handle, &version);
    }

  if (code != SQLITE_OK)
    {
      set_io_error (error, handle, code);
      sqlite3_close (handle);
      return NULL;
    }
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error_literal (error, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                           _("The call history was saved by a newer version of Dialtone, so this version leaves it alone."));
      sqlite3_close (handle);
      return NULL;
    }

  db = g_new0 (DtHistoryDb, 1);
  db->handle = handle;
  return db;
}

void
dt_history_db_close (DtHistoryDb *db)
{
  if (db == NULL)
    return;
  sqlite3_close (db->handle);
  g_free (db);
}

static const char *
column_text (sqlite3_stmt *statement,
             int           column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

GPtrArray *
dt_history_db_read_all (DtHistoryDb  *db,
                        GError      **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *statement = NULL;
  int code = sqlite3_prepare_v2 (db->handle,
                                 "SELECT id, incoming, remote_uri, remote_name, line_id, outcome,"
                                 " reason, started, answered, ended FROM calls"
                                 " ORDER BY ended DESC, id DESC", -1, &statement, NULL);

  while (code == SQLITE_OK && (code = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(DtCallRecord) record = NULL;
      DtCallOutcome outcome = DT_CALL_OUTCOME_ANSWERED;

      code = SQLITE_OK;
      /* A row another version wrote with an outcome this one does not
       * know is still a call the user made */
      dt_call_outcome_from_string (column_text (statement, 5), &outcome);
      record = dt_call_record_new (sqlite3_column_int (statement, 1) != 0,
                                   column_text (statement, 2),
                                   column_text (statement, 3),
                                   column_text (statement, 4),
                                   outcome,
                                   column_text (statement, 6),
                                   sqlite3_column_int64 (statement, 7),
                                   sqlite3_column_int64 (statement, 8),
                                   sqlite3_column_int64 (statement, 9));
      g_ptr_array_add (records, dt_call_record_with_id (record, sqlite3_column_int64 (statement, 0)));
    }
  sqlite3_finalize (statement);

  if (code != SQLITE_DONE)
    {
      set_io_error (error, db->handle, code);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
dt_history_db_insert (DtHistoryDb   *db,
                      DtCallRecord  *record,
                      GError       **error)
{
  sqlite3_stmt *statement = NULL;
  gint64 id = 0;
  int code = sqlite3_prepare_v2 (db->handle,
                                 "INSERT INTO calls (incoming, remote_uri, remote_name, line_id,"
                                 " outcome, reason, started, answered, ended)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &statement, NULL);

  if (code == SQLITE_OK)
    {
      sqlite3_bind_int (statement, 1, dt_call_record_get_incoming (record));
      sqlite3_bind_text (statement, 2, dt_call_record_get_remote_uri (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 3, dt_call_record_get_remote_name (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 4, dt_call_record_get_line_id (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 5, dt_call_outcome_to_string (dt_call_record_get_outcome (record)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 6, dt_call_record_get_reason (record), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 7, dt_call_record_get_started (record));
      sqlite3_bind_int64 (statement, 8, dt_call_record_get_answered (record));
      sqlite3_bind_int64 (statement, 9, dt_call_record_get_ended (record));
      code = sqlite3_step (statement);
    }
  if (code == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (db->handle);
  else
    set_io_error (error, db->handle, code);
  sqlite3_finalize (statement);
  return id;
}

gboolean
dt_history_db_delete (DtHistoryDb  *db,
                      gint64        id,
                      GError      **error)
{
  sqlite3_stmt *statement = NULL;
  int code = sqlite3_prepare_v2 (db->handle, "DELETE FROM calls WHERE id = ?", -1, &statement, NULL);

  if (code == SQLITE_OK)
    {
      sqlite3_bind_int64 (statement, 1, id);
      code = sqlite3_step (statement);
    }
  sqlite3_finalize (statement);

  if (code != SQLITE_DONE)
    {
      set_io_error (error, db->handle, code);
      return FALSE;
    }
  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error_literal (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND,
                           _("That call is no longer in the history."));
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_history_db_clear (DtHistoryDb  *db,
                     GError      **error)
{
  int code = exec (db->handle, "DELETE FROM calls");

  if (code != SQLITE_OK)
    {
      set_io_error (error, db->handle, code);
      return FALSE;
    }
  return TRUE;
}
