/* dt-sip-line.h: a line's SIP side (DtLineBackend)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "model/dt-line.h"

#include "dt-sip-stack.h"

G_BEGIN_DECLS

#define DT_TYPE_SIP_LINE (dt_sip_line_get_type ())
G_DECLARE_FINAL_TYPE (DtSipLine, dt_sip_line, DT, SIP_LINE, GObject)

/*
 * Properties: stack (DtSipStack, construct-only), direct (b, construct-only),
 *   line (DtLine, weak: the model line this backend serves)
 *
 * The direct line has no registrar: it takes every incoming INVITE that no
 * account claims and calls SIP URIs as they are. It needs no registration:
 * register and unregister succeed without sending anything.
 */

DtSipLine  *dt_sip_line_new_direct  (DtSipStack *stack);

/* A model line for the stack's direct line, its backend wired both ways:
 * id @id, uri the stack's contact URI. The stack must be initialised. */
DtLine     *dt_sip_line_create_direct_line (DtSipStack *stack,
                                            const char *id);

DtSipStack *dt_sip_line_get_stack   (DtSipLine  *self);
gboolean    dt_sip_line_get_direct  (DtSipLine  *self);
DtLine     *dt_sip_line_get_line    (DtSipLine  *self);
/* Weak: the line usually owns this backend */
void        dt_sip_line_set_line    (DtSipLine  *self,
                                     DtLine     *line);

G_END_DECLS
