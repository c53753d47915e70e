/* dt-fake-call-backend.h: a DtCallBackend that records what it is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call.h"
#include "dt-fake-journal.h"

G_BEGIN_DECLS

#define DT_TYPE_FAKE_CALL_BACKEND (dt_fake_call_backend_get_type ())
G_DECLARE_FINAL_TYPE (DtFakeCallBackend, dt_fake_call_backend, DT, FAKE_CALL_BACKEND, GObject)

/*
 * Each request goes to the journal as "LABEL:OP[(ARGS)]": start, answer,
 * reject(busy|decline), end, send_dtmf(DIGITS), hold, resume,
 * blind_transfer(TARGET), attended_transfer(OTHER-LABEL), accept_transfer,
 * refuse_transfer. Nothing is reported back on its own: the test calls the
 * dt_call_report_*() functions on dt_fake_call_backend_get_call().
 */

DtFakeCallBackend *dt_fake_call_backend_new       (DtFakeJournal     *journal,
                                                   const char        *label);
const char        *dt_fake_call_backend_get_label (DtFakeCallBackend *self);
/* The call it reports on (weak); set by the fake line for outbound calls */
DtCall            *dt_fake_call_backend_get_call  (DtFakeCallBackend *self);
void               dt_fake_call_backend_set_call  (DtFakeCallBackend *self,
                                                   DtCall            *call);
/* The next request @op (as named in the journal) fails with @code */
void               dt_fake_call_backend_fail_next (DtFakeCallBackend *self,
                                                   const char        *op,
                                                   int                code,
                                                   const char        *message);

G_END_DECLS
