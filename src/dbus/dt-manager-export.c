/* dt-manager-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-audio-device.h"
#include "dt-dbus-error.h"
#include "dt-dbus-private.h"
#include "dt-manager-export.h"
#include "dt-manager-skeleton.h"

struct _DtManagerExport
{
  GObject           parent_instance;

  /* Borrowed: the service owns this export */
  DtDbusService    *service;
  GActionGroup     *actions;
  DtCallManager    *manager;
  DtAccountHandler *account_handler;
  DtDbusManager    *skeleton;
};

G_DEFINE_FINAL_TYPE (DtManagerExport, dt_manager_export, G_TYPE_OBJECT)

/* An AddAccount or RemoveAccount waiting for the account handler. The
 * service is held too: the export only borrows it. */
typedef struct
{
  DtDbusService         *service;
  DtManagerExport       *export;
  GDBusMethodInvocation *invocation;
} AccountRequest;

static AccountRequest *
account_request_new (DtManagerExport       *export,
                     GDBusMethodInvocation *invocation)
{
  AccountRequest *request = g_new0 (AccountRequest, 1);

  request->service = g_object_ref (export->service);
  request->export = g_object_ref (export);
  request->invocation = g_object_ref (invocation);

  return request;
}

static void
account_request_free (AccountRequest *request)
{
  g_clear_object (&request->invocation);
  g_clear_object (&request->export);
  g_clear_object (&request->service);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccountRequest, account_request_free)

/* Signals follow the property changes that led to them */
static void
flush (DtManagerExport *self)
{
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
update_incoming_calls (DtManagerExport *self)
{
  GListModel *incoming = self->manager != NULL ? dt_call_manager_get_incoming_calls (self->manager)
                                               : NULL;
  guint n_calls = incoming != NULL ? g_list_model_get_n_items (incoming) : 0;
  g_autofree const char **paths = g_new0 (const char *, n_calls + 1);

  for (guint i = 0; i < n_calls; i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (incoming, i);

      paths[i] = dt_dbus_service_get_call_path (self->service, call);
    }

  dt_dbus_manager_set_incoming_calls (self->skeleton, paths);
}

static void
update_direct_uri (DtManagerExport *self)
{
  DtLine *direct = self->manager != NULL ? dt_call_manager_get_direct_line (self->manager) : NULL;
  const char *uri = direct != NULL ? dt_line_get_uri (direct) : NULL;

  dt_dbus_manager_set_direct_uri (self->skeleton, uri != NULL ? uri : "");
}

static void
reset_manager_properties (DtManagerExport *self)
{
  dt_dbus_manager_set_max_calls (self->skeleton, 0);
  dt_dbus_manager_set_connected_call (self->skeleton, "/");
  dt_dbus_manager_set_current_call (self->skeleton, "/");
  dt_dbus_manager_set_direct_line (self->skeleton, "/");
  dt_dbus_manager_set_input_device (self->skeleton, "");
  dt_dbus_manager_set_output_device (self->skeleton, "");
  update_incoming_calls (self);
  update_direct_uri (self);
}

static void
on_manager_notify (DtManagerExport *self,
                   GParamSpec      *pspec)
{
  dt_dbus_mirror_property (self->service, G_OBJECT (self->manager), G_OBJECT (self->skeleton),
                           pspec->name);

  if (g_str_equal (pspec->name, "direct-line"))
    update_direct_uri (self);
}

/* Set by a client (the property is read-write) */
static void
on_skeleton_max_calls (DtManagerExport *self)
{
  if (self->manager != NULL)
    dt_call_manager_set_max_calls (self->manager, dt_dbus_manager_get_max_calls (self->skeleton));
}

static void
on_incoming_call (DtManagerExport *self,
                  DtCall          *call)
{
  const char *uri = dt_call_get_remote_uri (call);
  const char *name = dt_call_get_remote_name (call);

  flush (self);
  dt_dbus_manager_emit_incoming_call (self->skeleton,
                                      dt_dbus_service_get_call_path (self->service, call),
                                      uri != NULL ? uri : "", name != NULL ? name : "");
}

/* FALSE, having replied, before the application has made the manager */
static gboolean
check_manager (DtManagerExport       *self,
               GDBusMethodInvocation *invocation)
{
  if (self->manager != NULL)
    return TRUE;

  g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                 _("Dialtone is still starting; try again in a moment."));
  return FALSE;
}

static gboolean
handle_quit (DtDbusManager         *skeleton,
             GDBusMethodInvocation *invocation,
             DtManagerExport       *self)
{
  if (self->actions == NULL || !g_action_group_has_action (self->actions, "quit"))
    {
      g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR,
                                                     DT_CALL_ERROR_FAILED,
                                                     _("Dialtone cannot be quit from here."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  /* The reply goes out first: quitting ends calls and then the process */
  dt_dbus_manager_complete_quit (skeleton, invocation);
  g_action_group_activate_action (self->actions, "quit", NULL);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
add_account_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AccountRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtLine) line = NULL;
  const char *path;

  line = dt_account_handler_add_account_finish (DT_ACCOUNT_HANDLER (source), result, &error);
  if (line == NULL)
    {
      dt_dbus_return_error (request->invocation, error);
      return;
    }

  path = dt_dbus_service_get_line_path (request->service, line);
  if (g_str_equal (path, "/"))
    {
      g_critical ("The account handler returned a line that is not in the call manager");
      g_dbus_method_invocation_return_error_literal (request->invocation, DT_CALL_ERROR,
                                                     DT_CALL_ERROR_FAILED,
                                                     _("The account was added, but its line is missing."));
      return;
    }

  dt_dbus_manager_complete_add_account (request->export->skeleton, request->invocation, path);
}

static gboolean
handle_add_account (DtDbusManager         *skeleton,
                    GDBusMethodInvocation *invocation,
                    GVariant              *settings,
                    DtManagerExport       *self)
{
  g_autoptr(GError) error = NULL;

  if (!dt_account_handler_check_settings (settings, &error))
    return dt_dbus_reply (invocation, FALSE, error);

  if (self->account_handler == NULL || self->manager == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                     _("Accounts are not available in this build yet."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  dt_account_handler_add_account (self->account_handler, settings, NULL, add_account_cb,
                                  account_request_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
remove_account_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AccountRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dt_account_handler_remove_account_finish (DT_ACCOUNT_HANDLER (source), result, &error);
  dt_dbus_reply (request->invocation, ok, error);
}

static gboolean
handle_remove_account (DtDbusManager         *skeleton,
                       GDBusMethodInvocation *invocation,
                       const char            *line_path,
                       DtManagerExport       *self)
{
  g_autoptr(GError) error = NULL;
  DtLine *line = dt_dbus_service_lookup_line (self->service, line_path, &error);

  if (line == NULL)
    return dt_dbus_reply (invocation, FALSE, error);

  if (dt_line_get_direct (line))
    {
      g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR,
                                                     DT_CALL_ERROR_INVALID_ARGUMENT,
                                                     _("The direct line is not an account and cannot be removed."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (self->account_handler == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                     _("Accounts are not available in this build yet."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  dt_account_handler_remove_account (self->account_handler, line, NULL, remove_account_cb,
                                     account_request_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_dial (DtDbusManager         *skeleton,
             GDBusMethodInvocation *invocation,
             const char            *target,
             DtManagerExport       *self)
{
  g_autoptr(GError) error = NULL;
  DtCall *call;

  if (!check_manager (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  call = dt_call_manager_dial (self->manager, target, &error);
  if (call == NULL)
    return dt_dbus_reply (invocation, FALSE, error);

  dt_dbus_manager_complete_dial (skeleton, invocation, dt_dbus_service_get_call_path (self->service, call));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_active_calls (DtDbusManager         *skeleton,
                         GDBusMethodInvocation *invocation,
                         DtManagerExport       *self)
{
  g_autoptr(GHashTable) active = NULL;
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer line_id;
  gpointer calls;

  if (!check_manager (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  active = dt_call_manager_get_active_calls (self->manager);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sao}"));
  g_hash_table_iter_init (&iter, active);
  while (g_hash_table_iter_next (&iter, &line_id, &calls))
    {
      GPtrArray *array = calls;

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("{sao}"));
      g_variant_builder_add (&builder, "s", line_id);
      g_variant_builder_open (&builder, G_VARIANT_TYPE ("ao"));
      for (guint i = 0; i < array->len; i++)
        g_variant_builder_add (&builder, "o",
                               dt_dbus_service_get_call_path (self->service, g_ptr_array_index (array, i)));
      g_variant_builder_close (&builder);
      g_variant_builder_close (&builder);
    }

  dt_dbus_manager_complete_get_active_calls (skeleton, invocation, g_variant_builder_end (&builder));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_connected_call (DtDbusManager         *skeleton,
                           GDBusMethodInvocation *invocation,
                           DtManagerExport       *self)
{
  DtCall *call = self->manager != NULL ? dt_call_manager_get_connected_call (self->manager) : NULL;

  dt_dbus_manager_complete_get_connected_call (skeleton, invocation,
                                               dt_dbus_service_get_call_path (self->service, call));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_call (DtDbusManager         *skeleton,
                 GDBusMethodInvocation *invocation,
                 const char            *correlation_id,
                 DtManagerExport       *self)
{
  DtCall *call = self->manager != NULL ? dt_call_manager_get_call (self->manager, correlation_id)
                                       : NULL;

  if (call == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR,
                                                     DT_CALL_ERROR_NO_SUCH_CALL,
                                                     _("No call has that correlation ID."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  dt_dbus_manager_complete_get_call (skeleton, invocation, dt_dbus_service_get_call_path (self->service, call));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_current_call (DtDbusManager         *skeleton,
                         GDBusMethodInvocation *invocation,
                         const char            *call_path,
                         DtManagerExport       *self)
{
  g_autoptr(GError) error = NULL;
  DtCall *call;
  gboolean ok;

  if (!check_manager (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  call = dt_dbus_service_lookup_call (self->service, call_path, &error);
  ok = call != NULL && dt_call_manager_set_current_call (self->manager, call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_list_audio_devices (DtDbusManager         *skeleton,
                           GDBusMethodInvocation *invocation,
                           DtManagerExport       *self)
{
  GListModel *devices = self->manager != NULL ? dt_call_manager_get_audio_devices (self->manager)
                                              : NULL;
  guint n_devices = devices != NULL ? g_list_model_get_n_items (devices) : 0;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssb)"));
  for (guint i = 0; i < n_devices; i++)
    {
      g_autoptr(DtAudioDevice) device = g_list_model_get_item (devices, i);
      const char *name = dt_audio_device_get_name (device);

      g_variant_builder_add (&builder, "(ssb)", dt_audio_device_get_id (device),
                             name != NULL ? name : "", dt_audio_device_get_is_input (device));
    }

  dt_dbus_manager_complete_list_audio_devices (skeleton, invocation, g_variant_builder_end (&builder));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_audio_devices (DtDbusManager         *skeleton,
                          GDBusMethodInvocation *invocation,
                          const char            *input_id,
                          const char            *output_id,
                          DtManagerExport       *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!check_manager (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  ok = dt_call_manager_set_audio_devices (self->manager, input_id, output_id, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static void
dt_manager_export_dispose (GObject *object)
{
  DtManagerExport *self = DT_MANAGER_EXPORT (object);

  dt_manager_export_set_call_manager (self, NULL);

  /* GDBus may still hold the skeleton for a message in flight */
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);

  g_clear_object (&self->skeleton);
  g_clear_object (&self->account_handler);
  g_clear_weak_pointer (&self->actions);

  G_OBJECT_CLASS (dt_manager_export_parent_class)->dispose (object);
}

static void
dt_manager_export_class_init (DtManagerExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_manager_export_dispose;
}

static void
dt_manager_export_init (DtManagerExport *self)
{
}

DtManagerExport *
dt_manager_export_new (DtDbusService *service,
                       GActionGroup  *actions)
{
  static const struct {
    const char *name;
    GCallback   callback;
  } methods[] = {
    { "handle-quit", G_CALLBACK (handle_quit) },
    { "handle-add-account", G_CALLBACK (handle_add_account) },
    { "handle-remove-account", G_CALLBACK (handle_remove_account) },
    { "handle-dial", G_CALLBACK (handle_dial) },
    { "handle-get-active-calls", G_CALLBACK (handle_get_active_calls) },
    { "handle-get-connected-call", G_CALLBACK (handle_get_connected_call) },
    { "handle-get-call", G_CALLBACK (handle_get_call) },
    { "handle-set-current-call", G_CALLBACK (handle_set_current_call) },
    { "handle-list-audio-devices", G_CALLBACK (handle_list_audio_devices) },
    { "handle-set-audio-devices", G_CALLBACK (handle_set_audio_devices) },
  };
  DtManagerExport *self;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (service), NULL);
  g_return_val_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (DT_TYPE_MANAGER_EXPORT, NULL);
  self->service = service;
  g_set_weak_pointer (&self->actions, actions);
  self->skeleton = dt_manager_skeleton_new ();
  reset_manager_properties (self);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_signal_connect_object (self->skeleton, methods[i].name, methods[i].callback, self, 0);
  g_signal_connect_object (self->skeleton, "notify::max-calls",
                           G_CALLBACK (on_skeleton_max_calls), self, G_CONNECT_SWAPPED);

  return self;
}

GDBusInterfaceSkeleton *
dt_manager_export_get_skeleton (DtManagerExport *self)
{
  g_return_val_if_fail (DT_IS_MANAGER_EXPORT (self), NULL);

  return G_DBUS_INTERFACE_SKELETON (self->skeleton);
}

void
dt_manager_export_set_call_manager (DtManagerExport *self,
                                    DtCallManager   *manager)
{
  g_return_if_fail (DT_IS_MANAGER_EXPORT (self));
  g_return_if_fail (manager == NULL || DT_IS_CALL_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_signal_handlers_disconnect_by_data (dt_call_manager_get_incoming_calls (self->manager), self);
    }

  g_set_object (&self->manager, manager);

  if (manager == NULL)
    {
      if (self->skeleton != NULL)
        reset_manager_properties (self);
      return;
    }

  g_signal_connect_object (manager, "notify", G_CALLBACK (on_manager_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "incoming-call", G_CALLBACK (on_incoming_call), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dt_call_manager_get_incoming_calls (manager), "items-changed",
                           G_CALLBACK (update_incoming_calls), self, G_CONNECT_SWAPPED);

  dt_dbus_mirror_all (self->service, G_OBJECT (manager), G_OBJECT (self->skeleton));
  update_incoming_calls (self);
  update_direct_uri (self);
}

void
dt_manager_export_set_account_handler (DtManagerExport  *self,
                                       DtAccountHandler *handler)
{
  g_return_if_fail (DT_IS_MANAGER_EXPORT (self));
  g_return_if_fail (handler == NULL || DT_IS_ACCOUNT_HANDLER (handler));

  g_set_object (&self->account_handler, handler);
}

void
dt_manager_export_emit_call_added (DtManagerExport *self,
                                   const char      *call_path)
{
  g_return_if_fail (DT_IS_MANAGER_EXPORT (self));

  flush (self);
  dt_dbus_manager_emit_call_added (self->skeleton, call_path);
}

void
dt_manager_export_emit_call_removed (DtManagerExport *self,
                                     const char      *call_path)
{
  g_return_if_fail (DT_IS_MANAGER_EXPORT (self));

  flush (self);
  dt_dbus_manager_emit_call_removed (self->skeleton, call_path);
}
