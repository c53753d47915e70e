/* dt-dialpad.h: the number entry, the keypad and the call button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_DIALPAD (dt_dialpad_get_type ())
G_DECLARE_FINAL_TYPE (DtDialpad, dt_dialpad, DT, DIALPAD, GtkWidget)

/*
 * Properties: text (s, what the entry holds), dtmf (b: the keypad of a
 *   call: no call button, the entry only shows the keys pressed, and keys
 *   typed anywhere in the pad count as presses)
 * Signals: dial (s target): the user asked to call @target (the entry's
 *   text without surrounding blanks; never empty); digit (s): a key was
 *   pressed, by click or, in dtmf mode, on the keyboard
 * Actions: dialpad.press (s digit) appends @digit; dialpad.call emits dial,
 *   and is enabled only while there is something to call
 */

GtkWidget  *dt_dialpad_new      (void);
const char *dt_dialpad_get_text (DtDialpad  *self);
void        dt_dialpad_set_text (DtDialpad  *self,
                                 const char *text);
gboolean    dt_dialpad_get_dtmf (DtDialpad  *self);
void        dt_dialpad_set_dtmf (DtDialpad  *self,
                                 gboolean    dtmf);

G_END_DECLS
