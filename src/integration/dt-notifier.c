/* dt-notifier.c: a desktop notification for each incoming call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-display.h"
#include "dt-notifier.h"

/* libnotify would do, but its show and close are synchronous D-Bus calls
 * on the main loop; GLib 2.74's GNotification drops a withdraw that comes
 * before the server's reply, leaving a call that is gone on screen. The
 * protocol is small enough to speak asynchronously here. */
#define NOTIFY_NAME      "org.freedesktop.Notifications"
#define NOTIFY_PATH      "/org/freedesktop/Notifications"
#define NOTIFY_INTERFACE "org.freedesktop.Notifications"

/* The hint values of the Desktop Notifications Specification */
#define URGENCY_NORMAL   1
#define URGENCY_CRITICAL 2
#define NEVER_EXPIRE     0
#define SERVER_EXPIRY    -1

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_CONNECTION,
  PROP_APPLICATION,
  N_PROPS
};

/* A call with a notification on screen, or one on its way (id still 0) */
typedef struct {
  DtCall  *call;
  guint32  id;
  /* Matches the reply to Notify with this entry */
  guint64  serial;
} Shown;

/* Holds no call: a reply may come long after the call and the notifier
 * are gone */
typedef struct {
  GWeakRef  notifier;
  guint64   serial;
} NotifyRequest;

struct _DtNotifier
{
  GObject          parent_instance;

  DtCallManager   *manager;
  GDBusConnection *connection;
  GApplication    *application;
  GPtrArray       *shown;
  GCancellable    *cancellable;
  guint            subscription;
  guint64          next_serial;
  gboolean         body_markup;
  gboolean         warned;
};

G_DEFINE_FINAL_TYPE (DtNotifier, dt_notifier, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
shown_free (Shown *shown)
{
  g_clear_object (&shown->call);
  g_free (shown);
}

static void
notify_request_free (NotifyRequest *request)
{
  g_weak_ref_clear (&request->notifier);
  g_free (request);
}

/* The entry of @call, or with @serial, or with the server's @id: give one,
 * the others NULL or 0 */
static Shown *
find_shown (DtNotifier *self,
            DtCall     *call,
            guint64     serial,
            guint32     id,
            guint      *index)
{
  for (guint i = 0; i < self->shown->len; i++)
    {
      Shown *shown = g_ptr_array_index (self->shown, i);

      if ((call != NULL && shown->call == call) ||
          (serial != 0 && shown->serial == serial) ||
          (id != 0 && shown->id == id))
        {
          if (index != NULL)
            *index = i;
          return shown;
        }
    }

  return NULL;
}

/* For calls whose reply only matters when it is an error: @user_data is
 * what could not be done, for the log */
static void
log_failure_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    g_debug ("Could not %s: %s", (const char *) user_data, error->message);
}

/* Not cancellable: a notification left behind would offer to answer a
 * call that is gone */
static void
close_notification (GDBusConnection *connection,
                    guint32          id)
{
  g_dbus_connection_call (connection, NOTIFY_NAME, NOTIFY_PATH, NOTIFY_INTERFACE,
                          "CloseNotification", g_variant_new ("(u)", id), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, log_failure_cb,
                          (gpointer) "withdraw a call notification");
}

static void
withdraw (DtNotifier *self,
          DtCall     *call)
{
  guint index;
  Shown *shown = find_shown (self, call, 0, 0, &index);

  if (shown == NULL)
    return;

  /* Without an id yet, the reply to Notify finds it gone and closes it */
  if (shown->id != 0)
    close_notification (self->connection, shown->id);
  g_ptr_array_remove_index (self->shown, index);
}

static void
on_call_state (DtNotifier *self,
               GParamSpec *pspec,
               DtCall     *call)
{
  if (dt_call_get_state (call) != DT_CALL_STATE_RINGING)
    withdraw (self, call);
}

static void
on_call_removed (DtNotifier    *self,
                 DtCall        *call,
                 DtCallManager *manager)
{
  withdraw (self, call);
}

static void
notify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  NotifyRequest *request = user_data;
  g_autoptr(DtNotifier) self = g_weak_ref_get (&request->notifier);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  Shown *shown;
  guint32 id;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      /* A session without a notification server (a headless service's
       * often has none) is normal; a server that fails is worth one line */
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        g_debug ("No notification server: %s", error->message);
      else if (self != NULL && !self->warned)
        {
          self->warned = TRUE;
          g_message ("Incoming calls cannot be shown as notifications: %s", error->message);
        }
      if (self != NULL && (shown = find_shown (self, NULL, request->serial, 0, NULL)) != NULL)
        g_ptr_array_remove (self->shown, shown);
      notify_request_free (request);
      return;
    }

  g_variant_get (reply, "(u)", &id);
  shown = self != NULL ? find_shown (self, NULL, request->serial, 0, NULL) : NULL;
  if (shown != NULL)
    shown->id = id;
  else
    close_notification (G_DBUS_CONNECTION (object), id);

  notify_request_free (request);
}

/* Who calls, as the window names them: the name, then the address */
static char *
dup_body (DtNotifier *self,
          DtCall     *call)
{
  g_autofree char *title = dt_call_display_dup_title (call);
  g_autofree char *address = dt_call_display_dup_address (call);
  g_autofree char *body = NULL;

  if (address != NULL && *address != '\0')
    body = g_strdup_printf ("%s\n%s", title, address);
  else
    body = g_steal_pointer (&title);

  /* A server that reads markup would take a "<" in a name for a tag */
  if (self->body_markup)
    return g_markup_escape_text (body, -1);

  return g_steal_pointer (&body);
}

static const char *
get_app_id (DtNotifier *self)
{
  const char *app_id = self->application != NULL ? g_application_get_application_id (self->application)
                                                 : NULL;

  return app_id != NULL ? app_id : APP_ID;
}

/* Left for the user to dismiss: nothing to answer any more, so no
 * buttons, no sound and the server's own expiry */
static void
show_missed (DtNotifier *self,
             DtCall     *call)
{
  g_autofree char *body = dup_body (self, call);
  GVariantBuilder hints;

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (URGENCY_NORMAL));
  g_variant_builder_add (&hints, "{sv}", "category", g_variant_new_string ("call.unanswered"));
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (get_app_id (self)));

  g_dbus_connection_call (self->connection, NOTIFY_NAME, NOTIFY_PATH, NOTIFY_INTERFACE, "Notify",
                          g_variant_new ("(susss@asa{sv}i)",
                                         "Dialtone", 0, get_app_id (self), _("Missed call"), body,
                                         g_variant_new_strv (NULL, 0), &hints, SERVER_EXPIRY),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          log_failure_cb, (gpointer) "show a missed call");
}

/* Only the caller giving up makes a missed call: not a decline here, not
 * a call answered elsewhere */
static void
on_call_disconnect (DtNotifier *self,
                    const char *reason,
                    DtCall     *call)
{
  if (g_strcmp0 (reason, "missed") == 0)
    show_missed (self, call);
}

static void
show (DtNotifier *self,
      DtCall     *call)
{
  const char *app_id = get_app_id (self);
  g_autofree char *body = dup_body (self, call);
  GVariantBuilder actions;
  GVariantBuilder hints;
  NotifyRequest *request;
  Shown *shown;

  g_variant_builder_init (&actions, G_VARIANT_TYPE_STRING_ARRAY);
  g_variant_builder_add (&actions, "s", "default");
  g_variant_builder_add (&actions, "s", "");
  g_variant_builder_add (&actions, "s", "decline");
  g_variant_builder_add (&actions, "s", _("Decline"));
  g_variant_builder_add (&actions, "s", "answer");
  g_variant_builder_add (&actions, "s", _("Answer"));

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (URGENCY_CRITICAL));
  g_variant_builder_add (&hints, "{sv}", "category", g_variant_new_string ("call.incoming"));
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (app_id));
  /* The sound theme's ring, played once by servers that play sounds */
  g_variant_builder_add (&hints, "{sv}", "sound-name", g_variant_new_string ("phone-incoming-call"));

  shown = g_new0 (Shown, 1);
  shown->call = g_object_ref (call);
  shown->serial = ++self->next_serial;
  g_ptr_array_add (self->shown, shown);

  request = g_new0 (NotifyRequest, 1);
  g_weak_ref_init (&request->notifier, self);
  request->serial = shown->serial;

  g_dbus_connection_call (self->connection, NOTIFY_NAME, NOTIFY_PATH, NOTIFY_INTERFACE, "Notify",
                          g_variant_new ("(susssasa{sv}i)",
                                         "Dialtone",
                                         0, app_id, _("Incoming call"), body,
                                         &actions, &hints, NEVER_EXPIRE),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          notify_cb, request);
}

static void
on_incoming_call (DtNotifier    *self,
                  DtCall        *call,
                  DtCallManager *manager)
{
  if (find_shown (self, call, 0, 0, NULL) != NULL)
    return;

  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "disconnect", G_CALLBACK (on_call_disconnect), self, G_CONNECT_SWAPPED);
  show (self, call);
}

static void
invoke (DtNotifier *self,
        DtCall     *call,
        const char *action)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_str_equal (action, "answer"))
    ok = dt_call_answer (call, &error);
  else if (g_str_equal (action, "decline"))
    ok = dt_call_reject (call, FALSE, &error);
  else if (g_str_equal (action, "default"))
    {
      ok = dt_call_manager_set_current_call (self->manager, call, &error);
      if (ok && self->application != NULL)
        g_application_activate (self->application);
    }
  else
    g_debug ("Unknown notification action “%s”", action);

  if (!ok)
    g_warning ("%s", error->message);
}

static void
on_signal (GDBusConnection *connection,
           const char      *sender_name,
           const char      *object_path,
           const char      *interface_name,
           const char      *signal_name,
           GVariant        *parameters,
           gpointer         user_data)
{
  DtNotifier *self = user_data;
  g_autoptr(DtCall) call = NULL;
  const char *action;
  guint32 id;
  guint index;
  Shown *shown;

  if (g_str_equal (signal_name, "ActionInvoked") &&
      g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(us)")))
    {
      g_variant_get (parameters, "(u&s)", &id, &action);
      shown = find_shown (self, NULL, 0, id, NULL);
      if (shown == NULL)
        return;

      /* Answering may withdraw it, and free it, on the way */
      call = g_object_ref (shown->call);
      invoke (self, call, action);
    }
  else if (g_str_equal (signal_name, "NotificationClosed") &&
           g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    {
      /* Dismissed: the call keeps ringing in the window, unannounced */
      g_variant_get (parameters, "(uu)", &id, NULL);
      if (find_shown (self, NULL, 0, id, &index) != NULL)
        g_ptr_array_remove_index (self->shown, index);
    }
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DtNotifier *self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **caps = NULL;

  /* Cancelled in dispose: self may be gone */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      g_debug ("No notification server answered: %s", error->message);
      return;
    }

  g_variant_get (reply, "(^a&s)", &caps);
  self->body_markup = g_strv_contains (caps, "body-markup");
}

static void
dt_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DtNotifier *self = DT_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_notifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DtNotifier *self = DT_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;

    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_APPLICATION:
      /* The application owns us */
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_notifier_constructed (GObject *object)
{
  DtNotifier *self = DT_NOTIFIER (object);

  G_OBJECT_CLASS (dt_notifier_parent_class)->constructed (object);

  g_return_if_fail (DT_IS_CALL_MANAGER (self->manager));
  g_return_if_fail (G_IS_DBUS_CONNECTION (self->connection));

  self->subscription =
    g_dbus_connection_signal_subscribe (self->connection, NOTIFY_NAME, NOTIFY_INTERFACE, NULL,
                                        NOTIFY_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_signal, self, NULL);

  g_dbus_connection_call (self->connection, NOTIFY_NAME, NOTIFY_PATH, NOTIFY_INTERFACE,
                          "GetCapabilities", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          capabilities_cb, self);

  g_signal_connect_object (self->manager, "incoming-call",
                           G_CALLBACK (on_incoming_call), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "call-removed",
                           G_CALLBACK (on_call_removed), self, G_CONNECT_SWAPPED);
}

static void
dt_notifier_dispose (GObject *object)
{
  DtNotifier *self = DT_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);

  /* Nobody is left to act on them */
  while (self->connection != NULL && self->shown->len > 0)
    withdraw (self, ((Shown *) g_ptr_array_index (self->shown, 0))->call);

  if (self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->subscription);
  self->subscription = 0;

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->manager);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (dt_notifier_parent_class)->dispose (object);
}

static void
dt_notifier_finalize (GObject *object)
{
  DtNotifier *self = DT_NOTIFIER (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dt_notifier_parent_class)->finalize (object);
}

static void
dt_notifier_class_init (DtNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_notifier_get_property;
  object_class->set_property = dt_notifier_set_property;
  object_class->constructed = dt_notifier_constructed;
  object_class->dispose = dt_notifier_dispose;
  object_class->finalize = dt_notifier_finalize;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         DT_TYPE_CALL_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_notifier_init (DtNotifier *self)
{
  self->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) shown_free);
  self->cancellable = g_cancellable_new ();
}

DtNotifier *
dt_notifier_new (DtCallManager   *manager,
                 GDBusConnection *connection,
                 GApplication    *application)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (manager), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  return g_object_new (DT_TYPE_NOTIFIER,
                       "manager", manager,
                       "connection", connection,
                       "application", application,
                       NULL);
}
