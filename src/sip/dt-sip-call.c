/* dt-sip-call.c: one SIP dialog behind a DtCall (DtCallBackend)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-backend.h"
#include "model/dt-call-error.h"

#include "dt-sip-call-private.h"
#include "dt-sip-sdp.h"

static void dt_sip_call_backend_iface_init (DtCallBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtSipCall, dt_sip_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_CALL_BACKEND,
                                                      dt_sip_call_backend_iface_init))

static void
on_call_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  DtSipCall *self = data;

  /* The model let go of a call that is still up: end it quietly */
  self->call = NULL;
  dt_sip_call_end_dialog (self);
}

void
dt_sip_call_attach (DtSipCall *self,
                    DtCall    *call)
{
  g_assert (self->call == NULL);
  self->call = call;
  g_object_weak_ref (G_OBJECT (call), on_call_finalized, self);
  self->media = dt_sip_media_new (call, dt_sip_stack_get_bind_address (self->stack));
  self->hold = dt_sip_hold_new (call, self->direction == DT_CALL_DIRECTION_OUTBOUND);
  self->dtmf = dt_sip_dtmf_new (call);
}

/* The model's call, with a strong reference for the caller, or NULL */
DtCall *
dt_sip_call_dup_call (DtSipCall *self)
{
  return self->call != NULL ? g_object_ref (self->call) : NULL;
}

void
dt_sip_call_set_reason (DtSipCall  *self,
                        const char *reason)
{
  if (self->reason == NULL)
    self->reason = g_strdup (reason);
}

void
dt_sip_call_report_disconnected (DtSipCall  *self,
                                 const char *reason)
{
  g_autoptr(DtCall) call = NULL;

  if (self->call == NULL)
    return;

  call = g_object_ref (self->call);
  g_object_weak_unref (G_OBJECT (call), on_call_finalized, self);
  self->call = NULL;
  dt_call_report_disconnected (call, reason);
}

/* A description of our audio on freshly reserved ports, or NULL */
char *
dt_sip_call_local_sdp (DtSipCall  *self,
                       GError    **error)
{
  const char *address = dt_sip_stack_get_bind_address (self->stack);

  if (self->ports.rtp == NULL && !dt_sip_media_ports_reserve (&self->ports, address, error))
    return NULL;
  return dt_sip_sdp_build_local (address, self->ports.rtp_port, error);
}

void
dt_sip_call_release_handle (DtSipCall *self)
{
  if (self->nh == NULL)
    return;

  nua_handle_bind (self->nh, NULL);
  nua_handle_destroy (self->nh);
  self->nh = NULL;
}

/* The dialog is over: tell the model if it still waits, and let go */
void
dt_sip_call_close (DtSipCall *self)
{
  g_autoptr(DtSipCall) guard = g_object_ref (self);

  dt_sip_call_stop_transfer (self);
  g_clear_pointer (&self->referral, dt_sip_referral_free);
  g_clear_pointer (&self->hold, dt_sip_hold_free);
  g_clear_pointer (&self->dtmf, dt_sip_dtmf_free);
  dt_sip_call_release_handle (self);
  dt_sip_media_ports_release (&self->ports);
  g_clear_pointer (&self->media, dt_sip_media_free);
  dt_sip_call_report_disconnected (self, self->reason != NULL ? self->reason
                                                  : self->connected ? "remote-hangup"
                                                                    : "480 Temporarily Unavailable");
  dt_sip_stack_untrack_call (self->stack, self);
}

static void
set_answer_codec (DtSipCall  *self,
                  const char *sdp)
{
  g_autofree char *codec = dt_sip_sdp_dup_codec (sdp);

  if (codec != NULL)
    {
      g_free (self->answer_codec);
      self->answer_codec = g_steal_pointer (&codec);
    }
}

static void
on_state (DtSipCall *self,
          tagi_t     tags[])
{
  int state = nua_callstate_init;
  const char *local_sdp_str = NULL;
  const char *remote_sdp_str = NULL;

  tl_gets (tags,
           NUTAG_CALLSTATE_REF (state),
           SOATAG_LOCAL_SDP_STR_REF (local_sdp_str),
           SOATAG_REMOTE_SDP_STR_REF (remote_sdp_str),
           TAG_END ());
  g_debug ("call %s: %s", self->call_id, nua_callstate_name (state));

  /* The answer names the codec: theirs to our offer, ours to theirs */
  if (self->direction == DT_CALL_DIRECTION_OUTBOUND && remote_sdp_str != NULL)
    set_answer_codec (self, remote_sdp_str);
  else if (self->direction == DT_CALL_DIRECTION_INBOUND && local_sdp_str != NULL)
    set_answer_codec (self, local_sdp_str);

  if (state == nua_callstate_ready && !self->connected)
    {
      g_autoptr(DtCall) call = dt_sip_call_dup_call (self);
      g_autofree char *codec = g_strdup (self->answer_codec);

      self->connected = TRUE;
      if (self->ending)
        {
          /* The answer crossed our CANCEL, or came after the model let go */
          nua_bye (self->nh, TAG_END ());
          return;
        }
      if (call != NULL)
        {
          dt_call_report_connected (call);
          if (codec != NULL && self->call == call)
            dt_call_report_media_info (call, codec, FALSE);
        }
    }
  else if (state == nua_callstate_terminated)
    {
      if (self->redirect_to != NULL && self->call != NULL)
        dt_sip_call_follow_redirect (self);
      else
        dt_sip_call_close (self);
    }
}

void
dt_sip_call_end_dialog (DtSipCall *self)
{
  if (self->nh == NULL || self->ending)
    return;

  self->ending = TRUE;
  dt_sip_call_stop_transfer (self);
  dt_sip_hold_stop (self->hold);
  dt_sip_dtmf_stop (self->dtmf);
  if (self->connected || self->answered)
    nua_bye (self->nh, TAG_END ());
  else if (self->direction == DT_CALL_DIRECTION_OUTBOUND)
    nua_cancel (self->nh, TAG_END ());
  else
    nua_respond (self->nh, SIP_480_TEMPORARILY_UNAVAILABLE, TAG_END ());
}

static gboolean
dt_sip_call_end (DtCallBackend  *backend,
                 GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autoptr(DtSipCall) guard = g_object_ref (self);

  if (self->nh == NULL || self->ending)
    {
      /* Not started yet, or already on its way out: nothing left to send */
      dt_sip_call_set_reason (self, "cancelled");
      dt_sip_call_report_disconnected (self, self->reason);
      return TRUE;
    }

  if (self->connected || self->answered)
    dt_sip_call_set_reason (self, "hangup");
  else if (self->direction == DT_CALL_DIRECTION_OUTBOUND)
    dt_sip_call_set_reason (self, "cancelled");
  else
    dt_sip_call_set_reason (self, "603 Decline");

  if (self->direction == DT_CALL_DIRECTION_INBOUND && !self->answered)
    {
      self->ending = TRUE;
      nua_respond (self->nh, SIP_603_DECLINE, TAG_END ());
    }
  else
    {
      dt_sip_call_end_dialog (self);
    }

  /* The user is done with the call now; the dialog winds down on its own */
  dt_sip_call_report_disconnected (self, self->reason);
  return TRUE;
}

static gboolean
dt_sip_call_send_dtmf (DtCallBackend  *backend,
                       const char     *digits,
                       GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autoptr(GError) media_error = NULL;

  /* RFC 4733 in the audio when telephone-event was agreed, else SIP INFO;
   * an account may insist on either */
  if (self->media != NULL && self->dtmf_mode != DT_SIP_DTMF_INFO)
    {
      if (dt_sip_media_send_dtmf (self->media, digits, &media_error))
        return TRUE;
      if (self->dtmf_mode == DT_SIP_DTMF_RFC4733 ||
          !g_error_matches (media_error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE))
        {
          g_propagate_error (error, g_steal_pointer (&media_error));
          return FALSE;
        }
    }

  if (self->dtmf_mode == DT_SIP_DTMF_RFC4733)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           _("This account sends dial tones in the audio, and this call has no audio to carry them."));
      return FALSE;
    }

  if (self->nh == NULL || self->dtmf == NULL || !self->connected || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("Dial tones can only be sent on an answered call."));
      return FALSE;
    }
  dt_sip_dtmf_send (self->dtmf, self->nh, digits);
  return TRUE;
}

/* Our hold or resume: a re-INVITE, one at a time */
static gboolean
request_hold (DtSipCall  *self,
              gboolean    hold,
              GError    **error)
{
  if (self->nh == NULL || self->hold == NULL || !self->connected || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           hold ? _("This call cannot be put on hold now.")
                                : _("This call cannot be resumed now."));
      return FALSE;
    }
  return dt_sip_hold_request (self->hold, self->nh, self->media, self->contact, hold, error);
}

static gboolean
dt_sip_call_hold (DtCallBackend  *backend,
                  GError        **error)
{
  return request_hold (DT_SIP_CALL (backend), TRUE, error);
}

static gboolean
dt_sip_call_resume (DtCallBackend  *backend,
                    GError        **error)
{
  return request_hold (DT_SIP_CALL (backend), FALSE, error);
}

static void
dt_sip_call_backend_iface_init (DtCallBackendInterface *iface)
{
  iface->start = dt_sip_call_start;
  iface->answer = dt_sip_call_answer;
  iface->reject = dt_sip_call_reject;
  iface->end = dt_sip_call_end;
  iface->send_dtmf = dt_sip_call_send_dtmf;
  iface->hold = dt_sip_call_hold;
  iface->resume = dt_sip_call_resume;
  iface->blind_transfer = dt_sip_call_blind_transfer;
  iface->attended_transfer = dt_sip_call_attended_transfer;
  iface->accept_transfer = dt_sip_call_accept_transfer;
  iface->refuse_transfer = dt_sip_call_refuse_transfer;
}

static void
dt_sip_call_dispose (GObject *object)
{
  DtSipCall *self = DT_SIP_CALL (object);

  if (self->call != NULL)
    {
      g_object_weak_unref (G_OBJECT (self->call), on_call_finalized, self);
      self->call = NULL;
    }
  dt_sip_call_stop_transfer (self);
  g_clear_pointer (&self->referral, dt_sip_referral_free);
  g_clear_pointer (&self->hold, dt_sip_hold_free);
  g_clear_pointer (&self->dtmf, dt_sip_dtmf_free);
  dt_sip_call_release_handle (self);
  dt_sip_media_ports_release (&self->ports);
  g_clear_pointer (&self->media, dt_sip_media_free);
  g_clear_object (&self->stack);

  G_OBJECT_CLASS (dt_sip_call_parent_class)->dispose (object);
}

static void
dt_sip_call_finalize (GObject *object)
{
  DtSipCall *self = DT_SIP_CALL (object);

  g_free (self->target);
  g_clear_pointer (&self->account, dt_sip_account_unref);
  g_free (self->remote_uri);
  g_free (self->remote_name);
  g_free (self->call_id);
  g_free (self->reason);
  g_free (self->redirect_to);
  g_free (self->answer_codec);
  g_free (self->contact);
  g_free (self->remote_offer);
  g_free (self->replaces);
  g_free (self->local_tag);
  g_free (self->remote_tag);
  g_free (self->remote_target);
  g_weak_ref_clear (&self->consultation);

  G_OBJECT_CLASS (dt_sip_call_parent_class)->finalize (object);
}

static void
dt_sip_call_class_init (DtSipCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_sip_call_dispose;
  object_class->finalize = dt_sip_call_finalize;
}

static void
dt_sip_call_init (DtSipCall *self)
{
  g_weak_ref_init (&self->consultation, NULL);
}

void
dt_sip_call_set_dtmf_mode (DtSipCall     *self,
                           DtSipDtmfMode  mode)
{
  self->dtmf_mode = mode;
}

void
dt_sip_call_set_contact (DtSipCall  *self,
                         const char *contact)
{
  g_free (self->contact);
  self->contact = g_strdup (contact);
}

const char *
dt_sip_call_get_remote_uri (DtSipCall *self)
{
  return self->remote_uri;
}

const char *
dt_sip_call_get_remote_name (DtSipCall *self)
{
  return self->remote_name;
}

void
dt_sip_call_handle_event (DtSipCall   *self,
                          nua_event_t  event,
                          int          status,
                          const char  *phrase,
                          sip_t const *sip,
                          tagi_t       tags[])
{
  g_autoptr(DtSipCall) guard = g_object_ref (self);

  switch ((int) event)
    {
    case nua_r_invite:
      if (self->hold != NULL && dt_sip_hold_is_pending (self->hold))
        {
          dt_sip_hold_take_response (self->hold, status, phrase, sip);
          if (self->hold != NULL && !dt_sip_hold_is_pending (self->hold))
            dt_sip_call_hold_settled (self);
        }
      else
        dt_sip_call_take_invite_response (self, status, phrase, sip);
      break;
    case nua_i_state:
      on_state (self, tags);
      break;
    case nua_i_bye:
      /* The target of our attended transfer took the call over and ends
       * this leg, usually before the final NOTIFY reaches us */
      dt_sip_call_set_reason (self, self->consulted ? "transferred" : "remote-hangup");
      break;
    case nua_r_info:
      dt_sip_dtmf_take_response (self->dtmf, status, phrase);
      break;
    case nua_i_info:
      dt_sip_dtmf_take_info (self->dtmf, dt_sip_stack_get_nua (self->stack), self->nh, sip);
      break;
    case nua_r_refer:
      dt_sip_call_take_refer_response (self, status, phrase, sip);
      break;
    case nua_i_notify:
      dt_sip_call_take_notify (self, sip, tags);
      break;
    case nua_i_refer:
      dt_sip_call_take_refer (self, sip, tags);
      break;
    case nua_r_notify:
      if (self->referral != NULL)
        dt_sip_referral_take_notify_response (self->referral, status);
      break;
    case nua_i_ack:
      dt_sip_call_note_dialog (self, sip);
      /* Our offer went in the 200: its answer comes in the ACK */
      if (self->remote_offer == NULL)
        dt_sip_call_take_answer (self, sip, TRUE);
      break;
    case nua_i_cancel:
      dt_sip_call_set_reason (self, "missed");
      break;
    case nua_i_invite:
    case nua_i_update:
      /* A re-INVITE or UPDATE may bring a new identity */
      if (sip != NULL && (sip_p_asserted_identity (sip) != NULL || sip_remote_party_id (sip) != NULL))
        {
          g_autoptr(DtCall) call = dt_sip_call_dup_call (self);

          dt_sip_identity_read (sip, &self->remote_uri, &self->remote_name);
          if (call != NULL && self->remote_uri != NULL)
            dt_call_report_caller_id (call, self->remote_uri, self->remote_name);
        }
      if (event == nua_i_invite && self->media != NULL && (self->connected || self->answered))
        dt_sip_call_answer_reinvite (self, sip);
      else if (event == nua_i_invite && self->connected && self->hold != NULL)
        dt_sip_hold_take_offer (self->hold, sip); /* soa has answered it */
      break;
    default:
      break;
    }
}

void
dt_sip_call_terminate (DtSipCall *self)
{
  g_autoptr(DtSipCall) guard = g_object_ref (self);

  dt_sip_call_set_reason (self, self->connected ? "hangup" : "cancelled");
  dt_sip_call_end_dialog (self);
  dt_sip_call_report_disconnected (self, self->reason);
  if (self->nh == NULL)
    dt_sip_stack_untrack_call (self->stack, self);
}
