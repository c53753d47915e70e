/* dt-sip-registration.h: an account's binding at its registrar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_SIP_REGISTRATION (dt_sip_registration_get_type ())
G_DECLARE_FINAL_TYPE (DtSipRegistration, dt_sip_registration, DT, SIP_REGISTRATION, GObject)

/*
 * Owned by an account's DtSipLine, and by the stack while its sofia handle
 * lives (so that an unregistration outlives a removed line). Its functions
 * are in dt-sip-private.h; see dt-sip-line.h for what it does.
 */

G_END_DECLS
