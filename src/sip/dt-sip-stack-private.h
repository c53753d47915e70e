/* dt-sip-stack-private.h: what the files of DtSipStack share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtSipStack is written in three files: dt-sip-stack.c (the object, its
 * start and what the SIP layer asks of it), dt-sip-stack-events.c (sofia's
 * events, routed to calls, registrations and lines) and
 * dt-sip-stack-shutdown.c (ending calls and accounts, then sofia).
 */
#pragma once

#include "dt-sip-private.h"

G_BEGIN_DECLS

typedef enum {
  STACK_NEW,
  STACK_STARTING,
  STACK_RUNNING,
  STACK_SHUTTING_DOWN,
  STACK_DOWN,
} StackState;

struct _DtSipStack
{
  GObject     parent_instance;

  char       *bind_address;
  guint       port;
  char       *contact_uri;
  char       *user_agent;

  StackState  state;
  DtSipAgent *agent;
  GTask      *init_task;
  GTask      *shutdown_task;
  gboolean    loopback; /* bound to a loopback address */
  guint       shutdown_timeout_id;
  GPtrArray  *lines;   /* DtSipLine, unowned: a line removes itself */
  GHashTable *calls;   /* DtSipCall → itself, owned while its handle lives */
  GHashTable *registrations; /* DtSipRegistration, the same */
};

/* dt-sip-stack.c */
/* nua_get_params answered: the stack knows its port and has started */
void dt_sip_stack_take_params       (DtSipStack   *self,
                                     int           status,
                                     tagi_t        tags[]);

/* dt-sip-stack-events.c */
/* sofia's callback for everything nua reports */
void dt_sip_stack_on_nua_event      (nua_event_t   event,
                                     int           status,
                                     char const   *phrase,
                                     nua_t        *nua,
                                     DtSipAgent   *agent,
                                     nua_handle_t *nh,
                                     GObject      *hmagic,
                                     sip_t const  *sip,
                                     tagi_t        tags[]);

/* dt-sip-stack-shutdown.c */
/* nua_shutdown has finished: sofia is freed once out of its callback */
void dt_sip_stack_shutdown_complete (DtSipStack   *self);

G_END_DECLS
