/* dt-sip-private.h: how the SIP layer's own types talk to each other
 *
 * The only header of ours that includes sofia-sip; not for other layers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

typedef struct _DtSipAgent DtSipAgent;

#define SU_ROOT_MAGIC_T DtSipAgent
#define NUA_MAGIC_T     DtSipAgent
#define NUA_HMAGIC_T    GObject

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/soa_tag.h>
#include <sofia-sip/su_glib.h>

#include "model/dt-call.h"
#include "model/dt-line.h"

#include "dt-sip-call.h"
#include "dt-sip-line.h"
#include "dt-sip-registration.h"
#include "dt-sip-stack.h"

G_BEGIN_DECLS

/* What sofia calls back into. It outlives the stack when the stack is
 * dropped without a shutdown: sofia must still finish before nua_destroy. */
struct _DtSipAgent
{
  DtSipStack   *stack;   /* NULL once the stack is gone */
  su_root_t    *root;
  GSource      *source;
  nua_t        *nua;
  msg_mclass_t *mclass;
  gboolean      shut_down; /* nua_r_shutdown arrived with a final status */
  guint         port;      /* UDP and TCP */
  guint         tls_port;  /* 0 without TLS */
  char         *tls_dir;   /* the certificates TLS trusts; NULL without TLS */
};

/* How a call sends dial tones (an account's dtmf-mode) */
typedef enum {
  DT_SIP_DTMF_AUTO,    /* RFC 4733 when telephone-event was agreed, else INFO */
  DT_SIP_DTMF_RFC4733,
  DT_SIP_DTMF_INFO,
} DtSipDtmfMode;

/* An account's settings, checked and turned into the URIs sofia needs.
 * Immutable and shared (reference counted) by its line, its registration
 * and its calls; the password is wiped when the last reference goes. */
typedef struct {
  char     *aor;            /* sip:alice@example.org */
  char     *from;           /* the AOR with the display name, for From */
  char     *user;           /* the AOR's user, also our Contact's */
  char     *domain;         /* host[:port] of the AOR, for numbers and names */
  char     *auth_user;
  char     *password;       /* NULL: challenges cannot be answered */
  char     *display_name;
  char     *transport;      /* "udp", "tcp" or "tls" */
  char     *registrar;      /* Request-URI of our REGISTERs */
  char     *proxy;          /* next hop of every request: the outbound proxy,
                             * else the registrar */
  char     *ca_file;
  char     *contact_params; /* the parameter that marks our Contact as this
                             * account's: "dtline=TOKEN" */
  guint     expires;
  gboolean  secure;         /* a sips: AOR */
  DtSipDtmfMode dtmf_mode;
} DtSipAccount;

/* dt-sip-account.c */
DtSipAccount *dt_sip_account_new          (const DtSipAccountSettings *settings,
                                           GError                    **error);
DtSipAccount *dt_sip_account_ref          (DtSipAccount   *account);
void          dt_sip_account_unref        (DtSipAccount   *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSipAccount, dt_sip_account_unref)
/* Whether @request_uri carries this account's Contact parameter */
gboolean      dt_sip_account_owns         (DtSipAccount   *account,
                                           url_t const    *request_uri);
/* Answers the digest challenges of @sip (a 401 or 407) on @nh; FALSE when
 * there is nothing to answer them with */
gboolean      dt_sip_account_authenticate (DtSipAccount   *account,
                                           nua_handle_t   *nh,
                                           sip_t const    *sip);

/* dt-sip-registration.c */
DtSipRegistration *dt_sip_registration_new     (DtSipStack        *stack,
                                                DtSipAccount      *account,
                                                DtSipLine         *owner);
gboolean    dt_sip_registration_start          (DtSipRegistration *self,
                                                GError           **error);
/* Unregisters (or just stops trying) */
void        dt_sip_registration_stop           (DtSipRegistration *self);
/* The line is gone: unregister without reporting to it */
void        dt_sip_registration_detach         (DtSipRegistration *self);
/* sofia has stopped: let go of the handle and report unregistered */
void        dt_sip_registration_close          (DtSipRegistration *self);
gboolean    dt_sip_registration_is_registered  (DtSipRegistration *self);
void        dt_sip_registration_handle_event   (DtSipRegistration *self,
                                                nua_event_t        event,
                                                int                status,
                                                const char        *phrase,
                                                sip_t const       *sip,
                                                tagi_t             tags[]);

/* dt-sip-agent.c: sofia on @bind_address, UDP and TCP on @port (0: a free
 * one), TLS on a free port of its own when it can be set up. NULL with
 * DT_SIP_ERROR_BIND when it cannot start (its port taken). */
DtSipAgent *dt_sip_agent_start          (DtSipStack     *stack,
                                         const char     *bind_address,
                                         guint           port,
                                         const char     *user_agent,
                                         nua_callback_f  callback,
                                         GError        **error);
/* "ADDRESS:PORT", the address in brackets when it is IPv6 */
char       *dt_sip_host_port            (const char     *address,
                                         guint           port);

/* Only once nua_r_shutdown has arrived, or before nua was created */
void        dt_sip_agent_free           (DtSipAgent     *agent);
void        dt_sip_agent_free_later     (DtSipAgent     *agent);

/* dt-sip-tls.c: a private directory of trusted certificates in the user's
 * runtime directory, starting with the system's CA bundle */
char       *dt_sip_tls_dir_new          (GError        **error);
/* Adds the PEM certificates of @ca_file */
gboolean    dt_sip_tls_dir_trust        (const char     *dir,
                                         const char     *ca_file,
                                         GError        **error);
void        dt_sip_tls_dir_remove       (const char     *dir);

/* dt-sip-log.c: su_init and sofia's log into g_debug, once per process */
void        dt_sip_sofia_init           (void);

/* dt-sip-identity.c: the caller's URI and display name from
 * P-Asserted-Identity, else Remote-Party-ID, else From; replaces both */
void        dt_sip_identity_read        (sip_t const    *sip,
                                         char          **uri,
                                         char          **name);

/* dt-sip-stack.c */
nua_t      *dt_sip_stack_get_nua        (DtSipStack     *self);
/* FALSE once shutdown has begun: no new dialogs then */
gboolean    dt_sip_stack_is_running     (DtSipStack     *self);
/* Our Contact for @transport ("udp", "tcp", "tls"; @secure for a sips:
 * one), with @user if not NULL, when the stack listens on a loopback
 * address: there sofia keeps a single Contact for all its transports (the
 * TLS one, once TLS listens), so the stack names the right one itself.
 * NULL elsewhere: sofia's own Contact is right, and follows NAT. */
char       *dt_sip_stack_dup_contact    (DtSipStack     *self,
                                         const char     *user,
                                         const char     *transport,
                                         gboolean        secure);
/* Whether TLS could be set up; its certificates are verified against the
 * system's CAs and those added here (for every account alike) */
gboolean    dt_sip_stack_has_tls        (DtSipStack     *self);
gboolean    dt_sip_stack_trust_ca_file  (DtSipStack     *self,
                                         const char     *ca_file,
                                         GError        **error);
void        dt_sip_stack_add_line       (DtSipStack     *self,
                                         DtSipLine      *line);
void        dt_sip_stack_remove_line    (DtSipStack     *self,
                                         DtSipLine      *line);
/* The stack keeps a reference on a call while its nua handle lives, so the
 * handle's magic stays valid after the model has dropped the call. */
void        dt_sip_stack_track_call     (DtSipStack     *self,
                                         DtSipCall      *call);
void        dt_sip_stack_untrack_call   (DtSipStack     *self,
                                         DtSipCall      *call);
/* The same for a registration whose handle lives */
void        dt_sip_stack_track_registration   (DtSipStack        *self,
                                               DtSipRegistration *registration);
void        dt_sip_stack_untrack_registration (DtSipStack        *self,
                                               DtSipRegistration *registration);

/* dt-sip-call.c: @account NULL for a call on the direct line */
DtSipCall  *dt_sip_call_new_outgoing    (DtSipStack     *stack,
                                         DtCall         *call,
                                         const char     *target_uri,
                                         DtSipAccount   *account);
/* Binds @nh (an incoming INVITE's handle) to the new call and reads the
 * caller's identity from @sip */
DtSipCall  *dt_sip_call_new_incoming    (DtSipStack     *stack,
                                         nua_handle_t   *nh,
                                         sip_t const    *sip);
/* How dial tones go in this call: the line's account says */
void        dt_sip_call_set_dtmf_mode   (DtSipCall      *self,
                                         DtSipDtmfMode   mode);
/* The Contact of our requests and answers in this dialog; NULL: sofia's */
void        dt_sip_call_set_contact     (DtSipCall      *self,
                                         const char     *contact);
const char *dt_sip_call_get_remote_uri  (DtSipCall      *self);
const char *dt_sip_call_get_remote_name (DtSipCall      *self);
/* The model took the incoming call: report id and caller id, send 180 */
void        dt_sip_call_ring            (DtSipCall      *self,
                                         DtCall         *call);
/* @self, an INVITE with Replaces naming @replaced's dialog, takes over
 * that answered call on its line: answered at once, without ringing;
 * @replaced ends with reason "replaced". FALSE, and nothing done, when
 * @replaced is not an answered call. */
gboolean    dt_sip_call_take_over       (DtSipCall      *self,
                                         DtSipCall      *replaced);
/* Answers an incoming call that never reached the model */
void        dt_sip_call_refuse          (DtSipCall      *self,
                                         int             status,
                                         const char     *phrase);
void        dt_sip_call_handle_event    (DtSipCall      *self,
                                         nua_event_t     event,
                                         int             status,
                                         const char     *phrase,
                                         sip_t const    *sip,
                                         tagi_t          tags[]);
/* Shutdown: end the dialog whatever its state */
void        dt_sip_call_terminate       (DtSipCall      *self);
/* The dialog is over (or sofia has stopped): report, release, untrack */
void        dt_sip_call_close           (DtSipCall      *self);

/* dt-sip-line.c */
/* The model line, with a reference, or NULL */
DtLine     *dt_sip_line_dup_line        (DtSipLine      *self);
void        dt_sip_line_handle_invite   (DtSipLine      *self,
                                         nua_handle_t   *nh,
                                         sip_t const    *sip);
/* Whether an incoming request addressed to @request_uri is for this line */
gboolean    dt_sip_line_accepts         (DtSipLine      *self,
                                         url_t const    *request_uri);

G_END_DECLS
