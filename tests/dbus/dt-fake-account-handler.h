/* dt-fake-account-handler.h: accounts kept in memory, for the D-Bus tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-account-handler.h"
#include "dt-call-manager.h"
#include "dt-fake-journal.h"

G_BEGIN_DECLS

#define DT_TYPE_FAKE_ACCOUNT_HANDLER (dt_fake_account_handler_get_type ())
G_DECLARE_FINAL_TYPE (DtFakeAccountHandler, dt_fake_account_handler, DT, FAKE_ACCOUNT_HANDLER, GObject)

/*
 * An account handler that keeps accounts in memory: AddAccount makes a line
 * "account-N" with a fake line backend (journal label "account-N") and adds
 * it to @manager, registering it unless "register" is false; RemoveAccount
 * removes it. Both answer from an idle, like the real one would after the
 * keyring. The uri sip:locked@example.org fails with KeyringUnavailable.
 */
DtFakeAccountHandler *dt_fake_account_handler_new          (DtCallManager        *manager,
                                                            DtFakeJournal        *journal);
/* The password of the last account added, NULL when it had none */
const char           *dt_fake_account_handler_get_password (DtFakeAccountHandler *self);

G_END_DECLS
