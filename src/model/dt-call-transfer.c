/* dt-call-transfer.c: transfers: ours of the peer, and the peer's request for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-call-private.h"

static gboolean
answer_transfer_request (DtCall    *self,
                         gboolean   accept,
                         GError   **error)
{
  if (!dt_call_can_request (self, LIVE, _("The call has already ended."), error) ||
      !dt_check (self->transfer_target != NULL, DT_CALL_ERROR_INVALID_STATE,
                 _("The other party has not asked to transfer this call."), error) ||
      !(accept ? dt_call_backend_accept_transfer (self->backend, error)
               : dt_call_backend_refuse_transfer (self->backend, error)))
    return FALSE;

  dt_call_update_string (self, &self->transfer_target, NULL, PROP_TRANSFER_TARGET);

  return TRUE;
}

gboolean
dt_call_blind_transfer (DtCall      *self,
                        const char  *target,
                        GError     **error)
{
  return dt_call_can_request (self, ANSWERED, _("Only an answered call can be transferred."),
                              error) &&
         dt_check (dt_is_valid_target (target), DT_CALL_ERROR_INVALID_URI,
                   _("The transfer target is not a valid address."), error) &&
         dt_call_backend_blind_transfer (self->backend, target, error);
}

gboolean
dt_call_attended_transfer (DtCall  *self,
                           DtCall  *consultation,
                           GError **error)
{
  g_return_val_if_fail (consultation == NULL || DT_IS_CALL (consultation), FALSE);

  return dt_call_can_request (self, ANSWERED, _("Only an answered call can be transferred."),
                              error) &&
         dt_check (consultation != NULL && consultation != self,
                   DT_CALL_ERROR_INVALID_ARGUMENT,
                   _("A call can only be transferred to another call."), error) &&
         dt_call_can_request (consultation, ANSWERED,
                              _("A call can only be transferred to an answered call."), error) &&
         dt_call_backend_attended_transfer (self->backend, consultation->backend, error);
}

DtCall *
dt_call_start_consultation (DtCall      *self,
                            const char  *target,
                            GError     **error)
{
  DtCall *consultation;

  if (!dt_call_can_request (self, ANSWERED, _("Only an answered call can be transferred."),
                            error) ||
      !dt_check (dt_is_valid_target (target), DT_CALL_ERROR_INVALID_URI,
                 _("The transfer target is not a valid address."), error) ||
      !dt_check (self->line != NULL, DT_CALL_ERROR_FAILED,
                 _("Calling is not available on this line."), error))
    return NULL;

  /* Dialing holds the active call first: this one, unless already held */
  consultation = dt_line_dial (self->line, target, error);
  if (consultation != NULL)
    dt_call_set_consultation_for (consultation, self);

  return consultation;
}

gboolean
dt_call_complete_transfer (DtCall  *self,
                           GError **error)
{
  DtCall *consultation;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  /* start_consultation() dials on this call's own line */
  consultation = self->line != NULL ? dt_line_find_consultation (self->line, self) : NULL;

  return dt_check (consultation != NULL, DT_CALL_ERROR_INVALID_STATE,
                   _("There is no consultation call to complete the transfer with."),
                   error) &&
         dt_call_attended_transfer (self, consultation, error);
}

gboolean
dt_call_accept_transfer (DtCall  *self,
                         GError **error)
{
  return answer_transfer_request (self, TRUE, error);
}

gboolean
dt_call_refuse_transfer (DtCall  *self,
                         GError **error)
{
  return answer_transfer_request (self, FALSE, error);
}
