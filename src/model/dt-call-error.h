/* dt-call-error.h: the model's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_CALL_ERROR (dt_call_error_quark ())

/* One code per org.dialtone.Error.* name of the D-Bus contract, same order. */
typedef enum {
  DT_CALL_ERROR_INVALID_URI,
  DT_CALL_ERROR_INVALID_DTMF,
  DT_CALL_ERROR_INVALID_STATE,
  DT_CALL_ERROR_NO_SUCH_CALL,
  DT_CALL_ERROR_NO_SUCH_LINE,
  DT_CALL_ERROR_NOT_REGISTERED,
  DT_CALL_ERROR_MAX_CALLS,
  DT_CALL_ERROR_KEYRING_UNAVAILABLE,
  DT_CALL_ERROR_INVALID_ARGUMENT,
  DT_CALL_ERROR_FAILED,
} DtCallError;

GQuark      dt_call_error_quark   (void);
/* "InvalidUri", "InvalidDtmf", … : the D-Bus error name without its prefix */
const char *dt_call_error_to_name (DtCallError code);

G_END_DECLS
