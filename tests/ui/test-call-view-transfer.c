/* test-call-view-transfer.c: transferring a call from the window, and a
 * transfer the other party asks for, driven through the model's fake
 * backends under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call-view-fixture.h"
#include "dt-ui-test.h"

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return window;
    }

  return NULL;
}

static gboolean
dialog_is_shown (gpointer data)
{
  GtkWindow *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
no_transfer_request (gpointer data)
{
  DtCallViewFixture *f = data;

  return dt_ui_find_action (f->root, "call.accept-transfer") == NULL;
}

static void
test_transfer (DtCallViewFixture *f,
               gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:leo@example.org");
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  dt_call_view_fixture_wait_view (f);
  dt_ui_click_action (f->root, "call.transfer");
  g_assert_true (dt_ui_wait_for (dialog_is_shown, NULL));
  dialog = ADW_MESSAGE_DIALOG (find_dialog ());
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  /* Nothing to transfer to yet */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "transfer"));
  gtk_editable_set_text (entry, "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "transfer"));

  gtk_editable_set_text (entry, "not an address");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "transfer"));
  adw_message_dialog_response (dialog, "transfer");
  g_assert_true (dt_ui_wait_for_label (f->root, "The transfer target is not a valid address."));
  dt_assert_journal (&f->m, "");

  dt_ui_click_action (f->root, "call.transfer");
  g_assert_true (dt_ui_wait_for (dialog_is_shown, NULL));
  dialog = ADW_MESSAGE_DIALOG (find_dialog ());
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (entry, " sip:mallory@example.org ");
  dt_ui_wait_for_paint (GTK_WIDGET (dialog));
  g_assert_cmpuint (dt_ui_render_to_png (GTK_WIDGET (dialog), "call-transfer-dialog"), >, 100);
  adw_message_dialog_response (dialog, "transfer");
  dt_assert_journal (&f->m, "leo:blind_transfer(sip:mallory@example.org)");

  /* A dialog still open when the call ends goes with it */
  dt_ui_click_action (f->root, "call.transfer");
  g_assert_true (dt_ui_wait_for (dialog_is_shown, NULL));
  dt_call_report_disconnected (call, "remote-hangup");
  g_assert_true (dt_ui_wait_for (no_dialog, NULL));
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_shows_dialer, f));
}

/* Consult first: the call is held, the address called, and from that call
 * the transfer is completed */
static void
test_attended_transfer (DtCallViewFixture *f,
                        gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:uma@example.org");
  DtCallView *view = dt_call_view_fixture_wait_view (f);
  AdwMessageDialog *dialog;
  DtCall *consultation;
  DtCallRowSearch search = { f, "uma@example.org", "On hold" };

  /* Only a consultation call offers to complete a transfer */
  g_assert_null (dt_ui_find_action (f->root, "call.complete-transfer"));

  dt_ui_click_action (f->root, "call.transfer");
  g_assert_true (dt_ui_wait_for (dialog_is_shown, NULL));
  dialog = ADW_MESSAGE_DIALOG (find_dialog ());
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "consult"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "sip:victor@example.org");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "consult"));
  adw_message_dialog_response (dialog, "consult");
  dt_test_settle (&f->m);

  /* The consultation call is shown, the first call held in the list */
  consultation = dt_call_view_get_call (view);
  g_assert_true (consultation != call);
  g_assert_true (dt_call_get_consultation_for (consultation) == call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_ui_wait_for (dt_call_view_fixture_row_shows, &search));
  g_assert_true (dt_ui_wait_for_label (f->root, "victor@example.org"));
  /* A consultation call is not itself transferred */
  g_assert_false (gtk_widget_is_sensitive (dt_ui_find_action (f->root, "call.transfer")));

  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-consultation"), >, 100);
  dt_ui_click_action (f->root, "call.complete-transfer");
  dt_assert_journal (&f->m, "uma:attended_transfer(victor)");
}

/* The other party asks (REFER) to put us through elsewhere */
static void
test_transfer_request (DtCallViewFixture *f,
                       gconstpointer      data)
{
  g_autoptr(DtCall) call = dt_test_active_call (&f->m, "sip:walt@example.org");

  dt_call_view_fixture_wait_view (f);
  g_assert_null (dt_ui_find_action (f->root, "call.accept-transfer"));

  dt_call_report_transfer_requested (call, "sip:xena@example.org");
  g_assert_true (dt_ui_wait_for_label (f->root, "The other party asks to transfer you to xena@example.org."));
  dt_ui_wait_for_paint (f->root);
  g_assert_cmpuint (dt_ui_render_to_png (f->root, "call-transfer-request"), >, 100);
  dt_ui_click_action (f->root, "call.refuse-transfer");
  dt_assert_journal (&f->m, "walt:refuse_transfer");
  g_assert_true (dt_ui_wait_for (no_transfer_request, f));

  dt_call_report_transfer_requested (call, "sip:yann@example.org");
  g_assert_true (dt_ui_wait_for_label (f->root, "The other party asks to transfer you to yann@example.org."));
  dt_ui_click_action (f->root, "call.accept-transfer");
  dt_assert_journal (&f->m, "walt:accept_transfer");
  g_assert_true (dt_ui_wait_for (no_transfer_request, f));
}

int
main (int   argc,
      char *argv[])
{
  if (!dt_call_view_fixture_init (&argc, &argv))
    return 0;

  dt_call_view_fixture_add ("/call-view/transfer", test_transfer, NULL);
  dt_call_view_fixture_add ("/call-view/transfer/attended", test_attended_transfer, NULL);
  dt_call_view_fixture_add ("/call-view/transfer/request", test_transfer_request, NULL);

  return dt_test_run ();
}
