/* dt-test-fixture.h: the model with a direct SIP line, for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/dt-call-error.h"
#include "model/dt-call-manager.h"

#include "dt-sip-line.h"
#include "dt-sip-stack.h"
#include "dt-test-peer.h"

G_BEGIN_DECLS

/* How long one step of a test (a state, a peer's exit) may take */
#define STEP_MS 10000

/* What one call went through */
typedef struct {
  DtCall          *call;
  GArray          *states;
  char            *reason;
  guint            caller_ids;
  /* The last error signal's */
  DtCallErrorKind  error_kind;
  GError          *error;
} Record;

typedef struct {
  DtSipStack    *stack;
  DtCallManager *manager;
  DtLine        *line;
  GPtrArray     *incoming; /* Record */
} Fixture;

Record     *record_new        (DtCall            *call);
void        record_free       (Record            *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Record, record_free)
gboolean    reached           (Record            *record,
                               DtCallState        state);
void        assert_states     (Record            *record,
                               const DtCallState *expected,
                               guint              n_expected);

DtSipStack *start_stack       (guint16            port,
                               GError           **error);
/* Shuts @stack down and asserts that it finished in time */
void        stop_stack        (DtSipStack        *stack);

/* A stack on a free port, a manager and its direct line; tear-down also
 * asserts that the stack is gone once shut down */
void        fixture_set_up    (Fixture           *fixture,
                               gconstpointer      data);
void        fixture_tear_down (Fixture           *fixture,
                               gconstpointer      data);

/* sip:bob@127.0.0.1:@port */
char       *uri_for           (guint16            port);
Record     *dial              (Fixture           *fixture,
                               const char        *target);
/* "127.0.0.1:PORT" of the fixture's stack */
char       *stack_address     (Fixture           *fixture);
/* sipp running client @scenario against the fixture's stack */
DtTestPeer *call_in           (Fixture           *fixture,
                               const char        *scenario,
                               const char * const *keys);
/* The @n-th incoming call, once it has come */
Record     *wait_incoming     (Fixture           *fixture,
                               guint              n);
/* Starts sipp with a uas @scenario on a free port, dials it and waits
 * for the answer */
Record     *dial_connected    (Fixture           *fixture,
                               const char        *scenario,
                               DtTestPeer       **sipp);

G_END_DECLS
