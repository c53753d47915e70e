/* dt-line-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-dbus-error.h"
#include "dt-dbus-private.h"
#include "dt-line-export.h"

struct _DtLineExport
{
  GObject               parent_instance;

  /* Borrowed: the service owns this export */
  DtDbusService        *service;
  DtLine               *line;
  DtDbusObjectSkeleton *object;
  DtDbusLine           *skeleton;
  char                 *path;
};

G_DEFINE_FINAL_TYPE (DtLineExport, dt_line_export, G_TYPE_OBJECT)

/* A client that sees a signal must already have seen the state it led to */
static void
flush (DtLineExport *self)
{
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
on_line_notify (DtLineExport *self,
                GParamSpec   *pspec)
{
  dt_dbus_mirror_property (self->service, G_OBJECT (self->line), G_OBJECT (self->skeleton),
                           pspec->name);
}

static void
on_registered (DtLineExport *self)
{
  flush (self);
  dt_dbus_line_emit_registered (self->skeleton);
}

static void
on_unregistered (DtLineExport *self)
{
  flush (self);
  dt_dbus_line_emit_unregistered (self->skeleton);
}

static void
on_registration_failed (DtLineExport *self,
                        guint         sip_status,
                        const char   *reason)
{
  flush (self);
  dt_dbus_line_emit_registration_failed (self->skeleton, sip_status,
                                         reason != NULL ? reason : "");
}

static gboolean
handle_register (DtDbusLine            *skeleton,
                 GDBusMethodInvocation *invocation,
                 DtLineExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_line_register (self->line, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_unregister (DtDbusLine            *skeleton,
                   GDBusMethodInvocation *invocation,
                   DtLineExport          *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_line_unregister (self->line, &error);

  return dt_dbus_reply (invocation, ok, error);
}

static gboolean
handle_make_call (DtDbusLine            *skeleton,
                  GDBusMethodInvocation *invocation,
                  const char            *target,
                  DtLineExport          *self)
{
  g_autoptr(GError) error = NULL;
  DtCall *call = dt_line_dial (self->line, target, &error);

  if (call == NULL)
    dt_dbus_return_error (invocation, error);
  else
    dt_dbus_line_complete_make_call (skeleton, invocation,
                                     dt_dbus_service_get_call_path (self->service, call));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_calls (DtDbusLine            *skeleton,
                  GDBusMethodInvocation *invocation,
                  DtLineExport          *self)
{
  GListModel *calls = dt_line_get_calls (self->line);
  guint n_calls = g_list_model_get_n_items (calls);
  g_autofree const char **paths = g_new0 (const char *, n_calls + 1);

  for (guint i = 0; i < n_calls; i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (calls, i);

      paths[i] = dt_dbus_service_get_call_path (self->service, call);
    }

  dt_dbus_line_complete_get_calls (skeleton, invocation, paths);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
dt_line_export_dispose (GObject *object)
{
  DtLineExport *self = DT_LINE_EXPORT (object);

  /* GDBus may still hold the skeleton for a message in flight: it must not
   * reach a line we let go of */
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);
  if (self->line != NULL)
    g_signal_handlers_disconnect_by_data (self->line, self);

  g_clear_object (&self->skeleton);
  g_clear_object (&self->object);
  g_clear_object (&self->line);

  G_OBJECT_CLASS (dt_line_export_parent_class)->dispose (object);
}

static void
dt_line_export_finalize (GObject *object)
{
  DtLineExport *self = DT_LINE_EXPORT (object);

  g_free (self->path);

  G_OBJECT_CLASS (dt_line_export_parent_class)->finalize (object);
}

static void
dt_line_export_class_init (DtLineExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_line_export_dispose;
  object_class->finalize = dt_line_export_finalize;
}

static void
dt_line_export_init (DtLineExport *self)
{
}

DtLineExport *
dt_line_export_new (DtDbusService *service,
                    DtLine        *line,
                    const char    *object_path)
{
  static const struct {
    const char *name;
    GCallback   callback;
  } relays[] = {
    { "notify", G_CALLBACK (on_line_notify) },
    { "registered", G_CALLBACK (on_registered) },
    { "unregistered", G_CALLBACK (on_unregistered) },
    { "registration-failed", G_CALLBACK (on_registration_failed) },
  }, methods[] = {
    { "handle-register", G_CALLBACK (handle_register) },
    { "handle-unregister", G_CALLBACK (handle_unregister) },
    { "handle-make-call", G_CALLBACK (handle_make_call) },
    { "handle-get-calls", G_CALLBACK (handle_get_calls) },
  };
  DtLineExport *self;

  g_return_val_if_fail (DT_IS_DBUS_SERVICE (service), NULL);
  g_return_val_if_fail (DT_IS_LINE (line), NULL);
  g_return_val_if_fail (g_variant_is_object_path (object_path), NULL);

  self = g_object_new (DT_TYPE_LINE_EXPORT, NULL);
  self->service = service;
  self->line = g_object_ref (line);
  self->path = g_strdup (object_path);
  self->skeleton = dt_dbus_line_skeleton_new ();
  self->object = dt_dbus_object_skeleton_new (object_path);
  dt_dbus_object_skeleton_set_line (self->object, self->skeleton);

  /* Current before it is announced: InterfacesAdded carries the values */
  dt_dbus_mirror_all (service, G_OBJECT (line), G_OBJECT (self->skeleton));

  for (guint i = 0; i < G_N_ELEMENTS (relays); i++)
    g_signal_connect_object (line, relays[i].name, relays[i].callback, self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_signal_connect_object (self->skeleton, methods[i].name, methods[i].callback, self, 0);

  return self;
}

DtLine *
dt_line_export_get_line (DtLineExport *self)
{
  g_return_val_if_fail (DT_IS_LINE_EXPORT (self), NULL);

  return self->line;
}

const char *
dt_line_export_get_path (DtLineExport *self)
{
  g_return_val_if_fail (DT_IS_LINE_EXPORT (self), NULL);

  return self->path;
}

GDBusObjectSkeleton *
dt_line_export_get_object (DtLineExport *self)
{
  g_return_val_if_fail (DT_IS_LINE_EXPORT (self), NULL);

  return G_DBUS_OBJECT_SKELETON (self->object);
}
