/* dt-call-display.h: how a call is named and described to the user
 *
 * Plain text, no widgets: the window, the notifications and any other view
 * word a call the same way, and they may all call the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call.h"

G_BEGIN_DECLS

/* The remote party's name, else its address; never NULL */
char *dt_call_display_dup_title    (DtCall *call);
/* The address as people write it ("bob@example.org", "+15551234"), or
 * NULL when the title already is that address */
char *dt_call_display_dup_address  (DtCall *call);
/* The same from a remote-name and a remote-uri, for template bindings */
char *dt_call_display_title_for    (const char *name,
                                    const char *uri);
char *dt_call_display_address_for  (const char *name,
                                    const char *uri);
/* "Calling…", "On hold", a running duration, … */
char *dt_call_display_dup_status   (DtCall *call,
                                    gint64  now_us);
/* "1:05" or "1:02:03" */
char *dt_call_display_format_duration (gint64 duration_us);
/* Whether the status shows a duration that changes every second */
gboolean dt_call_display_is_timed  (DtCall *call);

/* "The other party asks to transfer you to …" while the call has a
 * transfer request (a REFER) waiting for an answer, else NULL */
char *dt_call_display_dup_transfer_request (DtCall *call);
/* Why a call we placed did not go through, as a sentence, when it ended
 * with a SIP failure before anyone answered (@reason as in its disconnect
 * signal: "486 Busy Here"); NULL for a call that simply ended */
char *dt_call_display_dup_failure  (DtCall     *call,
                                    const char *reason);

G_END_DECLS
