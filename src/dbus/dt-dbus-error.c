/* dt-dbus-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-dbus-error.h"

void
dt_dbus_error_register (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      /* Built from dt_call_error_to_name() so the model keeps the one table of
       * names; the entries live as long as the process, as GDBus requires */
      static GDBusErrorEntry entries[DT_CALL_ERROR_FAILED + 1];
      static gsize quark;

      for (int code = 0; code <= DT_CALL_ERROR_FAILED; code++)
        {
          entries[code].error_code = code;
          entries[code].dbus_error_name =
            g_strconcat (DT_DBUS_ERROR_PREFIX, dt_call_error_to_name (code), NULL);
        }

      g_dbus_error_register_error_domain (g_quark_to_string (DT_CALL_ERROR), &quark,
                                          entries, G_N_ELEMENTS (entries));
      g_warn_if_fail (quark == DT_CALL_ERROR);

      g_once_init_leave (&registered, 1);
    }
}

void
dt_dbus_return_error (GDBusMethodInvocation *invocation,
                      const GError          *error)
{
  g_return_if_fail (G_IS_DBUS_METHOD_INVOCATION (invocation));
  g_return_if_fail (error != NULL);

  dt_dbus_error_register ();

  if (error->domain == DT_CALL_ERROR && error->code >= 0 && error->code <= DT_CALL_ERROR_FAILED)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_error_literal (invocation, DT_CALL_ERROR,
                                                   DT_CALL_ERROR_FAILED, error->message);
}

gboolean
dt_dbus_reply (GDBusMethodInvocation *invocation,
               gboolean               ok,
               const GError          *error)
{
  if (ok)
    g_dbus_method_invocation_return_value (invocation, NULL);
  else
    dt_dbus_return_error (invocation, error);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}
