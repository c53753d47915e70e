/* dt-call-record.h: one call in the history, as it ended
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a call ended for the user; the nicks are the history file's */
typedef enum {
  DT_CALL_OUTCOME_ANSWERED,  /* talked, either way */
  DT_CALL_OUTCOME_MISSED,    /* rang here and nobody answered */
  DT_CALL_OUTCOME_DECLINED,  /* rang here and was refused */
  DT_CALL_OUTCOME_CANCELLED, /* placed, and given up on before an answer */
  DT_CALL_OUTCOME_FAILED,    /* placed, and refused or unreachable */
} DtCallOutcome;

#define DT_TYPE_CALL_RECORD (dt_call_record_get_type ())
G_DECLARE_FINAL_TYPE (DtCallRecord, dt_call_record, DT, CALL_RECORD, GObject)

/*
 * Properties, all construct-only (a record never changes):
 *   id (gint64, the history's row id; 0 until stored), incoming (b),
 *   remote-uri (s, never NULL), remote-name (s), line-id (s),
 *   outcome (DtCallOutcome), reason (s, how the call ended: "hangup",
 *   "486 Busy Here" …), started, answered, ended (gint64, unix µs;
 *   answered is 0 for a call never answered)
 */

DtCallRecord  *dt_call_record_new             (gboolean       incoming,
                                               const char    *remote_uri,
                                               const char    *remote_name,
                                               const char    *line_id,
                                               DtCallOutcome  outcome,
                                               const char    *reason,
                                               gint64         started,
                                               gint64         answered,
                                               gint64         ended);
/* The same record, as stored under @id */
DtCallRecord  *dt_call_record_with_id         (DtCallRecord  *self,
                                               gint64         id);

gint64         dt_call_record_get_id          (DtCallRecord  *self);
gboolean       dt_call_record_get_incoming    (DtCallRecord  *self);
const char    *dt_call_record_get_remote_uri  (DtCallRecord  *self);
const char    *dt_call_record_get_remote_name (DtCallRecord  *self);
const char    *dt_call_record_get_line_id     (DtCallRecord  *self);
DtCallOutcome  dt_call_record_get_outcome     (DtCallRecord  *self);
const char    *dt_call_record_get_reason      (DtCallRecord  *self);
gint64         dt_call_record_get_started     (DtCallRecord  *self);
gint64         dt_call_record_get_answered    (DtCallRecord  *self);
gint64         dt_call_record_get_ended       (DtCallRecord  *self);
/* From the answer to the end, in µs; 0 for a call never answered */
gint64         dt_call_record_get_duration    (DtCallRecord  *self);

const char    *dt_call_outcome_to_string      (DtCallOutcome  outcome);
/* FALSE for an unknown string */
gboolean       dt_call_outcome_from_string    (const char    *string,
                                               DtCallOutcome *outcome);

G_END_DECLS
