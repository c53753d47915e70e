/* test-app-notify.c: the dialtone process rings on the desktop
 *
 * The built binary (DT_DIALTONE), headless, on the harness's private bus
 * with python-dbusmock's notification daemon: sipp calls it over SIP, the
 * notification's Answer button, or a script over D-Bus, answers the call
 * (sipp gets its 200 OK) and the notification goes away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dt-notify-mock.h"
#include "dt-test-peer.h"

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Answers the one ringing call as a script would, over D-Bus */
static void
answer_over_dbus (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) answered = NULL;
  const char *path;

  reply = g_dbus_connection_call_sync (bus, "org.dialtone.Dialtone", "/org/dialtone/Dialtone",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.dialtone.Manager", "IncomingCalls"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  g_assert_cmpuint (g_variant_n_children (value), ==, 1);
  g_variant_get_child (value, 0, "&o", &path);

  answered = g_dbus_connection_call_sync (bus, "org.dialtone.Dialtone", path, "org.dialtone.Call",
                                          "Answer", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
test_answer (gconstpointer data)
{
  gboolean from_notification = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) dialtone = NULL;
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autofree char *port = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *notify = NULL;
  guint16 sip_port = dt_test_free_port ();
  gboolean exited = FALSE;
  guint n_before = dt_notify_mock_count ("Notify");
  guint32 id;

  g_assert_no_error (error);
  port = g_strdup_printf ("%u", sip_port);
  remote = g_strdup_printf ("127.0.0.1:%u", sip_port);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  dialtone = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DT_DIALTONE"),
                                          "--headless", "--sip-port", port, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (dialtone, NULL, on_exited, &exited);
  g_assert_true (dt_test_spin_until (dt_test_udp_port_in_use (sip_port) || exited, 20000));
  g_assert_false (exited);

  sipp = dt_test_sipp_start ("uac-call.xml", dt_test_free_port (), remote, NULL, &error);
  g_assert_no_error (error);

  id = dt_notify_mock_wait_for_notify (n_before);
  notify = dt_notify_mock_last_notify ();
  g_test_message ("%s", notify);
  g_assert_nonnull (strstr (notify, "\"Incoming call\""));
  g_assert_nonnull (strstr (notify, "\"category\": \"call.incoming\""));
  g_assert_false (dt_notify_mock_was_closed (id));
  /* Nobody has answered: it still rings */
  g_assert_false (dt_test_sipp_logged (sipp, "SIP/2.0 200 OK"));

  if (from_notification)
    dt_notify_mock_invoke_action (bus, id, "answer");
  else
    answer_over_dbus (bus);
  dt_test_sipp_assert_ok (sipp, 40000);
  g_assert_true (dt_notify_mock_wait_closed (id));

  g_subprocess_send_signal (dialtone, SIGTERM);
  g_assert_true (dt_test_spin_until (exited, 20000));
  g_assert_true (g_subprocess_get_if_exited (dialtone));
  g_assert_cmpint (g_subprocess_get_exit_status (dialtone), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DT_NOTIFY_MOCK_LOG") == NULL || g_getenv ("DT_DIALTONE") == NULL)
    {
      g_print ("1..0 # SKIP needs dt-harness --notifications and DT_DIALTONE\n");
      return 0;
    }

  g_test_add_data_func ("/app-notify/answer/from-notification", GINT_TO_POINTER (TRUE), test_answer);
  g_test_add_data_func ("/app-notify/answer/over-dbus", GINT_TO_POINTER (FALSE), test_answer);

  return g_test_run ();
}
