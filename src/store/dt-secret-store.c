/* dt-secret-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "dt-secret-store.h"
#include "dt-store-error.h"
#include "dt-store-private.h"

#define SECRET_SERVICE_NAME "org.freedesktop.secrets"

enum {
  PROP_0,
  PROP_AVAILABLE,
  N_PROPS
};

struct _DtSecretStore
{
  GObject   parent_instance;

  /* The unique name of the service that owns SECRET_SERVICE_NAME */
  char     *owner;
  guint     watch_id;
  gboolean  available;
};

G_DEFINE_FINAL_TYPE (DtSecretStore, dt_secret_store, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const SecretSchema account_schema = {
  .name = "org.dialtone.Dialtone.Account",
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "account-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "aor", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL },
  },
};

typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct {
  OpKind      kind;
  char       *account_id;
  GHashTable *attributes;
  char       *label;
  char       *password;
} SecretOp;

static void
secret_op_free (gpointer data)
{
  SecretOp *op = data;

  g_free (op->account_id);
  g_hash_table_unref (op->attributes);
  g_free (op->label);
  dt_store_wipe_password (op->password);
  g_free (op);
}

static gboolean
is_missing_service (const GError *error)
{
  static const int codes[] = {
    G_DBUS_ERROR_SERVICE_UNKNOWN, G_DBUS_ERROR_NAME_HAS_NO_OWNER,
    G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND, G_DBUS_ERROR_SPAWN_EXEC_FAILED,
    G_DBUS_ERROR_SPAWN_FAILED, G_DBUS_ERROR_SPAWN_CHILD_EXITED,
    G_DBUS_ERROR_SPAWN_CHILD_SIGNALED, G_DBUS_ERROR_SPAWN_SERVICE_INVALID,
    G_DBUS_ERROR_NO_REPLY,
  };

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return TRUE;
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (error->code == codes[i])
      return TRUE;

  return FALSE;
}

/* A missing login keyring is as good as a locked one: the user has to set
 * it up or unlock it in the same place */
static gboolean
is_locked (const GError *error)
{
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT);
}

static void
return_locked (GTask *task)
{
  g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE,
                           _("Your keyring is locked. Unlock it (for example in Passwords and Keys) and try again."));
}

/* The one way a libsecret failure reaches our callers */
static void
return_keyring_error (GTask        *task,
                      const GError *error)
{
  SecretOp *op = g_task_get_task_data (task);
  g_autofree char *detail = NULL;

  g_debug ("The keyring failed for account %s: %s", op->account_id, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (is_missing_service (error))
    g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE,
                             _("No keyring service is running. Start GNOME Keyring (or another Secret Service) and try again."));
  else if (is_locked (error))
    return_locked (task);
  else
    {
      detail = dt_store_shorten_detail (error->message);
      g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE,
                               _("The keyring could not be used (%s). Try again."), detail);
    }
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
}

static void
store_password (GTask *task)
{
  SecretOp *op = g_task_get_task_data (task);

  secret_password_storev (&account_schema, op->attributes, SECRET_COLLECTION_DEFAULT,
                          op->label, op->password, g_task_get_cancellable (task),
                          stored_cb, task);
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  int n_unlocked = secret_service_unlock_finish (SECRET_SERVICE (object), result, NULL, &error);

  if (error != NULL)
    return_keyring_error (task, error);
  else if (n_unlocked == 0)
    return_locked (task);
  else
    store_password (g_steal_pointer (&task));
}

/* A locked collection refuses new items without asking anyone: ask the
 * user to unlock it first (the desktop's prompt; without one, this fails
 * at once) */
static void
collection_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = secret_collection_for_alias_finish (result, &error);
  g_autoptr(GList) objects = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }
  /* No default collection yet: the service makes one as it stores */
  if (collection == NULL || !secret_collection_get_locked (collection))
    {
      store_password (g_steal_pointer (&task));
      return;
    }

  g_debug ("The keyring is locked: asking to unlock it for account %s", op->account_id);
  objects = g_list_append (NULL, collection);
  secret_service_unlock (secret_collection_get_service (collection), objects, cancellable,
                         unlocked_cb, g_steal_pointer (&task));
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (service == NULL)
    return_keyring_error (task, error);
  else
    secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                                 cancellable, collection_cb, g_steal_pointer (&task));
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Found items that stay locked could not be unlocked (the user said no, or
 * there is no prompt): treat them as unreachable rather than absent */
static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean locked = FALSE;
  char *password = NULL;

  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretValue *value;

      if (secret_item_get_locked (l->data))
        locked = TRUE;
      else if (op->kind == OP_LOOKUP && password == NULL &&
               (value = secret_item_get_secret (l->data)) != NULL)
        password = secret_value_unref_to_password (value, NULL);
    }
  g_list_free_full (items, g_object_unref);

  if (op->kind == OP_LOOKUP && password != NULL)
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
  else if (locked)
    return_locked (task);
  else if (op->kind == OP_LOOKUP)
    g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_NO_PASSWORD,
                             _("Your keyring has no password for this account. Edit the account to enter it again."));
  else
    secret_password_clearv (&account_schema, op->attributes, cancellable, cleared_cb,
                            g_steal_pointer (&task));
}

static void
run_op (GTask *task)
{
  SecretOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SecretSearchFlags flags = SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK;

  switch (op->kind)
    {
    case OP_STORE:
      secret_service_get (SECRET_SERVICE_NONE, cancellable, service_cb, task);
      break;
    case OP_LOOKUP:
      flags |= SECRET_SEARCH_LOAD_SECRETS;
      G_GNUC_FALLTHROUGH;
    case OP_CLEAR:
      secret_service_search (NULL, &account_schema, op->attributes, flags, cancellable,
                             searched_cb, task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (bus == NULL)
    g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_KEYRING_UNAVAILABLE,
                             _("There is no session bus, so no keyring can be reached. Start Dialtone in a desktop session and try again."));
  else
    run_op (g_steal_pointer (&task));
}

static void
start_op (DtSecretStore       *self,
          OpKind               kind,
          const char          *account_id,
          const char          *aor,
          const char          *password,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SecretOp *op = g_new0 (SecretOp, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, secret_op_free);

  op->kind = kind;
  op->account_id = g_strdup (account_id);
  op->password = g_strdup (password);
  op->attributes = aor != NULL
    ? secret_attributes_build (&account_schema, "account-id", account_id, "aor", aor, NULL)
    : secret_attributes_build (&account_schema, "account-id", account_id, NULL);
  if (kind == OP_STORE)
    op->label = g_strdup_printf (_("Dialtone account %s"), aor);

  /* libsecret would try to start a bus without a display and fail with a
   * message no user can act on: look for the bus first */
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, task);
}

static void
set_available (DtSecretStore *self,
               gboolean       available)
{
  if (self->available == available)
    return;

  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  DtSecretStore *self = user_data;

  /* libsecret keeps its session with the service it first talked to; a
   * new service knows nothing of it */
  if (self->owner != NULL && g_strcmp0 (self->owner, owner) != 0)
    secret_service_disconnect ();

  g_free (self->owner);
  self->owner = g_strdup (owner);
  g_debug ("The Secret Service appeared (%s)", owner);
  set_available (self, TRUE);
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  DtSecretStore *self = user_data;

  if (self->owner != NULL)
    {
      g_debug ("The Secret Service went away (%s)", self->owner);
      secret_service_disconnect ();
      g_clear_pointer (&self->owner, g_free);
    }
  set_available (self, FALSE);
}

static void
dt_secret_store_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtSecretStore *self = DT_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_secret_store_dispose (GObject *object)
{
  DtSecretStore *self = DT_SECRET_STORE (object);

  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);

  G_OBJECT_CLASS (dt_secret_store_parent_class)->dispose (object);
}

static void
dt_secret_store_finalize (GObject *object)
{
  DtSecretStore *self = DT_SECRET_STORE (object);

  g_free (self->owner);

  G_OBJECT_CLASS (dt_secret_store_parent_class)->finalize (object);
}

static void
dt_secret_store_class_init (DtSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_secret_store_get_property;
  object_class->dispose = dt_secret_store_dispose;
  object_class->finalize = dt_secret_store_finalize;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_secret_store_init (DtSecretStore *self)
{
  /* AUTO_START: a keyring that D-Bus can start counts as available */
  self->watch_id = g_bus_watch_name (G_BUS_TYPE_SESSION, SECRET_SERVICE_NAME,
                                     G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                     name_appeared_cb, name_vanished_cb, self, NULL);
}

DtSecretStore *
dt_secret_store_new (void)
{
  return g_object_new (DT_TYPE_SECRET_STORE, NULL);
}

gboolean
dt_secret_store_get_available (DtSecretStore *self)
{
  g_return_val_if_fail (DT_IS_SECRET_STORE (self), FALSE);

  return self->available;
}

void
dt_secret_store_store_async (DtSecretStore       *self,
                             const char          *account_id,
                             const char          *aor,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DT_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (aor != NULL);
  g_return_if_fail (password != NULL);

  g_debug ("Storing the password of account %s", account_id);
  start_op (self, OP_STORE, account_id, aor, password, cancellable, callback, user_data,
            dt_secret_store_store_async);
}

gboolean
dt_secret_store_store_finish (DtSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_secret_store_lookup_async (DtSecretStore       *self,
                              const char          *account_id,
                              const char          *aor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DT_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);

  g_debug ("Looking up the password of account %s", account_id);
  start_op (self, OP_LOOKUP, account_id, aor, NULL, cancellable, callback, user_data,
            dt_secret_store_lookup_async);
}

char *
dt_secret_store_lookup_finish (DtSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dt_secret_store_clear_async (DtSecretStore       *self,
                             const char          *account_id,
                             const char          *aor,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DT_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);

  g_debug ("Deleting the password of account %s", account_id);
  start_op (self, OP_CLEAR, account_id, aor, NULL, cancellable, callback, user_data,
            dt_secret_store_clear_async);
}

gboolean
dt_secret_store_clear_finish (DtSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_secret_store_password_free (char *password)
{
  secret_password_free (password);
}

void
dt_store_wipe_password (char *password)
{
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  g_free (password);
}
