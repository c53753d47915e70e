/* dt-application.c: the application: one instance, the model, the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-application-private.h"
#include "dt-gst-media-backend.h"

enum {
  PROP_0,
  PROP_CALL_MANAGER,
  PROP_HEADLESS,
  PROP_SIP_PORT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DtApplication, dt_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties[N_PROPS];

/* With --headless there may be no display at all, and GtkApplication's
 * startup exits the process when gtk_init finds none. Everything the
 * service needs (the bus name, actions, command lines) is GApplication's,
 * so a headless run skips the GTK and libadwaita layers and chains to
 * GApplication itself. */
static GApplicationClass *
service_class (void)
{
  return g_type_class_peek (G_TYPE_APPLICATION);
}

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed, so nothing will be remembered "
                 "(from a build directory, set GSETTINGS_SCHEMA_DIR to its data/ folder)",
                 APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static DtWindow *
get_window (DtApplication *self)
{
  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (DT_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

void
dt_application_show_load_error (DtApplication *self)
{
  DtAccountStore *store = dt_account_controller_get_account_store (self->accounts);
  const GError *load_error = dt_account_store_get_load_error (store);
  DtWindow *window;

  if (self->headless || self->load_error_shown || load_error == NULL ||
      !dt_account_controller_get_started (self->accounts))
    return;

  window = get_window (self);
  if (window == NULL)
    return;

  self->load_error_shown = TRUE;
  dt_window_show_toast (window, load_error->message);
}

static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *window,
                   DtApplication  *self)
{
  /* The stack's hold keeps the app alive: closing the last window quits */
  if (gtk_application_get_windows (app) == NULL)
    dt_application_quit_cleanly (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  dt_application_quit_cleanly (DT_APPLICATION (user_data));
}

/* A damaged history was set aside and a new one started: nothing is
 * lost that the user could act on, so the journal is told */
static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dt_call_history_load_finish (DT_CALL_HISTORY (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", error->message);
}

static void
dt_application_startup (GApplication *app)
{
  DtApplication *self = DT_APPLICATION (app);
  static const char * const quit_accels[] = { "<Primary>q", NULL };
  static const GActionEntry actions[] = {
    { .name = "quit", .activate = quit_activated },
  };
  g_autoptr(DtGstMediaBackend) media = NULL;

  if (self->headless)
    service_class ()->startup (app);
  else
    G_APPLICATION_CLASS (dt_application_parent_class)->startup (app);

  self->settings = load_settings ();
  media = dt_gst_media_backend_new ();
  self->manager = dt_call_manager_new (DT_MEDIA_BACKEND (media));
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "max-calls", self->manager, "max-calls", G_SETTINGS_BIND_DEFAULT);
      /* Both apply to the calls set up after a change */
      g_settings_bind (self->settings, "jitter-buffer-ms", media, "latency", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "echo-cancel", media, "echo-cancellation", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "codecs", media, "codecs", G_SETTINGS_BIND_GET);
    }

  /* Headless too: a service on a desktop session should still ring there */
  if (g_application_get_dbus_connection (app) != NULL)
    self->notifier = dt_notifier_new (self->manager, g_application_get_dbus_connection (app), app);

  self->history = dt_call_history_new (NULL);
  self->recorder = dt_history_recorder_new (self->manager, self->history);
  dt_call_history_load_async (self->history, self->cancellable, history_loaded_cb, NULL);

  /* Refuses new accounts with a clear sentence until the stack is up */
  self->accounts = dt_account_controller_new (self->manager, NULL);
  if (self->dbus_service != NULL)
    dt_dbus_service_set_account_handler (self->dbus_service, DT_ACCOUNT_HANDLER (self->accounts));

  dt_application_start_sip (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_MANAGER]);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  /* Without a session bus there was no dbus_register */
  dt_application_watch_quit_signals (self);

  /* No window will keep a headless service running */
  if (self->headless)
    g_application_hold (app);
  else
    {
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
      g_signal_connect_object (self, "window-removed", G_CALLBACK (window_removed_cb), self, 0);
    }
}

static void
dt_application_shutdown (GApplication *app)
{
  DtApplication *self = DT_APPLICATION (app);

  dt_application_unwatch_quit_signals (self);

  if (self->manager != NULL)
    dt_call_manager_end_all (self->manager);

  if (self->headless)
    service_class ()->shutdown (app);
  else
    G_APPLICATION_CLASS (dt_application_parent_class)->shutdown (app);
}

/* Runs just before the bus name is requested: whoever sees the name may
 * send SIGTERM, so the handlers must be in place by then. A launch that
 * turns out not to be the primary instance gets dbus_unregister at once. */
static gboolean
dt_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  DtApplication *self = DT_APPLICATION (app);
  g_autoptr(DtDbusService) service = NULL;

  if (!G_APPLICATION_CLASS (dt_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;

  /* Exported before the name is owned, so whoever sees the name finds the
   * API; the manager follows from startup (call-manager). Quit activates
   * app.quit, the same clean quit as SIGTERM. */
  service = dt_dbus_service_new (object_path, G_ACTION_GROUP (self));
  g_object_bind_property (self, "call-manager", service, "call-manager", G_BINDING_SYNC_CREATE);
  if (self->accounts != NULL)
    dt_dbus_service_set_account_handler (service, DT_ACCOUNT_HANDLER (self->accounts));
  if (!dt_dbus_service_export (service, connection, error))
    return FALSE;
  self->dbus_service = g_steal_pointer (&service);

  dt_application_watch_quit_signals (self);

  return TRUE;
}

static void
dt_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  DtApplication *self = DT_APPLICATION (app);

  dt_application_unwatch_quit_signals (self);

  if (self->dbus_service != NULL)
    dt_dbus_service_unexport (self->dbus_service);
  g_clear_object (&self->dbus_service);

  G_APPLICATION_CLASS (dt_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
dt_application_before_emit (GApplication *app,
                            GVariant     *platform_data)
{
  if (DT_APPLICATION (app)->headless)
    service_class ()->before_emit (app, platform_data);
  else
    G_APPLICATION_CLASS (dt_application_parent_class)->before_emit (app, platform_data);
}

static void
dt_application_activate (GApplication *app)
{
  DtApplication *self = DT_APPLICATION (app);
  DtWindow *window;

  if (self->headless)
    return;

  window = get_window (self);
  if (window == NULL)
    {
      window = dt_window_new (GTK_APPLICATION (self), self->manager, self->settings);
      dt_window_set_history (window, G_LIST_MODEL (self->history));
    }

  gtk_window_present (GTK_WINDOW (window));
  dt_application_show_load_error (self);
}

static void
dt_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DtApplication *self = DT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CALL_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_HEADLESS:
      g_value_set_boolean (value, self->headless);
      break;

    case PROP_SIP_PORT:
      g_value_set_uint (value, dt_application_get_sip_port (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_application_dispose (GObject *object)
{
  DtApplication *self = DT_APPLICATION (object);

  g_clear_object (&self->dbus_service);
  g_clear_object (&self->notifier);
  g_clear_object (&self->accounts);
  g_clear_object (&self->recorder);
  g_clear_object (&self->history);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->sip_stack);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_targets, g_ptr_array_unref);

  G_OBJECT_CLASS (dt_application_parent_class)->dispose (object);
}

static void
dt_application_class_init (DtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = dt_application_get_property;
  object_class->dispose = dt_application_dispose;

  app_class->handle_local_options = dt_application_handle_local_options;
  app_class->startup = dt_application_startup;
  app_class->shutdown = dt_application_shutdown;
  app_class->dbus_register = dt_application_dbus_register;
  app_class->dbus_unregister = dt_application_dbus_unregister;
  app_class->before_emit = dt_application_before_emit;
  app_class->activate = dt_application_activate;
  app_class->open = dt_application_open;
  app_class->command_line = dt_application_command_line;

  properties[PROP_CALL_MANAGER] =
    g_param_spec_object ("call-manager", NULL, NULL,
                         DT_TYPE_CALL_MANAGER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HEADLESS] =
    g_param_spec_boolean ("headless", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SIP_PORT] =
    g_param_spec_uint ("sip-port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_application_init (DtApplication *self)
{
  self->sip_port = -1;
  self->cancellable = g_cancellable_new ();

  dt_application_add_options (self);
}

DtApplication *
dt_application_new (void)
{
  return g_object_new (DT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

DtCallManager *
dt_application_get_call_manager (DtApplication *self)
{
  g_return_val_if_fail (DT_IS_APPLICATION (self), NULL);

  return self->manager;
}

DtCallHistory *
dt_application_get_call_history (DtApplication *self)
{
  g_return_val_if_fail (DT_IS_APPLICATION (self), NULL);

  return self->history;
}

gboolean
dt_application_get_headless (DtApplication *self)
{
  g_return_val_if_fail (DT_IS_APPLICATION (self), FALSE);

  return self->headless;
}

guint
dt_application_get_sip_port (DtApplication *self)
{
  g_return_val_if_fail (DT_IS_APPLICATION (self), 0);

  if (self->sip_port >= 0)
    return self->sip_port;

  if (self->settings != NULL)
    return CLAMP (g_settings_get_int (self->settings, "sip-port"), 0, G_MAXUINT16);

  return 0;
}

DtCall *
dt_application_dial (DtApplication  *self,
                     const char     *target,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  DtWindow *window;
  DtCall *call;

  g_return_val_if_fail (DT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (self->manager != NULL, NULL);

  if (self->sip_starting)
    {
      if (self->pending_targets == NULL)
        self->pending_targets = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->pending_targets, g_strdup (target));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Dialtone is still starting; the call will be placed in a moment."));
      return NULL;
    }

  window = get_window (self);
  if (window != NULL)
    return dt_window_dial (window, target, error);

  call = dt_call_manager_dial (self->manager, target, &local_error);
  if (call == NULL)
    {
      g_message ("Could not call %s: %s", target, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return call;
}
