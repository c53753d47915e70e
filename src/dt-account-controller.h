/* dt-account-controller.h: stored accounts as SIP lines of the call manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account-store.h"
#include "dt-call-manager.h"
#include "dt-sip-stack.h"

G_BEGIN_DECLS

#define DT_TYPE_ACCOUNT_CONTROLLER (dt_account_controller_get_type ())
G_DECLARE_FINAL_TYPE (DtAccountController, dt_account_controller, DT, ACCOUNT_CONTROLLER, GObject)

/*
 * Properties: call-manager (DtCallManager, construct-only),
 *   account-store (DtAccountStore, construct-only; its load-error says why
 *   the accounts file was set aside), started (b: the SIP stack is up and
 *   the stored accounts have been read)
 *
 * Implements DtAccountHandler for the D-Bus service. Until
 * dt_account_controller_start() adding an account fails with a sentence
 * saying Dialtone is still starting. Accounts whose password cannot be
 * read because no keyring answers show "keyring unavailable" and register
 * as soon as the Secret Service appears. Passwords only pass through:
 * never logged, kept or put in an error.
 */

/* @store NULL: the accounts of $XDG_CONFIG_HOME with the session keyring */
DtAccountController *dt_account_controller_new   (DtCallManager       *manager,
                                                  DtAccountStore      *store);
/* Reads the stored accounts and adds a line for each, registering the
 * enabled ones. @stack NULL: SIP could not start, and @reason says why;
 * the accounts are shown failed with it. Call once. */
void                 dt_account_controller_start (DtAccountController *self,
                                                  DtSipStack          *stack,
                                                  const char          *reason);

/* Saves the settings of @account for the stored account of its id, and
 * @password unless it is NULL (see dt_account_store_update_async()). Once
 * saved, the account's line is replaced by one built from them, which
 * registers when the account is enabled; the old line unregisters. Errors
 * are the store's (DT_STORE_ERROR), or DT_CALL_ERROR_FAILED before
 * dt_account_controller_start(). */
void                 dt_account_controller_update_account_async  (DtAccountController  *self,
                                                                  DtAccount            *account,
                                                                  const char           *password,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dt_account_controller_update_account_finish (DtAccountController  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

DtAccountStore      *dt_account_controller_get_account_store (DtAccountController *self);
gboolean             dt_account_controller_get_started       (DtAccountController *self);

G_END_DECLS
