/* dt-sip-stack.h: one sofia-sip user agent on the default GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_SIP_ERROR (dt_sip_error_quark ())

typedef enum {
  DT_SIP_ERROR_BIND,      /* the SIP port could not be opened */
  DT_SIP_ERROR_TIMED_OUT, /* shutdown did not complete in time */
  DT_SIP_ERROR_FAILED,
  DT_SIP_ERROR_INVALID_ACCOUNT, /* an account setting cannot be used */
} DtSipError;

GQuark dt_sip_error_quark (void);

#define DT_TYPE_SIP_STACK (dt_sip_stack_get_type ())
G_DECLARE_FINAL_TYPE (DtSipStack, dt_sip_stack, DT, SIP_STACK, GObject)

/*
 * Properties: bind-address (s, construct-only, default "127.0.0.1"),
 *   port (u, construct-only before init, 0 = any free port; after init the
 *   port actually bound, the same for UDP and TCP),
 *   contact-uri (s, "sip:ADDRESS:PORT", known after init),
 *   user-agent (s, construct-only)
 *
 * The stack implements GAsyncInitable: init binds the transports (a busy
 * port fails at once with DT_SIP_ERROR_BIND) and then waits for sofia to
 * answer through the main loop. Besides UDP and TCP on port, TLS listens
 * on a free port of its own when it can be set up; it verifies a server's
 * certificate (its chain and the host name) against the system's CAs and
 * the CA files of the accounts made on this stack.
 */

void        dt_sip_stack_new_async       (const char          *bind_address,
                                          guint                port,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
DtSipStack *dt_sip_stack_new_finish      (GAsyncResult        *result,
                                          GError             **error);

/* The address to listen on when the user named none: the one this
 * machine sends from on its default route (found without sending
 * anything), else loopback. sofia puts one address in every Via and
 * Contact, so listening on all of them would give peers on other
 * networks (or on loopback) an address they cannot answer. */
char       *dt_sip_stack_default_address (void);

const char *dt_sip_stack_get_bind_address (DtSipStack *self);
guint       dt_sip_stack_get_port         (DtSipStack *self);
const char *dt_sip_stack_get_contact_uri  (DtSipStack *self);
/* Calls whose SIP dialog is still alive (some outlive their DtCall for a
 * moment: a BYE waiting for its answer) */
guint       dt_sip_stack_get_n_dialogs    (DtSipStack *self);

/* Ends every call (BYE, CANCEL, or 480 to a ringing one), unregisters every
 * account, lets sofia finish (nua_shutdown, which waits for those
 * answers), waits at most @timeout_ms for it, then frees the stack's
 * sofia resources. On a timeout sofia is left allocated (freeing it then
 * would abort) and the call fails with DT_SIP_ERROR_TIMED_OUT; either way
 * the stack is unusable afterwards. */
void        dt_sip_stack_shutdown_async  (DtSipStack          *self,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    dt_sip_stack_shutdown_finish (DtSipStack          *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
