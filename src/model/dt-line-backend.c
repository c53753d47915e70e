/* dt-line-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-line-backend.h"

G_DEFINE_INTERFACE (DtLineBackend, dt_line_backend, G_TYPE_OBJECT)

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
dt_line_backend_default_init (DtLineBackendInterface *iface)
{
}

gboolean
dt_line_backend_register_line (DtLineBackend  *self,
                               GError        **error)
{
  DtLineBackendInterface *iface;

  g_return_val_if_fail (DT_IS_LINE_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_LINE_BACKEND_GET_IFACE (self);
  if (iface->register_line == NULL)
    return not_supported (error, _("Registering this line is not supported."));

  return iface->register_line (self, error);
}

gboolean
dt_line_backend_unregister_line (DtLineBackend  *self,
                                 GError        **error)
{
  DtLineBackendInterface *iface;

  g_return_val_if_fail (DT_IS_LINE_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_LINE_BACKEND_GET_IFACE (self);
  if (iface->unregister_line == NULL)
    return not_supported (error, _("Unregistering this line is not supported."));

  return iface->unregister_line (self, error);
}

DtCallBackend *
dt_line_backend_create_call (DtLineBackend  *self,
                             DtCall         *call,
                             const char     *target,
                             GError        **error)
{
  DtLineBackendInterface *iface;

  g_return_val_if_fail (DT_IS_LINE_BACKEND (self), NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = DT_LINE_BACKEND_GET_IFACE (self);
  if (iface->create_call == NULL)
    {
      not_supported (error, _("Placing calls is not supported on this line."));
      return NULL;
    }

  return iface->create_call (self, call, target, error);
}
