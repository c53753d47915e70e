/* dt-account-convert.h: a stored account as a SIP line, AddAccount's
 * settings as an account, and errors under the names of the D-Bus contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account.h"
#include "dt-line.h"
#include "dt-sip-stack.h"

G_BEGIN_DECLS

/* The store's and the SIP layer's errors as DT_CALL_ERROR, the sentence
 * kept */
GError    *dt_account_convert_error          (const GError  *error);
/* An account line on @stack; nothing is sent until it registers */
DtLine    *dt_account_convert_to_line        (DtSipStack    *stack,
                                              DtAccount     *account,
                                              const char    *password,
                                              GError       **error);
/* A line that cannot register (yet), shown failed with @reason. @stack
 * NULL: a plain model line, since SIP is not available. */
DtLine    *dt_account_convert_to_failed_line (DtSipStack    *stack,
                                              DtAccount     *account,
                                              const char    *reason);
/* AddAccount's settings (types checked by the service) as an account with
 * a fresh id */
DtAccount *dt_account_convert_from_settings  (GVariant      *settings,
                                              GError       **error);

G_END_DECLS
