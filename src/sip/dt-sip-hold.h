/* dt-sip-hold.h: hold and resume on a call's dialog, ours and the peer's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Our hold is a re-INVITE offering sendonly, our resume one offering
 * sendrecv (written by the media backend, or by soa without one); its 2xx
 * moves the model, a failure is a hold or resume error and changes
 * nothing, and a 491 is tried once more after RFC 3261's random wait. The
 * peer's re-INVITEs are read for their hold (sendonly, inactive, 0.0.0.0).
 */
#pragma once

#include "dt-sip-media.h"
#include "dt-sip-private.h"

G_BEGIN_DECLS

typedef struct _DtSipHold DtSipHold;

/* For @call (held weakly); @owns_call_id: we sent the dialog's INVITE */
DtSipHold *dt_sip_hold_new           (DtCall        *call,
                                      gboolean       owns_call_id);
void       dt_sip_hold_free          (DtSipHold     *self);

/* Sends the re-INVITE on @nh; @media (may be NULL) writes its offer. @nh
 * and @media must outlive the request or dt_sip_hold_stop(). */
gboolean   dt_sip_hold_request       (DtSipHold     *self,
                                      nua_handle_t  *nh,
                                      DtSipMedia    *media,
                                      const char    *contact,
                                      gboolean       hold,
                                      GError       **error);
/* Whether our re-INVITE is on its way (its responses are ours) */
gboolean   dt_sip_hold_is_pending    (DtSipHold     *self);
void       dt_sip_hold_take_response (DtSipHold     *self,
                                      int            status,
                                      const char    *phrase,
                                      sip_t const   *sip);
/* The peer's re-INVITE @sip, answered with 200: reports its hold */
void       dt_sip_hold_take_offer    (DtSipHold     *self,
                                      sip_t const   *sip);
/* Whether we hold the peer, as last agreed */
gboolean   dt_sip_hold_is_held       (DtSipHold     *self);
/* The dialog is ending: no retry, nothing more reported (NULL-safe) */
void       dt_sip_hold_stop          (DtSipHold     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSipHold, dt_sip_hold_free)

G_END_DECLS
