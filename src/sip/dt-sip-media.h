/* dt-sip-media.h: a call's SDP written by the model's media backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a media backend, sofia's own offer/answer (soa) is off for the
 * call's handle and the SDP bodies travel as they are: ours from the
 * backend, the peer's to it. Without one, soa writes them as before and
 * none of this is used.
 */
#pragma once

#include "dt-sip-private.h"

G_BEGIN_DECLS

typedef struct _DtSipMedia DtSipMedia;

/* The audio of @call (held weakly), its ports on @address; NULL when the
 * call's manager has no media backend */
DtSipMedia *dt_sip_media_new          (DtCall       *call,
                                       const char   *address);
/* Stops the call's audio, if the call is still there */
void        dt_sip_media_free         (DtSipMedia   *self);

/* Our offer (INVITE, re-INVITE, or a 200 to an INVITE without one);
 * @hold offers sendonly */
char       *dt_sip_media_create_offer (DtSipMedia   *self,
                                       gboolean      hold,
                                       GError      **error);
/* Our answer to @offer, the audio started; @hold keeps our side held.
 * NULL with *@status the SIP status to refuse the INVITE with: 488 for an
 * offer we cannot take, 500 for our own failure. */
char       *dt_sip_media_answer       (DtSipMedia   *self,
                                       const char   *offer,
                                       gboolean      hold,
                                       guint        *status,
                                       GError      **error);
/* The peer's answer to our offer, if @sip (a 18x, a 2xx, an ACK) carries
 * one; FALSE with @error when it is refused */
gboolean    dt_sip_media_take_answer  (DtSipMedia   *self,
                                       sip_t const  *sip,
                                       GError      **error);
/* RFC 4733 events in the audio */
gboolean    dt_sip_media_send_dtmf    (DtSipMedia   *self,
                                       const char   *digits,
                                       GError      **error);

/* The application/sdp body of @sip, or NULL */
char       *dt_sip_media_dup_sdp      (sip_t const  *sip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSipMedia, dt_sip_media_free)

G_END_DECLS
