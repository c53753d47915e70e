/* dt-fake-account-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-call-error.h"
#include "dt-fake-account-handler.h"
#include "dt-fake-line-backend.h"

struct _DtFakeAccountHandler
{
  GObject        parent_instance;

  DtCallManager *manager;
  DtFakeJournal *journal;
  char          *password;
  guint          n_accounts;
};

static void dt_fake_account_handler_iface_init (DtAccountHandlerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtFakeAccountHandler, dt_fake_account_handler, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_ACCOUNT_HANDLER,
                                                      dt_fake_account_handler_iface_init))

static gboolean
return_in_idle (gpointer data)
{
  GTask *task = data;

  if (g_task_get_task_data (task) != NULL)
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
  else
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

static void
fake_add_account (DtAccountHandler    *handler,
                  GVariant            *settings,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  DtFakeAccountHandler *self = DT_FAKE_ACCOUNT_HANDLER (handler);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DtFakeLineBackend) backend = NULL;
  g_autoptr(DtLine) line = NULL;
  g_autofree char *id = NULL;
  const char *uri = NULL;
  const char *display_name = NULL;
  const char *password = NULL;
  gboolean register_line = TRUE;
  guint retry_limit = 0;

  g_variant_lookup (settings, "uri", "&s", &uri);
  if (g_strcmp0 (uri, "sip:locked@example.org") == 0)
    {
      g_task_return_new_error (task, DT_CALL_ERROR, DT_CALL_ERROR_KEYRING_UNAVAILABLE,
                               "The keyring is locked, so the password cannot be saved.");
      return;
    }

  g_variant_lookup (settings, "display-name", "&s", &display_name);
  g_variant_lookup (settings, "password", "&s", &password);
  g_variant_lookup (settings, "register", "b", &register_line);
  g_variant_lookup (settings, "retry-limit", "u", &retry_limit);

  id = g_strdup_printf ("account-%u", ++self->n_accounts);
  backend = dt_fake_line_backend_new (self->journal, id);
  line = dt_line_new (id, uri, FALSE, DT_LINE_BACKEND (backend));
  dt_line_set_display_name (line, display_name);
  dt_line_set_retry_limit (line, retry_limit);
  g_free (self->password);
  self->password = g_strdup (password);

  dt_call_manager_add_line (self->manager, line);
  if (register_line)
    g_assert_true (dt_line_register (line, NULL));

  g_task_set_task_data (task, g_steal_pointer (&line), g_object_unref);
  g_idle_add_full (G_PRIORITY_DEFAULT, return_in_idle, g_steal_pointer (&task), g_object_unref);
}

static DtLine *
fake_add_account_finish (DtAccountHandler  *handler,
                         GAsyncResult      *result,
                         GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_remove_account (DtAccountHandler    *handler,
                     DtLine              *line,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  DtFakeAccountHandler *self = DT_FAKE_ACCOUNT_HANDLER (handler);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  dt_line_unregister (line, NULL);
  dt_call_manager_remove_line (self->manager, line);
  g_idle_add_full (G_PRIORITY_DEFAULT, return_in_idle, task, g_object_unref);
}

static gboolean
fake_remove_account_finish (DtAccountHandler  *handler,
                            GAsyncResult      *result,
                            GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dt_fake_account_handler_iface_init (DtAccountHandlerInterface *iface)
{
  iface->add_account = fake_add_account;
  iface->add_account_finish = fake_add_account_finish;
  iface->remove_account = fake_remove_account;
  iface->remove_account_finish = fake_remove_account_finish;
}

static void
dt_fake_account_handler_dispose (GObject *object)
{
  DtFakeAccountHandler *self = DT_FAKE_ACCOUNT_HANDLER (object);

  g_clear_object (&self->manager);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (dt_fake_account_handler_parent_class)->dispose (object);
}

static void
dt_fake_account_handler_finalize (GObject *object)
{
  DtFakeAccountHandler *self = DT_FAKE_ACCOUNT_HANDLER (object);

  g_free (self->password);

  G_OBJECT_CLASS (dt_fake_account_handler_parent_class)->finalize (object);
}

static void
dt_fake_account_handler_class_init (DtFakeAccountHandlerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_fake_account_handler_dispose;
  object_class->finalize = dt_fake_account_handler_finalize;
}

static void
dt_fake_account_handler_init (DtFakeAccountHandler *self)
{
}

DtFakeAccountHandler *
dt_fake_account_handler_new (DtCallManager *manager,
                             DtFakeJournal *journal)
{
  DtFakeAccountHandler *self = g_object_new (DT_TYPE_FAKE_ACCOUNT_HANDLER, NULL);

  self->manager = g_object_ref (manager);
  self->journal = g_object_ref (journal);

  return self;
}

const char *
dt_fake_account_handler_get_password (DtFakeAccountHandler *self)
{
  g_return_val_if_fail (DT_IS_FAKE_ACCOUNT_HANDLER (self), NULL);

  return self->password;
}
