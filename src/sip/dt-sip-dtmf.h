/* dt-sip-dtmf.h: dial tones as SIP INFO (application/dtmf-relay)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For peers that did not take RFC 4733 telephone-event, or calls without
 * a media backend: one INFO per digit, the next once the previous one has
 * its response, so that they arrive in order. Incoming INFO with
 * application/dtmf-relay or application/dtmf is read back into digits.
 */
#pragma once

#include "dt-sip-private.h"

G_BEGIN_DECLS

typedef struct _DtSipDtmf DtSipDtmf;

/* For @call, held weakly: what comes back is reported on it */
DtSipDtmf *dt_sip_dtmf_new           (DtCall       *call);
void       dt_sip_dtmf_free          (DtSipDtmf    *self);

/* Queues @digits (already valid) to be sent on @nh, which must outlive
 * the queue or dt_sip_dtmf_stop() */
void       dt_sip_dtmf_send          (DtSipDtmf    *self,
                                      nua_handle_t *nh,
                                      const char   *digits);

/* The functions below take a NULL @self, a call without its model yet */

/* The response to our INFO: the next digit goes out. A refusal is a DTMF
 * error on the call, and the digits after it are dropped. */
void       dt_sip_dtmf_take_response (DtSipDtmf    *self,
                                      int           status,
                                      const char   *phrase);
/* The dialog is ending: nothing more is sent */
void       dt_sip_dtmf_stop          (DtSipDtmf    *self);

/* Answers the incoming INFO @sip on @nh (200, 400 for a body that is not
 * a digit, 415 for another type) and reports its digit on the call */
void       dt_sip_dtmf_take_info     (DtSipDtmf    *self,
                                      nua_t        *nua,
                                      nua_handle_t *nh,
                                      sip_t const  *sip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSipDtmf, dt_sip_dtmf_free)

G_END_DECLS
