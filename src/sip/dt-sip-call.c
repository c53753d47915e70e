/* dt-sip-call.c: one SIP dialog behind a DtCall (DtCallBackend)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/su_uniqueid.h>

#include "model/dt-call-backend.h"
#include "model/dt-call-error.h"

#include "dt-sip-dtmf.h"
#include "dt-sip-hold.h"
#include "dt-sip-media.h"
#include "dt-sip-private.h"
#include "dt-sip-sdp.h"

struct _DtSipCall
{
  GObject          parent_instance;

  DtSipStack      *stack;
  nua_handle_t    *nh;
  DtCall          *call;       /* weak: the model owns the call */
  DtCallDirection  direction;

  char            *target;     /* outbound: the URI to call */
  DtSipAccount    *account;    /* outbound on an account: From, route and
                                * credentials; NULL on the direct line */
  char            *remote_uri;
  char            *remote_name;
  char            *call_id;
  char            *reason;     /* why the dialog ends, once known */
  char            *redirect_to;
  char            *answer_codec;
  char            *contact;    /* ours, when sofia's would be wrong */
  DtSipMediaPorts  ports;
  /* The media backend's SDP, when the call's manager has one */
  DtSipMedia      *media;
  char            *remote_offer; /* inbound: the INVITE's SDP */
  DtSipHold       *hold;
  DtSipDtmf       *dtmf;         /* dial tones as SIP INFO */

  guint            invited : 1;    /* outbound: INVITE sent */
  guint            redirected : 1; /* a 3xx has been followed already */
  guint            answered : 1;   /* inbound: 200 sent */
  guint            connected : 1;
  guint            ending : 1;     /* we are ending it (CANCEL, BYE, a final answer) */
  guint            auth_sent : 1;  /* outbound: a challenge was answered */
};

static void dt_sip_call_backend_iface_init (DtCallBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtSipCall, dt_sip_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_CALL_BACKEND,
                                                      dt_sip_call_backend_iface_init))

static void end_dialog (DtSipCall *self);

/* Our description for soa, which derives the offer or the answer from it:
 * an answer follows the caller's codec order and keeps one codec plus
 * telephone-event; the origin line carries our address */
#define SOA_TAGS(self, sdp) \
  SOATAG_USER_SDP_STR (sdp), \
  SOATAG_ADDRESS (dt_sip_stack_get_bind_address ((self)->stack)), \
  SOATAG_RTP_SORT (SOA_RTP_SORT_REMOTE), \
  SOATAG_RTP_SELECT (SOA_RTP_SELECT_SINGLE), \
  SOATAG_AUDIO_AUX ("telephone-event")

static void
on_call_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  DtSipCall *self = data;

  /* The model let go of a call that is still up: end it quietly */
  self->call = NULL;
  end_dialog (self);
}

static void
set_call (DtSipCall *self,
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
static DtCall *
dup_call (DtSipCall *self)
{
  return self->call != NULL ? g_object_ref (self->call) : NULL;
}

static void
set_reason (DtSipCall  *self,
            const char *reason)
{
  if (self->reason == NULL)
    self->reason = g_strdup (reason);
}

static void
report_disconnected (DtSipCall  *self,
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

static gboolean
has_sdp (sip_t const *sip)
{
  return sip != NULL && sip->sip_payload != NULL && sip->sip_content_type != NULL &&
         g_ascii_strcasecmp (sip->sip_content_type->c_type, "application/sdp") == 0 &&
         dt_sip_sdp_is_description (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

/* A description of our audio on freshly reserved ports, or NULL */
static char *
local_sdp (DtSipCall  *self,
           GError    **error)
{
  const char *address = dt_sip_stack_get_bind_address (self->stack);

  if (self->ports.rtp == NULL && !dt_sip_media_ports_reserve (&self->ports, address, error))
    return NULL;
  return dt_sip_sdp_build_local (address, self->ports.rtp_port, error);
}

static void
release_handle (DtSipCall *self)
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

  g_clear_pointer (&self->hold, dt_sip_hold_free);
  g_clear_pointer (&self->dtmf, dt_sip_dtmf_free);
  release_handle (self);
  dt_sip_media_ports_release (&self->ports);
  g_clear_pointer (&self->media, dt_sip_media_free);
  report_disconnected (self, self->reason != NULL ? self->reason
                                                  : self->connected ? "remote-hangup"
                                                                    : "480 Temporarily Unavailable");
  dt_sip_stack_untrack_call (self->stack, self);
}

static gboolean
send_invite (DtSipCall  *self,
             GError    **error)
{
  g_autofree char *sdp = self->media != NULL
                         ? dt_sip_media_create_offer (self->media, FALSE, error)
                         : local_sdp (self, error);
  nua_t *nua = dt_sip_stack_get_nua (self->stack);
  const char *from;
  const char *proxy;
  su_home_t *home;

  if (sdp == NULL)
    return FALSE;

  if (nua == NULL || !dt_sip_stack_is_running (self->stack))
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           _("Calls cannot be placed while Dialtone shuts down."));
      return FALSE;
    }

  home = su_home_new (sizeof (su_home_t));
  g_free (self->call_id);
  self->call_id = g_strdup (sip_call_id_create (home, NULL)->i_id);
  su_home_unref (home);

  /* TAG_IF evaluates its value whatever the condition */
  from = self->account != NULL ? self->account->from : NULL;
  proxy = self->account != NULL ? self->account->proxy : NULL;
  /* Redirects are not followed inside sofia: it would follow a 302 on the
   * same Call-ID any number of times; follow_redirect() does it once, as a
   * new call. Its other restarts stay (a digest challenge waits for
   * nua_authenticate(), a 423 or a 5xx with Retry-After is sent again). */
  self->nh = nua_handle (nua, G_OBJECT (self),
                         NUTAG_AUTO302 (0),
                         NUTAG_AUTO305 (0),
                         /* The backend writes the SDP: soa stays out */
                         TAG_IF (self->media != NULL, NUTAG_MEDIA_ENABLE (0)),
                         SIPTAG_TO_STR (self->target),
                         TAG_IF (from != NULL, SIPTAG_FROM_STR (from)),
                         TAG_END ());
  if (self->nh == NULL)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           _("The SIP stack could not start the call."));
      return FALSE;
    }

  dt_sip_stack_track_call (self->stack, self);
  self->invited = TRUE;
  /* The next hop is a handle parameter that only requests set; the
   * dialog's later requests keep it */
  nua_invite (self->nh,
              TAG_IF (proxy != NULL, NUTAG_PROXY (proxy)),
              SIPTAG_CALL_ID_STR (self->call_id),
              TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
              TAG_IF (self->media != NULL, SIPTAG_CONTENT_TYPE_STR ("application/sdp")),
              TAG_IF (self->media != NULL, SIPTAG_PAYLOAD_STR (sdp)),
              SOA_TAGS (self, sdp),
              TAG_END ());
  return TRUE;
}

/* The first INVITE ended with a redirect: call the new target once */
static void
follow_redirect (DtSipCall *self)
{
  g_autofree char *target = g_steal_pointer (&self->redirect_to);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCall) call = dup_call (self);

  g_debug ("call %s redirected to %s", self->call_id, target);
  release_handle (self);
  dt_sip_media_ports_release (&self->ports);
  g_free (self->target);
  self->target = g_steal_pointer (&target);
  self->redirected = TRUE;
  self->auth_sent = FALSE;
  g_clear_pointer (&self->reason, g_free);

  if (!send_invite (self, &error))
    {
      set_reason (self, error->message);
      dt_sip_call_close (self);
      return;
    }

  if (call != NULL)
    dt_call_report_id (call, self->call_id);
}

/* The peer's answer to our offer, in a 18x (early media), the 2xx or the
 * ACK. @final: a refused one ends the call, which is up by then. */
static void
take_answer (DtSipCall   *self,
             sip_t const *sip,
             gboolean     final)
{
  g_autoptr(DtCall) call = dup_call (self);
  g_autoptr(GError) error = NULL;

  if (self->media == NULL || call == NULL || self->ending ||
      dt_sip_media_take_answer (self->media, sip, &error))
    return;

  g_debug ("call %s: answer refused: %s", self->call_id, error->message);
  dt_call_report_error (call, DT_CALL_ERROR_KIND_MEDIA, error);
  if (final)
    {
      set_reason (self, "488 Not Acceptable Here");
      end_dialog (self);
    }
}

static void
on_invite_response (DtSipCall   *self,
                    int          status,
                    const char  *phrase,
                    sip_t const *sip)
{
  g_autofree char *reason = g_strdup_printf ("%d %s", status, phrase != NULL ? phrase : "");

  if (status < 200)
    {
      g_autoptr(DtCall) call = dup_call (self);

      if (call != NULL && !self->ending)
        dt_call_report_progress (call, status > 100 && has_sdp (sip));
      if (status > 100)
        take_answer (self, sip, FALSE);
      return;
    }

  if (status < 300)
    {
      take_answer (self, sip, TRUE);
      return;
    }

  /* One challenge is answered; a second means the credentials were
   * refused, and the call ends with it */
  if ((status == 401 || status == 407) && self->account != NULL && !self->auth_sent &&
      !self->ending && dt_sip_account_authenticate (self->account, self->nh, sip))
    {
      self->auth_sent = TRUE;
      return;
    }
  if (status == 401 || status == 407)
    {
      set_reason (self, g_strstrip (reason));
      /* nua holds the INVITE for credentials that will not come */
      dt_sip_call_close (self);
      return;
    }

  if (status < 400 && !self->redirected && !self->ending &&
      sip != NULL && sip->sip_contact != NULL &&
      (sip->sip_contact->m_url->url_type == url_sip || sip->sip_contact->m_url->url_type == url_sips))
    {
      su_home_t *home = su_home_new (sizeof (su_home_t));

      g_free (self->redirect_to);
      self->redirect_to = g_strdup (url_as_string (home, sip->sip_contact->m_url));
      su_home_unref (home);
      return;
    }

  set_reason (self, g_strstrip (reason));
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
      g_autoptr(DtCall) call = dup_call (self);
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
        follow_redirect (self);
      else
        dt_sip_call_close (self);
    }
}

static void
end_dialog (DtSipCall *self)
{
  if (self->nh == NULL || self->ending)
    return;

  self->ending = TRUE;
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
dt_sip_call_start (DtCallBackend  *backend,
                   GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autoptr(DtCall) call = dup_call (self);

  if (self->direction != DT_CALL_DIRECTION_OUTBOUND || self->invited)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("This call has already started."));
      return FALSE;
    }

  if (!send_invite (self, error))
    return FALSE;

  if (call != NULL)
    dt_call_report_id (call, self->call_id);
  return TRUE;
}

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
      set_reason (self, status == 488 ? "488 Not Acceptable Here" : "500 Server Internal Error");
      nua_respond (self->nh, status, sip_status_phrase (status), TAG_END ());
      report_disconnected (self, self->reason);
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
static void
answer_reinvite (DtSipCall   *self,
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

static gboolean
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

  sdp = local_sdp (self, error);
  if (sdp == NULL)
    return FALSE;

  self->answered = TRUE;
  nua_respond (self->nh, SIP_200_OK, SOA_TAGS (self, sdp),
               TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
               TAG_END ());
  return TRUE;
}

static gboolean
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
      set_reason (self, "486 Busy Here");
      nua_respond (self->nh, SIP_486_BUSY_HERE, TAG_END ());
    }
  else
    {
      set_reason (self, "603 Decline");
      nua_respond (self->nh, SIP_603_DECLINE, TAG_END ());
    }
  report_disconnected (self, self->reason);
  return TRUE;
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
      set_reason (self, "cancelled");
      report_disconnected (self, self->reason);
      return TRUE;
    }

  if (self->connected || self->answered)
    set_reason (self, "hangup");
  else if (self->direction == DT_CALL_DIRECTION_OUTBOUND)
    set_reason (self, "cancelled");
  else
    set_reason (self, "603 Decline");

  if (self->direction == DT_CALL_DIRECTION_INBOUND && !self->answered)
    {
      self->ending = TRUE;
      nua_respond (self->nh, SIP_603_DECLINE, TAG_END ());
    }
  else
    {
      end_dialog (self);
    }

  /* The user is done with the call now; the dialog winds down on its own */
  report_disconnected (self, self->reason);
  return TRUE;
}

static gboolean
dt_sip_call_send_dtmf (DtCallBackend  *backend,
                       const char     *digits,
                       GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autoptr(GError) media_error = NULL;

  /* RFC 4733 in the audio when telephone-event was agreed, else SIP INFO */
  if (self->media != NULL)
    {
      if (dt_sip_media_send_dtmf (self->media, digits, &media_error))
        return TRUE;
      if (!g_error_matches (media_error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE))
        {
          g_propagate_error (error, g_steal_pointer (&media_error));
          return FALSE;
        }
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
  /* Transfers come later in issue 5; until then the model answers them
   * with DT_CALL_ERROR_FAILED "… is not supported" */
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
  g_clear_pointer (&self->hold, dt_sip_hold_free);
  g_clear_pointer (&self->dtmf, dt_sip_dtmf_free);
  release_handle (self);
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
}

DtSipCall *
dt_sip_call_new_outgoing (DtSipStack   *stack,
                          DtCall       *call,
                          const char   *target_uri,
                          DtSipAccount *account)
{
  DtSipCall *self = g_object_new (DT_TYPE_SIP_CALL, NULL);

  self->stack = g_object_ref (stack);
  self->direction = DT_CALL_DIRECTION_OUTBOUND;
  self->target = g_strdup (target_uri);
  self->account = account != NULL ? dt_sip_account_ref (account) : NULL;
  self->remote_uri = g_strdup (target_uri);
  set_call (self, call);
  return self;
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
  self->remote_offer = dt_sip_media_dup_sdp (sip);
  return self;
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
dt_sip_call_ring (DtSipCall *self,
                  DtCall    *call)
{
  set_call (self, call);
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
    report_disconnected (self, self->reason);
  else if (self->nh != NULL && !self->answered)
    nua_respond (self->nh, SIP_180_RINGING,
                 TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
                 TAG_END ());
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
        dt_sip_hold_take_response (self->hold, status, phrase, sip);
      else
        on_invite_response (self, status, phrase, sip);
      break;
    case nua_i_state:
      on_state (self, tags);
      break;
    case nua_i_bye:
      set_reason (self, "remote-hangup");
      break;
    case nua_r_info:
      dt_sip_dtmf_take_response (self->dtmf, status, phrase);
      break;
    case nua_i_info:
      dt_sip_dtmf_take_info (self->dtmf, dt_sip_stack_get_nua (self->stack), self->nh, sip);
      break;
    case nua_i_ack:
      /* Our offer went in the 200: its answer comes in the ACK */
      if (self->remote_offer == NULL)
        take_answer (self, sip, TRUE);
      break;
    case nua_i_cancel:
      set_reason (self, "missed");
      break;
    case nua_i_invite:
    case nua_i_update:
      /* A re-INVITE or UPDATE may bring a new identity */
      if (sip != NULL && (sip_p_asserted_identity (sip) != NULL || sip_remote_party_id (sip) != NULL))
        {
          g_autoptr(DtCall) call = dup_call (self);

          dt_sip_identity_read (sip, &self->remote_uri, &self->remote_name);
          if (call != NULL && self->remote_uri != NULL)
            dt_call_report_caller_id (call, self->remote_uri, self->remote_name);
        }
      if (event == nua_i_invite && self->media != NULL && (self->connected || self->answered))
        answer_reinvite (self, sip);
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

  set_reason (self, self->connected ? "hangup" : "cancelled");
  end_dialog (self);
  report_disconnected (self, self->reason);
  if (self->nh == NULL)
    dt_sip_stack_untrack_call (self->stack, self);
}
