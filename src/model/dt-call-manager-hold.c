/* dt-call-manager-hold.c: one active call: the others are held first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call-error.h"
#include "dt-call-manager-private.h"

/* A call waiting for @active to be held before it may go ahead */
typedef struct
{
  DtCall          *call;
  DtCall          *active;
  DtAfterHoldFunc  func;
  gulong           handlers[3];
} HoldWait;

/* A hold refused at once is reported like one the network refused; one
 * already on its way is not sent twice (DtCall sees to that) */
static void
request_hold (DtCall *call)
{
  g_autoptr(GError) error = NULL;

  if (!dt_call_hold (call, &error))
    dt_call_report_error (call, DT_CALL_ERROR_KIND_HOLD, error);
}

void
dt_call_manager_hold_others (DtCallManager *self,
                             DtCall        *call)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items (self->calls); i++)
    {
      DtCall *other = item_at (self->calls, i);

      if (other != call && dt_call_is_active (other))
        g_ptr_array_add (others, g_object_ref (other));
    }

  for (guint i = 0; i < others->len; i++)
    request_hold (g_ptr_array_index (others, i));
}

void
dt_call_manager_hold_wait_free (gpointer data)
{
  HoldWait *wait = data;

  for (guint i = 0; i < G_N_ELEMENTS (wait->handlers); i++)
    g_clear_signal_handler (&wait->handlers[i], wait->active);
  g_clear_object (&wait->call);
  g_clear_object (&wait->active);
  g_free (wait);
}

/* @active's hold is settled (held, refused or the call ended): every call
 * that waited for it goes ahead, unless it ended meanwhile */
static void
settle_waits (DtCallManager *self,
              DtCall        *active)
{
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func (dt_call_manager_hold_wait_free);

  for (guint i = 0; i < self->waits->len;)
    {
      HoldWait *wait = g_ptr_array_index (self->waits, i);

      if (wait->active != active)
        {
          i++;
          continue;
        }

      /* Settled once: no later signal of @active may run it again */
      for (guint j = 0; j < G_N_ELEMENTS (wait->handlers); j++)
        g_clear_signal_handler (&wait->handlers[j], wait->active);
      g_ptr_array_add (ready, g_ptr_array_steal_index (self->waits, i));
    }

  for (guint i = 0; i < ready->len; i++)
    {
      HoldWait *wait = g_ptr_array_index (ready, i);

      if (dt_call_get_state (wait->call) != DT_CALL_STATE_DISCONNECTED)
        wait->func (wait->call);
    }
}

static void
on_active_held (DtCallManager *self,
                DtCall        *active)
{
  settle_waits (self, active);
}

static void
on_active_error (DtCallManager   *self,
                 DtCallErrorKind  kind,
                 GError          *error,
                 DtCall          *active)
{
  if (kind == DT_CALL_ERROR_KIND_HOLD)
    settle_waits (self, active);
}

static void
on_active_disconnect (DtCallManager *self,
                      const char    *reason,
                      DtCall        *active)
{
  settle_waits (self, active);
}

void
dt_call_manager_hold_active_then (DtCallManager   *self,
                                  DtCall          *call,
                                  DtAfterHoldFunc  func)
{
  DtCall *active;
  HoldWait *wait;

  g_return_if_fail (DT_IS_CALL_MANAGER (self));
  g_return_if_fail (DT_IS_CALL (call));
  g_return_if_fail (func != NULL);

  active = dt_call_manager_find_active_call (self, call);
  if (active == NULL)
    {
      if (dt_call_get_state (call) != DT_CALL_STATE_DISCONNECTED)
        func (call);
      return;
    }

  for (guint i = 0; i < self->waits->len; i++)
    {
      HoldWait *other = g_ptr_array_index (self->waits, i);

      /* Asked twice (a double click on Answer): it goes ahead once */
      if (other->call == call && other->func == func)
        return;
    }

  /* Connected before asking: a backend may report the hold at once */
  wait = g_new0 (HoldWait, 1);
  wait->call = g_object_ref (call);
  wait->active = g_object_ref (active);
  wait->func = func;
  wait->handlers[0] = g_signal_connect_object (active, "held", G_CALLBACK (on_active_held),
                                               self, G_CONNECT_SWAPPED);
  wait->handlers[1] = g_signal_connect_object (active, "error", G_CALLBACK (on_active_error),
                                               self, G_CONNECT_SWAPPED);
  wait->handlers[2] = g_signal_connect_object (active, "disconnect",
                                               G_CALLBACK (on_active_disconnect),
                                               self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->waits, wait);

  request_hold (active);
}

gboolean
dt_call_manager_cancel_wait (DtCallManager *self,
                             DtCall        *call)
{
  gboolean found = FALSE;

  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), FALSE);

  for (guint i = self->waits->len; i > 0; i--)
    {
      HoldWait *wait = g_ptr_array_index (self->waits, i - 1);

      if (wait->call == call)
        {
          g_ptr_array_remove_index (self->waits, i - 1);
          found = TRUE;
        }
    }

  return found;
}
