/* test-app.c: the dialtone process: headless service, signals, one instance
 *
 * Runs the built binary (DT_DIALTONE) on the harness's private session bus,
 * without a display, as a server would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "dt-test-spin.h"

#define DEADLINE_MS 15000

static GDBusConnection *bus;

typedef struct {
  GSubprocess *process;
  char        *output;
  gboolean     done;
} Child;

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &child->output, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("dialtone said: %s", child->output != NULL ? child->output : "");
  child->done = TRUE;
}

/* A test that dies must not leave a service holding the name */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts dialtone with the arguments given, collecting what it prints until
 * it exits (then child->done is set) */
static Child *
child_spawn (const char *first_arg,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Child *child = g_new0 (Child, 1);
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DT_DIALTONE"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Output is collected, never mixed into the TAP stream */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Headless must not need a display */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  child->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child->process, NULL, NULL, on_communicated, child);

  return child;
}

/* Until the child exits; FALSE when the deadline passes first */
static gboolean
child_wait (Child *child)
{
  return dt_test_spin_until (child->done, DEADLINE_MS);
}

static void
child_free (Child *child)
{
  if (!child->done)
    {
      g_subprocess_force_exit (child->process);
      child_wait (child);
    }
  g_clear_object (&child->process);
  g_free (child->output);
  g_free (child);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Child, child_free)

static void
assert_exited_with (Child *child,
                    int    status)
{
  g_assert_true (child_wait (child));
  g_assert_true (g_subprocess_get_if_exited (child->process));
  g_assert_cmpint (g_subprocess_get_exit_status (child->process), ==, status);
}

/* The unique name that owns org.dialtone.Dialtone, NULL when none */
static char *
name_owner (void)
{
  g_autoptr(GVariant) reply = NULL;
  char *owner = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", "org.dialtone.Dialtone"),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &owner);

  return owner;
}

static guint
owner_pid (const char *owner)
{
  g_autoptr(GVariant) reply = NULL;
  guint pid = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", owner),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);

  return pid;
}

/* Sets *@owner to the name's owner when it is @pid, to NULL otherwise */
static gboolean
owned_by (guint   pid,
          char  **owner)
{
  g_clear_pointer (owner, g_free);
  *owner = name_owner ();
  if (*owner != NULL && owner_pid (*owner) == pid)
    return TRUE;
  g_clear_pointer (owner, g_free);
  return FALSE;
}

/* Until @child itself owns the name (not a service a previous test is still
 * taking down); fails early if it exits instead. Returns the owner. */
static char *
wait_for_name (Child *child)
{
  guint pid = atoi (g_subprocess_get_identifier (child->process));
  char *owner = NULL;

  dt_test_spin_until (child->done || owned_by (pid, &owner), DEADLINE_MS);
  return owner;
}

static gboolean
has_owner (void)
{
  g_autofree char *owner = name_owner ();

  return owner != NULL;
}

/* The bus drops a name a moment after its owner exits */
static gboolean
wait_for_name_gone (void)
{
  return dt_test_spin_until (!has_owner (), DEADLINE_MS);
}

static gboolean
is_running (Child *child)
{
  return !child->done;
}

static void
test_headless_quits_on_signal (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(Child) service = child_spawn ("--headless", "--sip-port", "0", NULL);
  g_autofree char *owner = wait_for_name (service);

  g_assert_nonnull (owner);
  g_assert_true (is_running (service));

  g_subprocess_send_signal (service->process, signum);
  assert_exited_with (service, 0);
  g_assert_true (wait_for_name_gone ());
}

/* app.quit (<Primary>q in the window) ends the service cleanly, here the way
 * a script reaches it: through the actions GApplication puts on the bus */
static void
test_quit_action (void)
{
  g_autoptr(Child) service = child_spawn ("--headless", NULL);
  g_autofree char *owner = wait_for_name (service);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (owner);

  reply = g_dbus_connection_call_sync (bus, owner, "/org/dialtone/Dialtone",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  assert_exited_with (service, 0);
  g_assert_true (wait_for_name_gone ());
}

/* The desktop starts Dialtone through D-Bus activation (the .service file
 * runs `dialtone --gapplication-service`) and hands it sip: links with
 * org.freedesktop.Application.Open. With no display it must come up as the
 * headless service. */
static void
test_dbus_activation (void)
{
  const char *service_dir = g_getenv ("DT_HARNESS_DBUS_SERVICE_DIR");
  g_autofree char *service_file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *uris[] = { "sip:bob@127.0.0.1", NULL };

  if (service_dir == NULL)
    {
      g_test_skip ("not run by dt-harness: no private D-Bus service folder");
      return;
    }

  service_file = g_build_filename (service_dir, "org.dialtone.Dialtone.service", NULL);
  contents = g_strdup_printf ("[D-BUS Service]\nName=org.dialtone.Dialtone\nExec=%s --gapplication-service\n",
                              g_getenv ("DT_DIALTONE"));
  g_file_set_contents (service_file, contents, -1, &error);
  g_assert_no_error (error);

  /* Sent to the well-known name, so the bus starts the service first */
  reply = g_dbus_connection_call_sync (bus, "org.dialtone.Dialtone", "/org/dialtone/Dialtone",
                                       "org.freedesktop.Application", "Open",
                                       g_variant_new ("(^asa{sv})", uris, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, DEADLINE_MS, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);

  reply = g_dbus_connection_call_sync (bus, "org.dialtone.Dialtone", "/org/dialtone/Dialtone",
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_name_gone ());

  g_unlink (service_file);
}

static void
test_single_instance (void)
{
  g_autoptr(Child) service = child_spawn ("--headless", NULL);
  g_autofree char *owner = wait_for_name (service);
  g_autofree char *owner_after = NULL;
  const char *second_launches[][3] = {
    { "--dial", "123", NULL },
    { "sip:bob@127.0.0.1", NULL },
    { "--headless", NULL },
    { NULL },
  };

  g_assert_nonnull (owner);

  /* Each later launch hands its command line to the running service, which
   * answers at once; none of them becomes a second service. */
  for (guint i = 0; second_launches[i][0] != NULL; i++)
    {
      g_autoptr(Child) second = child_spawn (second_launches[i][0], second_launches[i][1], NULL);

      assert_exited_with (second, 0);
      g_assert_true (is_running (service));
    }

  owner_after = name_owner ();
  g_assert_cmpstr (owner_after, ==, owner);

  g_subprocess_send_signal (service->process, SIGTERM);
  assert_exited_with (service, 0);
  g_assert_true (wait_for_name_gone ());
}

static void
test_bad_arguments (void)
{
  const char *bad[][3] = {
    { "--sip-port", "65536" },
    { "--sip-port", "-1" },
    { "--sip-port", "fifty" },
    { "http://example.org/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Child) child = child_spawn ("--headless", bad[i][0], bad[i][1], NULL);

      g_assert_true (child_wait (child));
      g_assert_true (g_subprocess_get_if_exited (child->process));
      g_assert_cmpint (g_subprocess_get_exit_status (child->process), ==, EXIT_FAILURE);
      g_assert_nonnull (child->output);
      g_assert_cmpstr (child->output, !=, "");
    }

  /* None of them got as far as taking the name */
  g_assert_null (name_owner ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DT_DIALTONE") == NULL)
    {
      g_print ("1..0 # SKIP DT_DIALTONE does not name the dialtone binary\n");
      return 0;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_print ("1..0 # SKIP no session bus: %s\n", error->message);
      return 0;
    }

  g_test_add_data_func ("/app/headless/sigterm", GINT_TO_POINTER (SIGTERM), test_headless_quits_on_signal);
  g_test_add_data_func ("/app/headless/sigint", GINT_TO_POINTER (SIGINT), test_headless_quits_on_signal);
  g_test_add_func ("/app/quit-action", test_quit_action);
  g_test_add_func ("/app/single-instance", test_single_instance);
  g_test_add_func ("/app/dbus-activation", test_dbus_activation);
  g_test_add_func ("/app/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
