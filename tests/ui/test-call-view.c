/* test-call-view.c: the window during calls, driven through the model's
 * fake backends under Xvfb; transfers are in test-call-view-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-call-view-fixture.h"
#include "dt-dialpad.h"
#include "dt-ui-test.h"

/* The window's own stack is the first in the widget tree */
static const char *
visible_page (DtCallViewFixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (dt_ui_find_type (f->root, GTK_TYPE_STACK)));
}

static void
assert_journal_holds (DtCallViewFixture *f,
                      const char        *expected)
{
  g_autofree char *journal = dt_fake_journal_join (f->m.journal);

  g_assert_cmpstr (journal, ==, expected);
}

/* The text of the status line under the caller's name */
static gboolean
shows_duration (gpointer data)
{
  DtCallViewFixture *f = data;

  for (guint s = 0; s < 3; s++)
    {
      g_autofree char *text = g_strdup_printf ("0:%02u", s);

      if (dt_ui_find_label (f->root, text) != NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_toggled (GtkWidget *button)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
}

static void
test_incoming_answer (DtCallViewFixture *f,
                      gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "bob",
                                             "sip:bob@example.org", "Bob Example");
  DtCallView *view = dt_call_view_fixture_wait_view (f);

  g_assert_true (dt_call_view_get_call (view) == call);
  g_assert_true (dt_ui_wait_for_label (f->root, "Bob Example"));
  g_assert_nonnull (dt_ui_find_label (f->root, "bob@example.org"));
  g_assert_nonnull (dt_ui_find_label (f->root, "Incoming call"));
  g_assert_nonnull (dt_ui_find_action (f->root, "call.decline"));
  /* No hanging up or holding a call that was not taken */
  g_assert_null (dt_ui_find_action (f->root, "call.end"));
  g_assert_null (dt_ui_find_action (f->root, "call.hold"));

  dt_ui_click_action (f->root, "call.answer");
  dt_assert_journal (&f->m, "bob:answer");

  dt_call_report_connected (call);
  dt_call_report_established (call);
  g_assert_true (dt_ui_wait_for (shows_duration, f));
  g_assert_null (dt_ui_find_label (f->root, "Incoming call"));
  g_assert_null (dt_ui_find_action (f->root, "call.answer"));
  g_assert_nonnull (dt_ui_find_action (f->root, "call.end"));
  g_assert_nonnull (dt_ui_find_action (f->root, "call.hold"));
}

static void
test_decline (DtCallViewFixture *f,
              gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (&f->m, "carol");

  dt_call_view_fixture_wait_view (f);
  dt_ui_click_action (f->root, "call.decline");
  dt_assert_journal (&f->m, "carol:reject(decline)");

  dt_call_report_disconnected (call, "rejected");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
}

static void
test_outgoing_states (DtCallViewFixture *f,
                      gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_dial (&f->m, f->m.direct, "sip:dave@example.org");

  dt_call_view_fixture_wait_view (f);
  g_assert_true (dt_ui_wait_for_label (f->root, "Calling…"));
  g_assert_nonnull (dt_ui_find_label (f->root, "dave@example.org"));

  dt_call_report_progress (call, FALSE);
  g_assert_true (dt_ui_wait_for_label (f->root, "Ringing…"));

  dt_call_report_connected (call);
  g_assert_true (dt_ui_wait_for (shows_duration, f));

  dt_call_report_remote_held (call, TRUE);
  g_assert_true (dt_ui_wait_for_label (f->root, "Held by the other party"));

  g_assert_null (dt_ui_find_icon (f->root, "channel-secure-symbolic"));
  dt_call_report_media_info (call, "PCMU/8000", TRUE);
  g_assert_nonnull (dt_ui_find_icon (f->root, "channel-secure-symbolic"));
}

/* A call we placed that was refused says why, and the dial pad is back */
static void
test_outgoing_busy (DtCallViewFixture *f,
                    gconstpointer      data)
{
  g_autoptr(DtCall) busy = dt_test_dial (&f->m, f->m.direct, "sip:olga@example.org");
  g_autoptr(DtCall) gone = NULL;

  dt_call_view_fixture_wait_view (f);
  dt_call_report_progress (busy, FALSE);
  dt_call_report_disconnected (busy, "486 Busy Here");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
  g_assert_true (dt_ui_wait_for_label (f->root, "olga@example.org is busy."));

  gone = dt_test_dial (&f->m, f->m.direct, "sip:pete@example.org");
  dt_call_view_fixture_wait_view (f);
  dt_call_report_disconnected (gone, "503 Service Unavailable");
  g_assert_true (dt_ui_wait_for_label (f->root, "The call to pete@example.org did not go through: Service Unavailable."));
}

static void
test_hold_toggle (DtCallViewFixture *f,
                  gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:erin@example.org");
  GtkWidget *hold;

  dt_call_view_fixture_wait_view (f);
  hold = dt_ui_find_action (f->root, "call.hold");
  g_assert_nonnull (hold);
  g_assert_false (is_toggled (hold));

  dt_ui_click (hold);
  dt_assert_journal (&f->m, "erin:hold");
  /* It shows what the model says, not what was asked */
  g_assert_false (is_toggled (hold));

  dt_call_report_held (call);
  g_assert_true (dt_ui_wait_for_label (f->root, "On hold"));
  g_assert_true (is_toggled (hold));

  dt_ui_click (hold);
  dt_assert_journal (&f->m, "erin:resume");
  dt_call_report_resumed (call);
  g_assert_true (dt_ui_wait_for (shows_duration, f));
  g_assert_false (is_toggled (hold));
}

static void
test_mute_toggle (DtCallViewFixture *f,
                  gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:frank@example.org");
  GtkWidget *mute;

  dt_call_view_fixture_wait_view (f);
  mute = dt_ui_find_action (f->root, "call.mute");
  g_assert_false (is_toggled (mute));

  dt_ui_click (mute);
  g_assert_true (dt_call_get_muted (call));
  g_assert_true (is_toggled (mute));

  dt_ui_click (mute);
  g_assert_false (dt_call_get_muted (call));
  g_assert_false (is_toggled (mute));
  dt_assert_journal (&f->m, "media:set_muted(frank,on);media:set_muted(frank,off)");
}

static gboolean
keypad_is_shown (gpointer data)
{
  DtCallViewFixture *f = data;

  return dt_ui_find_action (f->root, "dialpad.press:1") != NULL &&
         dt_ui_find_action (f->root, "dialpad.call") == NULL;
}

/* What GTK does with a key press while the focus is in the keypad */
static void
type_key (DtCallViewFixture *f,
          guint              keyval,
          gboolean           expected)
{
  GtkWidget *keypad = dt_ui_find_type (f->root, DT_TYPE_DIALPAD);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (keypad);
  gboolean handled = FALSE;
  guint i;

  for (i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          break;
        }
    }

  g_assert_cmpuint (i, <, g_list_model_get_n_items (controllers));
  g_assert_cmpint (handled, ==, expected);
}

static void
test_keypad_dtmf (DtCallViewFixture *f,
                  gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:grace@example.org");
  GtkWidget *keypad_button;

  dt_call_view_fixture_wait_view (f);
  g_assert_null (dt_ui_find_action (f->root, "dialpad.press:1"));

  keypad_button = gtk_widget_get_first_child (gtk_widget_get_parent (dt_ui_find_action (f->root, "call.mute")));
  for (; keypad_button != NULL; keypad_button = gtk_widget_get_next_sibling (keypad_button))
    if (GTK_IS_TOGGLE_BUTTON (keypad_button) &&
        gtk_actionable_get_action_name (GTK_ACTIONABLE (keypad_button)) == NULL)
      break;
  g_assert_nonnull (keypad_button);

  dt_ui_click (keypad_button);
  g_assert_true (dt_ui_wait_for (keypad_is_shown, f));

  dt_ui_click_action (f->root, "dialpad.press:1");
  dt_ui_click_action (f->root, "dialpad.press:#");
  dt_ui_click_action (f->root, "dialpad.press:0");
  dt_assert_journal (&f->m, "grace:send_dtmf(1);grace:send_dtmf(#);grace:send_dtmf(0)");

  /* Typed on the keyboard: keypad keys are tones, other keys are not */
  type_key (f, GDK_KEY_5, GDK_EVENT_STOP);
  type_key (f, GDK_KEY_d, GDK_EVENT_STOP);
  type_key (f, GDK_KEY_x, GDK_EVENT_PROPAGATE);
  dt_assert_journal (&f->m, "grace:send_dtmf(5);grace:send_dtmf(D)");
  g_assert_cmpstr (dt_dialpad_get_text (DT_DIALPAD (dt_ui_find_type (f->root, DT_TYPE_DIALPAD))), ==, "1#05D");
  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-keypad"), >, 100);

  /* On hold the keypad goes away: the model would refuse the tones */
  dt_test_hold (&f->m, call);
  g_assert_true (dt_ui_wait_for_label (f->root, "On hold"));
  g_assert_null (dt_ui_find_action (f->root, "dialpad.press:1"));
  g_assert_false (gtk_widget_is_sensitive (keypad_button));
}

static void
test_end_returns_to_dialer (DtCallViewFixture *f,
                            gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:heidi@example.org");

  dt_call_view_fixture_wait_view (f);
  dt_ui_click_action (f->root, "call.end");
  dt_assert_journal (&f->m, "heidi:end");
  g_assert_true (dt_call_view_fixture_shows_view (f));

  dt_call_report_disconnected (call, "bye");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
  g_assert_cmpstr (visible_page (f), ==, "dialer");
}

static void
test_two_calls (DtCallViewFixture *f,
                gconstpointer      data)
{
  g_autoptr(DtCall) ivan = dt_test_active_call (&f->m, "sip:ivan@example.org");
  g_autoptr(DtCall) judy = NULL;
  DtCallView *view = dt_call_view_fixture_wait_view (f);
  DtCallRowSearch search = { f, "judy", "Incoming call" };
  GtkWidget *row;

  g_assert_null (dt_call_view_fixture_find_row (f, "judy"));

  /* A second call rings while we talk: the view stays on the first and
   * lists the newcomer with its own Answer */
  judy = dt_test_ringing_call (&f->m, "judy");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_row_shows, &search));
  g_assert_true (dt_call_view_get_call (view) == ivan);
  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-waiting"), >, 100);

  row = dt_call_view_fixture_find_row (f, "judy");
  dt_ui_click_action (row, "call-row.answer");
  /* The model holds the first call before it answers */
  assert_journal_holds (f, "ivan:hold");
  dt_test_settle (&f->m);
  g_assert_cmpint (dt_call_get_state (judy), ==, DT_CALL_STATE_CONNECTED);
  g_assert_cmpint (dt_call_get_state (ivan), ==, DT_CALL_STATE_HELD);

  /* The answered call is the one shown; the held one is listed */
  search.title = "ivan@example.org";
  search.status = "On hold";
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_row_shows, &search));
  g_assert_true (dt_call_view_get_call (view) == judy);

  /* One click on the held call switches back to it */
  row = dt_call_view_fixture_find_row (f, "ivan@example.org");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  assert_journal_holds (f, "judy:hold");
  dt_test_settle (&f->m);
  g_assert_true (dt_call_is_active (ivan));
  g_assert_cmpint (dt_call_get_state (judy), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_view_get_call (view) == ivan);
  search.title = "judy";
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_row_shows, &search));
  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-two-calls"), >, 100);
}

static void
test_errors_as_toasts (DtCallViewFixture *f,
                       gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:kim@example.org");
  g_autoptr(GError) error = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                 "The other party did not agree to hold the call.");

  dt_call_view_fixture_wait_view (f);

  /* A request the backend refuses */
  dt_fake_call_backend_fail_next (dt_test_backend_of (call), "hold", DT_CALL_ERROR_FAILED,
                                  "The network is not reachable.");
  dt_ui_click_action (f->root, "call.hold");
  g_assert_true (dt_ui_wait_for_label (f->root, "The network is not reachable."));
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);

  /* And what the network reports later */
  dt_call_report_error (call, DT_CALL_ERROR_KIND_HOLD, error);
  g_assert_true (dt_ui_wait_for_label (f->root, error->message));
}

/* During a call the dial pad places another; the first is held for it */
static void
test_new_call (DtCallViewFixture *f,
               gconstpointer      data)
{
  g_autoptr(DtCall) first = dt_test_active_call (&f->m, "sip:abel@example.org");
  DtCallView *view = dt_call_view_fixture_wait_view (f);
  DtCallRowSearch search = { f, "abel@example.org", "On hold" };
  GtkEditable *entry;
  DtCall *second;

  g_assert_null (dt_ui_find_action (f->root, "window.show-call"));
  dt_ui_click_action (f->root, "window.new-call");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
  g_assert_null (dt_ui_find_action (f->root, "window.new-call"));

  /* And back, with nothing placed */
  dt_ui_click_action (f->root, "window.show-call");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_view, f));
  dt_assert_journal (&f->m, "");

  dt_ui_click_action (f->root, "window.new-call");
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-new-call-dialer"), >, 100);
  entry = GTK_EDITABLE (dt_ui_find_type (f->root, GTK_TYPE_ENTRY));
  gtk_editable_set_text (entry, "sip:bess@example.org");
  dt_ui_click_action (f->root, "dialpad.call");
  dt_test_settle (&f->m);

  /* The new call is shown; the first waits on hold in the list */
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_view, f));
  second = dt_call_view_get_call (view);
  g_assert_true (second != first);
  g_assert_cmpstr (dt_call_get_remote_uri (second), ==, "sip:bess@example.org");
  g_assert_cmpint (dt_call_get_state (first), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_row_shows, &search));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
}

/* Screenshots to look at: ringing, then in a call (muted, encrypted),
 * light and dark, at a phone's width and a desktop's */
static void
test_render (DtCallViewFixture *f,
             gconstpointer      data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *width = GPOINTER_TO_INT (data) > 400 ? "wide" : "narrow";
  g_autoptr(DtCall) call = dt_test_incoming (&f->m, f->m.direct, "nina",
                                             "sip:nina@example.org", "Nina Nakamura");
  int minimum;

  dt_call_view_fixture_wait_view (f);
  gtk_widget_measure (f->root, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  for (guint step = 0; step < 4; step++)
    {
      gboolean dark = step % 2 == 1;
      g_autofree char *name = g_strdup_printf ("call-%s-%s-%s", step < 2 ? "ringing" : "active",
                                               width, dark ? "dark" : "light");

      if (step == 2)
        {
          dt_ui_click_action (f->root, "call.answer");
          dt_test_settle (&f->m);
          dt_call_report_established (call);
          dt_call_report_media_info (call, "opus/48000", TRUE);
          dt_ui_click_action (f->root, "call.mute");
          g_assert_true (dt_ui_wait_for (shows_duration, f));
        }

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      dt_ui_wait_for_paint (f->root);
      g_assert_cmpuint (dt_ui_render_to_png (f->root, name), >, 100);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  if (!dt_call_view_fixture_init (&argc, &argv))
    return 0;

  dt_call_view_fixture_add ("/call-view/incoming/answer", test_incoming_answer, NULL);
  dt_call_view_fixture_add ("/call-view/incoming/decline", test_decline, NULL);
  dt_call_view_fixture_add ("/call-view/outgoing/states", test_outgoing_states, NULL);
  dt_call_view_fixture_add ("/call-view/outgoing/busy", test_outgoing_busy, NULL);
  dt_call_view_fixture_add ("/call-view/hold", test_hold_toggle, NULL);
  dt_call_view_fixture_add ("/call-view/mute", test_mute_toggle, NULL);
  dt_call_view_fixture_add ("/call-view/keypad", test_keypad_dtmf, NULL);
  dt_call_view_fixture_add ("/call-view/end", test_end_returns_to_dialer, NULL);
  dt_call_view_fixture_add ("/call-view/two-calls", test_two_calls, NULL);
  dt_call_view_fixture_add ("/call-view/new-call", test_new_call, NULL);
  dt_call_view_fixture_add ("/call-view/errors", test_errors_as_toasts, NULL);
  dt_call_view_fixture_add ("/call-view/render/narrow", test_render, GINT_TO_POINTER (360));
  dt_call_view_fixture_add ("/call-view/render/wide", test_render, GINT_TO_POINTER (1000));

  return dt_test_run ();
}
