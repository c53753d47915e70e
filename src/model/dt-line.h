/* dt-line.h: a line, an account or the direct line (the seeds' line)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call-backend.h"
#include "dt-line-backend.h"
#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_LINE (dt_line_get_type ())
G_DECLARE_FINAL_TYPE (DtLine, dt_line, DT, LINE, GObject)

/*
 * Properties: id (s, construct-only), uri (s, construct-only), direct (b,
 *   construct-only: no registrar, always usable), display-name (s),
 *   transport (s), srtp (s), state (DtLineState), registered (b),
 *   last-error (s), last-status (u, SIP status of the last failure),
 *   retry-limit (u), attempt (u, the current registration attempt),
 *   manager (DtCallManager, weak), n-calls (u)
 * Signals: registered, unregistered, registration-failed (u status, s reason)
 */

/* @backend may be NULL: every call then fails with a clear error (a line
 * whose transport is not available in this build). */
DtLine     *dt_line_new                (const char     *id,
                                        const char     *uri,
                                        gboolean        direct,
                                        DtLineBackend  *backend);

gboolean    dt_line_register           (DtLine         *self,
                                        GError        **error);
gboolean    dt_line_unregister         (DtLine         *self,
                                        GError        **error);
/* Create an outbound call and start it (after holding the connected call,
 * if any). transfer none: the line owns its calls. */
DtCall     *dt_line_dial               (DtLine         *self,
                                        const char     *target,
                                        GError        **error);
/* GListModel of DtCall */
GListModel *dt_line_get_calls          (DtLine         *self);

const char    *dt_line_get_id           (DtLine *self);
const char    *dt_line_get_uri          (DtLine *self);
gboolean       dt_line_get_direct       (DtLine *self);
const char    *dt_line_get_display_name (DtLine *self);
void           dt_line_set_display_name (DtLine *self, const char *display_name);
const char    *dt_line_get_transport    (DtLine *self);
void           dt_line_set_transport    (DtLine *self, const char *transport);
const char    *dt_line_get_srtp         (DtLine *self);
void           dt_line_set_srtp         (DtLine *self, const char *srtp);
guint          dt_line_get_retry_limit  (DtLine *self);
void           dt_line_set_retry_limit  (DtLine *self, guint retry_limit);
DtLineState    dt_line_get_state        (DtLine *self);
gboolean       dt_line_get_registered   (DtLine *self);
const char    *dt_line_get_last_error   (DtLine *self);
guint          dt_line_get_last_status  (DtLine *self);
guint          dt_line_get_attempt      (DtLine *self);
DtCallManager *dt_line_get_manager      (DtLine *self);
DtLineBackend *dt_line_get_backend      (DtLine *self);
/* Whether a call can be placed on it now (direct, or registered) */
gboolean       dt_line_get_usable       (DtLine *self);

/* Reports, for backends only */
void    dt_line_report_registering         (DtLine        *self,
                                            guint          attempt);
void    dt_line_report_registered          (DtLine        *self);
void    dt_line_report_unregistered        (DtLine        *self);
void    dt_line_report_registration_failed (DtLine        *self,
                                            guint          sip_status,
                                            const char    *reason);
/* A new inbound call in state ringing. Returns NULL with
 * DT_CALL_ERROR_MAX_CALLS when the manager is full (the backend answers
 * 486 Busy Here without ringing). transfer none. */
DtCall *dt_line_add_incoming_call          (DtLine        *self,
                                            DtCallBackend *backend,
                                            const char    *remote_uri,
                                            const char    *remote_name,
                                            GError       **error);
/* A new inbound call that takes over @replaced, an answered call of this
 * line (an INVITE with Replaces, RFC 3891): it never rings and is not an
 * incoming call; it starts connected, and the backend answers it at once
 * and ends @replaced. NULL with DT_CALL_ERROR_INVALID_STATE when @replaced
 * is not an answered call of this line. transfer none. */
DtCall *dt_line_add_replacing_call         (DtLine        *self,
                                            DtCallBackend *backend,
                                            DtCall        *replaced,
                                            const char    *remote_uri,
                                            const char    *remote_name,
                                            GError       **error);

G_END_DECLS
