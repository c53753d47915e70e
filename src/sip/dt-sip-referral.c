/* dt-sip-referral.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-call-private.h"
#include "dt-sip-referral.h"

/* Timer F is 32 s from the REFER's first transmission: the answer must
 * be on its way before that, with room for a retransmitted request */
#define ANSWER_WITHIN_S 30

typedef enum {
  REFERRAL_WAITING,  /* for the user */
  REFERRAL_CALLING,  /* 202 sent, the new call under way */
  REFERRAL_FINAL,    /* the final NOTIFY sent */
  REFERRAL_OVER,
} ReferralState;

struct _DtSipReferral
{
  DtSipCall         *owner;  /* owns us and outlives us */
  GWeakRef           call;
  nua_handle_t      *nh;     /* the owner's, valid until dt_sip_referral_stop() */
  nua_saved_event_t  saved[1];
  char              *target;
  char              *event;  /* the Event of our NOTIFYs */
  guint              expiry_id;
  DtCall            *new_call;
  guint              notifies_pending;
  gboolean           placed;
  ReferralState      state;
  gboolean           succeeded;
};

static void
report_error (DtSipReferral *self,
              const char    *message)
{
  g_autoptr(DtCall) call = g_weak_ref_get (&self->call);
  g_autoptr(GError) error = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED, message);

  if (call != NULL)
    dt_call_report_error (call, DT_CALL_ERROR_KIND_TRANSFER, error);
}

/* The final answer to the REFER, from the event saved for it */
static void
answer (DtSipReferral *self,
        int            status,
        const char    *phrase)
{
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (self->saved[0] == NULL)
    return;

  nua_respond (self->nh, status, phrase,
               NUTAG_WITH_SAVED (self->saved),
               TAG_IF (self->owner->contact != NULL, SIPTAG_CONTACT_STR (self->owner->contact)),
               TAG_END ());
  nua_destroy_event (self->saved);
  self->saved[0] = NULL;
}

static void
notify (DtSipReferral *self,
        guint          status,
        const char    *phrase,
        gboolean       final)
{
  g_autofree char *frag = g_strdup_printf ("SIP/2.0 %u %s\r\n", status, phrase);

  g_debug ("transfer NOTIFY: %u %s%s", status, phrase, final ? " (final)" : "");
  self->notifies_pending++;
  if (final)
    self->state = REFERRAL_FINAL;
  nua_notify (self->nh,
              SIPTAG_EVENT_STR (self->event),
              SIPTAG_CONTENT_TYPE_STR ("message/sipfrag;version=2.0"),
              SIPTAG_PAYLOAD_STR (frag),
              NUTAG_SUBSTATE (final ? nua_substate_terminated : nua_substate_active),
              TAG_IF (self->owner->contact != NULL, SIPTAG_CONTACT_STR (self->owner->contact)),
              TAG_END ());
}

static void
forget_new_call (DtSipReferral *self)
{
  if (self->new_call == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->new_call, self);
  g_clear_object (&self->new_call);
}

static void
on_new_call_connect (DtCall        *new_call,
                     DtSipReferral *self)
{
  forget_new_call (self);
  self->succeeded = TRUE;
  /* Whoever sends the BYE, the call was transferred */
  dt_sip_call_set_reason (self->owner, "transferred");
  notify (self, 200, "OK", TRUE);
}

/* The status a failed call's reason names ("486 Busy Here"), else one
 * that says as much */
static void
on_new_call_disconnect (DtCall        *new_call,
                        const char    *reason,
                        DtSipReferral *self)
{
  guint64 status = 0;
  g_auto(GStrv) words = g_strsplit (reason != NULL ? reason : "", " ", 2);

  forget_new_call (self);
  if (words[0] != NULL && words[1] != NULL &&
      g_ascii_string_to_unsigned (words[0], 10, 300, 699, &status, NULL))
    notify (self, (guint) status, words[1], TRUE);
  else if (g_strcmp0 (reason, "cancelled") == 0)
    notify (self, SIP_487_REQUEST_TERMINATED, TRUE);
  else
    notify (self, SIP_503_SERVICE_UNAVAILABLE, TRUE);
}

static gboolean
on_expired (gpointer data)
{
  DtSipReferral *self = data;

  self->expiry_id = 0;
  g_debug ("transfer request to %s expired", self->target);
  answer (self, SIP_480_TEMPORARILY_UNAVAILABLE);
  self->state = REFERRAL_OVER;
  report_error (self, _("The transfer request expired before it was answered."));
  return G_SOURCE_REMOVE;
}

static gboolean
check_waiting (DtSipReferral  *self,
               GError        **error)
{
  if (self->state == REFERRAL_WAITING)
    return TRUE;

  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                       self->saved[0] == NULL && !self->succeeded && self->new_call == NULL &&
                       self->notifies_pending == 0
                       ? _("The transfer request has expired.")
                       : _("The transfer request has already been answered."));
  return FALSE;
}

DtSipReferral *
dt_sip_referral_new (DtSipCall    *owner,
                     DtCall       *call,
                     nua_t        *nua,
                     nua_handle_t *nh,
                     sip_t const  *sip,
                     tagi_t        tags[])
{
  DtSipReferral *self = g_new0 (DtSipReferral, 1);
  sip_event_t const *event = NULL;
  su_home_t *home = su_home_new (sizeof (su_home_t));

  self->owner = owner;
  g_weak_ref_init (&self->call, call);
  self->nh = nh;
  nua_save_event (nua, self->saved);

  tl_gets (tags, NUTAG_REFER_EVENT_REF (event), TAG_END ());
  self->event = g_strdup (event != NULL ? sip_header_as_string (home, (sip_header_t const *) event)
                                        : "refer");
  self->target = g_strdup (url_as_string (home, sip->sip_refer_to->r_url));
  su_home_unref (home);

  g_debug ("transfer requested to %s (Event: %s)", self->target, self->event);
  self->expiry_id = g_timeout_add_seconds (ANSWER_WITHIN_S, on_expired, self);
  dt_call_report_transfer_requested (call, self->target);
  return self;
}

void
dt_sip_referral_free (DtSipReferral *self)
{
  if (self == NULL)
    return;

  dt_sip_referral_stop (self);
  g_weak_ref_clear (&self->call);
  g_free (self->target);
  g_free (self->event);
  g_free (self);
}

/* Through the model: the window and D-Bus see the new call, and the call
 * being transferred is held while it is placed */
static void
place_call (DtSipReferral *self)
{
  g_autoptr(DtCall) call = g_weak_ref_get (&self->call);
  g_autoptr(GError) error = NULL;
  DtLine *line = call != NULL ? dt_call_get_line (call) : NULL;
  DtCall *new_call = line != NULL ? dt_line_dial (line, self->target, &error) : NULL;

  if (new_call == NULL)
    {
      g_debug ("transfer to %s could not be placed: %s", self->target,
               error != NULL ? error->message : "no line");
      notify (self, SIP_503_SERVICE_UNAVAILABLE, TRUE);
      if (error != NULL)
        report_error (self, error->message);
      return;
    }

  self->new_call = g_object_ref (new_call);
  g_signal_connect (new_call, "connect", G_CALLBACK (on_new_call_connect), self);
  g_signal_connect (new_call, "disconnect", G_CALLBACK (on_new_call_disconnect), self);
}

gboolean
dt_sip_referral_accept (DtSipReferral  *self,
                        GError        **error)
{
  if (!check_waiting (self, error))
    return FALSE;

  answer (self, SIP_202_ACCEPTED);
  self->state = REFERRAL_CALLING;
  /* The call is placed once this NOTIFY has its response: sofia holds a
   * re-INVITE (the hold that placing it starts) queued behind a NOTIFY
   * and never sends it */
  notify (self, SIP_100_TRYING, FALSE);
  return TRUE;
}

gboolean
dt_sip_referral_refuse (DtSipReferral  *self,
                        GError        **error)
{
  if (!check_waiting (self, error))
    return FALSE;

  answer (self, SIP_603_DECLINE);
  self->state = REFERRAL_OVER;
  return TRUE;
}

gboolean
dt_sip_referral_is_over (DtSipReferral *self)
{
  return self->state == REFERRAL_OVER;
}

void
dt_sip_referral_take_notify_response (DtSipReferral *self,
                                      int            status)
{
  if (status < 200 || self->notifies_pending == 0)
    return;

  self->notifies_pending--;
  if (self->state == REFERRAL_CALLING && self->new_call == NULL && !self->placed)
    {
      self->placed = TRUE;
      place_call (self);
      return;
    }
  if (self->state != REFERRAL_FINAL || self->notifies_pending > 0)
    return;

  self->state = REFERRAL_OVER;
  if (!self->succeeded)
    return;

  /* The referrer knows: our part of the call is over */
  dt_sip_call_end_dialog (self->owner);
  dt_sip_call_report_disconnected (self->owner, "transferred");
}

void
dt_sip_referral_stop (DtSipReferral *self)
{
  if (self->state == REFERRAL_WAITING)
    answer (self, SIP_487_REQUEST_TERMINATED);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (self->saved[0] != NULL)
    nua_destroy_event (self->saved);
  self->saved[0] = NULL;
  forget_new_call (self);
  self->state = REFERRAL_OVER;
}
