/* dt-account-store.h: the accounts, kept in a keyfile, their passwords in
 * the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account.h"
#include "dt-secret-store.h"

G_BEGIN_DECLS

#define DT_TYPE_ACCOUNT_STORE (dt_account_store_get_type ())
G_DECLARE_FINAL_TYPE (DtAccountStore, dt_account_store, DT, ACCOUNT_STORE, GObject)

/*
 * Properties: secret-store (DtSecretStore, construct-only), path (s,
 *   construct-only), load-error (GError: why the accounts file was set
 *   aside at load; NULL when it was fine), writable (b: FALSE only when a
 *   broken file could not be set aside, so that it is never overwritten)
 * Signals: account-updated (DtAccount): an update was saved (its settings,
 *   its password or both); the account's line should register again
 *
 * The accounts live in $XDG_CONFIG_HOME/dialtone/accounts.conf, one group
 * per account id; passwords only in the keyring. Each change is saved at
 * once, atomically, in a worker thread. Changes run one after the other in
 * the order they were asked for. Nothing is half-written: adding stores the
 * password first and writes the file entry only once that worked; removing
 * deletes the password first and puts it back if the file cannot be
 * written. Cancelling stops a change only before anything has changed.
 *
 * Errors: DT_STORE_ERROR_INVALID_URI / INVALID (bad settings),
 * EXISTS, NOT_FOUND, KEYRING_UNAVAILABLE (see DtSecretStore),
 * IO (the file could not be written; nothing changed).
 */

/* @path NULL: $XDG_CONFIG_HOME/dialtone/accounts.conf */
DtAccountStore *dt_account_store_new            (DtSecretStore  *secret_store,
                                                 const char     *path);
/* Reads the file, once, at start (a small file: no need to go async). A
 * missing file is an empty store. A broken or unreadable one is renamed to
 * accounts.conf.broken-<time>, the store starts empty, and the reason
 * (DT_STORE_ERROR_CORRUPT, or DT_STORE_ERROR_IO when it could not even be
 * renamed) is returned and kept in load-error, for the user to be told. */
gboolean        dt_account_store_load           (DtAccountStore *self,
                                                 GError        **error);

/* GListModel of DtAccount, in file order; the accounts are read-only */
GListModel     *dt_account_store_get_accounts   (DtAccountStore *self);
/* transfer none; NULL when there is no such account */
DtAccount      *dt_account_store_get_account    (DtAccountStore *self,
                                                 const char     *id);
DtSecretStore  *dt_account_store_get_secret_store (DtAccountStore *self);
const char     *dt_account_store_get_path       (DtAccountStore *self);
const GError   *dt_account_store_get_load_error (DtAccountStore *self);
gboolean        dt_account_store_get_writable   (DtAccountStore *self);

/* Stores a copy of @account (given a new id when it has none) with
 * @password, which must not be empty. Returns the stored account. */
void            dt_account_store_add_async      (DtAccountStore      *self,
                                                 DtAccount           *account,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DtAccount      *dt_account_store_add_finish     (DtAccountStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Gives the stored account of the same id the settings of @account, and
 * @password unless it is NULL. A new AOR takes the password along. */
void            dt_account_store_update_async   (DtAccountStore      *self,
                                                 DtAccount           *account,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        dt_account_store_update_finish  (DtAccountStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Deletes the account's password from the keyring, then its entry */
void            dt_account_store_remove_async   (DtAccountStore      *self,
                                                 const char          *id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        dt_account_store_remove_finish  (DtAccountStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The password of a stored account, for registering its line. Free it with
 * dt_secret_store_password_free(). */
void            dt_account_store_lookup_password_async  (DtAccountStore      *self,
                                                         const char          *id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char           *dt_account_store_lookup_password_finish (DtAccountStore      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
