/* dt-account-convert.c: a stored account as a SIP line, AddAccount's
 * settings as an account, and errors under the names of the D-Bus contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-account-convert.h"
#include "dt-call-error.h"
#include "dt-sip-line.h"
#include "dt-store-error.h"

/* The store's and the SIP layer's errors under the names of the D-Bus
 * contract, the sentence kept */
GError *
dt_account_convert_error (const GError *error)
{
  DtCallError code = DT_CALL_ERROR_FAILED;

  if (error->domain == DT_STORE_ERROR)
    {
      switch ((DtStoreError) error->code)
        {
        case DT_STORE_ERROR_KEYRING_UNAVAILABLE: code = DT_CALL_ERROR_KEYRING_UNAVAILABLE; break;
        case DT_STORE_ERROR_INVALID_URI:         code = DT_CALL_ERROR_INVALID_URI; break;
        case DT_STORE_ERROR_INVALID:
        case DT_STORE_ERROR_EXISTS:              code = DT_CALL_ERROR_INVALID_ARGUMENT; break;
        case DT_STORE_ERROR_NOT_FOUND:           code = DT_CALL_ERROR_NO_SUCH_LINE; break;
        case DT_STORE_ERROR_NO_PASSWORD:
        case DT_STORE_ERROR_IO:
        case DT_STORE_ERROR_CORRUPT:
        default:                                 code = DT_CALL_ERROR_FAILED; break;
        }
    }
  else if (g_error_matches (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT))
    {
      code = DT_CALL_ERROR_INVALID_ARGUMENT;
    }
  else if (error->domain == DT_CALL_ERROR)
    {
      code = error->code;
    }

  return g_error_new_literal (DT_CALL_ERROR, code, error->message);
}

/* An account line on the stack; nothing is sent until it registers */
DtLine *
dt_account_convert_to_line (DtSipStack  *stack,
                            DtAccount   *account,
                            const char  *password,
                            GError     **error)
{
  DtSipAccountSettings settings = {
    .aor = dt_account_get_aor (account),
    .auth_user = dt_account_get_auth_user (account),
    .password = password,
    .display_name = dt_account_get_display_name (account),
    .outbound_proxy = dt_account_get_proxy (account),
    .transport = dt_account_transport_to_string (dt_account_get_transport (account)),
    .expires = dt_account_get_expires (account),
    .retry_limit = dt_account_get_retry_limit (account),
    .dtmf_mode = dt_account_dtmf_to_string (dt_account_get_dtmf_mode (account)),
  };
  DtLine *line;

  line = dt_sip_line_create_account_line (stack, dt_account_get_id (account), &settings, error);
  if (line != NULL)
    dt_line_set_srtp (line, dt_account_srtp_to_string (dt_account_get_srtp (account)));

  return line;
}

/* A line that cannot register (yet): shown failed with @reason */
DtLine *
dt_account_convert_to_failed_line (DtSipStack *stack,
                                   DtAccount  *account,
                                   const char *reason)
{
  g_autoptr(GError) error = NULL;
  DtLine *line = NULL;

  if (stack != NULL)
    line = dt_account_convert_to_line (stack, account, NULL, &error);
  if (line == NULL)
    line = dt_line_new (dt_account_get_id (account), dt_account_get_aor (account), FALSE, NULL);

  dt_line_report_registration_failed (line, 0, reason);

  return line;
}

/* The settings of AddAccount as an account with a fresh id; the types were
 * checked by the service */
DtAccount *
dt_account_convert_from_settings (GVariant  *settings,
                                  GError   **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(DtAccount) account = NULL;
  const char *text;
  gboolean enabled;
  guint32 number;

  if (!g_variant_lookup (settings, "uri", "&s", &text))
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI,
                           _("An account needs an address such as sip:alice@example.org."));
      return NULL;
    }

  account = dt_account_new (id, text);
  if (g_variant_lookup (settings, "auth-user", "&s", &text))
    dt_account_set_auth_user (account, text);
  if (g_variant_lookup (settings, "display-name", "&s", &text))
    dt_account_set_display_name (account, text);
  if (g_variant_lookup (settings, "proxy", "&s", &text))
    dt_account_set_proxy (account, text);
  if (g_variant_lookup (settings, "transport", "&s", &text))
    {
      DtAccountTransport transport;

      if (dt_account_transport_from_string (text, &transport))
        dt_account_set_transport (account, transport);
    }
  if (g_variant_lookup (settings, "srtp", "&s", &text))
    {
      DtAccountSrtp srtp;

      if (dt_account_srtp_from_string (text, &srtp))
        dt_account_set_srtp (account, srtp);
    }
  if (g_variant_lookup (settings, "retry-limit", "u", &number))
    dt_account_set_retry_limit (account, number);
  if (g_variant_lookup (settings, "expires", "u", &number))
    dt_account_set_expires (account, number);
  if (g_variant_lookup (settings, "register", "b", &enabled))
    dt_account_set_enabled (account, enabled);

  return g_steal_pointer (&account);
}
