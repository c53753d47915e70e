/* dt-secret-store.h: account passwords in the Secret Service (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_TYPE_SECRET_STORE (dt_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (DtSecretStore, dt_secret_store, DT, SECRET_STORE, GObject)

/*
 * Properties: available (b): a Secret Service owns org.freedesktop.secrets
 *   on the session bus (or can be started there). It turns TRUE as soon as
 *   one appears, so lines that could not get their password can register.
 *
 * Passwords are items of the schema "org.dialtone.Dialtone.Account" with
 * the attributes "account-id" and "aor", in the default collection (the
 * login keyring). They only ever travel to and from the Secret Service:
 * never into a file, a log line or an error message.
 *
 * Failures: DT_STORE_ERROR_KEYRING_UNAVAILABLE, with a sentence that says
 * what to do, when no Secret Service runs, when the keyring is locked and
 * the user does not unlock it, or when there is no session bus;
 * G_IO_ERROR_CANCELLED when cancelled.
 */

DtSecretStore *dt_secret_store_new           (void);

gboolean       dt_secret_store_get_available (DtSecretStore        *self);

/* Replaces the password of (@account_id, @aor), unlocking the keyring
 * first when it is locked (the desktop asks the user) */
void           dt_secret_store_store_async   (DtSecretStore        *self,
                                              const char           *account_id,
                                              const char           *aor,
                                              const char           *password,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       dt_secret_store_store_finish  (DtSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* The password of @account_id (and @aor unless NULL); NULL with
 * DT_STORE_ERROR_NO_PASSWORD when the keyring has none. Free it with
 * dt_secret_store_password_free(). */
void           dt_secret_store_lookup_async  (DtSecretStore        *self,
                                              const char           *account_id,
                                              const char           *aor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char          *dt_secret_store_lookup_finish (DtSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Deletes every password of @account_id (only the one for @aor unless
 * NULL); succeeds when there was none */
void           dt_secret_store_clear_async   (DtSecretStore        *self,
                                              const char           *account_id,
                                              const char           *aor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       dt_secret_store_clear_finish  (DtSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Overwrites a password from dt_secret_store_lookup_finish() and frees it */
void           dt_secret_store_password_free (char                 *password);

G_END_DECLS
