/* dt-ui-test.h: finding, clicking and photographing widgets in UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dt-test-spin.h"

G_BEGIN_DECLS

typedef gboolean (*DtUiPredicate) (gpointer data);

/* gtk_init_check() (FALSE: no display), adw_init, the app's style sheet
 * and no animations, so a state change is drawn at once */
gboolean   dt_ui_test_init         (void);
/* Spins the main loop until @predicate holds or 30 s passed */
gboolean   dt_ui_wait_for          (DtUiPredicate predicate,
                                    gpointer      data);
/* Until the widget's window has painted two frames of its current layout */
void       dt_ui_wait_for_paint    (GtkWidget    *widget);

/* The first mapped (on screen) button whose detailed action is @action
 * ("call.answer", "dialpad.press:1"), or NULL */
GtkWidget *dt_ui_find_action       (GtkWidget    *root,
                                    const char   *action);
/* The first mapped label showing exactly @text, or NULL */
GtkWidget *dt_ui_find_label        (GtkWidget    *root,
                                    const char   *text);
/* The first mapped widget of @type, or NULL */
GtkWidget *dt_ui_find_type         (GtkWidget    *root,
                                    GType         type);
/* The first mapped image showing the icon @icon_name, or NULL */
GtkWidget *dt_ui_find_icon         (GtkWidget    *root,
                                    const char   *icon_name);
/* Waits until a label with @text is on screen somewhere under @root */
gboolean   dt_ui_wait_for_label    (GtkWidget    *root,
                                    const char   *text);
/* A pointer click: asserts the button is mapped and sensitive first */
void       dt_ui_click             (GtkWidget    *button);
void       dt_ui_click_action      (GtkWidget    *root,
                                    const char   *action);

/* Renders @widget into NAME.png in the build folder; returns how many
 * colours it has (a blank render has one or two) */
guint      dt_ui_render_to_png     (GtkWidget    *widget,
                                    const char   *name);

G_END_DECLS
