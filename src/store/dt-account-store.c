/* dt-account-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-account-store.h"
#include "dt-store-error.h"
#include "dt-store-private.h"

enum {
  PROP_0,
  PROP_SECRET_STORE,
  PROP_PATH,
  PROP_LOAD_ERROR,
  PROP_WRITABLE,
  N_PROPS
};

enum {
  ACCOUNT_UPDATED,
  N_SIGNALS
};

struct _DtAccountStore
{
  GObject        parent_instance;

  DtSecretStore *secrets;
  GListStore    *accounts;
  /* What the file on disk holds, comments and unknown keys included */
  GKeyFile      *file;
  char          *path;
  GError        *load_error;

  /* Changes wait here (GTask) and run one at a time */
  GQueue         queue;
  GTask         *current;
  gboolean       loaded;
  gboolean       writable;
};

G_DEFINE_FINAL_TYPE (DtAccountStore, dt_account_store, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
run_next (DtAccountStore *self)
{
  if (self->current != NULL || g_queue_is_empty (&self->queue))
    return;

  self->current = g_queue_pop_head (&self->queue);
  dt_account_change_run (self->current);
}

static void
queue_change (DtAccountStore      *self,
              DtAccountChange     *change,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, change, (GDestroyNotify) dt_account_change_free);
  /* Once the keyring has changed, the change is seen through to the end
   * and reported as it ended, cancelled or not */
  g_task_set_check_cancellable (task, FALSE);

  g_queue_push_tail (&self->queue, task);
  run_next (self);
}

static GError *
set_aside (DtAccountStore *self,
           const char     *problem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = dt_store_shorten_detail (problem);
  g_autofree char *aside = dt_accounts_file_set_aside (self->path, &error);

  if (aside != NULL)
    return g_error_new (DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                        _("Your accounts could not be read (%s), so Dialtone starts without them. The file was kept as %s."),
                        detail, aside);

  /* Saving now would overwrite the only copy */
  self->writable = FALSE;
  return g_error_new (DT_STORE_ERROR, DT_STORE_ERROR_IO,
                      _("Your accounts could not be read (%s), and %s could not be set aside (%s). Dialtone starts without accounts and leaves the file as it is."),
                      detail, self->path, error->message);
}

/* Bad input fails through the task, like every other error */
static gboolean
check_input (DtAccountStore       *self,
             DtAccount            *account,
             const char           *password,
             gboolean              adding,
             GAsyncReadyCallback   callback,
             gpointer              user_data,
             gpointer              source_tag)
{
  g_autoptr(GError) error = NULL;

  if (!adding && dt_account_get_id (account) == NULL)
    g_set_error_literal (&error, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND,
                         _("An account without an id cannot be updated."));
  else if (dt_account_validate (account, &error) &&
           (password == NULL ? !adding : *password != '\0'))
    return TRUE;
  else if (error == NULL)
    g_set_error_literal (&error, DT_STORE_ERROR, DT_STORE_ERROR_INVALID,
                         _("The account needs a password."));

  g_task_report_error (self, callback, user_data, source_tag, g_steal_pointer (&error));
  return FALSE;
}

static void
password_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = dt_secret_store_lookup_finish (DT_SECRET_STORE (object), result, &error);

  if (password == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) dt_secret_store_password_free);
}

static void
dt_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DtAccountStore *self = DT_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SECRET_STORE: g_value_set_object (value, self->secrets); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_LOAD_ERROR: g_value_set_boxed (value, self->load_error); break;
    case PROP_WRITABLE: g_value_set_boolean (value, self->writable); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DtAccountStore *self = DT_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SECRET_STORE: self->secrets = g_value_dup_object (value); break;
    case PROP_PATH: self->path = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_store_constructed (GObject *object)
{
  DtAccountStore *self = DT_ACCOUNT_STORE (object);

  G_OBJECT_CLASS (dt_account_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "dialtone", "accounts.conf", NULL);
  if (self->secrets == NULL)
    self->secrets = dt_secret_store_new ();
}

static void
dt_account_store_dispose (GObject *object)
{
  DtAccountStore *self = DT_ACCOUNT_STORE (object);

  /* Every queued change holds a reference: none is left by now */
  g_assert (self->current == NULL && g_queue_is_empty (&self->queue));
  g_clear_object (&self->secrets);
  if (self->accounts != NULL)
    g_list_store_remove_all (self->accounts);

  G_OBJECT_CLASS (dt_account_store_parent_class)->dispose (object);
}

static void
dt_account_store_finalize (GObject *object)
{
  DtAccountStore *self = DT_ACCOUNT_STORE (object);

  g_clear_object (&self->accounts);
  g_key_file_unref (self->file);
  g_free (self->path);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (dt_account_store_parent_class)->finalize (object);
}

static void
dt_account_store_class_init (DtAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_account_store_get_property;
  object_class->set_property = dt_account_store_set_property;
  object_class->constructed = dt_account_store_constructed;
  object_class->dispose = dt_account_store_dispose;
  object_class->finalize = dt_account_store_finalize;

  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL, DT_TYPE_SECRET_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOAD_ERROR] =
    g_param_spec_boxed ("load-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITABLE] =
    g_param_spec_boolean ("writable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_UPDATED] =
    g_signal_new ("account-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DT_TYPE_ACCOUNT);
}

static void
dt_account_store_init (DtAccountStore *self)
{
  self->accounts = g_list_store_new (DT_TYPE_ACCOUNT);
  self->file = g_key_file_new ();
  self->writable = TRUE;
  g_queue_init (&self->queue);
}

DtAccountStore *
dt_account_store_new (DtSecretStore *secret_store,
                      const char    *path)
{
  g_return_val_if_fail (secret_store == NULL || DT_IS_SECRET_STORE (secret_store), NULL);

  return g_object_new (DT_TYPE_ACCOUNT_STORE, "secret-store", secret_store, "path", path, NULL);
}

gboolean
dt_account_store_load (DtAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GError) problem = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GKeyFile *file = NULL;

  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (!self->loaded, FALSE);

  self->loaded = TRUE;
  dt_accounts_file_remove_leftovers (self->path);
  if (g_file_get_contents (self->path, &contents, &length, &problem))
    file = dt_accounts_file_parse (contents, length, &accounts, &problem);
  else if (g_error_matches (problem, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;

  if (file != NULL)
    {
      g_key_file_unref (self->file);
      self->file = file;
      for (guint i = 0; i < accounts->len; i++)
        dt_account_seal (g_ptr_array_index (accounts, i));
      g_list_store_splice (self->accounts, 0, 0, accounts->pdata, accounts->len);
      g_debug ("Loaded %u accounts from %s", accounts->len, self->path);
      return TRUE;
    }

  self->load_error = set_aside (self, problem->message);
  g_message ("%s", self->load_error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
  if (!self->writable)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITABLE]);

  g_propagate_error (error, g_error_copy (self->load_error));
  return FALSE;
}

GListModel *
dt_account_store_get_accounts (DtAccountStore *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), NULL);

  return G_LIST_MODEL (self->accounts);
}

DtAccount *
dt_account_store_get_account (DtAccountStore *self,
                              const char     *id)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), NULL);

  return dt_account_store_find (self, id, NULL);
}

DtSecretStore *
dt_account_store_get_secret_store (DtAccountStore *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), NULL);

  return self->secrets;
}

const char *
dt_account_store_get_path (DtAccountStore *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

const GError *
dt_account_store_get_load_error (DtAccountStore *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), NULL);

  return self->load_error;
}

gboolean
dt_account_store_get_writable (DtAccountStore *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_STORE (self), FALSE);

  return self->writable;
}

void
dt_account_store_add_async (DtAccountStore      *self,
                            DtAccount           *account,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DT_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DT_IS_ACCOUNT (account));

  if (!check_input (self, account, password, TRUE, callback, user_data,
                    dt_account_store_add_async))
    return;

  id = g_strdup (dt_account_get_id (account));
  if (id == NULL)
    id = g_uuid_string_random ();
  g_debug ("Adding account %s", id);
  queue_change (self,
                dt_account_change_new (DT_ACCOUNT_CHANGE_ADD,
                                       dt_account_copy_with_id (account, id), password),
                cancellable, callback, user_data, dt_account_store_add_async);
}

DtAccount *
dt_account_store_add_finish (DtAccountStore  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dt_account_store_update_async (DtAccountStore      *self,
                               DtAccount           *account,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DT_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DT_IS_ACCOUNT (account));

  if (!check_input (self, account, password, FALSE, callback, user_data,
                    dt_account_store_update_async))
    return;

  g_debug ("Updating account %s", dt_account_get_id (account));
  queue_change (self,
                dt_account_change_new (DT_ACCOUNT_CHANGE_UPDATE, dt_account_copy (account),
                                       password),
                cancellable, callback, user_data, dt_account_store_update_async);
}

gboolean
dt_account_store_update_finish (DtAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_account_store_remove_async (DtAccountStore      *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DT_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id != NULL);

  g_debug ("Removing account %s", id);
  queue_change (self, dt_account_change_new (DT_ACCOUNT_CHANGE_REMOVE, dt_account_new (id, NULL),
                                             NULL),
                cancellable, callback, user_data, dt_account_store_remove_async);
}

gboolean
dt_account_store_remove_finish (DtAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_account_store_lookup_password_async (DtAccountStore      *self,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DtAccount *account;

  g_return_if_fail (DT_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_account_store_lookup_password_async);

  account = dt_account_store_find (self, id, NULL);
  if (account == NULL)
    g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_NOT_FOUND,
                             _("There is no account with the id “%s”."), id);
  else
    dt_secret_store_lookup_async (self->secrets, id, dt_account_get_aor (account), cancellable,
                                  password_found_cb, g_steal_pointer (&task));
}

char *
dt_account_store_lookup_password_finish (DtAccountStore  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DtAccount *
dt_account_store_find (DtAccountStore *self,
                       const char     *id,
                       guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(DtAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (dt_account_get_id (account), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return account;
        }
    }

  return NULL;
}

GKeyFile *
dt_account_store_get_file (DtAccountStore *self)
{
  return self->file;
}

void
dt_account_store_commit (DtAccountStore      *self,
                         DtAccountChangeKind  kind,
                         DtAccount           *account,
                         GKeyFile            *file)
{
  const char *id = dt_account_get_id (account);
  DtAccount *stored;
  guint position;

  g_key_file_unref (self->file);
  self->file = g_key_file_ref (file);

  switch (kind)
    {
    case DT_ACCOUNT_CHANGE_ADD:
      stored = dt_account_copy (account);
      dt_account_seal (stored);
      g_list_store_append (self->accounts, stored);
      g_object_unref (stored);
      break;
    case DT_ACCOUNT_CHANGE_UPDATE:
      stored = dt_account_store_find (self, id, NULL);
      dt_account_assign (stored, account);
      g_signal_emit (self, signals[ACCOUNT_UPDATED], 0, stored);
      break;
    case DT_ACCOUNT_CHANGE_REMOVE:
      if (dt_account_store_find (self, id, &position) != NULL)
        g_list_store_remove (self->accounts, position);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
dt_account_store_finish_change (DtAccountStore *self,
                                GTask          *task,
                                GError         *error)
{
  DtAccountChange *change = g_task_get_task_data (task);

  g_assert (self->current == task);
  self->current = NULL;

  /* The task may hold the last reference to the store */
  g_object_ref (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (dt_account_change_get_kind (change) == DT_ACCOUNT_CHANGE_ADD)
    g_task_return_pointer (task,
                           g_object_ref (dt_account_store_find (self,
                                                                dt_account_change_get_id (change),
                                                                NULL)),
                           g_object_unref);
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
  run_next (self);
  g_object_unref (self);
}
