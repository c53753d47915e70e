/* dt-call-report.c: what the backend reports on a call, checked against its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-call-error.h"
#include "dt-call-private.h"

/* Reports come from the network, late or twice at times: one that does not fit
 * the state is dropped with a trace. Each report starts with it and the instance check. */
#define RETURN_UNLESS_FITS(fits, report)                                   \
  G_STMT_START {                                                           \
    g_return_if_fail (DT_IS_CALL (self));                                  \
    if (!(fits))                                                           \
      {                                                                    \
        g_debug ("Call %s: ignoring %s in state %s", self->correlation_id, \
                 report, dt_call_state_to_string (self->state));           \
        return;                                                            \
      }                                                                    \
  } G_STMT_END

#define IS_LIVE (self->phase != DT_CALL_STATE_DISCONNECTED)

/* held, resumed and remote-held: a flag, the state derived from it, a signal */
static void
report_hold (DtCall   *self,
             gboolean  remote,
             gboolean  held)
{
  RETURN_UNLESS_FITS (self->connected && (remote ? self->remote_held : self->held) != !!held,
                      remote ? "a remote hold change" : "a hold change");

  g_object_freeze_notify (G_OBJECT (self));
  if (!remote)
    self->invite_pending = FALSE;
  dt_call_update_flag (self, remote ? &self->remote_held : &self->held, held,
                       remote ? PROP_REMOTE_HELD : PROP_HELD);
  dt_call_update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  if (remote)
    g_signal_emit (self, dt_call_signals[REMOTE_HELD], 0, self->remote_held);
  else
    g_signal_emit (self, dt_call_signals[held ? HELD : RESUMED], 0);
}

void
dt_call_report_id (DtCall     *self,
                   const char *sip_call_id)
{
  g_return_if_fail (DT_IS_CALL (self));

  dt_call_update_string (self, &self->id, sip_call_id, PROP_ID);
}

void
dt_call_report_caller_id (DtCall     *self,
                          const char *uri,
                          const char *name)
{
  RETURN_UNLESS_FITS (IS_LIVE, "a caller id");

  if (uri != NULL)
    dt_call_update_string (self, &self->remote_uri, uri, PROP_REMOTE_URI);
  if (name != NULL && !self->manual_info)
    dt_call_update_string (self, &self->remote_name, name, PROP_REMOTE_NAME);

  g_signal_emit (self, dt_call_signals[CALLER_ID], 0, self->remote_uri, self->remote_name);
}

void
dt_call_report_progress (DtCall   *self,
                         gboolean  early_media)
{
  RETURN_UNLESS_FITS (self->phase == DT_CALL_STATE_DIALING ||
                      self->phase == DT_CALL_STATE_PROGRESS, "progress");

  self->phase = DT_CALL_STATE_PROGRESS;
  dt_call_update_state (self);
  dt_call_update_flag (self, &self->early_media, early_media, PROP_EARLY_MEDIA);

  g_signal_emit (self, dt_call_signals[PROGRESS], 0);
}

void
dt_call_report_connected (DtCall *self)
{
  RETURN_UNLESS_FITS (!self->connected && IS_LIVE, "connected");

  g_object_freeze_notify (G_OBJECT (self));
  self->invite_pending = FALSE;
  self->phase = DT_CALL_STATE_CONNECTED;
  self->start_time = g_get_real_time ();
  NOTIFY (self, PROP_START_TIME);
  dt_call_update_flag (self, &self->connected, TRUE, PROP_CONNECTED);
  /* Early media is the media before the answer */
  dt_call_update_flag (self, &self->early_media, FALSE, PROP_EARLY_MEDIA);
  dt_call_update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, dt_call_signals[CONNECT], 0);
}

void
dt_call_report_established (DtCall *self)
{
  RETURN_UNLESS_FITS (self->phase == DT_CALL_STATE_CONNECTED, "established");

  self->phase = DT_CALL_STATE_ESTABLISHED;
  dt_call_update_state (self);

  g_signal_emit (self, dt_call_signals[ESTABLISHED], 0);
}

void
dt_call_report_remote_media (DtCall *self)
{
  RETURN_UNLESS_FITS (IS_LIVE, "remote media");

  g_signal_emit (self, dt_call_signals[REMOTE_MEDIA], 0);
}

void
dt_call_report_held (DtCall *self)
{
  report_hold (self, FALSE, TRUE);
}

void
dt_call_report_resumed (DtCall *self)
{
  report_hold (self, FALSE, FALSE);
}

void
dt_call_report_remote_held (DtCall   *self,
                            gboolean  held)
{
  report_hold (self, TRUE, held);
}

void
dt_call_report_media_info (DtCall     *self,
                           const char *codec,
                           gboolean    secure)
{
  RETURN_UNLESS_FITS (IS_LIVE, "media info");

  dt_call_update_string (self, &self->codec, codec, PROP_CODEC);
  dt_call_update_flag (self, &self->secure, secure, PROP_SECURE);
}

void
dt_call_report_dtmf (DtCall *self,
                     char    digit)
{
  const char text[] = { digit, '\0' };

  RETURN_UNLESS_FITS (self->connected && digit != '\0' && strchr (DTMF_DIGITS, digit),
                      "a dial tone");

  g_signal_emit (self, dt_call_signals[DTMF_RECEIVED], 0, text);
}

void
dt_call_report_transfer_requested (DtCall     *self,
                                   const char *target)
{
  RETURN_UNLESS_FITS (self->connected && dt_is_valid_target (target), "a transfer request");

  dt_call_update_string (self, &self->transfer_target, target, PROP_TRANSFER_TARGET);

  g_signal_emit (self, dt_call_signals[TRANSFER_REQUESTED], 0, target);
}

void
dt_call_report_transfer_progress (DtCall *self,
                                  guint   sip_status)
{
  RETURN_UNLESS_FITS (IS_LIVE, "transfer progress");

  g_signal_emit (self, dt_call_signals[TRANSFER_PROGRESS], 0, sip_status);
}

void
dt_call_report_error (DtCall          *self,
                      DtCallErrorKind  kind,
                      const GError    *error)
{
  RETURN_UNLESS_FITS (IS_LIVE, "an error");

  /* What failed is no longer on its way: an answer, hold or resume, or a
   * transfer request (one the user did not answer in time) */
  if (kind == DT_CALL_ERROR_KIND_TRANSFER)
    dt_call_update_string (self, &self->transfer_target, NULL, PROP_TRANSFER_TARGET);
  else if (kind != DT_CALL_ERROR_KIND_MEDIA && kind != DT_CALL_ERROR_KIND_DTMF)
    self->invite_pending = FALSE;

  g_signal_emit (self, dt_call_signals[ERROR], 0, kind, error);
}

void
dt_call_report_disconnected (DtCall     *self,
                             const char *reason)
{
  g_autoptr(DtCall) hold = NULL;

  RETURN_UNLESS_FITS (IS_LIVE, "a disconnection");

  /* Leaving the line drops what may be the last reference */
  hold = g_object_ref (self);

  g_object_freeze_notify (G_OBJECT (self));
  self->phase = DT_CALL_STATE_DISCONNECTED;
  dt_call_update_flag (self, &self->connected, FALSE, PROP_CONNECTED);
  dt_call_update_state (self);
  dt_call_update_string (self, &self->disconnect_reason, reason, PROP_DISCONNECT_REASON);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, dt_call_signals[DISCONNECT], 0, reason);

  if (self->line != NULL)
    dt_line_remove_call (self->line, self);
}
