/* dt-sip-call-outgoing.c: our INVITE: placing the call, its answer, a redirect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/su_uniqueid.h>

#include "model/dt-call-error.h"

#include "dt-sip-call-private.h"
#include "dt-sip-sdp.h"

static gboolean
has_sdp (sip_t const *sip)
{
  return sip != NULL && sip->sip_payload != NULL && sip->sip_content_type != NULL &&
         g_ascii_strcasecmp (sip->sip_content_type->c_type, "application/sdp") == 0 &&
         dt_sip_sdp_is_description (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

static gboolean
send_invite (DtSipCall  *self,
             GError    **error)
{
  g_autofree char *sdp = self->media != NULL
                         ? dt_sip_media_create_offer (self->media, FALSE, error)
                         : dt_sip_call_local_sdp (self, error);
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
              TAG_IF (self->replaces != NULL, SIPTAG_REPLACES_STR (self->replaces)),
              TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
              TAG_IF (self->media != NULL, SIPTAG_CONTENT_TYPE_STR ("application/sdp")),
              TAG_IF (self->media != NULL, SIPTAG_PAYLOAD_STR (sdp)),
              SOA_TAGS (self, sdp),
              TAG_END ());
  return TRUE;
}

/* The first INVITE ended with a redirect: call the new target once */
void
dt_sip_call_follow_redirect (DtSipCall *self)
{
  g_autofree char *target = g_steal_pointer (&self->redirect_to);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);

  g_debug ("call %s redirected to %s", self->call_id, target);
  dt_sip_call_release_handle (self);
  dt_sip_media_ports_release (&self->ports);
  g_free (self->target);
  self->target = g_steal_pointer (&target);
  self->redirected = TRUE;
  self->auth_sent = FALSE;
  g_clear_pointer (&self->reason, g_free);

  if (!send_invite (self, &error))
    {
      dt_sip_call_set_reason (self, error->message);
      dt_sip_call_close (self);
      return;
    }

  if (call != NULL)
    dt_call_report_id (call, self->call_id);
}

/* The peer's answer to our offer, in a 18x (early media), the 2xx or the
 * ACK. @final: a refused one ends the call, which is up by then. */
void
dt_sip_call_take_answer (DtSipCall   *self,
                         sip_t const *sip,
                         gboolean     final)
{
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);
  g_autoptr(GError) error = NULL;

  if (self->media == NULL || call == NULL || self->ending ||
      dt_sip_media_take_answer (self->media, sip, &error))
    return;

  g_debug ("call %s: answer refused: %s", self->call_id, error->message);
  dt_call_report_error (call, DT_CALL_ERROR_KIND_MEDIA, error);
  if (final)
    {
      dt_sip_call_set_reason (self, "488 Not Acceptable Here");
      dt_sip_call_end_dialog (self);
    }
}

void
dt_sip_call_take_invite_response (DtSipCall   *self,
                                  int          status,
                                  const char  *phrase,
                                  sip_t const *sip)
{
  g_autofree char *reason = g_strdup_printf ("%d %s", status, phrase != NULL ? phrase : "");

  if (status < 200)
    {
      g_autoptr(DtCall) call = dt_sip_call_dup_call (self);

      if (call != NULL && !self->ending)
        dt_call_report_progress (call, status > 100 && has_sdp (sip));
      if (status > 100)
        dt_sip_call_take_answer (self, sip, FALSE);
      return;
    }

  if (status < 300)
    {
      dt_sip_call_note_dialog (self, sip);
      dt_sip_call_take_answer (self, sip, TRUE);
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
      dt_sip_call_set_reason (self, g_strstrip (reason));
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

  dt_sip_call_set_reason (self, g_strstrip (reason));
}

gboolean
dt_sip_call_start (DtCallBackend  *backend,
                   GError        **error)
{
  DtSipCall *self = DT_SIP_CALL (backend);
  g_autoptr(DtCall) call = dt_sip_call_dup_call (self);

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

/* A target from a REFER may name a dialog to replace (RFC 3891 §5.1,
 * sip:carol@host?Replaces=…): that goes in the INVITE, not in its URI.
 * Other headers in the URI are dropped: a REFER may not put arbitrary
 * headers in our requests. */
static void
split_target (DtSipCall  *self,
              const char *target)
{
  su_home_t *home = su_home_new (sizeof (su_home_t));
  url_t *url = url_make (home, target);
  char *headers;

  self->target = g_strdup (target);
  if (url == NULL || url->url_headers == NULL)
    {
      su_home_unref (home);
      return;
    }

  headers = url_query_as_header_string (home, url->url_headers);
  for (char *line = headers, *next; line != NULL && *line != '\0'; line = next)
    {
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (g_ascii_strncasecmp (line, "Replaces:", 9) == 0)
        self->replaces = g_strstrip (g_strdup (line + 9));
    }
  url->url_headers = NULL;
  g_free (self->target);
  self->target = g_strdup (url_as_string (home, url));
  su_home_unref (home);
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
  split_target (self, target_uri);
  self->account = account != NULL ? dt_sip_account_ref (account) : NULL;
  self->remote_uri = g_strdup (self->target);
  dt_sip_call_attach (self, call);
  return self;
}
