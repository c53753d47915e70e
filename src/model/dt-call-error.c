/* dt-call-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call-error.h"
#include "dt-model-private.h"

G_DEFINE_QUARK (dt-call-error-quark, dt_call_error)

const char *
dt_call_error_to_name (DtCallError code)
{
  static const char * const names[] = {
    [DT_CALL_ERROR_INVALID_URI] = "InvalidUri",
    [DT_CALL_ERROR_INVALID_DTMF] = "InvalidDtmf",
    [DT_CALL_ERROR_INVALID_STATE] = "InvalidState",
    [DT_CALL_ERROR_NO_SUCH_CALL] = "NoSuchCall",
    [DT_CALL_ERROR_NO_SUCH_LINE] = "NoSuchLine",
    [DT_CALL_ERROR_NOT_REGISTERED] = "NotRegistered",
    [DT_CALL_ERROR_MAX_CALLS] = "MaxCalls",
    [DT_CALL_ERROR_KEYRING_UNAVAILABLE] = "KeyringUnavailable",
    [DT_CALL_ERROR_INVALID_ARGUMENT] = "InvalidArgument",
    [DT_CALL_ERROR_FAILED] = "Failed",
  };

  /* A code from a newer peer maps to the catch-all rather than to nothing */
  if ((guint) code >= G_N_ELEMENTS (names))
    return names[DT_CALL_ERROR_FAILED];

  return names[code];
}

gboolean
dt_check (gboolean     ok,
          int          code,
          const char  *message,
          GError     **error)
{
  if (!ok)
    g_set_error_literal (error, DT_CALL_ERROR, code, message);

  return ok;
}
