/* dt-history-recorder.c: every call that ends goes into the call history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call.h"
#include "dt-history-recorder.h"
#include "dt-line.h"

struct _DtHistoryRecorder
{
  GObject        parent_instance;

  DtCallManager *manager;
  DtCallHistory *history;
  GHashTable    *started; /* DtCall (until it disconnects) → unix µs */
};

G_DEFINE_FINAL_TYPE (DtHistoryRecorder, dt_history_recorder, G_TYPE_OBJECT)

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCallRecord) stored = dt_call_history_add_finish (DT_CALL_HISTORY (source),
                                                               result, &error);

  if (stored == NULL)
    g_warning ("A call could not be added to the history: %s", error->message);
}

static void
on_disconnect (DtCall            *call,
               const char        *reason,
               DtHistoryRecorder *self)
{
  gint64 started = GPOINTER_TO_SIZE (g_hash_table_lookup (self->started, call));
  gboolean incoming = dt_call_get_direction (call) == DT_CALL_DIRECTION_INBOUND;
  gint64 answered = dt_call_get_start_time (call);
  DtLine *line = dt_call_get_line (call);
  g_autoptr(DtCallRecord) record = NULL;

  record = dt_call_record_new (incoming,
                               dt_call_get_remote_uri (call) != NULL ? dt_call_get_remote_uri (call) : "",
                               dt_call_get_remote_name (call),
                               line != NULL ? dt_line_get_id (line) : NULL,
                               dt_history_recorder_outcome (incoming, answered != 0, reason),
                               reason,
                               started != 0 ? started : g_get_real_time (),
                               answered,
                               g_get_real_time ());
  dt_call_history_add_async (self->history, record, NULL, on_added, NULL);

  g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove (self->started, call);
}

static void
on_call_added (DtCallManager     *manager,
               DtCall            *call,
               DtHistoryRecorder *self)
{
  g_hash_table_insert (self->started, g_object_ref (call), GSIZE_TO_POINTER ((gsize) g_get_real_time ()));
  g_signal_connect_object (call, "disconnect", G_CALLBACK (on_disconnect), self, 0);
}

static void
dt_history_recorder_dispose (GObject *object)
{
  DtHistoryRecorder *self = DT_HISTORY_RECORDER (object);
  GHashTableIter iter;
  gpointer call;

  g_hash_table_iter_init (&iter, self->started);
  while (g_hash_table_iter_next (&iter, &call, NULL))
    g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove_all (self->started);
  g_clear_object (&self->manager);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (dt_history_recorder_parent_class)->dispose (object);
}

static void
dt_history_recorder_finalize (GObject *object)
{
  DtHistoryRecorder *self = DT_HISTORY_RECORDER (object);

  g_hash_table_unref (self->started);

  G_OBJECT_CLASS (dt_history_recorder_parent_class)->finalize (object);
}

static void
dt_history_recorder_class_init (DtHistoryRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_history_recorder_dispose;
  object_class->finalize = dt_history_recorder_finalize;
}

static void
dt_history_recorder_init (DtHistoryRecorder *self)
{
  self->started = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

DtHistoryRecorder *
dt_history_recorder_new (DtCallManager *manager,
                         DtCallHistory *history)
{
  DtHistoryRecorder *self;

  g_return_val_if_fail (DT_IS_CALL_MANAGER (manager), NULL);
  g_return_val_if_fail (DT_IS_CALL_HISTORY (history), NULL);

  self = g_object_new (DT_TYPE_HISTORY_RECORDER, NULL);
  self->manager = g_object_ref (manager);
  self->history = g_object_ref (history);
  g_signal_connect_object (manager, "call-added", G_CALLBACK (on_call_added), self, 0);
  return self;
}

DtCallOutcome
dt_history_recorder_outcome (gboolean    incoming,
                             gboolean    answered,
                             const char *reason)
{
  if (answered)
    return DT_CALL_OUTCOME_ANSWERED;
  if (incoming)
    {
      /* Only our own refusal ends a ringing call with a status: the
       * caller gives up with a CANCEL */
      return reason != NULL && (g_str_has_prefix (reason, "486") || g_str_has_prefix (reason, "603"))
             ? DT_CALL_OUTCOME_DECLINED : DT_CALL_OUTCOME_MISSED;
    }
  return g_strcmp0 (reason, "cancelled") == 0 ? DT_CALL_OUTCOME_CANCELLED : DT_CALL_OUTCOME_FAILED;
}
