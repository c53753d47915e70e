/* dt-sip-stack-shutdown.c: ending calls and accounts, then sofia, within a deadline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-sip-stack-private.h"

static void
finish_shutdown (DtSipStack *self,
                 GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->shutdown_task);

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  self->state = STACK_DOWN;

  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What @table holds, with references: acting on one may untrack it */
static GPtrArray *
dup_tracked (GHashTable *table)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer object;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &object, NULL))
    g_ptr_array_add (copy, g_object_ref (object));
  return copy;
}

/* Calls and registrations still tracked once sofia has stopped never hear
 * from it again */
static void
close_calls (DtSipStack *self)
{
  g_autoptr(GPtrArray) calls = dup_tracked (self->calls);
  g_autoptr(GPtrArray) registrations = dup_tracked (self->registrations);

  for (guint i = 0; i < calls->len; i++)
    dt_sip_call_close (g_ptr_array_index (calls, i));
  for (guint i = 0; i < registrations->len; i++)
    dt_sip_registration_close (g_ptr_array_index (registrations, i));
}

void
dt_sip_stack_shutdown_complete (DtSipStack *self)
{
  DtSipAgent *agent;

  close_calls (self);
  agent = g_steal_pointer (&self->agent);

  agent->stack = NULL;
  /* nua_destroy may not run inside sofia's own callback */
  dt_sip_agent_free_later (agent);
  finish_shutdown (self, NULL);
}

static gboolean
on_shutdown_timeout (gpointer data)
{
  DtSipStack *self = data;

  self->shutdown_timeout_id = 0;
  g_debug ("SIP stack shutdown timed out; sofia stays allocated");
  close_calls (self);
  /* The agent now frees itself if nua_r_shutdown still arrives */
  self->agent->stack = NULL;
  self->agent = NULL;
  finish_shutdown (self, g_error_new_literal (DT_SIP_ERROR, DT_SIP_ERROR_TIMED_OUT,
                                              _("The SIP stack did not shut down in time.")));
  return G_SOURCE_REMOVE;
}

void
dt_sip_stack_shutdown_async (DtSipStack          *self,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) registrations = NULL;

  g_return_if_fail (DT_IS_SIP_STACK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_sip_stack_shutdown_async);

  if (self->state != STACK_RUNNING && self->state != STACK_STARTING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A stack still learning its port never finishes starting */
  if (self->init_task != NULL)
    {
      g_autoptr(GTask) init_task = g_steal_pointer (&self->init_task);

      g_task_return_new_error (init_task, DT_SIP_ERROR, DT_SIP_ERROR_FAILED,
                               _("The SIP stack was shut down while it started."));
    }

  self->state = STACK_SHUTTING_DOWN;
  self->shutdown_task = g_steal_pointer (&task);
  self->shutdown_timeout_id = g_timeout_add (timeout_ms, on_shutdown_timeout, self);

  /* Ending a call may untrack it: walk a copy */
  calls = dup_tracked (self->calls);
  for (guint i = 0; i < calls->len; i++)
    dt_sip_call_terminate (g_ptr_array_index (calls, i));

  /* The un-REGISTERs go out first; nua_shutdown then waits for them */
  registrations = dup_tracked (self->registrations);
  for (guint i = 0; i < registrations->len; i++)
    dt_sip_registration_stop (g_ptr_array_index (registrations, i));

  nua_shutdown (self->agent->nua);
}

gboolean
dt_sip_stack_shutdown_finish (DtSipStack    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
