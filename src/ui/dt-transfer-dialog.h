/* dt-transfer-dialog.h: asks where to transfer a call, blind or after a
 * consultation call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-call.h"

G_BEGIN_DECLS

#define DT_TYPE_TRANSFER_DIALOG (dt_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DtTransferDialog, dt_transfer_dialog, DT, TRANSFER_DIALOG, AdwMessageDialog)

/*
 * Properties: call (DtCall, construct-only: the call to transfer)
 * Responses: cancel; consult (holds the call and calls the address, to
 *   complete the transfer from that call); transfer (blind). Both need an
 *   address. A refusal is shown with the transient parent's window.toast
 *   action. The dialog closes itself when its call ends.
 */

GtkWidget *dt_transfer_dialog_new      (GtkWindow        *parent,
                                        DtCall           *call);
DtCall    *dt_transfer_dialog_get_call (DtTransferDialog *self);

G_END_DECLS
