/* dt-sip-stack-events.c: sofia's events, routed to calls, registrations and lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sofia-sip/hostdomain.h>

#include "dt-sip-stack-private.h"

/* sofia's parser is lenient; what it let through but no line should see
 * is answered here */
static gboolean
request_uri_is_sane (sip_t const *sip)
{
  url_t const *url = sip->sip_request != NULL ? sip->sip_request->rq_url : NULL;

  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips))
    return FALSE;
  if (url->url_host == NULL || !host_is_valid (url->url_host))
    return FALSE;
  if (url->url_port != NULL &&
      !g_ascii_string_to_unsigned (url->url_port, 10, 1, G_MAXUINT16, NULL, NULL))
    return FALSE;
  return TRUE;
}

static DtSipLine *
find_line_for (DtSipStack  *self,
               sip_t const *sip)
{
  DtSipLine *direct = NULL;
  url_t const *request_uri = sip->sip_request != NULL ? sip->sip_request->rq_url : NULL;

  for (guint i = 0; i < self->lines->len; i++)
    {
      DtSipLine *line = g_ptr_array_index (self->lines, i);

      if (dt_sip_line_get_direct (line))
        direct = direct != NULL ? direct : line;
      else if (request_uri != NULL && dt_sip_line_accepts (line, request_uri))
        return line;
    }

  return direct;
}

void
dt_sip_stack_on_nua_event (nua_event_t   event,
                           int           status,
                           char const   *phrase,
                           nua_t        *nua,
                           DtSipAgent   *agent,
                           nua_handle_t *nh,
                           GObject      *hmagic,
                           sip_t const  *sip,
                           tagi_t        tags[])
{
  DtSipStack *self = agent->stack;

  g_debug ("nua event %s %d %s", nua_event_name (event), status, phrase ? phrase : "");

  if (event == nua_r_shutdown)
    {
      if (status < 200)
        return;
      agent->shut_down = TRUE;
      if (self != NULL)
        dt_sip_stack_shutdown_complete (self);
      else
        dt_sip_agent_free_later (agent);
      return;
    }

  if (self == NULL)
    return;

  if (event == nua_r_get_params)
    {
      dt_sip_stack_take_params (self, status, tags);
      return;
    }

  if (hmagic != NULL)
    {
      if (DT_IS_SIP_CALL (hmagic))
        dt_sip_call_handle_event (DT_SIP_CALL (hmagic), event, status, phrase, sip, tags);
      else if (DT_IS_SIP_REGISTRATION (hmagic))
        dt_sip_registration_handle_event (DT_SIP_REGISTRATION (hmagic), event, status, phrase,
                                          sip, tags);
      return;
    }

  if (nh == NULL)
    return;

  if (event == nua_i_invite && sip != NULL)
    {
      DtSipLine *line = self->state == STACK_RUNNING ? find_line_for (self, sip) : NULL;

      g_debug ("incoming INVITE, Call-ID %s",
               sip->sip_call_id != NULL ? sip->sip_call_id->i_id : "(none)");

      if (!request_uri_is_sane (sip))
        {
          nua_respond (nh, 400, "Bad Request-URI", TAG_END ());
          nua_handle_destroy (nh);
        }
      else if (line != NULL)
        {
          dt_sip_line_handle_invite (line, nh, sip);
        }
      else
        {
          nua_respond (nh, SIP_480_TEMPORARILY_UNAVAILABLE, TAG_END ());
          nua_handle_destroy (nh);
        }
      return;
    }

  /* Dial tones for no call we know */
  if (event == nua_i_info)
    nua_respond (nh, 481, "Call/Transaction Does Not Exist", NUTAG_WITH_THIS (nua), TAG_END ());
  /* Only a call of ours can be transferred (a REFER waits for us to answer) */
  if (event == nua_i_refer)
    nua_respond (nh, 403, "Transfer Only Within A Call", NUTAG_WITH_THIS (nua), TAG_END ());

  /* Anything else arriving on a handle of its own (OPTIONS, MESSAGE, …)
   * has been answered by sofia already; the handle is of no further use */
  if (event == nua_i_options || event == nua_i_message || event == nua_i_subscribe ||
      event == nua_i_notify || event == nua_i_refer || event == nua_i_publish ||
      event == nua_i_info || event == nua_i_update || event == nua_i_bye ||
      event == nua_i_register || event == nua_i_method)
    nua_handle_destroy (nh);
}
