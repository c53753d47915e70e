/* dt-test-account.h: an account line against kamailio, for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-test-fixture.h"
#include "dt-test-kamailio.h"

G_BEGIN_DECLS

/* Registration runs need longer than one step: a refresh, a backoff */
#define RUN_MS 30000

typedef struct {
  DtSipStack     *stack;
  DtCallManager  *manager;
  DtLine         *direct;
  DtLine         *line;     /* the account under test, once made */
  DtTestKamailio *kamailio;
  GString        *seen;     /* what the line went through: "registering:1
                             * registered failed:503 unregistered " */
  GArray         *attempts; /* gint64: when each registering began, µs */
  GPtrArray      *incoming; /* Record */
} AccountFixture;

/* g_test_init, and what every account test program needs: sofia logging
 * at its most detailed (messages included) into a log writer that fails
 * the test in progress when a message carries a password, a digest
 * response or a cnonce. FALSE (having printed the TAP skip line) when
 * kamailio is not installed. */
gboolean    account_test_init      (int            *argc,
                                    char         ***argv);

/* kamailio (with TLS when @data is "tls"), a stack, a manager and its
 * direct line; tear-down shuts the stack down and checks the log */
void        account_set_up         (AccountFixture *f,
                                    gconstpointer   data);
void        account_tear_down      (AccountFixture *f,
                                    gconstpointer   data);

/* f->line: an account for @user at kamailio, display name "Test User" */
DtLine     *make_account           (AccountFixture *f,
                                    const char     *user,
                                    const char     *password,
                                    const char     *transport,
                                    guint           expires,
                                    guint           retry_limit);
/* The same, sending dial tones as @dtmf_mode says ("auto", "rfc4733",
 * "info"; NULL: auto) */
DtLine     *make_dtmf_account      (AccountFixture *f,
                                    const char     *user,
                                    const char     *password,
                                    const char     *transport,
                                    guint           expires,
                                    guint           retry_limit,
                                    const char     *dtmf_mode);
/* f->line: alice over TLS, @scheme "sip" (transport tls) or "sips", with
 * kamailio's certificate as the account's CA file when @trusted */
DtLine     *make_tls_account       (AccountFixture *f,
                                    const char     *scheme,
                                    gboolean        trusted);
/* Registers f->line and waits until it is registered */
void        register_line          (AccountFixture *f);
gboolean    has_binding            (AccountFixture *f,
                                    const char     *user);
void        assert_seen            (AccountFixture *f,
                                    const char     *expected);

G_END_DECLS
