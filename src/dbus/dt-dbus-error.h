/* dt-dbus-error.h: DT_CALL_ERROR on the bus as org.dialtone.Error.*
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-call-error.h"

G_BEGIN_DECLS

#define DT_DBUS_ERROR_PREFIX "org.dialtone.Error."

/* Maps every DT_CALL_ERROR code to org.dialtone.Error.<dt_call_error_to_name()>,
 * both ways (replies we send, and errors a client of ours receives).
 * Idempotent. */
void     dt_dbus_error_register (void);

/* Replies to @invocation with @error: a DT_CALL_ERROR keeps its code, any other
 * domain goes out as org.dialtone.Error.Failed; the message (a sentence) stays. */
void     dt_dbus_return_error   (GDBusMethodInvocation *invocation,
                                 const GError          *error);

/* The usual ending of a method without out arguments: an empty reply when @ok,
 * else @error. Returns G_DBUS_METHOD_INVOCATION_HANDLED for the handle-* signal.
 * Run the request into a variable first: C leaves the order in which
 * arguments are evaluated open, so dt_dbus_reply (i, request (&error), error)
 * may read @error before the request set it. */
gboolean dt_dbus_reply          (GDBusMethodInvocation *invocation,
                                 gboolean               ok,
                                 const GError          *error);

G_END_DECLS
