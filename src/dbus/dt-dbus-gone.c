/* dt-dbus-gone.c: an answer for the calls and lines that are no more
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-dbus-error.h"
#include "dt-dbus-private.h"

/* A script that holds on to the path of a call that has ended (or a line that
 * was removed) and calls it gets NoSuchCall or NoSuchLine, like any method
 * given such a path, rather than GDBus's UnknownMethod. The exported objects
 * below the folder are GDBus's to dispatch; this subtree only sees the rest. */

static GDBusInterfaceInfo *
interface_info (DtCallError code)
{
  return code == DT_CALL_ERROR_NO_SUCH_CALL ? dt_dbus_call_interface_info ()
                                            : dt_dbus_line_interface_info ();
}

static void
set_gone_error (DtCallError   code,
                GError      **error)
{
  g_set_error_literal (error, DT_CALL_ERROR, code,
                       code == DT_CALL_ERROR_NO_SUCH_CALL ? _("That call does not exist anymore.")
                                                          : _("That line does not exist anymore."));
}

static void
gone_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  g_autoptr(GError) error = NULL;

  set_gone_error (GPOINTER_TO_INT (user_data), &error);
  dt_dbus_return_error (invocation, error);
}

static GVariant *
gone_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  set_gone_error (GPOINTER_TO_INT (user_data), error);
  return NULL;
}

static gboolean
gone_set_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GVariant         *value,
                   GError          **error,
                   gpointer          user_data)
{
  set_gone_error (GPOINTER_TO_INT (user_data), error);
  return FALSE;
}

/* GDBus lists the exported objects below the folder itself */
static char **
gone_enumerate (GDBusConnection *connection,
                const char      *sender,
                const char      *object_path,
                gpointer         user_data)
{
  return g_new0 (char *, 1);
}

static GDBusInterfaceInfo **
gone_introspect (GDBusConnection *connection,
                 const char      *sender,
                 const char      *object_path,
                 const char      *node,
                 gpointer         user_data)
{
  GDBusInterfaceInfo **infos = g_new0 (GDBusInterfaceInfo *, 2);

  /* The folder itself (…/calls) is no object */
  if (node != NULL)
    infos[0] = g_dbus_interface_info_ref (interface_info (GPOINTER_TO_INT (user_data)));

  return infos;
}

static const GDBusInterfaceVTable *
gone_dispatch (GDBusConnection *connection,
               const char      *sender,
               const char      *object_path,
               const char      *interface_name,
               const char      *node,
               gpointer        *out_user_data,
               gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = {
    .method_call = gone_method_call,
    .get_property = gone_get_property,
    .set_property = gone_set_property,
  };

  *out_user_data = user_data;
  return &vtable;
}

guint
dt_dbus_gone_register (GDBusConnection  *connection,
                       const char       *folder,
                       DtCallError       code,
                       GError          **error)
{
  static const GDBusSubtreeVTable vtable = {
    .enumerate = gone_enumerate,
    .introspect = gone_introspect,
    .dispatch = gone_dispatch,
  };

  g_return_val_if_fail (code == DT_CALL_ERROR_NO_SUCH_CALL || code == DT_CALL_ERROR_NO_SUCH_LINE, 0);

  return g_dbus_connection_register_subtree (connection, folder, &vtable,
                                             G_DBUS_SUBTREE_FLAGS_DISPATCH_TO_UNENUMERATED_NODES,
                                             GINT_TO_POINTER (code), NULL, error);
}
