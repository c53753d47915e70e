/* dt-dbus-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-export.h"
#include "dt-dbus-error.h"
#include "dt-dbus-private.h"
#include "dt-line-export.h"
#include "dt-manager-export.h"

enum {
  PROP_0,
  PROP_OBJECT_PATH,
  PROP_ACTIONS,
  PROP_CALL_MANAGER,
  PROP_ACCOUNT_HANDLER,
  N_PROPS
};

struct _DtDbusService
{
  GObject                   parent_instance;

  char                     *object_path;
  GActionGroup             *actions;
  DtCallManager            *manager;
  DtAccountHandler         *account_handler;

  GDBusConnection          *connection;
  /* The subtrees that answer for calls and lines that are gone */
  guint                     gone_calls_id;
  guint                     gone_lines_id;
  DtManagerExport          *manager_export;
  GDBusObjectManagerServer *server;
  /* DtLine → DtLineExport and DtCall → DtCallExport, each owning its model object */
  GHashTable               *lines;
  GHashTable               *calls;
  guint                     last_line_number;
  guint                     last_call_number;
};

G_DEFINE_FINAL_TYPE (DtDbusService, dt_dbus_service, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
list_contains (GListModel *list,
               gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (list, i);

      if (candidate == item)
        return TRUE;
    }

  return FALSE;
}

static DtLineExport *
export_line (DtDbusService *self,
             DtLine        *line)
{
  g_autofree char *path = g_strdup_printf ("%s/lines/%u", self->object_path,
                                           ++self->last_line_number);
  DtLineExport *export = dt_line_export_new (self, line, path);

  g_hash_table_insert (self->lines, line, export);
  g_dbus_object_manager_server_export (self->server, dt_line_export_get_object (export));

  return export;
}

static DtCallExport *
export_call (DtDbusService *self,
             DtCall        *call)
{
  g_autofree char *path = g_strdup_printf ("%s/calls/%u", self->object_path,
                                           ++self->last_call_number);
  DtCallExport *export = dt_call_export_new (self, call, path);

  g_hash_table_insert (self->calls, call, export);
  g_dbus_object_manager_server_export (self->server, dt_call_export_get_object (export));

  return export;
}

static void
unexport_all (DtDbusService *self)
{
  GHashTable *tables[] = { self->calls, self->lines };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GHashTableIter iter;
      gpointer export;

      g_hash_table_iter_init (&iter, tables[i]);
      while (g_hash_table_iter_next (&iter, NULL, &export))
        {
          const char *path = DT_IS_CALL_EXPORT (export) ? dt_call_export_get_path (export)
                                                         : dt_line_export_get_path (export);

          g_dbus_object_manager_server_unexport (self->server, path);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static void
unregister_gone (DtDbusService   *self,
                 GDBusConnection *connection)
{
  if (self->gone_calls_id != 0)
    g_dbus_connection_unregister_subtree (connection, self->gone_calls_id);
  if (self->gone_lines_id != 0)
    g_dbus_connection_unregister_subtree (connection, self->gone_lines_id);
  self->gone_calls_id = self->gone_lines_id = 0;
}

static void
on_line_added (DtDbusService *self,
               DtLine        *line)
{
  dt_dbus_service_get_line_path (self, line);
}

static void
on_line_removed (DtDbusService *self,
                 DtLine        *line)
{
  DtLineExport *export = g_hash_table_lookup (self->lines, line);

  if (export == NULL)
    return;

  g_dbus_object_manager_server_unexport (self->server, dt_line_export_get_path (export));
  g_hash_table_remove (self->lines, line);
}

static void
on_call_added (DtDbusService *self,
               DtCall        *call)
{
  dt_manager_export_emit_call_added (self->manager_export,
                                     dt_dbus_service_get_call_path (self, call));
}

/* The call has emitted disconnect (relayed as Disconnect) and left the model:
 * CallRemoved, then the object goes */
static void
on_call_removed (DtDbusService *self,
                 DtCall        *call)
{
  DtCallExport *export = g_hash_table_lookup (self->calls, call);

  if (export == NULL)
    return;

  dt_manager_export_emit_call_removed (self->manager_export, dt_call_export_get_path (export));
  g_dbus_object_manager_server_unexport (self->server, dt_call_export_get_path (export));
  g_hash_table_remove (self->calls, call);
}

static void
dt_dbus_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtDbusService *self = DT_DBUS_SERVICE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_PATH: g_value_set_string (value, self->object_path); break;
    case PROP_ACTIONS: g_value_set_object (value, self->actions); break;
    case PROP_CALL_MANAGER: g_value_set_object (value, self->manager); break;
    case PROP_ACCOUNT_HANDLER: g_value_set_object (value, self->account_handler); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_dbus_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DtDbusService *self = DT_DBUS_SERVICE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_PATH: self->object_path = g_value_dup_string (value); break;
    case PROP_ACTIONS: g_set_weak_pointer (&self->actions, g_value_get_object (value)); break;
    case PROP_CALL_MANAGER: dt_dbus_service_set_call_manager (self, g_value_get_object (value)); break;
    case PROP_ACCOUNT_HANDLER:
      dt_dbus_service_set_account_handler (self, g_value_get_object (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_dbus_service_constructed (GObject *object)
{
  DtDbusService *self = DT_DBUS_SERVICE (object);

  G_OBJECT_CLASS (dt_dbus_service_parent_class)->constructed (object);

  g_return_if_fail (self->object_path != NULL && g_variant_is_object_path (self->object_path));

  self->server = g_dbus_object_manager_server_new (self->object_path);
  self->manager_export = dt_manager_export_new (self, self->actions);
}

static void
dt_dbus_service_dispose (GObject *object)
{
  DtDbusService *self = DT_DBUS_SERVICE (object);

  dt_dbus_service_unexport (self);
  dt_dbus_service_set_call_manager (self, NULL);

  g_clear_object (&self->manager_export);
  g_clear_object (&self->server);
  g_clear_object (&self->account_handler);
  g_clear_weak_pointer (&self->actions);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);

  G_OBJECT_CLASS (dt_dbus_service_parent_class)->dispose (object);
}

static void
dt_dbus_service_finalize (GObject *object)
{
  DtDbusService *self = DT_DBUS_SERVICE (object);

  g_free (self->object_path);

  G_OBJECT_CLASS (dt_dbus_service_parent_class)->finalize (object);
}

static void
dt_dbus_service_class_init (DtDbusServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_dbus_service_get_property;
  object_class->set_property = dt_dbus_service_set_property;
  object_class->constructed = dt_dbus_service_constructed;
  object_class->dispose = dt_dbus_service_dispose;
  object_class->finalize = dt_dbus_service_finalize;

  properties[PROP_OBJECT_PATH] =
    g_param_spec_string ("object-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_CALL_MANAGER] =
    g_param_spec_object ("call-manager", NULL, NULL, DT_TYPE_CALL_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_HANDLER] =
    g_param_spec_object ("account-handler", NULL, NULL, DT_TYPE_ACCOUNT_HANDLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_dbus_service_init (DtDbusService *self)
{
  self->lines = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

DtDbusService *
dt_dbus_service_new (const char   *object_path,
                     GActionGroup *actions)
{
  g_return_val_if_fail (object_path != NULL && g_variant_is_object_path (object_path), NULL);
  g_return_val_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (DT_TYPE_DBUS_SERVICE, "object-path", object_path, "actions", actions, NULL);
}

gboolean
dt_dbus_service_export (DtDbusService    *self,
                        GDBusConnection  *connection,
                        GError          **error)
{
  g_autofree char *calls_path = NULL;
  g_autofree char *lines_path = NULL;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->connection == NULL, FALSE);

  dt_dbus_error_register ();

  calls_path = g_strconcat (self->object_path, "/calls", NULL);
  lines_path = g_strconcat (self->object_path, "/lines", NULL);
  self->gone_calls_id = dt_dbus_gone_register (connection, calls_path, DT_CALL_ERROR_NO_SUCH_CALL,
                                               error);
  if (self->gone_calls_id != 0)
    self->gone_lines_id = dt_dbus_gone_register (connection, lines_path,
                                                 DT_CALL_ERROR_NO_SUCH_LINE, error);
  if (self->gone_lines_id == 0 ||
      !g_dbus_interface_skeleton_export (dt_manager_export_get_skeleton (self->manager_export),
                                         connection, self->object_path, error))
    {
      unregister_gone (self, connection);
      return FALSE;
    }

  g_dbus_object_manager_server_set_connection (self->server, connection);
  self->connection = g_object_ref (connection);

  return TRUE;
}

void
dt_dbus_service_unexport (DtDbusService *self)
{
  g_return_if_fail (DT_IS_DBUS_SERVICE (self));

  if (self->connection == NULL)
    return;

  g_dbus_interface_skeleton_unexport (dt_manager_export_get_skeleton (self->manager_export));
  g_dbus_object_manager_server_set_connection (self->server, NULL);
  unregister_gone (self, self->connection);
  g_clear_object (&self->connection);
}

DtCallManager *
dt_dbus_service_get_call_manager (DtDbusService *self)
{
  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), NULL);

  return self->manager;
}

void
dt_dbus_service_set_call_manager (DtDbusService *self,
                                  DtCallManager *manager)
{
  static const struct {
    const char *name;
    GCallback   callback;
  } relays[] = {
    { "line-added", G_CALLBACK (on_line_added) },
    { "line-removed", G_CALLBACK (on_line_removed) },
    { "call-added", G_CALLBACK (on_call_added) },
    { "call-removed", G_CALLBACK (on_call_removed) },
  };

  g_return_if_fail (DT_IS_DBUS_SERVICE (self));
  g_return_if_fail (manager == NULL || DT_IS_CALL_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      unexport_all (self);
    }

  g_set_object (&self->manager, manager);

  if (manager != NULL)
    {
      GListModel *lists[] = { dt_call_manager_get_lines (manager), dt_call_manager_get_calls (manager) };

      for (guint i = 0; i < G_N_ELEMENTS (relays); i++)
        g_signal_connect_object (manager, relays[i].name, relays[i].callback, self,
                                 G_CONNECT_SWAPPED);

      /* Lines first: a call's Line property names its line's path */
      for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
        for (guint j = 0; j < g_list_model_get_n_items (lists[i]); j++)
          {
            g_autoptr(GObject) item = g_list_model_get_item (lists[i], j);

            if (DT_IS_LINE (item))
              dt_dbus_service_get_line_path (self, DT_LINE (item));
            else
              dt_dbus_service_get_call_path (self, DT_CALL (item));
          }
    }

  if (self->manager_export != NULL)
    dt_manager_export_set_call_manager (self->manager_export, manager);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_MANAGER]);
}

DtAccountHandler *
dt_dbus_service_get_account_handler (DtDbusService *self)
{
  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), NULL);

  return self->account_handler;
}

void
dt_dbus_service_set_account_handler (DtDbusService    *self,
                                     DtAccountHandler *handler)
{
  g_return_if_fail (DT_IS_DBUS_SERVICE (self));
  g_return_if_fail (handler == NULL || DT_IS_ACCOUNT_HANDLER (handler));

  if (!g_set_object (&self->account_handler, handler))
    return;

  dt_manager_export_set_account_handler (self->manager_export, handler);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_HANDLER]);
}

const char *
dt_dbus_service_get_call_path (DtDbusService *self,
                               DtCall        *call)
{
  DtCallExport *export;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), "/");

  if (call == NULL)
    return "/";

  export = g_hash_table_lookup (self->calls, call);
  if (export == NULL && self->manager != NULL &&
      list_contains (dt_call_manager_get_calls (self->manager), call))
    export = export_call (self, call);

  return export != NULL ? dt_call_export_get_path (export) : "/";
}

const char *
dt_dbus_service_get_line_path (DtDbusService *self,
                               DtLine        *line)
{
  DtLineExport *export;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), "/");

  if (line == NULL)
    return "/";

  export = g_hash_table_lookup (self->lines, line);
  if (export == NULL && self->manager != NULL &&
      list_contains (dt_call_manager_get_lines (self->manager), line))
    export = export_line (self, line);

  return export != NULL ? dt_line_export_get_path (export) : "/";
}

DtCall *
dt_dbus_service_lookup_call (DtDbusService  *self,
                             const char     *path,
                             GError        **error)
{
  GHashTableIter iter;
  gpointer export;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), NULL);

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &export))
    if (g_strcmp0 (dt_call_export_get_path (export), path) == 0)
      return dt_call_export_get_call (export);

  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_NO_SUCH_CALL,
                       _("That call does not exist anymore."));
  return NULL;
}

DtLine *
dt_dbus_service_lookup_line (DtDbusService  *self,
                             const char     *path,
                             GError        **error)
{
  GHashTableIter iter;
  gpointer export;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (self), NULL);

  g_hash_table_iter_init (&iter, self->lines);
  while (g_hash_table_iter_next (&iter, NULL, &export))
    if (g_strcmp0 (dt_line_export_get_path (export), path) == 0)
      return dt_line_export_get_line (export);

  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_NO_SUCH_LINE,
                       _("That line does not exist anymore."));
  return NULL;
}
