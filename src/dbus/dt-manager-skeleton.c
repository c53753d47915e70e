/* dt-manager-skeleton.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-manager-skeleton.h"

/* The range of the max-calls setting (data/org.dialtone.Dialtone.gschema.xml),
 * to which the application binds the manager: a value outside it would be
 * refused there with a critical, after the client had been told it was set */
#define MAX_CALLS_MIN 1
#define MAX_CALLS_MAX 64

struct _DtManagerSkeleton
{
  DtDbusManagerSkeleton parent_instance;
};

G_DEFINE_FINAL_TYPE (DtManagerSkeleton, dt_manager_skeleton, DT_DBUS_TYPE_MANAGER_SKELETON)

/* The generated vtable with our set_property in front of its own */
static GDBusInterfaceVTable vtable;
static GDBusInterfaceSetPropertyFunc generated_set_property;

static gboolean
set_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GVariant         *value,
              GError          **error,
              gpointer          user_data)
{
  if (g_str_equal (property_name, "MaxCalls") &&
      g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) &&
      (g_variant_get_uint32 (value) < MAX_CALLS_MIN || g_variant_get_uint32 (value) > MAX_CALLS_MAX))
    {
      g_set_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                   /* Translators: MaxCalls is the D-Bus property's name */
                   _("MaxCalls must be a number from %u to %u."), MAX_CALLS_MIN, MAX_CALLS_MAX);
      return FALSE;
    }

  return generated_set_property (connection, sender, object_path, interface_name, property_name,
                                 value, error, user_data);
}

static GDBusInterfaceVTable *
dt_manager_skeleton_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GDBusInterfaceSkeletonClass *parent_class =
        G_DBUS_INTERFACE_SKELETON_CLASS (dt_manager_skeleton_parent_class);

      vtable = *parent_class->get_vtable (skeleton);
      generated_set_property = vtable.set_property;
      vtable.set_property = set_property;
      g_once_init_leave (&initialized, 1);
    }

  return &vtable;
}

static void
dt_manager_skeleton_class_init (DtManagerSkeletonClass *klass)
{
  GDBusInterfaceSkeletonClass *skeleton_class = G_DBUS_INTERFACE_SKELETON_CLASS (klass);

  skeleton_class->get_vtable = dt_manager_skeleton_get_vtable;
}

static void
dt_manager_skeleton_init (DtManagerSkeleton *self)
{
}

DtDbusManager *
dt_manager_skeleton_new (void)
{
  return g_object_new (DT_TYPE_MANAGER_SKELETON, NULL);
}
