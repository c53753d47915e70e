/* dt-call-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-export.h"
#include "dt-dbus-error.h"
#include "dt-dbus-private.h"

struct _DtCallExport
{
  GObject               parent_instance;

  /* Borrowed: the service owns this export */
  DtDbusService        *service;
  DtCall               *call;
  DtDbusObjectSkeleton *object;
  DtDbusCall           *skeleton;
  char                 *path;
};

G_DEFINE_FINAL_TYPE (DtCallExport, dt_call_export, G_TYPE_OBJECT)

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* A client that sees a signal must already have seen the state it led to */
static void
flush (DtCallExport *self)
{
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
on_call_notify (DtCallExport *self,
                GParamSpec   *pspec)
{
  dt_dbus_mirror_property (self->service, G_OBJECT (self->call), G_OBJECT (self->skeleton),
                           pspec->name);
}

#define RELAY(signal_name)                                 \
  static void                                              \
  on_##signal_name (DtCallExport *self)                    \
  {                                                        \
    flush (self);                                          \
    dt_dbus_call_emit_##signal_name (self->skeleton);      \
  }

RELAY (progress)
RELAY (connect)
RELAY (established)
RELAY (held)
RELAY (resumed)

#undef RELAY

static void
on_caller_id (DtCallExport *self,
              const char   *uri,
              const char   *name)
{
  flush (self);
  dt_dbus_call_emit_caller_id (self->skeleton, or_empty (uri), or_empty (name));
}

static void
on_remote_held (DtCallExport *self,
                gboolean      held)
{
  flush (self);
  dt_dbus_call_emit_remote_held (self->skeleton, held);
}

static void
on_disconnect (DtCallExport *self,
               const char   *reason)
{
  flush (self);
  dt_dbus_call_emit_disconnect (self->skeleton, or_empty (reason));
}

static void
on_dtmf_received (DtCallExport *self,
                  const char   *digit)
{
  flush (self);
  dt_dbus_call_emit_dtmf_received (self->skeleton, or_empty (digit));
}

static void
on_transfer_requested (DtCallExport *self,
                       const char   *target)
{
  flush (self);
  dt_dbus_call_emit_transfer_requested (self->skeleton, or_empty (target));
}

static void
on_transfer_progress (DtCallExport *self,
                      guint         sip_status)
{
  flush (self);
  dt_dbus_call_emit_transfer_progress (self->skeleton, sip_status);
}

static void
on_error (DtCallExport    *self,
          DtCallErrorKind  kind,
          const GError    *error)
{
  flush (self);
  dt_dbus_call_emit_error (self->skeleton, dt_call_error_kind_to_string (kind),
                           error != NULL ? error->message : "");
}

static gboolean
handle_answer (DtDbusCall            *skeleton,
               GDBusMethodInvocation *invocation,
               DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_answer (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

/* The contract's Reject() has no reason: a person declining is 603 Decline */
static gboolean
handle_reject (DtDbusCall            *skeleton,
               GDBusMethodInvocation *invocation,
               DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_reject (self->call, FALSE, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_end (DtDbusCall            *skeleton,
            GDBusMethodInvocation *invocation,
            DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_end (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_send_dtmf (DtDbusCall            *skeleton,
                  GDBusMethodInvocation *invocation,
                  const char            *digits,
                  DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_send_dtmf (self->call, digits, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_set_muted (DtDbusCall            *skeleton,
                  GDBusMethodInvocation *invocation,
                  gboolean               muted,
                  DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_set_muted (self->call, muted, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_hold (DtDbusCall            *skeleton,
             GDBusMethodInvocation *invocation,
             DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_hold (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_resume (DtDbusCall            *skeleton,
               GDBusMethodInvocation *invocation,
               DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_resume (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_blind_transfer (DtDbusCall            *skeleton,
                       GDBusMethodInvocation *invocation,
                       const char            *target,
                       DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_blind_transfer (self->call, target, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_attended_transfer (DtDbusCall            *skeleton,
                          GDBusMethodInvocation *invocation,
                          const char            *consultation_path,
                          DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  DtCall *consultation = dt_dbus_service_lookup_call (self->service, consultation_path, &error);
  gboolean ok;

  ok = consultation != NULL && dt_call_attended_transfer (self->call, consultation, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_start_recording (DtDbusCall            *skeleton,
                        GDBusMethodInvocation *invocation,
                        const char            *path,
                        DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_start_recording (self->call, path, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_pause_recording (DtDbusCall            *skeleton,
                        GDBusMethodInvocation *invocation,
                        DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_pause_recording (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

/* Every key known and of its type before anything is applied */
static gboolean
check_static_info (GVariant  *info,
                   GError   **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, info);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean text = g_str_equal (key, "name") || g_str_equal (key, "avatar") ||
                      g_str_equal (key, "company");

      if ((text && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)) ||
          (g_str_equal (key, "manual") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN)))
        continue;

      if (text || g_str_equal (key, "manual"))
        g_set_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is "name", "avatar", "company" or "manual" */
                     _("The caller information “%s” has the wrong type: give name, avatar and "
                       "company as text, manual as true or false."), key);
      else
        g_set_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is the key a script gave, e.g. "nmae" */
                     _("“%s” is not caller information: give name, avatar, company or manual."),
                     key);
      g_variant_unref (value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
handle_set_static_info (DtDbusCall            *skeleton,
                        GDBusMethodInvocation *invocation,
                        GVariant              *info,
                        DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = NULL;
  const char *avatar = NULL;
  const char *company = NULL;
  gboolean manual = FALSE;
  gboolean ok;

  ok = check_static_info (info, &error);
  if (ok)
    {
      g_variant_lookup (info, "name", "&s", &name);
      g_variant_lookup (info, "avatar", "&s", &avatar);
      g_variant_lookup (info, "company", "&s", &company);
      g_variant_lookup (info, "manual", "b", &manual);
      ok = dt_call_set_static_info (self->call, name, avatar, company, manual, &error);
    }

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_accept_transfer (DtDbusCall            *skeleton,
                        GDBusMethodInvocation *invocation,
                        DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_accept_transfer (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_refuse_transfer (DtDbusCall            *skeleton,
                        GDBusMethodInvocation *invocation,
                        DtCallExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_call_refuse_transfer (self->call, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static void
dt_call_export_dispose (GObject *object)
{
  DtCallExport *self = DT_CALL_EXPORT (object);

  /* GDBus may still hold the skeleton for a message in flight: it must not
   * reach a call we let go of */
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);

  g_clear_object (&self->skeleton);
  g_clear_object (&self->object);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (dt_call_export_parent_class)->dispose (object);
}

static void
dt_call_export_finalize (GObject *object)
{
  DtCallExport *self = DT_CALL_EXPORT (object);

  g_free (self->path);

  G_OBJECT_CLASS (dt_call_export_parent_class)->finalize (object);
}

static void
dt_call_export_class_init (DtCallExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_call_export_dispose;
  object_class->finalize = dt_call_export_finalize;
}

static void
dt_call_export_init (DtCallExport *self)
{
}

DtCallExport *
dt_call_export_new (DtDbusService *service,
                    DtCall        *call,
                    const char    *object_path)
{
  static const struct {
    const char *name;
    GCallback   callback;
  } relays[] = {
    { "notify", G_CALLBACK (on_call_notify) },
    { "caller-id", G_CALLBACK (on_caller_id) },
    { "progress", G_CALLBACK (on_progress) },
    { "connect", G_CALLBACK (on_connect) },
    { "established", G_CALLBACK (on_established) },
    { "held", G_CALLBACK (on_held) },
    { "resumed", G_CALLBACK (on_resumed) },
    { "remote-held", G_CALLBACK (on_remote_held) },
    { "disconnect", G_CALLBACK (on_disconnect) },
    { "dtmf-received", G_CALLBACK (on_dtmf_received) },
    { "transfer-requested", G_CALLBACK (on_transfer_requested) },
    { "transfer-progress", G_CALLBACK (on_transfer_progress) },
    { "error", G_CALLBACK (on_error) },
  }, methods[] = {
    { "handle-answer", G_CALLBACK (handle_answer) },
    { "handle-reject", G_CALLBACK (handle_reject) },
    { "handle-end", G_CALLBACK (handle_end) },
    { "handle-send-dtmf", G_CALLBACK (handle_send_dtmf) },
    { "handle-set-muted", G_CALLBACK (handle_set_muted) },
    { "handle-hold", G_CALLBACK (handle_hold) },
    { "handle-resume", G_CALLBACK (handle_resume) },
    { "handle-blind-transfer", G_CALLBACK (handle_blind_transfer) },
    { "handle-attended-transfer", G_CALLBACK (handle_attended_transfer) },
    { "handle-start-recording", G_CALLBACK (handle_start_recording) },
    { "handle-pause-recording", G_CALLBACK (handle_pause_recording) },
    { "handle-set-static-info", G_CALLBACK (handle_set_static_info) },
    { "handle-accept-transfer", G_CALLBACK (handle_accept_transfer) },
    { "handle-refuse-transfer", G_CALLBACK (handle_refuse_transfer) },
  };
  DtCallExport *self;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (service), NULL);
  g_return_val_if_fail (DT_IS_CALL (call), NULL);
  g_return_val_if_fail (g_variant_is_object_path (object_path), NULL);

  self = g_object_new (DT_TYPE_CALL_EXPORT, NULL);
  self->service = service;
  self->call = g_object_ref (call);
  self->path = g_strdup (object_path);
  self->skeleton = dt_dbus_call_skeleton_new ();
  self->object = dt_dbus_object_skeleton_new (object_path);
  dt_dbus_object_skeleton_set_call (self->object, self->skeleton);

  /* Current before it is announced: InterfacesAdded carries the values */
  dt_dbus_mirror_all (service, G_OBJECT (call), G_OBJECT (self->skeleton));

  for (guint i = 0; i < G_N_ELEMENTS (relays); i++)
    g_signal_connect_object (call, relays[i].name, relays[i].callback, self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_signal_connect_object (self->skeleton, methods[i].name, methods[i].callback, self, 0);

  return self;
}

DtCall *
dt_call_export_get_call (DtCallExport *self)
{
  g_return_val_if_fail (DT_IS_CALL_EXPORT (self), NULL);

  return self->call;
}

const char *
dt_call_export_get_path (DtCallExport *self)
{
  g_return_val_if_fail (DT_IS_CALL_EXPORT (self), NULL);

  return self->path;
}

GDBusObjectSkeleton *
dt_call_export_get_object (DtCallExport *self)
{
  g_return_val_if_fail (DT_IS_CALL_EXPORT (self), NULL);

  return G_DBUS_OBJECT_SKELETON (self->object);
}
