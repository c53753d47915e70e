/* dt-store-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-store-error.h"
#include "dt-store-private.h"

/* Longer details are cut: they end up in a toast */
#define MAX_DETAIL_LENGTH 160

G_DEFINE_QUARK (dt-store-error-quark, dt_store_error)

const char *
dt_store_error_to_name (DtStoreError code)
{
  static const char * const names[] = {
    [DT_STORE_ERROR_INVALID_URI] = "InvalidUri",
    [DT_STORE_ERROR_INVALID] = "InvalidArgument",
    [DT_STORE_ERROR_EXISTS] = "InvalidArgument",
    [DT_STORE_ERROR_NOT_FOUND] = "NoSuchLine",
    [DT_STORE_ERROR_KEYRING_UNAVAILABLE] = "KeyringUnavailable",
    [DT_STORE_ERROR_NO_PASSWORD] = "Failed",
    [DT_STORE_ERROR_IO] = "Failed",
    [DT_STORE_ERROR_CORRUPT] = "Failed",
  };

  if ((guint) code >= G_N_ELEMENTS (names))
    return "Failed";

  return names[code];
}

char *
dt_store_shorten_detail (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (valid, -1) <= MAX_DETAIL_LENGTH)
    return g_steal_pointer (&valid);

  cut = g_utf8_substring (valid, 0, MAX_DETAIL_LENGTH);
  return g_strconcat (cut, "…", NULL);
}
