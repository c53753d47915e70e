/* dt-manager-skeleton.h: org.dialtone.Manager's skeleton, refusing property
 * values the application cannot keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-dbus-generated.h"

G_BEGIN_DECLS

#define DT_TYPE_MANAGER_SKELETON (dt_manager_skeleton_get_type ())
G_DECLARE_FINAL_TYPE (DtManagerSkeleton, dt_manager_skeleton, DT, MANAGER_SKELETON,
                      DtDbusManagerSkeleton)

/* The generated skeleton, except that a Properties.Set of MaxCalls outside
 * 1 to 64 fails with org.dialtone.Error.InvalidArgument and changes
 * nothing */
DtDbusManager *dt_manager_skeleton_new (void);

G_END_DECLS
