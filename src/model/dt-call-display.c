/* dt-call-display.c: how a call is named and described to the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-call-display.h"

/* People write addresses without the scheme; the dial pad takes them so */
static char *
strip_scheme (const char *uri)
{
  const char *scheme_end;

  if (uri == NULL || *uri == '\0')
    return g_strdup ("");

  scheme_end = strchr (uri, ':');
  if (scheme_end != NULL &&
      (g_str_has_prefix (uri, "sip:") || g_str_has_prefix (uri, "sips:") || g_str_has_prefix (uri, "tel:")))
    return g_strdup (scheme_end + 1);

  return g_strdup (uri);
}

char *
dt_call_display_title_for (const char *name,
                           const char *uri)
{
  g_autofree char *address = NULL;

  if (name != NULL && *name != '\0')
    return g_strdup (name);

  address = strip_scheme (uri);
  if (*address == '\0')
    return g_strdup (_("Unknown caller"));

  return g_steal_pointer (&address);
}

char *
dt_call_display_address_for (const char *name,
                             const char *uri)
{
  if (name == NULL || *name == '\0')
    return NULL;

  return strip_scheme (uri);
}

char *
dt_call_display_dup_title (DtCall *call)
{
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  return dt_call_display_title_for (dt_call_get_remote_name (call), dt_call_get_remote_uri (call));
}

char *
dt_call_display_dup_address (DtCall *call)
{
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  return dt_call_display_address_for (dt_call_get_remote_name (call), dt_call_get_remote_uri (call));
}

char *
dt_call_display_format_duration (gint64 duration_us)
{
  gint64 seconds = MAX (duration_us, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

gboolean
dt_call_display_is_timed (DtCall *call)
{
  DtCallState state;

  g_return_val_if_fail (DT_IS_CALL (call), FALSE);

  state = dt_call_get_state (call);

  return dt_call_get_start_time (call) > 0 &&
         (state == DT_CALL_STATE_CONNECTED || state == DT_CALL_STATE_ESTABLISHED);
}

char *
dt_call_display_dup_status (DtCall *call,
                            gint64  now_us)
{
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  if (dt_call_display_is_timed (call))
    return dt_call_display_format_duration (now_us - dt_call_get_start_time (call));

  switch (dt_call_get_state (call))
    {
    case DT_CALL_STATE_DIALING:
      return g_strdup (_("Calling…"));

    case DT_CALL_STATE_PROGRESS:
      return g_strdup (_("Ringing…"));

    case DT_CALL_STATE_RINGING:
      return g_strdup (_("Incoming call"));

    case DT_CALL_STATE_HELD:
      return g_strdup (_("On hold"));

    case DT_CALL_STATE_REMOTE_HELD:
      return g_strdup (_("Held by the other party"));

    case DT_CALL_STATE_DISCONNECTED:
      return g_strdup (_("Call ended"));

    case DT_CALL_STATE_CONNECTED:
    case DT_CALL_STATE_ESTABLISHED:
    default:
      return g_strdup (_("Connecting…"));
    }
}

char *
dt_call_display_dup_failure (DtCall     *call,
                             const char *reason)
{
  g_autofree char *title = NULL;
  guint64 status;
  const char *phrase;

  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  if (dt_call_get_direction (call) != DT_CALL_DIRECTION_OUTBOUND ||
      dt_call_get_start_time (call) != 0 || reason == NULL ||
      !g_ascii_isdigit (reason[0]))
    return NULL;

  status = g_ascii_strtoull (reason, (char **) &phrase, 10);
  if (status < 300)
    return NULL;
  while (*phrase == ' ')
    phrase++;

  title = dt_call_display_dup_title (call);

  switch (status)
    {
    case 486:
    case 600:
      /* Translators: %s is who was called, a name or an address */
      return g_strdup_printf (_("%s is busy."), title);

    case 603:
      return g_strdup_printf (_("%s declined the call."), title);

    case 404:
    case 604:
      return g_strdup_printf (_("%s could not be found."), title);

    case 408:
    case 480:
      return g_strdup_printf (_("%s is not available right now."), title);

    default:
      /* Translators: %s is who was called; %s the reason the network
       * gave, e.g. "Service Unavailable" */
      return g_strdup_printf (_("The call to %s did not go through: %s."), title,
                              *phrase != '\0' ? phrase : reason);
    }
}

char *
dt_call_display_dup_transfer_request (DtCall *call)
{
  const char *target;
  g_autofree char *address = NULL;

  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  target = dt_call_get_transfer_target (call);
  if (target == NULL || *target == '\0')
    return NULL;

  address = strip_scheme (target);
  /* Translators: %s is a number or address, e.g. "carol@example.org" */
  return g_strdup_printf (_("The other party asks to transfer you to %s."), address);
}
