/* dt-call-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-backend.h"
#include "dt-call-error.h"

G_DEFINE_INTERFACE (DtCallBackend, dt_call_backend, G_TYPE_OBJECT)

/* A backend may leave out what its protocol cannot do; the caller then gets
 * an error it can show instead of a crash. */
static gboolean
not_supported (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED, message);
  return FALSE;
}

static void
dt_call_backend_default_init (DtCallBackendInterface *iface)
{
}

gboolean
dt_call_backend_start (DtCallBackend  *self,
                       GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->start == NULL)
    return not_supported (error, _("Placing calls is not supported."));

  return iface->start (self, error);
}

gboolean
dt_call_backend_answer (DtCallBackend  *self,
                        GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->answer == NULL)
    return not_supported (error, _("Answering calls is not supported."));

  return iface->answer (self, error);
}

gboolean
dt_call_backend_reject (DtCallBackend  *self,
                        gboolean        busy,
                        GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->reject == NULL)
    return not_supported (error, _("Rejecting calls is not supported."));

  return iface->reject (self, busy, error);
}

gboolean
dt_call_backend_end (DtCallBackend  *self,
                     GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->end == NULL)
    return not_supported (error, _("Hanging up is not supported."));

  return iface->end (self, error);
}

gboolean
dt_call_backend_send_dtmf (DtCallBackend  *self,
                           const char     *digits,
                           GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->send_dtmf == NULL)
    return not_supported (error, _("Sending dial tones is not supported."));

  return iface->send_dtmf (self, digits, error);
}

gboolean
dt_call_backend_hold (DtCallBackend  *self,
                      GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->hold == NULL)
    return not_supported (error, _("Putting calls on hold is not supported."));

  return iface->hold (self, error);
}

gboolean
dt_call_backend_resume (DtCallBackend  *self,
                        GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->resume == NULL)
    return not_supported (error, _("Resuming calls is not supported."));

  return iface->resume (self, error);
}

gboolean
dt_call_backend_blind_transfer (DtCallBackend  *self,
                                const char     *target,
                                GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->blind_transfer == NULL)
    return not_supported (error, _("Transferring calls is not supported."));

  return iface->blind_transfer (self, target, error);
}

gboolean
dt_call_backend_attended_transfer (DtCallBackend  *self,
                                   DtCallBackend  *consultation,
                                   GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (DT_IS_CALL_BACKEND (consultation), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->attended_transfer == NULL)
    return not_supported (error, _("Transferring calls is not supported."));

  return iface->attended_transfer (self, consultation, error);
}

gboolean
dt_call_backend_accept_transfer (DtCallBackend  *self,
                                 GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->accept_transfer == NULL)
    return not_supported (error, _("Accepting transfer requests is not supported."));

  return iface->accept_transfer (self, error);
}

gboolean
dt_call_backend_refuse_transfer (DtCallBackend  *self,
                                 GError        **error)
{
  DtCallBackendInterface *iface;

  g_return_val_if_fail (DT_IS_CALL_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_CALL_BACKEND_GET_IFACE (self);
  if (iface->refuse_transfer == NULL)
    return not_supported (error, _("Refusing transfer requests is not supported."));

  return iface->refuse_transfer (self, error);
}
