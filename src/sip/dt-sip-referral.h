/* dt-sip-referral.h: the peer's REFER, asking us to call someone else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REFER is left unanswered until the user decides (it is reported as
 * transfer-requested with the Refer-To target): accepting sends 202 and a
 * NOTIFY "100 Trying", then places the new call on the same line through
 * the model; its outcome goes back as a final NOTIFY (the 200, or the
 * status it failed with), after which a transferred call ends with reason
 * "transferred". Refusing sends 603 Decline.
 *
 * The REFER's client transaction gives up 64*T1 = 32 s after it was sent
 * (RFC 3261, Timer F): a 202 after that reaches nobody, and the referrer
 * would count the transfer as failed while we call the target. So an
 * unanswered request is refused before then with 480 Temporarily
 * Unavailable, reported as a transfer error ("expired"), and accepting or
 * refusing it later fails. While it waits, a referrer that sends one
 * request at a time in the dialog (sofia does) cannot send its BYE either.
 */
#pragma once

#include "dt-sip-private.h"

G_BEGIN_DECLS

typedef struct _DtSipReferral DtSipReferral;

/* Must be called from sofia's callback for the nua_i_refer @sip on @nh,
 * the dialog of @owner (which owns the referral) and of its model @call */
DtSipReferral *dt_sip_referral_new     (DtSipCall      *owner,
                                        DtCall         *call,
                                        nua_t          *nua,
                                        nua_handle_t   *nh,
                                        sip_t const    *sip,
                                        tagi_t          tags[]);
void           dt_sip_referral_free    (DtSipReferral  *self);

gboolean       dt_sip_referral_accept  (DtSipReferral  *self,
                                        GError        **error);
gboolean       dt_sip_referral_refuse  (DtSipReferral  *self,
                                        GError        **error);
/* Whether it is answered and its last NOTIFY has its response */
gboolean       dt_sip_referral_is_over (DtSipReferral  *self);
/* The response to one of our NOTIFYs */
void           dt_sip_referral_take_notify_response (DtSipReferral *self,
                                                     int            status);
/* The dialog is ending: an unanswered REFER gets 487, no NOTIFY follows,
 * and the new call (if any) goes on by itself */
void           dt_sip_referral_stop    (DtSipReferral  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSipReferral, dt_sip_referral_free)

G_END_DECLS
