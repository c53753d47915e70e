/* dt-call-manager.h: every line and call (the seeds' CallingClient / PhoneOperator)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call.h"
#include "dt-line.h"
#include "dt-media-backend.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_MANAGER (dt_call_manager_get_type ())
G_DECLARE_FINAL_TYPE (DtCallManager, dt_call_manager, DT, CALL_MANAGER, GObject)

/*
 * Properties: media-backend (construct-only, may be NULL), max-calls (u,
 *   0 = no limit; default 4), n-calls (u), connected-call (DtCall),
 *   current-call (DtCall), direct-line (DtLine), default-line (DtLine),
 *   input-device (s), output-device (s)
 * Signals: incoming-call (DtCall), call-added (DtCall), call-removed (DtCall),
 *   line-added (DtLine), line-removed (DtLine)
 *
 * Invariant: at most one active call (connected, established or
 * remote-held) across all lines. Answering, resuming or dialing first
 * holds the active call; if that hold fails the request still goes ahead
 * and the held call reports a hold error.
 */

DtCallManager *dt_call_manager_new                (DtMediaBackend *media_backend);

void           dt_call_manager_add_line           (DtCallManager  *self,
                                                   DtLine         *line);
void           dt_call_manager_remove_line        (DtCallManager  *self,
                                                   DtLine         *line);
/* GListModel of DtLine */
GListModel    *dt_call_manager_get_lines          (DtCallManager  *self);
DtLine        *dt_call_manager_get_line           (DtCallManager  *self,
                                                   const char     *id);
/* GListModel of DtCall, every call of every line in creation order */
GListModel    *dt_call_manager_get_calls          (DtCallManager  *self);
/* GListModel of DtCall: inbound calls still ringing */
GListModel    *dt_call_manager_get_incoming_calls (DtCallManager  *self);
DtCall        *dt_call_manager_get_call           (DtCallManager  *self,
                                                   const char     *correlation_id);
DtCall        *dt_call_manager_get_connected_call (DtCallManager  *self);
/* line id → GPtrArray of DtCall (lines without calls are left out);
 * transfer full */
GHashTable    *dt_call_manager_get_active_calls   (DtCallManager  *self);
DtCall        *dt_call_manager_get_current_call   (DtCallManager  *self);
gboolean       dt_call_manager_set_current_call   (DtCallManager  *self,
                                                   DtCall         *call,
                                                   GError        **error);
guint          dt_call_manager_get_max_calls      (DtCallManager  *self);
void           dt_call_manager_set_max_calls      (DtCallManager  *self,
                                                   guint           max_calls);
guint          dt_call_manager_get_n_calls        (DtCallManager  *self);
gboolean       dt_call_manager_get_is_max_calls   (DtCallManager  *self);
DtLine        *dt_call_manager_get_direct_line    (DtCallManager  *self);
/* The first registered account line, else the direct line, else NULL */
DtLine        *dt_call_manager_get_default_line   (DtCallManager  *self);
/* Dial on the default line; DT_CALL_ERROR_NO_SUCH_LINE when there is none */
DtCall        *dt_call_manager_dial               (DtCallManager  *self,
                                                   const char     *target,
                                                   GError        **error);
/* Hang up every call (seed: destroy / terminate all) */
void           dt_call_manager_end_all            (DtCallManager  *self);

DtMediaBackend *dt_call_manager_get_media_backend (DtCallManager  *self);
/* GListModel of DtAudioDevice; empty without a media backend */
GListModel    *dt_call_manager_get_audio_devices  (DtCallManager  *self);
const char    *dt_call_manager_get_input_device   (DtCallManager  *self);
const char    *dt_call_manager_get_output_device  (DtCallManager  *self);
/* %NULL or "" keeps the current device; an unknown id fails with
 * DT_CALL_ERROR_INVALID_ARGUMENT and changes nothing */
gboolean       dt_call_manager_set_audio_devices  (DtCallManager  *self,
                                                   const char     *input_id,
                                                   const char     *output_id,
                                                   GError        **error);

G_END_DECLS
