/* dt-application-sip.c: the SIP stack of the application, from start to a clean quit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-application"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>

#include "dt-application-private.h"
#include "dt-sip-line.h"

/* How long quitting waits for sofia to end calls and unregister */
#define SIP_SHUTDOWN_TIMEOUT_MS 5000

/* Used only when the SIP stack could not start: the line is still shown,
 * failed with the reason, and its calls fail with the model's clear error. */
static DtLine *
create_unavailable_direct_line (const char *reason)
{
  g_autofree char *user = g_uri_escape_string (g_get_user_name (),
                                               G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS,
                                               FALSE);
  g_autofree char *uri = g_strdup_printf ("sip:%s@127.0.0.1", user);
  DtLine *line = dt_line_new ("direct", uri, TRUE, NULL);

  dt_line_report_registration_failed (line, 0, reason);

  return line;
}

static void
sip_shutdown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DtApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_sip_stack_shutdown_finish (DT_SIP_STACK (object), result, &error))
    g_warning ("SIP did not shut down cleanly: %s", error->message);

  g_clear_object (&self->sip_stack);
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

void
dt_application_quit_cleanly (DtApplication *self)
{
  if (self->quitting)
    return;

  self->quitting = TRUE;
  g_cancellable_cancel (self->cancellable);

  if (self->manager != NULL)
    dt_call_manager_end_all (self->manager);

  if (self->sip_stack != NULL)
    {
      dt_sip_stack_shutdown_async (self->sip_stack, SIP_SHUTDOWN_TIMEOUT_MS, NULL,
                                   sip_shutdown_cb, g_object_ref (self));
      return;
    }

  g_application_quit (G_APPLICATION (self));
}

static void
dial_pending_targets (DtApplication *self)
{
  g_autoptr(GPtrArray) targets = g_steal_pointer (&self->pending_targets);

  for (guint i = 0; targets != NULL && i < targets->len; i++)
    dt_application_dial (self, g_ptr_array_index (targets, i), NULL);
}

static void
sip_stack_ready_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DtApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtLine) direct_line = NULL;
  DtSipStack *stack;

  stack = dt_sip_stack_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->quitting)
    {
      g_clear_object (&stack);
      return;
    }

  self->sip_starting = FALSE;

  if (stack == NULL)
    {
      g_warning ("Direct calls are not available: %s", error->message);
      direct_line = create_unavailable_direct_line (error->message);
    }
  else
    {
      self->sip_stack = stack;
      /* Released once the stack has shut down (quit_cleanly) */
      g_application_hold (G_APPLICATION (self));
      direct_line = dt_sip_line_create_direct_line (stack, "direct");
      g_message ("Direct line listening at %s", dt_sip_stack_get_contact_uri (stack));
    }

  dt_call_manager_add_line (self->manager, direct_line);
  dt_account_controller_start (self->accounts, stack, stack == NULL ? error->message : NULL);
  dt_application_show_load_error (self);
  dial_pending_targets (self);
}

void
dt_application_start_sip (DtApplication *self)
{
  g_autofree char *address = NULL;

  if (self->settings != NULL)
    address = g_settings_get_string (self->settings, "sip-address");

  /* Listening on every address needs a Via and Contact chosen per
   * destination, which the stack does not do yet; until then it is the
   * address of the default route, kept until Dialtone restarts */
  if (address == NULL || *address == '\0')
    {
      g_free (address);
      address = dt_sip_stack_default_address ();
    }

  self->sip_starting = TRUE;
  dt_sip_stack_new_async (address, dt_application_get_sip_port (self), self->cancellable,
                          sip_stack_ready_cb, g_object_ref (self));
}

/* Kept installed: a second signal while quitting must not kill the process
 * before the calls are ended; shutdown or dbus_unregister removes it. */
static gboolean
on_quit_signal (gpointer user_data)
{
  dt_application_quit_cleanly (DT_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

void
dt_application_watch_quit_signals (DtApplication *self)
{
  if (self->sigterm_source == 0)
    self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  if (self->sigint_source == 0)
    self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);
}

void
dt_application_unwatch_quit_signals (DtApplication *self)
{
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
}
