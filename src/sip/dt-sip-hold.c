/* dt-sip-hold.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-hold.h"
#include "dt-sip-sdp.h"

typedef enum {
  REINVITE_NONE,
  REINVITE_HOLD,
  REINVITE_RESUME,
} ReInvite;

struct _DtSipHold
{
  GWeakRef      call;
  gboolean      owns_call_id;

  ReInvite      pending;
  /* The request, for sending it again after a 491 */
  nua_handle_t *nh;
  DtSipMedia   *media;
  char         *contact;
  guint         glare_id;
  gboolean      glare_retried;
  gboolean      stopped;

  gboolean      held;
  gboolean      remote_held;
};

static gboolean
send_reinvite (DtSipHold  *self,
               ReInvite    kind,
               GError    **error)
{
  gboolean hold = kind == REINVITE_HOLD;
  g_autofree char *sdp = NULL;

  if (self->media != NULL)
    {
      sdp = dt_sip_media_create_offer (self->media, hold, error);
      if (sdp == NULL)
        return FALSE;
    }

  self->pending = kind;
  /* Without a media backend soa writes the offer: sendonly while held */
  nua_invite (self->nh,
              TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR ("application/sdp")),
              TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
              TAG_IF (sdp == NULL, SOATAG_HOLD (hold ? "audio" : NULL)),
              TAG_IF (self->contact != NULL, SIPTAG_CONTACT_STR (self->contact)),
              TAG_END ());
  return TRUE;
}

static void
report_error (DtSipHold    *self,
              ReInvite      kind,
              const GError *error)
{
  g_autoptr(DtCall) call = g_weak_ref_get (&self->call);

  if (call != NULL && !self->stopped)
    dt_call_report_error (call, kind == REINVITE_HOLD ? DT_CALL_ERROR_KIND_HOLD
                                                      : DT_CALL_ERROR_KIND_RESUME, error);
}

static gboolean
on_glare_timeout (gpointer data)
{
  DtSipHold *self = data;
  ReInvite kind = self->pending;
  g_autoptr(GError) error = NULL;

  self->glare_id = 0;
  if (!send_reinvite (self, kind, &error))
    {
      self->pending = REINVITE_NONE;
      self->glare_retried = FALSE;
      report_error (self, kind, error);
    }
  return G_SOURCE_REMOVE;
}

DtSipHold *
dt_sip_hold_new (DtCall   *call,
                 gboolean  owns_call_id)
{
  DtSipHold *self = g_new0 (DtSipHold, 1);

  g_weak_ref_init (&self->call, call);
  self->owns_call_id = owns_call_id;
  return self;
}

void
dt_sip_hold_free (DtSipHold *self)
{
  if (self == NULL)
    return;

  dt_sip_hold_stop (self);
  g_weak_ref_clear (&self->call);
  g_free (self->contact);
  g_free (self);
}

gboolean
dt_sip_hold_request (DtSipHold     *self,
                     nua_handle_t  *nh,
                     DtSipMedia    *media,
                     const char    *contact,
                     gboolean       hold,
                     GError       **error)
{
  if (self->pending != REINVITE_NONE || self->stopped)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           hold ? _("This call cannot be put on hold now.")
                                : _("This call cannot be resumed now."));
      return FALSE;
    }

  self->nh = nh;
  self->media = media;
  g_free (self->contact);
  self->contact = g_strdup (contact);
  self->glare_retried = FALSE;
  return send_reinvite (self, hold ? REINVITE_HOLD : REINVITE_RESUME, error);
}

gboolean
dt_sip_hold_is_pending (DtSipHold *self)
{
  return self->pending != REINVITE_NONE;
}

void
dt_sip_hold_take_response (DtSipHold   *self,
                           int          status,
                           const char  *phrase,
                           sip_t const *sip)
{
  ReInvite kind = self->pending;
  g_autoptr(DtCall) call = NULL;
  g_autoptr(GError) error = NULL;

  if (status < 200 || kind == REINVITE_NONE)
    return;

  if (status == 491 && !self->glare_retried && !self->stopped)
    {
      /* Our re-INVITE crossed the peer's: once more after RFC 3261
       * §14.1's random wait, the longer one for the Call-ID's owner */
      guint delay = self->owns_call_id ? g_random_int_range (2100, 4001)
                                       : g_random_int_range (0, 2001);

      g_debug ("re-INVITE met 491, sent again in %u ms", delay);
      self->glare_retried = TRUE;
      self->glare_id = g_timeout_add (delay, on_glare_timeout, self);
      return;
    }

  self->pending = REINVITE_NONE;
  if (status >= 300)
    {
      error = g_error_new (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           kind == REINVITE_HOLD
                           ? _("The call could not be put on hold: the other party answered “%d %s”.")
                           : _("The call could not be resumed: the other party answered “%d %s”."),
                           status, phrase != NULL ? phrase : "");
      report_error (self, kind, error);
      return;
    }

  call = g_weak_ref_get (&self->call);
  if (call == NULL || self->stopped)
    return;
  if (self->media != NULL && !dt_sip_media_take_answer (self->media, sip, &error))
    {
      report_error (self, kind, error);
      return;
    }

  self->held = kind == REINVITE_HOLD;
  if (self->held)
    dt_call_report_held (call);
  else
    dt_call_report_resumed (call);
}

void
dt_sip_hold_take_offer (DtSipHold   *self,
                        sip_t const *sip)
{
  g_autofree char *offer = dt_sip_media_dup_sdp (sip);
  g_autoptr(DtCall) call = NULL;
  gboolean held;

  if (offer == NULL || self->stopped)
    return;

  held = dt_sip_sdp_holds (offer);
  call = g_weak_ref_get (&self->call);
  if (held == self->remote_held || call == NULL)
    return;
  self->remote_held = held;
  dt_call_report_remote_held (call, held);
}

gboolean
dt_sip_hold_is_held (DtSipHold *self)
{
  return self->held;
}

void
dt_sip_hold_stop (DtSipHold *self)
{
  if (self == NULL)
    return;
  self->stopped = TRUE;
  self->nh = NULL;
  self->media = NULL;
  g_clear_handle_id (&self->glare_id, g_source_remove);
}
