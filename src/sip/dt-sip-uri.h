/* dt-sip-uri.h: what the user typed, made into a SIP URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Accepts sip: and sips: URIs, user@host, tel: URIs and phone numbers with
 * spaces, dashes, dots or brackets. A number or a bare user name needs
 * @domain (an account's domain; NULL on the direct line). Returns the URI
 * to call, or NULL with DT_CALL_ERROR_INVALID_URI and a sentence saying
 * what is wrong. */
char *dt_sip_uri_normalise (const char  *target,
                            const char  *domain,
                            GError     **error);

G_END_DECLS
