/* dt-sip-call-transfer.c: transfers in a call's dialog (RFC 3515, 5589)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ours: the call is held, then a REFER asks the peer to call the target
 * (blind) or to replace our consultation call with itself (attended, a
 * Refer-To carrying Replaces, RFC 3891). The peer's NOTIFYs carry the
 * status of its new call as message/sipfrag; each is transfer progress on
 * the model. A 2xx ends our dialogs ("transferred"); a failure, or the
 * REFER refused, is a transfer error, and the call is resumed if the
 * transfer held it.
 *
 * Theirs: a REFER in this dialog goes to a DtSipReferral, which waits for
 * the user (dt-sip-referral.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-call-private.h"
#include "dt-sip-uri.h"

/* A peer that took the REFER owes us NOTIFYs (RFC 3515 §2.4.4); one that
 * never sends the final one must not keep the transfer open for ever. The
 * target may ring for minutes, so the wait is the refer subscription's
 * usual lifetime (sofia's default refer_expires), counted again from each
 * NOTIFY. */
#define FINAL_NOTIFY_TIMEOUT_S 300

static void
report_transfer_error (DtSipCall  *self,
                       const char *message)
{
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);
  g_autoptr(GError) error = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED, message);

  if (call != NULL)
    dt_call_report_error (call, DT_CALL_ERROR_KIND_TRANSFER, error);
}

static void
clear_transfer (DtSipCall *self)
{
  g_autoptr(DtSipCall) consultation = g_weak_ref_get (&self->consultation);

  if (consultation != NULL)
    consultation->consulted = FALSE;
  g_clear_pointer (&self->refer_to, g_free);
  g_clear_handle_id (&self->notify_timeout_id, g_source_remove);
  g_weak_ref_set (&self->consultation, NULL);
  self->transferring = FALSE;
  self->refer_auth_sent = FALSE;
}

/* The transfer did not happen: the call goes on as before it */
static void
fail_transfer (DtSipCall  *self,
               const char *message)
{
  gboolean resume = self->held_for_transfer;

  g_debug ("call %s: transfer failed: %s", self->call_id, message);
  clear_transfer (self);
  self->held_for_transfer = FALSE;
  report_transfer_error (self, message);

  if (resume && self->nh != NULL && self->hold != NULL && self->connected && !self->ending)
    {
      g_autoptr(GError) error = NULL;

      if (!dt_sip_hold_request (self->hold, self->nh, self->media, self->contact, FALSE, &error))
        {
          g_autoptr(DtCall) call = dt_sip_call_dup_call (self);

          if (call != NULL)
            dt_call_report_error (call, DT_CALL_ERROR_KIND_RESUME, error);
        }
    }
}

/* The peer has reached the target: our part is over */
static void
complete_transfer (DtSipCall *self)
{
  g_autoptr(DtSipCall) consultation = g_weak_ref_get (&self->consultation);

  g_debug ("call %s: transferred", self->call_id);
  g_weak_ref_set (&self->consultation, NULL);
  clear_transfer (self);
  self->held_for_transfer = FALSE;

  if (consultation != NULL)
    {
      dt_sip_call_set_reason (consultation, "transferred");
      dt_sip_call_end_dialog (consultation);
      dt_sip_call_report_disconnected (consultation, "transferred");
    }
  dt_sip_call_set_reason (self, "transferred");
  dt_sip_call_end_dialog (self);
  dt_sip_call_report_disconnected (self, "transferred");
}

static gboolean
on_final_notify_timeout (gpointer data)
{
  DtSipCall *self = data;

  self->notify_timeout_id = 0;
  fail_transfer (self, _("The other party did not say whether the transfer succeeded."));
  return G_SOURCE_REMOVE;
}

/* Who asks: the account, else the direct line's address */
static char *
dup_referred_by (DtSipCall *self)
{
  const char *uri = self->account != NULL ? self->account->aor
                    : self->contact != NULL ? self->contact
                    : dt_sip_stack_get_contact_uri (self->stack);

  return uri != NULL ? g_strdup_printf ("<%s>", uri) : NULL;
}

static void
send_refer (DtSipCall *self)
{
  g_autofree char *referred_by = dup_referred_by (self);

  g_debug ("call %s: REFER to %s", self->call_id, self->refer_to);
  self->notify_timeout_id = g_timeout_add_seconds (FINAL_NOTIFY_TIMEOUT_S,
                                                   on_final_notify_timeout, self);
  nua_refer (self->nh,
             SIPTAG_REFER_TO_STR (self->refer_to),
             TAG_IF (referred_by != NULL, SIPTAG_REFERRED_BY_STR (referred_by)),
             TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
             TAG_END ());
}

static gboolean
can_transfer (DtSipCall  *self,
              GError    **error)
{
  if (self->nh == NULL || self->hold == NULL || !self->connected || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("Only an answered call can be transferred."));
      return FALSE;
    }
  if (self->transferring)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("This call is already being transferred."));
      return FALSE;
    }
  return TRUE;
}

/* Holds the call first unless it is held (RFC 5589 §6): the peer waits on
 * hold rather than in silence while it calls the target */
static gboolean
start_transfer (DtSipCall  *self,
                char       *refer_to,
                DtSipCall  *consultation,
                GError    **error)
{
  self->refer_to = refer_to;
  g_weak_ref_set (&self->consultation, consultation);
  self->transferring = TRUE;

  if (dt_sip_hold_is_held (self->hold) || dt_sip_hold_is_pending (self->hold))
    {
      if (!dt_sip_hold_is_pending (self->hold))
        send_refer (self);
      return TRUE;
    }

  if (!dt_sip_hold_request (self->hold, self->nh, self->media, self->contact, TRUE, error))
    {
      clear_transfer (self);
      return FALSE;
    }
  self->held_for_transfer = TRUE;
  return TRUE;
}

gboolean
dt_sip_call_blind_transfer (DtCallBackend  *backend,
                            const char     *target,
                            GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autofree char *uri = NULL;

  if (!can_transfer (self, error))
    return FALSE;

  uri = dt_sip_uri_normalise (target, self->account != NULL ? self->account->domain : NULL, error);
  if (uri == NULL)
    return FALSE;

  return start_transfer (self, g_strdup_printf ("<%s>", uri), NULL, error);
}

/* RFC 3891 §3: the recipient of the INVITE matches to-tag against its own
 * tag and from-tag against its peer's. The recipient is the consultation
 * call's peer, so to-tag is that peer's tag (our remote tag) and from-tag
 * ours, whoever placed the consultation call. */
static char *
dup_replaces_target (DtSipCall *consultation)
{
  g_autofree char *replaces = g_strdup_printf ("%s;to-tag=%s;from-tag=%s", consultation->call_id,
                                               consultation->remote_tag, consultation->local_tag);
  g_autofree char *escaped = g_uri_escape_string (replaces, NULL, FALSE);
  const char *target = consultation->remote_target != NULL ? consultation->remote_target
                                                           : consultation->remote_uri;

  return g_strdup_printf ("<%s?Replaces=%s>", target, escaped);
}

gboolean
dt_sip_call_attended_transfer (DtCallBackend  *backend,
                               DtCallBackend  *consultation_backend,
                               GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  DtSipCall *consultation;

  if (!can_transfer (self, error))
    return FALSE;

  consultation = DT_IS_SIP_CALL (consultation_backend) ? DT_SIP_CALL (consultation_backend) : NULL;
  if (consultation == NULL || consultation->stack != self->stack || consultation->nh == NULL ||
      !consultation->connected || consultation->ending || consultation->call_id == NULL ||
      consultation->local_tag == NULL || consultation->remote_tag == NULL)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                           _("A call can only be transferred to an answered call."));
      return FALSE;
    }

  if (!start_transfer (self, dup_replaces_target (consultation), consultation, error))
    return FALSE;
  consultation->consulted = TRUE;
  return TRUE;
}

/* The other party's pending request to transfer this call, or NULL and
 * @error set */
static DtSipReferral *
pending_referral (DtSipCall  *self,
                  GError    **error)
{
  if (self->referral == NULL || self->ending)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("The other party has not asked to transfer this call."));
      return NULL;
    }
  return self->referral;
}

gboolean
dt_sip_call_accept_transfer (DtCallBackend  *backend,
                             GError        **error)
{
  DtSipReferral *referral = pending_referral (DT_SIP_CALL (backend), error);

  return referral != NULL && dt_sip_referral_accept (referral, error);
}

gboolean
dt_sip_call_refuse_transfer (DtCallBackend  *backend,
                             GError        **error)
{
  DtSipReferral *referral = pending_referral (DT_SIP_CALL (backend), error);

  return referral != NULL && dt_sip_referral_refuse (referral, error);
}

void
dt_sip_call_hold_settled (DtSipCall *self)
{
  if (!self->transferring || self->refer_to == NULL || self->notify_timeout_id != 0 ||
      self->ending || self->nh == NULL)
    return;

  /* A refused hold does not stop the transfer: the peer is only asked */
  if (!dt_sip_hold_is_held (self->hold))
    self->held_for_transfer = FALSE;
  send_refer (self);
}

void
dt_sip_call_take_refer_response (DtSipCall   *self,
                                 int          status,
                                 const char  *phrase,
                                 sip_t const *sip)
{
  g_autofree char *message = NULL;

  if (!self->transferring || status < 200)
    return;
  if (status < 300)
    {
      g_debug ("call %s: REFER accepted with %d", self->call_id, status);
      return;
    }

  if ((status == 401 || status == 407) && self->account != NULL && !self->refer_auth_sent &&
      dt_sip_account_authenticate (self->account, self->nh, sip))
    {
      self->refer_auth_sent = TRUE;
      return;
    }

  if (status == 408)
    message = g_strdup (_("The other party did not answer the transfer request."));
  else
    /* Translators: the last part is a SIP status, such as "403 Forbidden" */
    message = g_strdup_printf (_("The other party refused the transfer: %d %s."),
                               status, phrase != NULL ? phrase : "");
  fail_transfer (self, message);
}

/* "SIP/2.0 180 Ringing" at the start of a sipfrag: 180, else 0 */
static guint
sipfrag_status (sip_t const  *sip,
                char        **phrase)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  guint64 status = 0;

  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_data == NULL)
    return 0;

  text = g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  words = g_strsplit (g_strstrip (text), " ", 3);
  if (g_strv_length (words) < 2 || g_ascii_strncasecmp (words[0], "SIP/", 4) != 0 ||
      !g_ascii_string_to_unsigned (words[1], 10, 100, 699, &status, NULL))
    return 0;

  if (phrase != NULL && words[2] != NULL)
    {
      words[2][strcspn (words[2], "\r\n")] = '\0';
      *phrase = g_strdup (g_strstrip (words[2]));
    }
  return (guint) status;
}

void
dt_sip_call_take_notify (DtSipCall   *self,
                         sip_t const *sip,
                         tagi_t       tags[])
{
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);
  g_autofree char *phrase = NULL;
  int substate = nua_substate_active;
  guint status;

  if (!self->transferring || self->ending ||
      sip == NULL || sip->sip_event == NULL || g_ascii_strcasecmp (sip->sip_event->o_type, "refer") != 0)
    return;

  tl_gets (tags, NUTAG_SUBSTATE_REF (substate), TAG_END ());
  status = sipfrag_status (sip, &phrase);
  g_debug ("call %s: transfer NOTIFY %u (%s)", self->call_id, status, nua_substate_name (substate));

  if (status != 0 && call != NULL)
    dt_call_report_transfer_progress (call, status);

  g_clear_handle_id (&self->notify_timeout_id, g_source_remove);
  self->notify_timeout_id = g_timeout_add_seconds (FINAL_NOTIFY_TIMEOUT_S,
                                                   on_final_notify_timeout, self);

  if (status >= 200 && status < 300)
    {
      complete_transfer (self);
    }
  else if (status >= 300)
    {
      g_autofree char *message = NULL;

      /* Translators: the last part is a SIP status, such as "486 Busy Here" */
      message = g_strdup_printf (_("The transfer failed: the target answered %u %s."),
                                 status, phrase != NULL ? phrase : "");
      fail_transfer (self, message);
    }
  else if (substate == nua_substate_terminated)
    {
      fail_transfer (self, _("The other party ended the transfer without saying whether it succeeded."));
    }
}

void
dt_sip_call_take_refer (DtSipCall   *self,
                        sip_t const *sip,
                        tagi_t       tags[])
{
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);
  nua_t *nua = dt_sip_stack_get_nua (self->stack);
  g_autofree char *target = NULL;
  url_t const *url;

  url = sip != NULL && sip->sip_refer_to != NULL ? sip->sip_refer_to->r_url : NULL;
  if (url == NULL ||
      !((url->url_type == url_sip || url->url_type == url_sips) && url->url_host != NULL))
    {
      nua_respond (self->nh, 400, "Bad Refer-To", NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }
  if (call == NULL || !self->connected || self->ending || self->transferring)
    {
      nua_respond (self->nh, SIP_603_DECLINE, NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }
  if (self->referral != NULL && !dt_sip_referral_is_over (self->referral))
    {
      nua_respond (self->nh, SIP_491_REQUEST_PENDING, NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }

  g_clear_pointer (&self->referral, dt_sip_referral_free);
  self->referral = dt_sip_referral_new (self, call, nua, self->nh, sip, tags);
}

void
dt_sip_call_stop_transfer (DtSipCall *self)
{
  clear_transfer (self);
  if (self->referral != NULL)
    dt_sip_referral_stop (self->referral);
}

void
dt_sip_call_note_dialog (DtSipCall   *self,
                         sip_t const *sip)
{
  gboolean response;
  sip_from_t const *local;
  sip_to_t const *remote;

  if (sip == NULL || sip->sip_from == NULL || sip->sip_to == NULL)
    return;

  /* A response to our request has our tag in From; their request in To */
  response = sip->sip_status != NULL;
  local = response ? sip->sip_from : sip->sip_to;
  remote = response ? sip->sip_to : sip->sip_from;
  if (local->a_tag != NULL)
    {
      g_free (self->local_tag);
      self->local_tag = g_strdup (local->a_tag);
    }
  if (remote->a_tag != NULL)
    {
      g_free (self->remote_tag);
      self->remote_tag = g_strdup (remote->a_tag);
    }
  if (sip->sip_contact != NULL && sip->sip_contact->m_url->url_host != NULL)
    {
      su_home_t *home = su_home_new (sizeof (su_home_t));
      url_t *url = url_hdup (home, sip->sip_contact->m_url);

      /* The Contact's URI, as a target to send someone to */
      url->url_params = NULL;
      url->url_headers = NULL;
      g_free (self->remote_target);
      self->remote_target = g_strdup (url_as_string (home, url));
      su_home_unref (home);
    }
}
