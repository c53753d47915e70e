/* dt-line-calls.c: the calls placed and taken on a line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-line-private.h"

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

static void
add_call (DtLine *self,
          DtCall *call)
{
  g_list_store_append (self->calls, call);
  dt_line_notify (self, PROP_N_CALLS);

  if (self->manager != NULL)
    dt_call_manager_track_call (self->manager, call);
}

/* Runs once the previously active call is held (or at once) */
static void
start_call (DtCall *call)
{
  DtLine *self = dt_call_get_line (call);
  g_autoptr(GError) error = NULL;

  if (dt_call_backend_start (dt_call_get_backend (call), &error))
    return;

  dt_call_report_error (call, DT_CALL_ERROR_KIND_CALL, error);
  if (self != NULL && self->starting == call && *self->start_error == NULL)
    g_propagate_error (self->start_error, g_steal_pointer (&error));
  dt_call_report_disconnected (call, "failed");
}

DtCall *
dt_line_dial (DtLine      *self,
              const char  *target,
              GError     **error)
{
  g_autoptr(DtCall) call = NULL;
  g_autoptr(DtCallBackend) backend = NULL;
  DtCall *outer_starting;
  GError **outer_error;
  GError *start_error = NULL;

  g_return_val_if_fail (DT_IS_LINE (self), NULL);

  if (!dt_check (!is_blank (target), DT_CALL_ERROR_INVALID_URI,
                 _("Enter a number or an address to call."), error) ||
      !dt_check (self->backend != NULL, DT_CALL_ERROR_FAILED,
                 _("Calling is not available on this line."), error) ||
      !dt_check (dt_line_get_usable (self), DT_CALL_ERROR_NOT_REGISTERED,
                 _("This account is not registered, so it cannot make calls yet."),
                 error) ||
      (self->manager != NULL && !dt_call_manager_check_capacity (self->manager, error)))
    return NULL;

  call = dt_call_new (self, DT_CALL_DIRECTION_OUTBOUND, target, NULL);
  backend = dt_line_backend_create_call (self->backend, call, target, error);
  if (backend == NULL)
    return NULL;

  dt_call_set_backend (call, backend);
  add_call (self, call);

  outer_starting = self->starting;
  outer_error = self->start_error;
  self->starting = call;
  self->start_error = &start_error;
  if (self->manager != NULL)
    dt_call_manager_hold_active_then (self->manager, call, start_call);
  else
    start_call (call);
  self->starting = outer_starting;
  self->start_error = outer_error;

  /* Once disconnected the line no longer owns the call */
  if (dt_call_get_state (call) == DT_CALL_STATE_DISCONNECTED)
    {
      if (start_error == NULL)
        g_set_error_literal (&start_error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                             _("The call ended before it could start."));
      g_propagate_error (error, start_error);
      return NULL;
    }

  return call;
}

GListModel *
dt_line_get_calls (DtLine *self)
{
  g_return_val_if_fail (DT_IS_LINE (self), NULL);

  return G_LIST_MODEL (self->calls);
}

void
dt_line_remove_call (DtLine *self,
                     DtCall *call)
{
  g_autoptr(DtCall) hold = NULL;
  guint position;

  g_return_if_fail (DT_IS_LINE (self));
  g_return_if_fail (DT_IS_CALL (call));

  if (!g_list_store_find (self->calls, call, &position))
    return;

  hold = g_object_ref (call);
  g_list_store_remove (self->calls, position);
  dt_line_notify (self, PROP_N_CALLS);

  if (self->manager != NULL)
    dt_call_manager_untrack_call (self->manager, call);
}

DtCall *
dt_line_find_consultation (DtLine *self,
                           DtCall *original)
{
  g_return_val_if_fail (DT_IS_LINE (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->calls)); i++)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);

      if (dt_call_get_consultation_for (call) == original &&
          dt_call_get_state (call) != DT_CALL_STATE_DISCONNECTED)
        return call;
    }

  return NULL;
}

DtCall *
dt_line_add_incoming_call (DtLine         *self,
                           DtCallBackend  *backend,
                           const char     *remote_uri,
                           const char     *remote_name,
                           GError        **error)
{
  g_autoptr(DtCall) call = NULL;

  g_return_val_if_fail (DT_IS_LINE (self), NULL);
  g_return_val_if_fail (backend == NULL || DT_IS_CALL_BACKEND (backend), NULL);

  if (self->manager != NULL && !dt_call_manager_check_capacity (self->manager, error))
    return NULL;

  call = dt_call_new (self, DT_CALL_DIRECTION_INBOUND, remote_uri, remote_name);
  dt_call_set_backend (call, backend);
  add_call (self, call);

  /* A handler of incoming-call may have rejected it already, and once
   * disconnected the line no longer owns it */
  if (!dt_check (dt_call_get_state (call) != DT_CALL_STATE_DISCONNECTED,
                 DT_CALL_ERROR_FAILED, _("The call ended before it could ring."), error))
    return NULL;

  return call;
}

DtCall *
dt_line_add_replacing_call (DtLine         *self,
                            DtCallBackend  *backend,
                            DtCall         *replaced,
                            const char     *remote_uri,
                            const char     *remote_name,
                            GError        **error)
{
  g_autoptr(DtCall) call = NULL;

  g_return_val_if_fail (DT_IS_LINE (self), NULL);
  g_return_val_if_fail (backend == NULL || DT_IS_CALL_BACKEND (backend), NULL);
  g_return_val_if_fail (DT_IS_CALL (replaced), NULL);

  /* It replaces a call, so it never exceeds max-calls */
  if (!dt_check (dt_call_get_line (replaced) == self && dt_call_get_connected (replaced),
                 DT_CALL_ERROR_INVALID_STATE,
                 _("Only an answered call can be replaced."), error))
    return NULL;

  call = dt_call_new (self, DT_CALL_DIRECTION_INBOUND, remote_uri, remote_name);
  dt_call_set_backend (call, backend);
  /* Connected before the manager sees it: no ringing, no incoming-call */
  dt_call_report_connected (call);
  add_call (self, call);

  return call;
}
