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
};

/* dt-sip-agent.c: NULL when sofia cannot start (its port taken) */
DtSipAgent *dt_sip_agent_new            (DtSipStack     *stack,
                                         const char     *url,
                                         const char     *user_agent,
                                         nua_callback_f  callback);
/* Only once nua_r_shutdown has arrived, or before nua was created */
void        dt_sip_agent_free           (DtSipAgent     *agent);
void        dt_sip_agent_free_later     (DtSipAgent     *agent);

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

/* dt-sip-call.c */
DtSipCall  *dt_sip_call_new_outgoing    (DtSipStack     *stack,
                                         DtCall         *call,
                                         const char     *target_uri,
                                         const char     *from_uri);
/* Binds @nh (an incoming INVITE's handle) to the new call and reads the
 * caller's identity from @sip */
DtSipCall  *dt_sip_call_new_incoming    (DtSipStack     *stack,
                                         nua_handle_t   *nh,
                                         sip_t const    *sip);
const char *dt_sip_call_get_remote_uri  (DtSipCall      *self);
const char *dt_sip_call_get_remote_name (DtSipCall      *self);
/* The model took the incoming call: report id and caller id, send 180 */
void        dt_sip_call_ring            (DtSipCall      *self,
                                         DtCall         *call);
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
void        dt_sip_line_handle_invite   (DtSipLine      *self,
                                         nua_handle_t   *nh,
                                         sip_t const    *sip);
/* Whether an incoming request addressed to @request_uri is for this line */
gboolean    dt_sip_line_accepts         (DtSipLine      *self,
                                         url_t const    *request_uri);

G_END_DECLS
