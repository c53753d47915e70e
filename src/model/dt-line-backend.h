/* dt-line-backend.h: what a line needs from the signalling layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dt-call-backend.h"
#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_LINE_BACKEND (dt_line_backend_get_type ())
G_DECLARE_INTERFACE (DtLineBackend, dt_line_backend, DT, LINE_BACKEND, GObject)

/**
 * DtLineBackendInterface:
 *
 * One per line (an account, or the direct line), implemented by the SIP layer
 * and by the tests' fake. Registration outcomes come back through
 * dt_line_report_registering(), dt_line_report_registered(),
 * dt_line_report_unregistered() and dt_line_report_registration_failed();
 * incoming calls through dt_line_add_incoming_call().
 */
struct _DtLineBackendInterface
{
  GTypeInterface parent_iface;

  gboolean        (*register_line)   (DtLineBackend  *self,
                                      GError        **error);
  gboolean        (*unregister_line) (DtLineBackend  *self,
                                      GError        **error);
  /* Prepare an outbound call to @target for @call, sending nothing yet
   * (the model calls dt_call_backend_start() when it is time). Fails with
   * DT_CALL_ERROR_INVALID_URI for a target it cannot parse. The backend
   * keeps a weak pointer to @call to report on it. */
  DtCallBackend * (*create_call)     (DtLineBackend  *self,
                                      DtCall         *call,
                                      const char     *target,
                                      GError        **error);
};

gboolean       dt_line_backend_register_line   (DtLineBackend  *self,
                                                GError        **error);
gboolean       dt_line_backend_unregister_line (DtLineBackend  *self,
                                                GError        **error);
DtCallBackend *dt_line_backend_create_call     (DtLineBackend  *self,
                                                DtCall         *call,
                                                const char     *target,
                                                GError        **error);

G_END_DECLS
