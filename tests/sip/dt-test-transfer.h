/* dt-test-transfer.h: what the transfer tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-test-fixture.h"

G_BEGIN_DECLS

/* A target that is never called: sipp peers only check it */
#define CAROL "sip:carol@127.0.0.1:5999"

typedef struct {
  GArray          *progress; /* guint, the NOTIFYs' statuses in order */
} Transfer;

/* Records @call's transfer-progress signals (its Record has the errors) */
void     transfer_watch        (Transfer      *transfer,
                                DtCall        *call);
void     transfer_clear        (Transfer      *transfer,
                                DtCall        *call);
/* A transfer-requested handler: keeps the target in *@out */
void     on_transfer_requested (DtCall        *call,
                                const char    *target,
                                char         **out);
/* The model's call on @fixture's line other than @call, if any */
DtCall  *find_other_call       (Fixture       *fixture,
                                DtCall        *call);
/* The first match of @pattern's group 1 in @text, or NULL */
char    *match_one             (const char    *text,
                                const char    *pattern);
/* What sipp logged of the messages it sent and received */
char    *read_sipp_log         (DtTestPeer    *peer);
/* An incoming-call handler counting into *@count */
void     count_incoming        (DtCallManager *manager,
                                DtCall        *call,
                                guint         *count);
/* alice dials bob (a second Dialtone stack), who answers and keeps a
 * requested transfer's target in *@requested; returns bob's record */
Record  *call_bob              (Fixture       *alice,
                                Fixture       *bob,
                                Record       **first,
                                char         **requested);

G_END_DECLS
