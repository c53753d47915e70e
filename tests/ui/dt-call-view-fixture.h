/* dt-call-view-fixture.h: the window over the model's fake backends, shared
 * by the call view's test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call-view.h"
#include "dt-test-fixture.h"
#include "dt-window.h"

G_BEGIN_DECLS

typedef struct {
  DtTestFixture  m;
  DtWindow      *window;
  GtkWidget     *root;
} DtCallViewFixture;

/* The window on screen and painted, GPOINTER_TO_INT (@data) wide (360 for
 * NULL) */
void        dt_call_view_fixture_set_up     (DtCallViewFixture *f,
                                             gconstpointer      data);
/* Fails when a window kept a model object alive */
void        dt_call_view_fixture_tear_down  (DtCallViewFixture *f,
                                             gconstpointer      data);

/* dt_test_init () and the display; FALSE, with the skip said on the TAP
 * stream, when there is no display */
gboolean    dt_call_view_fixture_init       (int               *argc,
                                             char            ***argv);
/* g_test_add () of @test_func on a DtCallViewFixture */
void        dt_call_view_fixture_add        (const char        *path,
                                             void             (*test_func) (DtCallViewFixture *f,
                                                                            gconstpointer      data),
                                             gconstpointer      data);

/* Predicates for dt_ui_wait_for (), @data the fixture */
gboolean    dt_call_view_fixture_shows_view   (gpointer data);
gboolean    dt_call_view_fixture_shows_dialer (gpointer data);
/* Waits until the window shows the call view, asserting that it does */
DtCallView *dt_call_view_fixture_wait_view  (DtCallViewFixture *f);

/* The row of a listed call whose title is @title, or NULL */
GtkWidget  *dt_call_view_fixture_find_row   (DtCallViewFixture *f,
                                             const char        *title);

typedef struct {
  DtCallViewFixture *f;
  const char        *title;
  const char        *status;
} DtCallRowSearch;

/* A predicate: the row titled @search's title has its status as subtitle */
gboolean    dt_call_view_fixture_row_shows  (gpointer data);

G_END_DECLS
