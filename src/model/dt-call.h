/* dt-call.h: one call (the seeds' ICall / Session)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dt-call-backend.h"
#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL (dt_call_get_type ())
G_DECLARE_FINAL_TYPE (DtCall, dt_call, DT, CALL, GObject)

/*
 * Properties (all read-only from outside, explicit notify):
 *   id (s, SIP Call-ID, set by the backend), correlation-id (s, a local UUID),
 *   line (DtLine, weak), direction (DtCallDirection), state (DtCallState),
 *   remote-uri, remote-name, company, avatar (s), manual-info (b),
 *   connected (b: answered and not over; a held call is still connected),
 *   held (b), remote-held (b), muted (b), early-media (b), secure (b),
 *   codec (s), recording (DtRecordingState), recording-path (s),
 *   start-time (gint64, unix µs of connect, 0 before),
 *   disconnect-reason (s), transfer-target (s, a pending incoming REFER),
 *   consultation-for (DtCall, weak: the call this one was placed to transfer)
 *
 * Signals (the seeds' call events):
 *   caller-id (s uri, s name), progress, connect, established, remote-media,
 *   held, resumed, remote-held (b held), disconnect (s reason),
 *   dtmf-received (s digit), transfer-requested (s target),
 *   transfer-progress (u sip_status), error (DtCallErrorKind, GError)
 */

/* Operations: each checks state and arguments first; on failure it returns
 * FALSE with a DT_CALL_ERROR and changes nothing. Outcomes arrive as
 * signals and property changes once the backend reports them. */
gboolean    dt_call_answer               (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_reject               (DtCall          *self,
                                          gboolean         busy,
                                          GError         **error);
gboolean    dt_call_end                  (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_send_dtmf            (DtCall          *self,
                                          const char      *digits,
                                          GError         **error);
gboolean    dt_call_set_muted            (DtCall          *self,
                                          gboolean         muted,
                                          GError         **error);
gboolean    dt_call_hold                 (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_resume               (DtCall          *self,
                                          GError         **error);
/* The seeds' doHoldResume: hold when connected, resume when held */
gboolean    dt_call_toggle_hold          (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_blind_transfer       (DtCall          *self,
                                          const char      *target,
                                          GError         **error);
gboolean    dt_call_attended_transfer    (DtCall          *self,
                                          DtCall          *consultation,
                                          GError         **error);
/* Hold this call and dial @target on the same line as a consultation call
 * linked to it (seed: call(number, transferId)); transfer none */
DtCall     *dt_call_start_consultation   (DtCall          *self,
                                          const char      *target,
                                          GError         **error);
/* Attended transfer to the consultation call started from this one
 * (seed: completeTransfer) */
gboolean    dt_call_complete_transfer    (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_accept_transfer      (DtCall          *self,
                                          GError         **error);
gboolean    dt_call_refuse_transfer      (DtCall          *self,
                                          GError         **error);
/* @path: %NULL or "" picks a file in the default recordings folder */
gboolean    dt_call_start_recording      (DtCall          *self,
                                          const char      *path,
                                          GError         **error);
gboolean    dt_call_pause_recording      (DtCall          *self,
                                          GError         **error);
/* Any of @name, @avatar, @company may be %NULL to leave it. With @manual
 * the values stay even when signalling brings a new identity. */
gboolean    dt_call_set_static_info      (DtCall          *self,
                                          const char      *name,
                                          const char      *avatar,
                                          const char      *company,
                                          gboolean         manual,
                                          GError         **error);

const char      *dt_call_get_id                (DtCall *self);
const char      *dt_call_get_correlation_id    (DtCall *self);
DtLine          *dt_call_get_line              (DtCall *self);
DtCallDirection  dt_call_get_direction         (DtCall *self);
DtCallState      dt_call_get_state             (DtCall *self);
const char      *dt_call_get_remote_uri        (DtCall *self);
const char      *dt_call_get_remote_name       (DtCall *self);
const char      *dt_call_get_company           (DtCall *self);
const char      *dt_call_get_avatar            (DtCall *self);
gboolean         dt_call_get_manual_info       (DtCall *self);
gboolean         dt_call_get_connected         (DtCall *self);
gboolean         dt_call_get_held              (DtCall *self);
gboolean         dt_call_get_remote_held       (DtCall *self);
gboolean         dt_call_get_muted             (DtCall *self);
gboolean         dt_call_get_early_media       (DtCall *self);
gboolean         dt_call_get_secure            (DtCall *self);
const char      *dt_call_get_codec             (DtCall *self);
DtRecordingState dt_call_get_recording         (DtCall *self);
const char      *dt_call_get_recording_path    (DtCall *self);
gint64           dt_call_get_start_time        (DtCall *self);
const char      *dt_call_get_disconnect_reason (DtCall *self);
const char      *dt_call_get_transfer_target   (DtCall *self);
DtCall          *dt_call_get_consultation_for  (DtCall *self);
/* TRUE in connected, established and remote-held: the call the user talks on */
gboolean         dt_call_is_active             (DtCall *self);

/* Reports, for backends only: the outcomes of requests and the remote
 * party's doings. They move the state machine and emit the signals; a
 * report that makes no sense in the current state is ignored with a
 * g_debug (a late or duplicate message from the network must not wedge
 * or crash the model). */
void dt_call_report_id            (DtCall          *self,
                                   const char      *sip_call_id);
void dt_call_report_caller_id     (DtCall          *self,
                                   const char      *uri,
                                   const char      *name);
void dt_call_report_progress      (DtCall          *self,
                                   gboolean         early_media);
void dt_call_report_connected     (DtCall          *self);
void dt_call_report_established   (DtCall          *self);
void dt_call_report_remote_media  (DtCall          *self);
void dt_call_report_held          (DtCall          *self);
void dt_call_report_resumed       (DtCall          *self);
void dt_call_report_remote_held   (DtCall          *self,
                                   gboolean         held);
void dt_call_report_media_info    (DtCall          *self,
                                   const char      *codec,
                                   gboolean         secure);
void dt_call_report_dtmf          (DtCall          *self,
                                   char             digit);
void dt_call_report_transfer_requested (DtCall     *self,
                                   const char      *target);
void dt_call_report_transfer_progress  (DtCall     *self,
                                   guint            sip_status);
/* A transfer error also ends a pending transfer request (transfer-target
 * is cleared): the backend has answered it itself, e.g. once it expired */
void dt_call_report_error         (DtCall          *self,
                                   DtCallErrorKind  kind,
                                   const GError    *error);
/* Ends the call: state disconnected, disconnect signal, then the call
 * leaves its line and the manager (call-removed). */
void dt_call_report_disconnected  (DtCall          *self,
                                   const char      *reason);

G_END_DECLS
