/* dt-sip-agent.c: sofia's user agent, its root and its GSource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sofia-sip/nta_tag.h>

#include "dt-sip-private.h"

DtSipAgent *
dt_sip_agent_new (DtSipStack   *stack,
                  const char   *url,
                  const char   *user_agent,
                  nua_callback_f callback)
{
  DtSipAgent *agent = g_new0 (DtSipAgent, 1);

  dt_sip_sofia_init ();

  agent->stack = stack;
  agent->root = su_glib_root_create (agent);
  /* Keep sofia's stack in this thread: its clone would otherwise get a
   * thread and a reactor of its own */
  su_root_threading (agent->root, 0);
  agent->source = g_source_ref (su_glib_root_gsource (agent->root));
  g_source_attach (agent->source, NULL);
  /* The extra headers bring P-Asserted-Identity and Remote-Party-ID */
  agent->mclass = sip_extend_mclass (NULL);

  agent->nua = nua_create (agent->root, callback, agent,
                           NUTAG_URL (url),
                           NTATAG_MCLASS (agent->mclass),
                           SIPTAG_USER_AGENT_STR (user_agent),
                           NUTAG_AUTOANSWER (0),
                           NUTAG_AUTOALERT (0),
                           NUTAG_ENABLEMESSAGE (0),
                           NUTAG_ALLOW ("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE"),
                           TAG_END ());
  if (agent->nua == NULL)
    {
      dt_sip_agent_free (agent);
      return NULL;
    }
  return agent;
}

void
dt_sip_agent_free (DtSipAgent *agent)
{
  if (agent->nua != NULL)
    nua_destroy (agent->nua);
  if (agent->source != NULL)
    g_source_destroy (agent->source);
  if (agent->root != NULL)
    su_root_destroy (agent->root);
  g_clear_pointer (&agent->source, g_source_unref);
  g_clear_pointer (&agent->mclass, free);
  g_free (agent);
}

static gboolean
free_idle (gpointer data)
{
  dt_sip_agent_free (data);
  return G_SOURCE_REMOVE;
}

void
dt_sip_agent_free_later (DtSipAgent *agent)
{
  /* nua_destroy may not run inside sofia's own callback */
  g_idle_add (free_idle, agent);
}
