/* dt-model-private.h: how the model's own types talk to each other
 *
 * Not for other layers: ui/, dbus/, sip/ and media/ use the public headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call.h"
#include "dt-call-manager.h"
#include "dt-line.h"

G_BEGIN_DECLS

/* Replaces *@field with a copy of @value; FALSE when they were equal, so a
 * setter knows whether to notify (g_set_str needs GLib 2.76) */
gboolean       dt_set_string                  (char           **field,
                                               const char      *value);

/* A SIP URI, tel: URI or number: not empty, no blanks or control characters */
gboolean       dt_is_valid_target             (const char      *target);

/* A public getter: the instance check, then @expr (of `self`) */
#define DT_DEFINE_GETTER(Type, prefix, is_type, ret, name, fallback, expr) \
  ret                                                                     \
  prefix##_get_##name (Type *self)                                        \
  {                                                                       \
    g_return_val_if_fail (is_type (self), fallback);                      \
    return expr;                                                          \
  }

/* Sets @error to @code / @message unless @ok; returns @ok, so that checks
 * chain with && */
gboolean       dt_check                       (gboolean         ok,
                                               int              code,
                                               const char      *message,
                                               GError         **error);

/* A new file for a recording in the default folder (created if missing):
 * $XDG_MUSIC_DIR, else $XDG_DATA_HOME/dialtone/recordings */
char          *dt_media_backend_default_recording_path (const char  *correlation_id,
                                                        GError     **error);

/* A new call in its first state (dialing or ringing), not yet tracked */
DtCall        *dt_call_new                    (DtLine          *line,
                                               DtCallDirection  direction,
                                               const char      *remote_uri,
                                               const char      *remote_name);
void           dt_call_set_backend            (DtCall          *self,
                                               DtCallBackend   *backend);
DtCallBackend *dt_call_get_backend            (DtCall          *self);
void           dt_call_set_consultation_for   (DtCall          *self,
                                               DtCall          *original);

void           dt_line_set_manager            (DtLine          *self,
                                               DtCallManager   *manager);
/* Called by the call once it has emitted disconnect: the line drops it and
 * the manager untracks it (call-removed). */
void           dt_line_remove_call            (DtLine          *self,
                                               DtCall          *call);

/* DT_CALL_ERROR_MAX_CALLS when one more call would exceed max-calls */
gboolean       dt_call_manager_check_capacity (DtCallManager   *self,
                                               GError         **error);
/* Adds to the calls list (and the incoming list when ringing), makes it the
 * current call when there is none, emits call-added (and incoming-call). */
void           dt_call_manager_track_call     (DtCallManager   *self,
                                               DtCall          *call);
void           dt_call_manager_untrack_call   (DtCallManager   *self,
                                               DtCall          *call);

typedef void (*DtAfterHoldFunc) (DtCall *call);

/* Keeps the one-active-call invariant: when a call other than @call is
 * active, asks it to hold and runs @func (@call) once that hold is settled
 * (held, failed with a hold error, or the held call ended); otherwise runs
 * @func at once. A failed hold request is reported on the call that should
 * have been held (error, kind hold) and @func still runs. @func is skipped
 * when @call is disconnected by then. */
void           dt_call_manager_hold_active_then (DtCallManager *self,
                                                 DtCall        *call,
                                                 DtAfterHoldFunc func);

/* The line's live call placed to transfer @original, if any */
DtCall        *dt_line_find_consultation      (DtLine          *self,
                                               DtCall          *original);

/* Drops what waits for a hold on behalf of @call (the user ended it
 * meanwhile); FALSE when nothing waited */
gboolean       dt_call_manager_cancel_wait      (DtCallManager *self,
                                                 DtCall        *call);

G_END_DECLS
