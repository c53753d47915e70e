/* dt-sip-call-incoming.c: their INVITE: ringing, answering or refusing it, re-INVITEs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-call-private.h"

/* 200 with the backend's answer to the INVITE's offer, or with our offer
 * when it had none; an offer we cannot take is refused and ends the call */
static gboolean
answer_with_media (DtSipCall  *self,
                   GError    **error)
{
  g_autoptr(GError) media_error = NULL;
  g_autofree char *sdp = NULL;
  guint status = 0;

  sdp = self->remote_offer != NULL
        ? dt_sip_media_answer (self->media, self->remote_offer, FALSE, &status, &media_error)
        : dt_sip_media_create_offer (self->media, FALSE, &media_error);
  if (sdp == NULL && self->remote_offer == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&media_error));
      return FALSE;
    }
  if (sdp == NULL)
    {
      g_debug ("call %s: offer refused: %s", self->call_id, media_error->message);
      self->ending = TRUE;
      dt_sip_call_set_reason (self, status == 488 ? "488 Not Acceptable Here" : "500 Server Internal Error");
      nua_respond (self->nh, status, sip_status_phrase (status), TAG_END ());
      dt_sip_call_report_disconnected (self, self->reason);
      return TRUE;
    }

  self->answered = TRUE;
  nua_respond (self->nh, SIP_200_OK,
               SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
               SIPTAG_PAYLOAD_STR (sdp),
               TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
               TAG_END ());
  return TRUE;
}

/* The peer's re-INVITE (hold, resume, a new address): its offer answered by
 * the backend, the audio following at once. Refused, the call goes on as
 * it was. */
void
dt_sip_call_answer_reinvite (DtSipCall   *self,
                             sip_t const *sip)
{
  g_autofree char *offer = dt_sip_media_dup_sdp (sip);
  g_autoptr(GError) error = NULL;
  g_autofree char *sdp = NULL;
  guint status = 0;
  gboolean held;

  /* Without an offer ours goes in the 200 and the answer in the ACK */
  g_clear_pointer (&self->remote_offer, g_free);
  self->remote_offer = g_strdup (offer);
  held = dt_sip_hold_is_held (self->hold);
  sdp = offer != NULL ? dt_sip_media_answer (self->media, offer, held, &status, &error)
                      : dt_sip_media_create_offer (self->media, held, &error);
  if (sdp == NULL)
    {
      g_debug ("call %s: re-INVITE refused: %s", self->call_id, error->message);
      nua_respond (self->nh, status != 0 ? status : 500,
                   sip_status_phrase (status != 0 ? status : 500), TAG_END ());
      return;
    }
  nua_respond (self->nh, SIP_200_OK,
               SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
               SIPTAG_PAYLOAD_STR (sdp),
               TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
               TAG_END ());
  dt_sip_hold_take_offer (self->hold, sip);
}

gboolean
dt_sip_call_answer (DtCallBackend  *backend,
                    GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autofree char *sdp = NULL;

  if (self->direction != DT_CALL_DIRECTION_INBOUND || self->nh == NULL ||
      self->answered || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("This call cannot be answered now."));
      return FALSE;
    }

  if (self->media != NULL)
    return answer_with_media (self, error);

  sdp = dt_sip_call_local_sdp (self, error);
  if (sdp == NULL)
    return FALSE;

  self->answered = TRUE;
  nua_respond (self->nh, SIP_200_OK, SOA_TAGS (self, sdp),
               TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
               TAG_END ());
  return TRUE;
}

gboolean
dt_sip_call_reject (DtCallBackend  *backend,
                    gboolean        busy,
                    GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);

  if (self->direction != DT_CALL_DIRECTION_INBOUND || self->nh == NULL ||
      self->answered || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("This call cannot be rejected now."));
      return FALSE;
    }

  self->ending = TRUE;
  if (busy)
    {
      dt_sip_call_set_reason (self, "486 Busy Here");
      nua_respond (self->nh, SIP_486_BUSY_HERE, TAG_END ());
    }
  else
    {
      dt_sip_call_set_reason (self, "603 Decline");
      nua_respond (self->nh, SIP_603_DECLINE, TAG_END ());
    }
  dt_sip_call_report_disconnected (self, self->reason);
  return TRUE;
}

DtSipCall *
dt_sip_call_new_incoming (DtSipStack   *stack,
                          nua_handle_t *nh,
                          sip_t const  *sip)
{
  DtSipCall *self = g_object_new (DT_TYPE_SIP_CALL, NULL);

  self->stack = g_object_ref (stack);
  self->direction = DT_CALL_DIRECTION_INBOUND;
  self->nh = nh;
  nua_handle_bind (nh, G_OBJECT (self));
  dt_sip_stack_track_call (stack, self);

  if (sip->sip_call_id != NULL)
    self->call_id = g_strdup (sip->sip_call_id->i_id);
  dt_sip_identity_read (sip, &self->remote_uri, &self->remote_name);
  dt_sip_call_note_dialog (self, sip);
  self->remote_offer = dt_sip_media_dup_sdp (sip);
  return self;
}

void
dt_sip_call_ring (DtSipCall *self,
                  DtCall    *call)
{
  dt_sip_call_attach (self, call);
  /* The backend answers the offer: soa, which has read it already, steps
   * aside before our answer goes out (parameters apply in order) */
  if (self->media != NULL && self->nh != NULL)
    nua_set_hparams (self->nh, NUTAG_MEDIA_ENABLE (0), TAG_END ());
  if (self->call_id != NULL)
    dt_call_report_id (call, self->call_id);
  if (self->remote_uri != NULL)
    dt_call_report_caller_id (call, self->remote_uri, self->remote_name);

  /* A handler of incoming-call may already have answered or refused it,
   * before this call knew its DtCall */
  if (self->ending)
    dt_sip_call_report_disconnected (self, self->reason);
  else if (self->nh != NULL && !self->answered)
    nua_respond (self->nh, SIP_180_RINGING,
                 TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
                 TAG_END ());
}

gboolean
dt_sip_call_take_over (DtSipCall *self,
                       DtSipCall *replaced)
{
  g_autoptr(DtCall) old = dt_sip_call_dup_call (replaced);
  g_autoptr(GError) error = NULL;
  DtLine *line = old != NULL ? dt_call_get_line (old) : NULL;
  DtCall *call;

  if (line == NULL || !replaced->connected || replaced->ending || self->nh == NULL)
    return FALSE;

  call = dt_line_add_replacing_call (line, DT_CALL_BACKEND (self), old,
                                     self->remote_uri, self->remote_name, &error);
  if (call == NULL)
    {
      g_debug ("call %s cannot replace %s: %s", self->call_id, replaced->call_id, error->message);
      return FALSE;
    }

  dt_sip_call_attach (self, call);
  /* As in dt_sip_call_ring(): the backend writes the answer, not soa */
  if (self->media != NULL)
    nua_set_hparams (self->nh, NUTAG_MEDIA_ENABLE (0), TAG_END ());
  if (self->call_id != NULL)
    dt_call_report_id (call, self->call_id);
  if (self->remote_uri != NULL)
    dt_call_report_caller_id (call, self->remote_uri, self->remote_name);

  if (!dt_sip_call_answer (DT_CALL_BACKEND (self), &error))
    {
      g_debug ("call %s: replacing call not answered: %s", self->call_id, error->message);
      dt_sip_call_set_reason (self, "500 Server Internal Error");
      dt_sip_call_refuse (self, SIP_500_INTERNAL_SERVER_ERROR);
      dt_sip_call_report_disconnected (self, self->reason);
      return TRUE;
    }

  g_debug ("call %s replaces %s", self->call_id, replaced->call_id);
  dt_sip_call_set_reason (replaced, "replaced");
  dt_sip_call_end_dialog (replaced);
  dt_sip_call_report_disconnected (replaced, "replaced");
  return TRUE;
}

void
dt_sip_call_refuse (DtSipCall  *self,
                    int         status,
                    const char *phrase)
{
  if (self->nh == NULL || self->ending)
    return;

  self->ending = TRUE;
  nua_respond (self->nh, status, phrase, TAG_END ());
}
