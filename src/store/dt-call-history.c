/* dt-call-history.c: the calls of the past, in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-history.h"
#include "dt-history-db.h"
#include "dt-store-error.h"

typedef enum {
  JOB_LOAD,
  JOB_ADD,
  JOB_REMOVE,
  JOB_CLEAR,
} JobKind;

/* One request, run on the worker and finished on the caller's context */
typedef struct {
  JobKind        kind;
  GTask         *task;
  DtCallRecord  *record; /* add: asked for, then as stored */
  gint64         id;     /* remove */
  GPtrArray     *rows;   /* load: what the file holds */
  char          *set_aside;
  GError        *error;
} Job;

struct _DtCallHistory
{
  GObject      parent_instance;

  char        *path;
  GPtrArray   *records; /* DtCallRecord, newest first; main context only */
  GThreadPool *worker;  /* one thread: jobs run in the order asked */
  DtHistoryDb *db;      /* the worker's alone */
};

static void dt_call_history_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtCallHistory, dt_call_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dt_call_history_list_model_init))

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->record);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job->set_aside);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
replace_all (DtCallHistory *self,
             GPtrArray     *rows)
{
  guint removed = self->records->len;

  g_ptr_array_set_size (self->records, 0);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (self->records, g_object_ref (g_ptr_array_index (rows, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->records->len);
}

static void
remove_id (DtCallHistory *self,
           gint64         id)
{
  for (guint i = 0; i < self->records->len; i++)
    {
      if (dt_call_record_get_id (g_ptr_array_index (self->records, i)) == id)
        {
          g_ptr_array_remove_index (self->records, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          return;
        }
    }
}

/* On the caller's context: the list follows what the file now holds,
 * then the caller hears of it */
static gboolean
finish_job (gpointer data)
{
  g_autoptr(Job) job = data;
  DtCallHistory *self = g_task_get_source_object (job->task);

  if (job->error != NULL)
    {
      /* A load that set a broken file aside still started a new one */
      if (job->kind == JOB_LOAD && job->rows != NULL)
        replace_all (self, job->rows);
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return G_SOURCE_REMOVE;
    }

  switch (job->kind)
    {
    case JOB_LOAD:
      replace_all (self, job->rows);
      g_task_return_boolean (job->task, TRUE);
      break;
    case JOB_ADD:
      g_ptr_array_insert (self->records, 0, g_object_ref (job->record));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
      g_task_return_pointer (job->task, g_steal_pointer (&job->record), g_object_unref);
      break;
    case JOB_REMOVE:
      remove_id (self, job->id);
      g_task_return_boolean (job->task, TRUE);
      break;
    case JOB_CLEAR:
      {
        guint removed = self->records->len;

        g_ptr_array_set_size (self->records, 0);
        g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
        g_task_return_boolean (job->task, TRUE);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  DtCallHistory *self = user_data;
  GSource *source;

  /* Opened on the first job, and again after a failure: a folder that
   * could not be written may be writable now */
  if (self->db == NULL)
    self->db = dt_history_db_open (self->path, &job->set_aside, &job->error);

  if (self->db != NULL)
    {
      switch (job->kind)
        {
        case JOB_LOAD:
          job->rows = dt_history_db_read_all (self->db, &job->error);
          /* The load is where a set-aside file is reported */
          if (job->error == NULL && job->set_aside != NULL)
            g_set_error (&job->error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                         _("The call history was damaged. It has been kept as %s, and a new one started."),
                         job->set_aside);
          break;
        case JOB_ADD:
          {
            gint64 id = dt_history_db_insert (self->db, job->record, &job->error);

            if (id != 0)
              {
                DtCallRecord *stored = dt_call_record_with_id (job->record, id);

                g_object_unref (job->record);
                job->record = stored;
              }
          }
          break;
        case JOB_REMOVE:
          dt_history_db_delete (self->db, job->id, &job->error);
          break;
        case JOB_CLEAR:
          dt_history_db_clear (self->db, &job->error);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Always through a source: g_main_context_invoke() would run it right
   * here, on the worker, whenever the main thread is between iterations */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_job, job, NULL);
  g_source_set_static_name (source, "[dialtone] call history job");
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);
}

static void
push_job (DtCallHistory *self,
          Job           *job)
{
  g_thread_pool_push (self->worker, job, NULL);
}

static Job *
job_new (DtCallHistory       *self,
         JobKind              kind,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  return job;
}

static GType
dt_call_history_get_item_type (GListModel *model)
{
  return DT_TYPE_CALL_RECORD;
}

static guint
dt_call_history_get_n_items (GListModel *model)
{
  return DT_CALL_HISTORY (model)->records->len;
}

static gpointer
dt_call_history_get_item (GListModel *model,
                          guint       position)
{
  DtCallHistory *self = DT_CALL_HISTORY (model);

  if (position >= self->records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
dt_call_history_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dt_call_history_get_item_type;
  iface->get_n_items = dt_call_history_get_n_items;
  iface->get_item = dt_call_history_get_item;
}

static void
dt_call_history_finalize (GObject *object)
{
  DtCallHistory *self = DT_CALL_HISTORY (object);

  /* Every job holds the history through its task: none is left here */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_pointer (&self->db, dt_history_db_close);
  g_ptr_array_unref (self->records);
  g_free (self->path);

  G_OBJECT_CLASS (dt_call_history_parent_class)->finalize (object);
}

static void
dt_call_history_class_init (DtCallHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dt_call_history_finalize;
}

static void
dt_call_history_init (DtCallHistory *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  self->worker = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
}

DtCallHistory *
dt_call_history_new (const char *path)
{
  DtCallHistory *self = g_object_new (DT_TYPE_CALL_HISTORY, NULL);

  self->path = path != NULL ? g_strdup (path)
                            : g_build_filename (g_get_user_data_dir (), "dialtone", "history.db", NULL);
  return self;
}

const char *
dt_call_history_get_path (DtCallHistory *self)
{
  g_return_val_if_fail (DT_IS_CALL_HISTORY (self), NULL);

  return self->path;
}

void
dt_call_history_load_async (DtCallHistory       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DT_IS_CALL_HISTORY (self));

  push_job (self, job_new (self, JOB_LOAD, cancellable, callback, user_data,
                           dt_call_history_load_async));
}

gboolean
dt_call_history_load_finish (DtCallHistory  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_call_history_add_async (DtCallHistory       *self,
                           DtCallRecord        *record,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DT_IS_CALL_HISTORY (self));
  g_return_if_fail (DT_IS_CALL_RECORD (record));

  job = job_new (self, JOB_ADD, cancellable, callback, user_data, dt_call_history_add_async);
  job->record = g_object_ref (record);
  push_job (self, job);
}

DtCallRecord *
dt_call_history_add_finish (DtCallHistory  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dt_call_history_remove_async (DtCallHistory       *self,
                              gint64               id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DT_IS_CALL_HISTORY (self));

  job = job_new (self, JOB_REMOVE, cancellable, callback, user_data, dt_call_history_remove_async);
  job->id = id;
  push_job (self, job);
}

gboolean
dt_call_history_remove_finish (DtCallHistory  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_call_history_clear_async (DtCallHistory       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DT_IS_CALL_HISTORY (self));

  push_job (self, job_new (self, JOB_CLEAR, cancellable, callback, user_data,
                           dt_call_history_clear_async));
}

gboolean
dt_call_history_clear_finish (DtCallHistory  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
