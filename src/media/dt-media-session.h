/* dt-media-session.h: the audio of one call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-media-description.h"
#include "dt-media-enums.h"
#include "dt-media-error.h"

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_SESSION (dt_media_session_get_type ())
G_DECLARE_FINAL_TYPE (DtMediaSession, dt_media_session, DT, MEDIA_SESSION, GObject)

/* Binds an RTP/RTCP port pair (even RTP port, RTCP right above) on
 * @local_address, an IP literal, before any SDP is written. The pair stays
 * ours until the session is finalized. */
DtMediaSession   *dt_media_session_new                  (const char                *local_address,
                                                         GError                   **error);

const char       *dt_media_session_get_local_address    (DtMediaSession            *self);
guint16           dt_media_session_get_rtp_port         (DtMediaSession            *self);
guint16           dt_media_session_get_rtcp_port        (DtMediaSession            *self);

/* Starts the audio for @desc, or changes the running audio to it: direction
 * (hold, resume) and remote address changes apply without a gap; a new codec
 * or key rebuilds the pipeline. The local part of @desc is ignored. */
gboolean          dt_media_session_set_description      (DtMediaSession            *self,
                                                         const DtMediaDescription  *desc,
                                                         GError                   **error);
void              dt_media_session_stop                 (DtMediaSession            *self);
gboolean          dt_media_session_get_running          (DtMediaSession            *self);
DtMediaDirection  dt_media_session_get_direction        (DtMediaSession            *self);
/* TRUE when both directions are SRTP */
gboolean          dt_media_session_get_secure           (DtMediaSession            *self);

/* Muted: the peer keeps receiving packets, of silence */
gboolean          dt_media_session_get_muted            (DtMediaSession            *self);
void              dt_media_session_set_muted            (DtMediaSession            *self,
                                                         gboolean                   muted);
/* PulseAudio device names; NULL is the default device. Applies live. */
const char       *dt_media_session_get_input_device     (DtMediaSession            *self);
void              dt_media_session_set_input_device     (DtMediaSession            *self,
                                                         const char                *device);
const char       *dt_media_session_get_output_device    (DtMediaSession            *self);
void              dt_media_session_set_output_device    (DtMediaSession            *self,
                                                         const char                *device);
/* Take effect the next time the pipeline is built */
gboolean          dt_media_session_get_echo_cancellation (DtMediaSession           *self);
void              dt_media_session_set_echo_cancellation (DtMediaSession           *self,
                                                          gboolean                  enabled);
guint             dt_media_session_get_latency          (DtMediaSession            *self);
void              dt_media_session_set_latency          (DtMediaSession            *self,
                                                         guint                      latency_ms);
/* The running jitter buffer's length, in ms: the latency above, grown
 * while the network delivers packets too late to play; 0 when stopped */
guint             dt_media_session_get_current_latency  (DtMediaSession            *self);

/* Queues RFC 4733 events for @digits (0-9 * # A-D), each 100 ms. Nothing
 * is queued when one of them is not a keypad digit. */
gboolean          dt_media_session_send_dtmf            (DtMediaSession            *self,
                                                         const char                *digits,
                                                         GError                   **error);
/* Records both ways, mixed, as Ogg Opus into @path. While recording
 * (paused or not) @path is ignored and the recording resumes in its file. */
gboolean          dt_media_session_start_recording      (DtMediaSession            *self,
                                                         const char                *path,
                                                         GError                   **error);
/* Nothing more is written until the next start; the file stays open */
void              dt_media_session_pause_recording      (DtMediaSession            *self);
/* Recordings of stopped (or finalized) sessions still writing their last
 * pages; each completes within a few seconds, on the main context. The
 * default GApplication, if any, is held meanwhile. */
guint             dt_media_session_get_n_closing_recordings (void);

/* RTP packets that reached our port since the audio started */
guint             dt_media_session_get_packets_received (DtMediaSession            *self);
/* RTCP packets that reached our RTCP port, or with RTCP-mux (RFC 5761)
 * our RTP port, since the audio started */
guint             dt_media_session_get_rtcp_packets_received (DtMediaSession       *self);

G_END_DECLS
