/* dt-account-change.c: one change to the accounts, from its checks to its
 * saved file, or to its undoing
 *
 * The keyring is changed first and the file second, so that the file never
 * names an account whose password is missing. What the keyring held before
 * is looked up first, so that a file that cannot be written puts it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-account-store.h"
#include "dt-store-error.h"
#include "dt-store-private.h"

struct _DtAccountChange
{
  DtAccountChangeKind  kind;
  /* The settings asked for (add, update); for remove, only the id */
  DtAccount           *account;
  /* The stored settings (update, remove) */
  DtAccount           *previous;
  char                *password;
  /* The stored password (libsecret memory), to move to a new AOR or to put
   * back when the file cannot be written */
  char                *old_password;
  /* The accounts file as it will be */
  GKeyFile            *file;
  /* Why the change is being undone */
  GError              *error;
  gboolean             aor_changed;
  gboolean             secret_changed;
};

static DtAccountStore *
task_store (GTask *task)
{
  return g_task_get_source_object (task);
}

static DtSecretStore *
task_secrets (GTask *task)
{
  return dt_account_store_get_secret_store (task_store (task));
}

static const char *
change_id (DtAccountChange *change)
{
  return dt_account_get_id (change->account);
}

static void
finish (GTask  *task,
        GError *error)
{
  dt_account_store_finish_change (task_store (task), task, error);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  DtAccountChange *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == dt_secret_store_store_async)
    dt_secret_store_store_finish (DT_SECRET_STORE (object), result, &error);
  else
    dt_secret_store_clear_finish (DT_SECRET_STORE (object), result, &error);

  if (error != NULL)
    g_warning ("The password of account %s could not be put back as it was: %s",
               change_id (change), error->message);

  finish (task, g_steal_pointer (&change->error));
}

/* The file could not be written: make the keyring as it was */
static void
undo (GTask  *task,
      GError *error)
{
  DtAccountChange *change = g_task_get_task_data (task);
  gboolean had_password = change->old_password != NULL;

  g_debug ("Undoing the change of account %s: %s", change_id (change), error->message);
  change->error = error;

  if (!change->secret_changed || (change->kind == DT_ACCOUNT_CHANGE_REMOVE && !had_password))
    finish (task, g_steal_pointer (&change->error));
  else if (change->kind == DT_ACCOUNT_CHANGE_ADD || change->aor_changed || !had_password)
    dt_secret_store_clear_async (task_secrets (task), change_id (change),
                                 dt_account_get_aor (change->account), NULL, undone_cb, task);
  else
    dt_secret_store_store_async (task_secrets (task), change_id (change),
                                 dt_account_get_aor (change->previous), change->old_password,
                                 NULL, undone_cb, task);
}

static void
old_cleared_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  DtAccountChange *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Harmless when it stays: look-ups ask for the current AOR */
  if (!dt_secret_store_clear_finish (DT_SECRET_STORE (object), result, &error))
    g_debug ("The password of account %s under its old address stays: %s",
             change_id (change), error->message);

  finish (task, NULL);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  DtAccountChange *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dt_accounts_file_save_finish (result, &error))
    {
      undo (task, error);
      return;
    }

  g_debug ("Saved the accounts after a change of account %s", change_id (change));
  dt_account_store_commit (task_store (task), change->kind, change->account, change->file);

  if (change->kind == DT_ACCOUNT_CHANGE_UPDATE && change->aor_changed && change->secret_changed)
    dt_secret_store_clear_async (task_secrets (task), change_id (change),
                                 dt_account_get_aor (change->previous), NULL,
                                 old_cleared_cb, task);
  else
    finish (task, NULL);
}

static void
save (GTask *task)
{
  DtAccountStore *store = task_store (task);
  DtAccountChange *change = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;

  change->file = dt_accounts_file_copy (dt_account_store_get_file (store));
  if (change->kind == DT_ACCOUNT_CHANGE_REMOVE)
    g_key_file_remove_group (change->file, change_id (change), NULL);
  else
    dt_account_to_keyfile (change->account, change->file);

  bytes = dt_accounts_file_to_bytes (change->file);
  dt_accounts_file_save_async (store, dt_account_store_get_path (store), bytes, saved_cb, task);
}

static void
secret_changed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  DtAccountChange *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (change->kind == DT_ACCOUNT_CHANGE_REMOVE)
    dt_secret_store_clear_finish (DT_SECRET_STORE (object), result, &error);
  else
    dt_secret_store_store_finish (DT_SECRET_STORE (object), result, &error);

  if (error != NULL)
    {
      finish (task, error);
      return;
    }

  change->secret_changed = TRUE;
  save (task);
}

static void
change_secret (GTask *task)
{
  DtAccountChange *change = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *password = change->password != NULL ? change->password : change->old_password;

  if (change->kind == DT_ACCOUNT_CHANGE_REMOVE)
    dt_secret_store_clear_async (task_secrets (task), change_id (change), NULL, cancellable,
                                 secret_changed_cb, task);
  else if (password != NULL && (change->password != NULL || change->aor_changed))
    dt_secret_store_store_async (task_secrets (task), change_id (change),
                                 dt_account_get_aor (change->account), password, cancellable,
                                 secret_changed_cb, task);
  else
    save (task);
}

static void
old_password_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  DtAccountChange *change = g_task_get_task_data (task);
  GError *error = NULL;

  change->old_password = dt_secret_store_lookup_finish (DT_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, DT_STORE_ERROR, DT_STORE_ERROR_NO_PASSWORD))
    g_clear_error (&error);

  if (error != NULL)
    finish (task, error);
  else
    change_secret (task);
}

/* Checks against the store as it is now, after the changes queued before */
static gboolean
check (DtAccountStore   *store,
       DtAccountChange  *change,
       GError          **error)
{
  DtAccount *stored = dt_account_store_find (store, change_id (change), NULL);

  if (!dt_account_store_get_writable (store))
    g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                 _("Accounts cannot be changed until %s can be read or is removed."),
                 dt_account_store_get_path (store));
  else if (change->kind == DT_ACCOUNT_CHANGE_ADD &&
           (stored != NULL ||
            g_key_file_has_group (dt_account_store_get_file (store), change_id (change))))
    g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_EXISTS,
                 _("An account with the id “%s” already exists."), change_id (change));
  else if (change->kind != DT_ACCOUNT_CHANGE_ADD && stored == NULL)
    g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND,
                 _("There is no account with the id “%s”."), change_id (change));
  else
    {
      if (stored != NULL)
        change->previous = dt_account_copy (stored);
      return TRUE;
    }

  return FALSE;
}

DtAccountChange *
dt_account_change_new (DtAccountChangeKind  kind,
                       DtAccount           *account,
                       const char          *password)
{
  DtAccountChange *change = g_new0 (DtAccountChange, 1);

  change->kind = kind;
  change->account = account;
  change->password = g_strdup (password);

  return change;
}

void
dt_account_change_free (DtAccountChange *change)
{
  g_clear_object (&change->account);
  g_clear_object (&change->previous);
  dt_store_wipe_password (change->password);
  dt_secret_store_password_free (change->old_password);
  g_clear_pointer (&change->file, g_key_file_unref);
  g_clear_error (&change->error);
  g_free (change);
}

DtAccountChangeKind
dt_account_change_get_kind (DtAccountChange *change)
{
  return change->kind;
}

const char *
dt_account_change_get_id (DtAccountChange *change)
{
  return change_id (change);
}

void
dt_account_change_run (GTask *task)
{
  DtAccountStore *store = task_store (task);
  DtAccountChange *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) ||
      !check (store, change, &error))
    {
      finish (task, error);
      return;
    }

  if (change->kind == DT_ACCOUNT_CHANGE_UPDATE)
    {
      if (change->password == NULL && dt_account_equal (change->previous, change->account))
        {
          finish (task, NULL);
          return;
        }
      change->aor_changed = g_strcmp0 (dt_account_get_aor (change->previous),
                                       dt_account_get_aor (change->account)) != 0;
    }

  /* What the keyring holds now: to move it to a new AOR, or to put it
   * back should the file not be written */
  if (change->kind == DT_ACCOUNT_CHANGE_REMOVE ||
      (change->kind == DT_ACCOUNT_CHANGE_UPDATE &&
       (change->password != NULL || change->aor_changed)))
    dt_secret_store_lookup_async (task_secrets (task), change_id (change),
                                  dt_account_get_aor (change->previous),
                                  g_task_get_cancellable (task), old_password_cb, task);
  else
    change_secret (task);
}
