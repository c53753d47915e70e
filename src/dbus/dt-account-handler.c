/* dt-account-handler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-account-handler.h"
#include "dt-call-error.h"

G_DEFINE_INTERFACE (DtAccountHandler, dt_account_handler, G_TYPE_OBJECT)

G_GNUC_PRINTF (2, 3)
static gboolean
set_error (GError     **error,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                                                format, args));
  va_end (args);

  return FALSE;
}

static gboolean
check_account_setting (const char  *key,
                       GVariant    *value,
                       GError     **error)
{
  static const char * const text_keys[] = {
    "uri", "password", "auth-user", "display-name", "proxy", "transport", "srtp", NULL
  };
  static const char * const transports[] = { "udp", "tcp", "tls", NULL };
  static const char * const srtp_modes[] = { "off", "optional", "mandatory", NULL };
  const char *type = NULL;

  if (g_strv_contains (text_keys, key))
    type = "s";
  else if (g_str_equal (key, "register"))
    type = "b";
  else if (g_str_equal (key, "retry-limit") || g_str_equal (key, "expires"))
    type = "u";

  if (type == NULL)
    /* Translators: %s is the key a script gave, e.g. "usr" */
    return set_error (error, _("“%s” is not an account setting."), key);

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE (type)))
    {
      if (type[0] == 's')
        /* Translators: %s is an account setting such as "display-name" */
        return set_error (error, _("The account setting “%s” must be text."), key);
      if (type[0] == 'b')
        /* Translators: %s is an account setting such as "register" */
        return set_error (error, _("The account setting “%s” must be true or false."), key);
      /* Translators: %s is an account setting such as "retry-limit" */
      return set_error (error, _("The account setting “%s” must be a whole number."), key);
    }

  if (g_str_equal (key, "transport") &&
      !g_strv_contains (transports, g_variant_get_string (value, NULL)))
    return set_error (error, "%s", _("The transport must be udp, tcp or tls."));
  if (g_str_equal (key, "srtp") &&
      !g_strv_contains (srtp_modes, g_variant_get_string (value, NULL)))
    return set_error (error, "%s", _("SRTP must be off, optional or mandatory."));

  return TRUE;
}

static void
dt_account_handler_default_init (DtAccountHandlerInterface *iface)
{
}

void
dt_account_handler_add_account (DtAccountHandler    *self,
                                GVariant            *settings,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DT_IS_ACCOUNT_HANDLER (self));
  g_return_if_fail (settings != NULL && g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT));

  DT_ACCOUNT_HANDLER_GET_IFACE (self)->add_account (self, settings, cancellable, callback, user_data);
}

DtLine *
dt_account_handler_add_account_finish (DtAccountHandler  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_HANDLER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return DT_ACCOUNT_HANDLER_GET_IFACE (self)->add_account_finish (self, result, error);
}

void
dt_account_handler_remove_account (DtAccountHandler    *self,
                                   DtLine              *line,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DT_IS_ACCOUNT_HANDLER (self));
  g_return_if_fail (DT_IS_LINE (line));

  DT_ACCOUNT_HANDLER_GET_IFACE (self)->remove_account (self, line, cancellable, callback, user_data);
}

gboolean
dt_account_handler_remove_account_finish (DtAccountHandler  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (DT_IS_ACCOUNT_HANDLER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return DT_ACCOUNT_HANDLER_GET_IFACE (self)->remove_account_finish (self, result, error);
}

gboolean
dt_account_handler_check_settings (GVariant  *settings,
                                   GError   **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;
  const char *uri = NULL;
  const char *scheme;

  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT), FALSE);

  g_variant_iter_init (&iter, settings);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (!check_account_setting (key, value, error))
        {
          g_variant_unref (value);
          return FALSE;
        }
    }

  g_variant_lookup (settings, "uri", "&s", &uri);
  scheme = uri != NULL ? g_uri_peek_scheme (uri) : NULL;
  if (scheme == NULL || !(g_str_equal (scheme, "sip") || g_str_equal (scheme, "sips")))
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI,
                           _("An account needs its SIP address, such as sip:alice@example.org."));
      return FALSE;
    }

  return TRUE;
}
