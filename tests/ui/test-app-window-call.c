/* test-app-window-call.c: a real SIP call answered and ended in the window
 *
 * The real DtApplication in-process with its window under Xvfb, SIP stack
 * and media, against sipp:
 * - sipp calls the direct line, the window shows the caller with Answer, a
 *   click on it gets sipp its 200 OK, sipp hangs up and the window is back
 *   at the dial pad;
 * - the dial pad calls sipp, which answers; Transfer in the call view
 *   holds the call and sends sipp a REFER to carol, sipp reports her
 *   answer, the call ends and the window is back at the dial pad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dt-application.h"
#include "dt-call-view.h"
#include "dt-sip-library.h"
#include "dt-test-peer.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define DEADLINE_US (90 * G_USEC_PER_SEC)
#define POLL_MS 50

typedef enum {
  STEP_WAIT_LISTENING,
  STEP_WAIT_RINGING,
  STEP_WAIT_ANSWERED,
  STEP_WAIT_DIALER,
  STEP_DONE,
} Step;

typedef enum {
  TRANSFER_WAIT_LISTENING,
  TRANSFER_WAIT_CONNECTED,
  TRANSFER_WAIT_DIALOG,
  TRANSFER_WAIT_DIALER,
  TRANSFER_DONE,
} TransferStep;

/* Where uas-refer-notify-ok.xml expects the REFER to send the call */
#define CAROL "sip:carol@127.0.0.1:5999"

typedef struct {
  DtApplication *app;
  guint16        port;
  DtTestPeer    *sipp;
  guint16        sipp_port;
  Step           step;
  TransferStep   transfer_step;
  gint64         deadline;
  gboolean       timed_out;
  gboolean       saw_end;
  char          *error;
} Run;

static GtkWidget *
find_window (Run *run)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l != NULL; l = l->next)
    if (DT_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
finish (Run *run)
{
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
}

/* Each poll moves the call along one step once the window shows it */
static gboolean
poll_cb (gpointer data)
{
  Run *run = data;
  GtkWidget *window = find_window (run);
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  if (g_get_monotonic_time () > run->deadline)
    {
      run->timed_out = TRUE;
      finish (run);
      return G_SOURCE_REMOVE;
    }

  switch (run->step)
    {
    case STEP_WAIT_LISTENING:
      if (window == NULL || !dt_test_udp_port_in_use (run->port))
        break;
      remote = g_strdup_printf ("127.0.0.1:%u", run->port);
      run->sipp = dt_test_sipp_start ("uac-call.xml", dt_test_free_port (), remote, NULL, &error);
      if (run->sipp == NULL)
        {
          run->error = g_strdup (error->message);
          finish (run);
          return G_SOURCE_REMOVE;
        }
      run->step = STEP_WAIT_RINGING;
      break;

    case STEP_WAIT_RINGING:
      /* The caller as P-Asserted-Identity names them, and Answer */
      if (dt_ui_find_label (window, "Alice Asserted") == NULL ||
          dt_ui_find_label (window, "Incoming call") == NULL ||
          dt_ui_find_action (window, "call.answer") == NULL)
        break;
      dt_ui_click_action (window, "call.answer");
      run->step = STEP_WAIT_ANSWERED;
      break;

    case STEP_WAIT_ANSWERED:
      /* Answered: End is offered until sipp hangs up 300 ms later (a busy
       * machine may handle its ACK and BYE in one go: sipp's 200 OK is
       * the proof of the answer, checked at the end) */
      run->saw_end = dt_ui_find_action (window, "call.end") != NULL;
      if (!run->saw_end && !dt_test_peer_has_exited (run->sipp))
        break;
      run->step = STEP_WAIT_DIALER;
      break;

    case STEP_WAIT_DIALER:
      if (dt_ui_find_type (window, DT_TYPE_CALL_VIEW) != NULL ||
          dt_ui_find_action (window, "dialpad.call") == NULL)
        break;
      run->step = STEP_DONE;
      finish (run);
      return G_SOURCE_REMOVE;

    case STEP_DONE:
    default:
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static GtkWindow *
find_transfer_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
transfer_poll_cb (gpointer data)
{
  Run *run = data;
  GtkWidget *window = find_window (run);
  GtkWidget *transfer;
  GtkWindow *dialog;
  g_autofree char *target = NULL;

  if (g_get_monotonic_time () > run->deadline)
    {
      run->timed_out = TRUE;
      finish (run);
      return G_SOURCE_REMOVE;
    }

  switch (run->transfer_step)
    {
    case TRANSFER_WAIT_LISTENING:
      /* The port is bound a moment before the direct line is there */
      if (window == NULL ||
          dt_call_manager_get_default_line (dt_application_get_call_manager (run->app)) == NULL)
        break;
      target = g_strdup_printf ("sip:bob@127.0.0.1:%u", run->sipp_port);
      gtk_editable_set_text (GTK_EDITABLE (dt_ui_find_type (window, GTK_TYPE_ENTRY)), target);
      dt_ui_click_action (window, "dialpad.call");
      run->transfer_step = TRANSFER_WAIT_CONNECTED;
      break;

    case TRANSFER_WAIT_CONNECTED:
      /* Transfer is offered once the call is answered */
      transfer = dt_ui_find_action (window, "call.transfer");
      if (transfer == NULL || !gtk_widget_is_sensitive (transfer))
        break;
      dt_ui_click (transfer);
      run->transfer_step = TRANSFER_WAIT_DIALOG;
      break;

    case TRANSFER_WAIT_DIALOG:
      dialog = find_transfer_dialog ();
      if (dialog == NULL)
        break;
      gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))),
                             CAROL);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "transfer");
      run->transfer_step = TRANSFER_WAIT_DIALER;
      break;

    case TRANSFER_WAIT_DIALER:
      /* Transferred: our part of the call is over */
      if (dt_ui_find_type (window, DT_TYPE_CALL_VIEW) != NULL ||
          dt_ui_find_action (window, "dialpad.call") == NULL)
        break;
      run->transfer_step = TRANSFER_DONE;
      finish (run);
      return G_SOURCE_REMOVE;

    case TRANSFER_DONE:
    default:
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
test_transfer_in_window (void)
{
  g_autofree char *port = NULL;
  const char *argv[] = { "dialtone", "--sip-port", NULL, NULL };
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  int status;

  run.port = dt_test_free_port ();
  port = g_strdup_printf ("%u", run.port);
  argv[2] = port;

  /* sipp answers, takes the hold and the REFER, reports carol's answer */
  run.sipp_port = dt_test_free_port ();
  run.sipp = dt_test_sipp_start ("uas-refer-notify-ok.xml", run.sipp_port, NULL, NULL, &error);
  g_assert_no_error (error);

  run.app = dt_application_new ();
  run.deadline = g_get_monotonic_time () + DEADLINE_US;
  g_timeout_add (POLL_MS, transfer_poll_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, (char **) argv);

  g_test_message ("reached step %d of %d", run.transfer_step, TRANSFER_DONE);
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.transfer_step, ==, TRANSFER_DONE);
  g_assert_cmpint (status, ==, 0);
  /* sipp saw the hold, the REFER to carol and our BYE */
  dt_test_sipp_assert_ok (run.sipp, 20000);

  g_clear_pointer (&run.sipp, dt_test_peer_free);
  g_clear_object (&run.app);
}

static void
test_answer_in_window (void)
{
  g_autofree char *port = NULL;
  const char *argv[] = { "dialtone", "--sip-port", NULL, NULL };
  Run run = { 0 };
  int status;

  run.port = dt_test_free_port ();
  port = g_strdup_printf ("%u", run.port);
  argv[2] = port;

  run.app = dt_application_new ();
  run.deadline = g_get_monotonic_time () + DEADLINE_US;
  g_timeout_add (POLL_MS, poll_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, (char **) argv);

  g_assert_null (run.error);
  g_test_message ("reached step %d of %d; End seen: %s", run.step, STEP_DONE,
                  run.saw_end ? "yes" : "no");
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.step, ==, STEP_DONE);
  g_assert_cmpint (status, ==, 0);
  /* sipp got its 200 OK, ACKed and hung up */
  dt_test_sipp_assert_ok (run.sipp, 20000);

  g_clear_pointer (&run.sipp, dt_test_peer_free);
  g_clear_object (&run.app);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  dt_sip_library_init ();
  /* stdout is the TAP stream */
  g_log_writer_default_set_use_stderr (TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/app/window/answer-real-call", test_answer_in_window);
  g_test_add_func ("/app/window/transfer-real-call", test_transfer_in_window);

  return g_test_run ();
}
