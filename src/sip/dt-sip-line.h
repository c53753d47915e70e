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
 *
 * An account line registers its AOR with digest authentication (401 and
 * 407), lets sofia refresh the binding before it expires, and reports each
 * step on its DtLine: registering (attempt number), registered,
 * unregistered, registration-failed (SIP status and reason phrase). After a
 * failure that may pass (a timeout, a 5xx, a lost connection or keepalive)
 * it registers again after 1, 2, 4 … s (at most 5 min), up to the line's
 * retry-limit times; a refused password or a 403 ends in failed at once.
 * Its calls go through the outbound proxy (else the registrar) with the
 * AOR as From, answering one digest challenge each. Unregistering, removing
 * the line and shutting the stack down all unregister.
 */

/* The settings of an account line; the strings stay the caller's */
typedef struct {
  const char *aor;            /* sip:alice@example.org; sips: forces TLS */
  const char *auth_user;      /* NULL: the AOR's user */
  const char *password;       /* kept in memory only, never logged */
  const char *display_name;   /* NULL: none */
  const char *outbound_proxy; /* NULL: requests go to the AOR's domain */
  const char *transport;      /* "udp", "tcp" or "tls"; NULL: udp, or tls for sips: */
  const char *ca_file;        /* PEM certificates trusted for TLS besides the system's */
  guint       expires;        /* registration lifetime asked for, in s; 0: 600 */
  guint       retry_limit;    /* re-registrations after a failure */
  const char *dtmf_mode;      /* "auto" (NULL): RFC 4733 when the peer takes
                               * telephone-event, else SIP INFO; "rfc4733" or
                               * "info": always that one */
} DtSipAccountSettings;

DtSipLine  *dt_sip_line_new_direct  (DtSipStack *stack);

/* A model line (direct FALSE, uri the AOR, display-name, transport and
 * retry-limit from @settings) with an account backend, wired both ways.
 * Nothing is sent until dt_line_register(). Fails with
 * DT_SIP_ERROR_INVALID_ACCOUNT, changing nothing, when a setting cannot be
 * used. The stack must be initialised. */
DtLine     *dt_sip_line_create_account_line (DtSipStack                 *stack,
                                             const char                 *id,
                                             const DtSipAccountSettings *settings,
                                             GError                    **error);

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
