/* dt-signal-recorder.h: records every signal and notify of watched objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_SIGNAL_RECORDER (dt_signal_recorder_get_type ())
G_DECLARE_FINAL_TYPE (DtSignalRecorder, dt_signal_recorder, DT, SIGNAL_RECORDER, GObject)

/*
 * Entries read "[PREFIX:]SIGNAL[:ARG…]": "notify:state", "held",
 * "disconnect:hangup", "remote-held:true", "error:hold" (the GError is kept
 * aside, see get_last_error), "call-added:bob" (a DtCall is named by the
 * label of its fake backend, else its remote URI; a DtLine by its id).
 */

DtSignalRecorder *dt_signal_recorder_new       (void);
/* Connects to every signal of @object's type and its parents (notify
 * included) until the recorder goes */
void              dt_signal_recorder_watch     (DtSignalRecorder *self,
                                                gpointer          object,
                                                const char       *prefix);
/* Every entry joined by ";" ("" when none), then forgets them */
char             *dt_signal_recorder_take      (DtSignalRecorder *self);
/* The entries sorted, joined by ";", then forgets them: for a set of
 * notifications whose order is the model's business */
char             *dt_signal_recorder_take_sorted (DtSignalRecorder *self);
gboolean          dt_signal_recorder_has       (DtSignalRecorder *self,
                                                const char       *entry);
guint             dt_signal_recorder_count     (DtSignalRecorder *self,
                                                const char       *entry);
/* Position of the first @entry, -1 when absent */
int               dt_signal_recorder_index     (DtSignalRecorder *self,
                                                const char       *entry);
guint             dt_signal_recorder_get_length (DtSignalRecorder *self);
/* The GError of the last error signal, %NULL when none */
const GError     *dt_signal_recorder_get_last_error (DtSignalRecorder *self);
void              dt_signal_recorder_clear     (DtSignalRecorder *self);

G_END_DECLS
