/* dt-fake-line-backend.h: a DtLineBackend that records what it is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-fake-call-backend.h"
#include "dt-line-backend.h"

G_BEGIN_DECLS

#define DT_TYPE_FAKE_LINE_BACKEND (dt_fake_line_backend_get_type ())
G_DECLARE_FINAL_TYPE (DtFakeLineBackend, dt_fake_line_backend, DT, FAKE_LINE_BACKEND, GObject)

/*
 * Journal entries: "LABEL:register", "LABEL:unregister",
 * "LABEL:create_call(TARGET)". A created call backend is labelled after the
 * target's user part ("sip:bob@example.org" → "bob", "tel:+15551234" →
 * "+15551234"), with a counter appended when that label is taken ("bob2").
 */

DtFakeLineBackend *dt_fake_line_backend_new            (DtFakeJournal     *journal,
                                                        const char        *label);
const char        *dt_fake_line_backend_get_label      (DtFakeLineBackend *self);
/* The call backends it created, oldest first; transfer none */
guint              dt_fake_line_backend_get_n_created  (DtFakeLineBackend *self);
DtFakeCallBackend *dt_fake_line_backend_get_created    (DtFakeLineBackend *self,
                                                        guint              index);
DtFakeCallBackend *dt_fake_line_backend_find           (DtFakeLineBackend *self,
                                                        const char        *label);
/* The next request @op (register, unregister, create_call) fails */
void               dt_fake_line_backend_fail_next      (DtFakeLineBackend *self,
                                                        const char        *op,
                                                        int                code,
                                                        const char        *message);

G_END_DECLS
