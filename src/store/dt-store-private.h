/* dt-store-private.h: how the store's own types talk to each other
 *
 * Not for other layers: they use the public headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account.h"
#include "dt-account-store.h"

G_BEGIN_DECLS

/* The keyfile group that ends every accounts file: a file whose last
 * group is missing or incomplete was cut short */
#define DT_ACCOUNTS_FILE_GROUP   "Dialtone Accounts"
#define DT_ACCOUNTS_FILE_VERSION 1

/* A copy of @self under another id */
DtAccount *dt_account_copy_with_id     (DtAccount   *self,
                                        const char  *id);
/* Makes @self read-only for its public setters: it is a store's now */
void       dt_account_seal             (DtAccount   *self);
/* Copies every setting but the id of @source into @self, read-only or not,
 * notifying what changed */
void       dt_account_assign           (DtAccount   *self,
                                        DtAccount   *source);
/* Whether @id can name an account (and a keyfile group) */
gboolean   dt_account_id_is_valid      (const char  *id);

/* The account of @group in @file, checked as dt_account_validate() does;
 * NULL with a sentence naming the group and the problem */
DtAccount *dt_account_new_from_keyfile (GKeyFile    *file,
                                        const char  *group,
                                        GError     **error);
/* Writes every setting of @self into its group of @file */
void       dt_account_to_keyfile       (DtAccount   *self,
                                        GKeyFile    *file);

/* The accounts of a whole accounts file, in file order, and the file
 * itself (comments and unknown keys kept for the next save); NULL with
 * DT_STORE_ERROR_CORRUPT and what is wrong when any part is */
GKeyFile  *dt_accounts_file_parse      (const char  *contents,
                                        gsize        length,
                                        GPtrArray  **accounts,
                                        GError     **error);
/* The text to save; moves the group that ends the file to its end */
GBytes    *dt_accounts_file_to_bytes   (GKeyFile    *file);
GKeyFile  *dt_accounts_file_copy       (GKeyFile    *file);
/* Renames @path to @path.broken-<time>, never over an earlier one; the
 * new path */
char      *dt_accounts_file_set_aside  (const char  *path,
                                        GError     **error);
/* Deletes the temporary files that saves killed midway left next to @path */
void       dt_accounts_file_remove_leftovers (const char *path);
/* Writes @bytes to @path atomically in a worker thread, creating the
 * folder; DT_STORE_ERROR_IO on failure */
void       dt_accounts_file_save_async (gpointer             source_object,
                                        const char          *path,
                                        GBytes              *bytes,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean   dt_accounts_file_save_finish (GAsyncResult  *result,
                                         GError       **error);

/* One queued add, update or remove (dt-account-change.c) */
typedef enum {
  DT_ACCOUNT_CHANGE_ADD,
  DT_ACCOUNT_CHANGE_UPDATE,
  DT_ACCOUNT_CHANGE_REMOVE,
} DtAccountChangeKind;

typedef struct _DtAccountChange DtAccountChange;

/* Takes @account: the settings asked for (for remove, only its id counts) */
DtAccountChange    *dt_account_change_new      (DtAccountChangeKind  kind,
                                                DtAccount           *account,
                                                const char          *password);
void                dt_account_change_free     (DtAccountChange     *change);
DtAccountChangeKind dt_account_change_get_kind (DtAccountChange     *change);
const char         *dt_account_change_get_id   (DtAccountChange     *change);
/* Runs the change that is @task's data; @task's source is the store, and
 * the change ends with dt_account_store_finish_change() */
void                dt_account_change_run      (GTask               *task);

/* What the store lends its changes (dt-account-store.c) */
DtAccount *dt_account_store_find          (DtAccountStore      *self,
                                           const char          *id,
                                           guint               *position);
/* The file as it is on disk */
GKeyFile  *dt_account_store_get_file      (DtAccountStore      *self);
/* @file was saved with the change made: the store takes it and applies
 * the change to its list */
void       dt_account_store_commit        (DtAccountStore      *self,
                                           DtAccountChangeKind  kind,
                                           DtAccount           *account,
                                           GKeyFile            *file);
/* Reports @task's end (@error taken, or success) and starts the next one */
void       dt_account_store_finish_change (DtAccountStore      *self,
                                           GTask               *task,
                                           GError              *error);

/* @text (a message from GLib or a service) made fit for a sentence a user
 * reads: valid UTF-8, cut short when long */
char      *dt_store_shorten_detail     (const char  *text);

/* Overwrites and frees a copy of a password (NULL is fine) */
void       dt_store_wipe_password      (char        *password);

G_END_DECLS
