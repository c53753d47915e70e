/* dt-application.h: the application: one instance, the model, the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call-history.h"
#include "dt-call-manager.h"

G_BEGIN_DECLS

#define DT_TYPE_APPLICATION (dt_application_get_type ())
G_DECLARE_FINAL_TYPE (DtApplication, dt_application, DT, APPLICATION, AdwApplication)

/*
 * Properties (read-only): call-manager (DtCallManager, from startup on),
 *   headless (b: started with --headless; no window, no display needed),
 *   sip-port (u: --sip-port, else the GSettings key, else 0 = any free port)
 */

DtApplication *dt_application_new              (void);
DtCallManager *dt_application_get_call_manager (DtApplication  *self);
/* The calls of the past, newest first (loaded at start-up) */
DtCallHistory *dt_application_get_call_history (DtApplication  *self);
gboolean       dt_application_get_headless     (DtApplication  *self);
guint          dt_application_get_sip_port     (DtApplication  *self);
/* Dial on the default line. With a window the failure also shows there as
 * a toast. transfer none. */
DtCall        *dt_application_dial             (DtApplication  *self,
                                                const char     *target,
                                                GError        **error);

G_END_DECLS
