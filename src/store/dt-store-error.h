/* dt-store-error.h: the store's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_STORE_ERROR (dt_store_error_quark ())

/* Every message is a sentence a user can read; none ever holds a password. */
typedef enum {
  /* The address or the outbound proxy is not a usable SIP URI */
  DT_STORE_ERROR_INVALID_URI,
  /* Another setting is out of range or malformed */
  DT_STORE_ERROR_INVALID,
  /* An account with that id is already stored */
  DT_STORE_ERROR_EXISTS,
  /* No account with that id is stored */
  DT_STORE_ERROR_NOT_FOUND,
  /* No Secret Service, a locked keyring, or no session bus at all */
  DT_STORE_ERROR_KEYRING_UNAVAILABLE,
  /* The keyring holds no password for the account */
  DT_STORE_ERROR_NO_PASSWORD,
  /* The accounts file could not be written (or could not be set aside) */
  DT_STORE_ERROR_IO,
  /* The accounts file was unreadable or broken and has been set aside */
  DT_STORE_ERROR_CORRUPT,
} DtStoreError;

GQuark      dt_store_error_quark   (void);
/* The org.dialtone.Error.* name (without its prefix) for @code:
 * "InvalidUri", "InvalidArgument", "NoSuchLine", "KeyringUnavailable" or
 * "Failed" */
const char *dt_store_error_to_name (DtStoreError code);

G_END_DECLS
