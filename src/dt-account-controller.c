/* dt-account-controller.c: stored accounts as SIP lines of the call manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-account-controller.h"
#include "dt-account-convert.h"
#include "dt-account-handler.h"
#include "dt-call-error.h"
#include "dt-sip-line.h"
#include "dt-store-error.h"

enum {
  PROP_0,
  PROP_CALL_MANAGER,
  PROP_ACCOUNT_STORE,
  PROP_STARTED,
  N_PROPS
};

struct _DtAccountController
{
  GObject         parent_instance;

  DtCallManager  *manager;
  DtAccountStore *store;
  DtSipStack     *stack;
  /* Why there is no stack, once started without one */
  char           *stack_error;
  GCancellable   *cancellable;
  /* Ids of the accounts shown "keyring unavailable", looked up again once
   * the Secret Service appears */
  GHashTable     *waiting;
  gboolean        started;
};

static void dt_account_controller_handler_init (DtAccountHandlerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtAccountController, dt_account_controller, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_ACCOUNT_HANDLER,
                                                      dt_account_controller_handler_init))

static GParamSpec *properties[N_PROPS];

/* A look-up of one stored account's password, for its line */
typedef struct {
  DtAccountController *self;
  char                *id;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_free (lookup->id);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

/* Puts @line in the manager in place of any line of the same id */
static void
show_line (DtAccountController *self,
           DtLine              *line)
{
  DtLine *old = dt_call_manager_get_line (self->manager, dt_line_get_id (line));

  if (old != NULL)
    {
      g_autoptr(DtLine) keep = g_object_ref (old);

      dt_line_unregister (keep, NULL);
      dt_call_manager_remove_line (self->manager, keep);
    }

  dt_call_manager_add_line (self->manager, line);
}

static void
register_line (DtLine *line)
{
  g_autoptr(GError) error = NULL;

  if (!dt_line_register (line, &error))
    g_warning ("Account %s cannot register: %s", dt_line_get_id (line), error->message);
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  DtAccountController *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtLine) line = NULL;
  DtAccount *account;
  char *password;

  password = dt_account_store_lookup_password_finish (DT_ACCOUNT_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Removed meanwhile */
  account = dt_account_store_get_account (self->store, lookup->id);
  if (account == NULL)
    {
      dt_secret_store_password_free (password);
      return;
    }

  if (password == NULL)
    {
      if (g_error_matches (error, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE))
        {
          /* Expected without a desktop session; it registers once one comes */
          g_message ("Account %s waits for the keyring: %s", lookup->id, error->message);
          g_hash_table_add (self->waiting, g_strdup (lookup->id));
          line = dt_account_convert_to_failed_line (self->stack, account, _("keyring unavailable"));
        }
      else
        {
          g_warning ("Account %s cannot register: %s", lookup->id, error->message);
          line = dt_account_convert_to_failed_line (self->stack, account, error->message);
        }
      show_line (self, line);
      return;
    }

  g_hash_table_remove (self->waiting, lookup->id);
  line = dt_account_convert_to_line (self->stack, account, password, &error);
  dt_secret_store_password_free (password);
  if (line == NULL)
    {
      g_warning ("Account %s cannot be used: %s", lookup->id, error->message);
      line = dt_account_convert_to_failed_line (self->stack, account, error->message);
      show_line (self, line);
      return;
    }

  show_line (self, line);
  if (dt_account_get_enabled (account))
    register_line (line);
}

static void
look_up_password (DtAccountController *self,
                  const char          *id)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->id = g_strdup (id);
  dt_account_store_lookup_password_async (self->store, id, self->cancellable, password_cb, lookup);
}

static void
secret_store_available_cb (DtSecretStore       *secret_store,
                           GParamSpec          *pspec,
                           DtAccountController *self)
{
  g_autofree gpointer *ids = NULL;
  guint n_ids;

  if (!dt_secret_store_get_available (secret_store) || self->stack == NULL)
    return;

  ids = g_hash_table_get_keys_as_array (self->waiting, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    look_up_password (self, ids[i]);
}

/* An edit was saved: the account's line is built again from the new
 * settings and password, in place of the old one, which unregisters */
static void
account_updated_cb (DtAccountStore      *store,
                    DtAccount           *account,
                    DtAccountController *self)
{
  const char *id = dt_account_get_id (account);

  /* Before the start the accounts are not lines yet */
  if (!self->started)
    return;

  g_message ("Account %s changed; it registers again", id);
  if (self->stack == NULL)
    {
      g_autoptr(DtLine) line = dt_account_convert_to_failed_line (self->stack, account, self->stack_error);

      show_line (self, line);
      return;
    }

  look_up_password (self, id);
}

static void
add_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DtAccountController *self = g_task_get_source_object (task);
  DtLine *line = g_task_get_task_data (task);
  g_autoptr(DtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = dt_account_store_add_finish (DT_ACCOUNT_STORE (source), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, dt_account_convert_error (error));
      return;
    }

  g_message ("Account %s added for %s", dt_account_get_id (account), dt_account_get_aor (account));
  show_line (self, line);
  if (dt_account_get_enabled (account))
    register_line (line);

  g_task_return_pointer (task, g_object_ref (line), g_object_unref);
}

static void
dt_account_controller_add_account (DtAccountHandler    *handler,
                                   GVariant            *settings,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (handler);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  DtLine *line;
  const char *password = NULL;

  g_task_set_source_tag (task, dt_account_controller_add_account);

  if (!self->started)
    {
      g_task_return_new_error (task, DT_CALL_ERROR, DT_CALL_ERROR_FAILED, "%s",
                               _("Dialtone is still starting; add the account again in a moment."));
      return;
    }
  if (self->stack == NULL)
    {
      g_task_return_new_error (task, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                               _("Accounts cannot be added because SIP is not available: %s"),
                               self->stack_error);
      return;
    }

  account = dt_account_convert_from_settings (settings, &error);
  if (account == NULL || !dt_account_validate (account, &error))
    {
      g_task_return_error (task, dt_account_convert_error (error));
      return;
    }

  /* The SIP layer checks what the store cannot (a usable registrar, say)
   * before anything is stored; the line sends nothing until it registers */
  g_variant_lookup (settings, "password", "&s", &password);
  line = dt_account_convert_to_line (self->stack, account, password, &error);
  if (line == NULL)
    {
      g_task_return_error (task, dt_account_convert_error (error));
      return;
    }
  g_task_set_task_data (task, line, g_object_unref);

  /* The password goes from the message straight into the keyring */
  dt_account_store_add_async (self->store, account, password, cancellable, add_cb,
                              g_steal_pointer (&task));
}

static DtLine *
dt_account_controller_add_account_finish (DtAccountHandler  *handler,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, handler), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DtAccountController *self = g_task_get_source_object (task);
  DtLine *line = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dt_account_store_remove_finish (DT_ACCOUNT_STORE (source), result, &error))
    {
      g_task_return_error (task, dt_account_convert_error (error));
      return;
    }

  g_hash_table_remove (self->waiting, dt_line_get_id (line));
  dt_line_unregister (line, NULL);
  dt_call_manager_remove_line (self->manager, line);
  g_message ("Account %s removed", dt_line_get_id (line));

  g_task_return_boolean (task, TRUE);
}

static void
dt_account_controller_remove_account (DtAccountHandler    *handler,
                                      DtLine              *line,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (handler);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dt_account_controller_remove_account);
  g_task_set_task_data (task, g_object_ref (line), g_object_unref);

  /* The secret and the entry go first: a line left registered for a moment
   * is better than an account that comes back at the next start */
  dt_account_store_remove_async (self->store, dt_line_get_id (line), cancellable, remove_cb,
                                 g_steal_pointer (&task));
}

static gboolean
dt_account_controller_remove_account_finish (DtAccountHandler  *handler,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, handler), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* The line follows from account-updated */
  if (!dt_account_store_update_finish (DT_ACCOUNT_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
dt_account_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CALL_MANAGER:  g_value_set_object (value, self->manager); break;
    case PROP_ACCOUNT_STORE: g_value_set_object (value, self->store); break;
    case PROP_STARTED:       g_value_set_boolean (value, self->started); break;
    default:                 G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_controller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CALL_MANAGER:  self->manager = g_value_dup_object (value); break;
    case PROP_ACCOUNT_STORE: self->store = g_value_dup_object (value); break;
    default:                 G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_controller_constructed (GObject *object)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (object);

  G_OBJECT_CLASS (dt_account_controller_parent_class)->constructed (object);

  if (self->store == NULL)
    {
      g_autoptr(DtSecretStore) secret_store = dt_secret_store_new ();

      self->store = dt_account_store_new (secret_store, NULL);
    }

  g_signal_connect_object (dt_account_store_get_secret_store (self->store), "notify::available",
                           G_CALLBACK (secret_store_available_cb), self, 0);
  g_signal_connect_object (self->store, "account-updated",
                           G_CALLBACK (account_updated_cb), self, 0);
}

static void
dt_account_controller_dispose (GObject *object)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);
  g_clear_object (&self->stack);

  G_OBJECT_CLASS (dt_account_controller_parent_class)->dispose (object);
}

static void
dt_account_controller_finalize (GObject *object)
{
  DtAccountController *self = DT_ACCOUNT_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_free (self->stack_error);

  G_OBJECT_CLASS (dt_account_controller_parent_class)->finalize (object);
}

static void
dt_account_controller_handler_init (DtAccountHandlerInterface *iface)
{
  iface->add_account = dt_account_controller_add_account;
  iface->add_account_finish = dt_account_controller_add_account_finish;
  iface->remove_account = dt_account_controller_remove_account;
  iface->remove_account_finish = dt_account_controller_remove_account_finish;
}

static void
dt_account_controller_class_init (DtAccountControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_account_controller_get_property;
  object_class->set_property = dt_account_controller_set_property;
  object_class->constructed = dt_account_controller_constructed;
  object_class->dispose = dt_account_controller_dispose;
  object_class->finalize = dt_account_controller_finalize;

  properties[PROP_CALL_MANAGER] =
    g_param_spec_object ("call-manager", NULL, NULL,
                         DT_TYPE_CALL_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_STORE] =
    g_param_spec_object ("account-store", NULL, NULL,
                         DT_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STARTED] =
    g_param_spec_boolean ("started", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_account_controller_init (DtAccountController *self)
{
  self->cancellable = g_cancellable_new ();
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

DtAccountController *
dt_account_controller_new (DtCallManager  *manager,
                           DtAccountStore *store)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (manager), NULL);
  g_return_val_if_fail (store == NULL || DT_IS_ACCOUNT_STORE (store), NULL);

  return g_object_new (DT_TYPE_ACCOUNT_CONTROLLER,
                       "call-manager", manager,
                       "account-store", store,
                       NULL);
}

void
dt_account_controller_start (DtAccountController *self,
                             DtSipStack          *stack,
                             const char          *reason)
{
  g_autoptr(GError) error = NULL;
  GListModel *accounts;

  g_return_if_fail (DT_IS_ACCOUNT_CONTROLLER (self));
  g_return_if_fail (stack == NULL || DT_IS_SIP_STACK (stack));
  g_return_if_fail (!self->started);

  g_set_object (&self->stack, stack);
  self->stack_error = g_strdup (stack == NULL ? reason : NULL);

  /* The reason stays in the store's load-error for the window to show */
  if (!dt_account_store_load (self->store, &error))
    g_warning ("%s", error->message);

  accounts = dt_account_store_get_accounts (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DtAccount) account = g_list_model_get_item (accounts, i);

      if (stack == NULL)
        {
          g_autoptr(DtLine) line = dt_account_convert_to_failed_line (self->stack, account, reason);

          show_line (self, line);
        }
      else
        {
          look_up_password (self, dt_account_get_id (account));
        }
    }

  self->started = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
}

DtAccountStore *
dt_account_controller_get_account_store (DtAccountController *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_CONTROLLER (self), NULL);

  return self->store;
}

gboolean
dt_account_controller_get_started (DtAccountController *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_CONTROLLER (self), FALSE);

  return self->started;
}

void
dt_account_controller_update_account_async (DtAccountController *self,
                                            DtAccount           *account,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DT_IS_ACCOUNT_CONTROLLER (self));
  g_return_if_fail (DT_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_account_controller_update_account_async);

  if (!self->started)
    {
      g_task_return_new_error (task, DT_CALL_ERROR, DT_CALL_ERROR_FAILED, "%s",
                               _("Dialtone is still starting; save the account again in a moment."));
      return;
    }

  dt_account_store_update_async (self->store, account, password, cancellable, update_cb,
                                 g_steal_pointer (&task));
}

gboolean
dt_account_controller_update_account_finish (DtAccountController  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
