/* test-harness.c: checks that dt-harness hands a program the sealed session it promises.
 *
 * Run as `dt-harness [FLAGS] -- test-harness --expect=all|none`. With "all" every service
 * flag was given and each service must answer; with "none" no flag was given and none of
 * them may be reachable.
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

static gboolean expect_services;

static const char *
harness_dir (void)
{
  const char *dir = g_getenv ("DT_HARNESS_DIR");

  g_assert_nonnull (dir);
  g_assert_true (g_path_is_absolute (dir));
  return dir;
}

static void
assert_inside_harness_dir (const char *path)
{
  g_autofree char *prefix = g_strconcat (harness_dir (), G_DIR_SEPARATOR_S, NULL);

  g_assert_nonnull (path);
  if (!g_str_has_prefix (path, prefix))
    g_error ("%s is not inside the harness dir %s", path, prefix);
}

static gboolean
bus_name_has_owner (GDBusConnection *bus,
                    const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Runs a command line; returns its stdout, asserting a zero exit status. */
static char *
run (const char *command_line)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_assert_true (g_shell_parse_argv (command_line, NULL, &argv, NULL));
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("`%s` failed: %s\n%s", command_line, error->message, err);
  return out;
}

static void
test_dbus_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *path;

  g_assert_nonnull (address);
  path = strstr (address, "unix:path=");
  g_assert_nonnull (path);
  {
    g_autofree char *socket = g_strndup (path + strlen ("unix:path="),
                                         strcspn (path + strlen ("unix:path="), ",;"));
    assert_inside_harness_dir (socket);
  }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_dbus_connection_get_unique_name (bus));

  /* Our own bus config names one service dir, the harness's, and no system ones. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree const char **names = NULL;

    g_variant_get (reply, "(^a&s)", &names);
    for (gsize i = 0; names[i] != NULL; i++)
      g_assert_true (g_str_equal (names[i], "org.freedesktop.DBus"));
  }

  assert_inside_harness_dir (g_getenv ("DT_HARNESS_DBUS_SERVICE_DIR"));
  g_assert_true (g_file_test (g_getenv ("DT_HARNESS_DBUS_SERVICE_DIR"), G_FILE_TEST_IS_DIR));
}

static void
test_xdg_dirs (void)
{
  const char *vars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };
  struct stat st;

  for (gsize i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *dir = g_getenv (vars[i]);
      g_autofree char *file = NULL;
      g_autoptr(GError) error = NULL;

      assert_inside_harness_dir (dir);
      file = g_build_filename (dir, "probe.txt", NULL);
      g_file_set_contents (file, vars[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_unlink (file), ==, 0);
    }

  /* GLib reads them as the user dirs. */
  g_assert_cmpstr (g_get_user_config_dir (), ==, g_getenv ("XDG_CONFIG_HOME"));
  g_assert_cmpstr (g_get_user_data_dir (), ==, g_getenv ("XDG_DATA_HOME"));
  g_assert_cmpstr (g_get_user_runtime_dir (), ==, g_getenv ("XDG_RUNTIME_DIR"));

  g_assert_cmpint (stat (g_getenv ("XDG_RUNTIME_DIR"), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (st.st_uid, ==, getuid ());
}

static void
test_environment (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *compiled = NULL;

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "keyfile");
  g_assert_cmpstr (g_getenv ("GTK_A11Y"), ==, "none");
  g_assert_cmpstr (g_getenv ("NO_AT_BRIDGE"), ==, "1");
  g_assert_cmpstr (g_getenv ("GDK_BACKEND"), ==, "x11");
  g_assert_cmpstr (g_getenv ("LANG"), ==, "C.UTF-8");
  g_assert_null (g_getenv ("WAYLAND_DISPLAY"));

  /* The build's compiled schemas, with the app's keys in a keyfile of the
   * test's own that pins SIP to loopback */
  g_assert_nonnull (schema_dir);
  compiled = g_build_filename (schema_dir, "gschemas.compiled", NULL);
  g_assert_true (g_file_test (compiled, G_FILE_TEST_IS_REGULAR));
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "org.dialtone.Dialtone", FALSE);
  g_assert_nonnull (schema);
  g_assert_true (g_settings_schema_has_key (schema, "sip-port"));
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.dialtone.Dialtone");
    g_autoptr(GSettingsBackend) backend = NULL;

    g_autofree char *address = NULL;
    g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                                 "keyfile", NULL);

    g_object_get (settings, "backend", &backend, NULL);
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GKeyfileSettingsBackend");
    address = g_settings_get_string (settings, "sip-address");
    g_assert_cmpstr (address, ==, "127.0.0.1");
    g_assert_cmpuint (g_settings_get_uint (settings, "max-calls"), ==, 4);
    g_assert_true (g_settings_set_uint (settings, "max-calls", 2));
    g_assert_cmpuint (g_settings_get_uint (settings, "max-calls"), ==, 2);
    g_settings_sync ();
    g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_pulse (void)
{
  const char *server = g_getenv ("PULSE_SERVER");
  g_autofree char *sinks = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *long_sinks = NULL;

  if (!expect_services)
    {
      g_autofree char *err = NULL;
      int wait_status = 0;
      const char *argv[] = { "pactl", "info", NULL };

      g_assert_null (server);
      /* No sound server answers, and none gets spawned for us. */
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                   NULL, NULL, &err, &wait_status, NULL));
      g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
      return;
    }

  g_assert_nonnull (server);
  g_assert_true (g_str_has_prefix (server, "unix:"));
  assert_inside_harness_dir (server + strlen ("unix:"));

  sinks = run ("pactl list short sinks");
  g_assert_nonnull (strstr (sinks, "dt_speaker_a\t"));
  g_assert_nonnull (strstr (sinks, "dt_speaker_b\t"));

  sources = run ("pactl list short sources");
  g_assert_nonnull (strstr (sources, "dt_speaker_a.monitor\t"));
  g_assert_nonnull (strstr (sources, "dt_speaker_b.monitor\t"));
  g_assert_nonnull (strstr (sources, "dt_mic\t"));

  long_sinks = run ("pactl list sinks");
  g_assert_nonnull (strstr (long_sinks, "Description: Speaker A\n"));
  g_assert_nonnull (strstr (long_sinks, "Description: Speaker B\n"));

  /* Each sink runs at a sound card's latency, not an idle null sink's 2 s
   * blocks, which held a new stream's first sound back for that long */
  {
    const char *at = long_sinks;
    guint n_sinks = 0;

    while ((at = strstr (at, "configured ")) != NULL)
      {
        guint64 usec = g_ascii_strtoull (at + strlen ("configured "), NULL, 10);

        g_assert_cmpuint (usec, >, 0);
        g_assert_cmpuint (usec, <=, 40000);
        n_sinks++;
        at++;
      }
    g_assert_cmpuint (n_sinks, ==, 3);
  }
}

static const SecretSchema probe_schema = {
  .name = "org.dialtone.Dialtone.HarnessProbe",
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "probe", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL },
  },
};

/* Runs secret-tool with ARGV, feeding it INPUT; returns its stdout, asserting success. The
 * secret goes through a separate process: libsecret 0.20.5 itself leaks a D-Bus reply per
 * lookup, which would fail this test under LeakSanitizer for nothing of ours. */
static char *
secret_tool (const char  *input,
             const char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s %s failed: %s", argv[0], argv[1], err);
  return out;
}

static void
test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *found = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *gone = NULL;
  const char *store[] = { "secret-tool", "store", "--label=Harness probe",
                          "probe", "one", NULL };
  const char *lookup[] = { "secret-tool", "lookup", "probe", "one", NULL };
  const char *clear[] = { "secret-tool", "clear", "probe", "one", NULL };

  if (!expect_services)
    {
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

      g_assert_false (bus_name_has_owner (bus, "org.freedesktop.secrets"));
      secret_password_lookup_sync (&probe_schema, NULL, &error, "probe", "bare", NULL);
      g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN);
      return;
    }

  stored = secret_tool ("s3cret", store);
  found = secret_tool (NULL, lookup);
  g_assert_cmpstr (found, ==, "s3cret");

  cleared = secret_tool (NULL, clear);
  {
    /* A lookup that finds nothing exits non-zero with no output. */
    g_autoptr(GSubprocess) proc = g_subprocess_newv (lookup, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                     &error);

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &gone, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (g_subprocess_get_successful (proc));
    g_assert_cmpstr (gone, ==, "");
  }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL;
}

static void
test_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) caps = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;
  const char *log = g_getenv ("DT_NOTIFY_MOCK_LOG");
  gboolean has_actions = FALSE;
  gint64 deadline;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  if (!expect_services)
    {
      g_assert_null (log);
      g_assert_false (bus_name_has_owner (bus, "org.freedesktop.Notifications"));
      return;
    }

  caps = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                      "/org/freedesktop/Notifications",
                                      "org.freedesktop.Notifications", "GetCapabilities",
                                      NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                      5000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (caps, "(^a&s)", &names);
  for (gsize i = 0; names[i] != NULL; i++)
    has_actions |= g_str_equal (names[i], "actions");
  g_assert_true (has_actions);

  /* The mock records each Notify call in the log the harness exports. */
  assert_inside_harness_dir (log);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "Notify",
                                       g_variant_new ("(susssasa{sv}i)", "Dialtone", 0,
                                                      "call-start-symbolic", "Harness probe",
                                                      "body", NULL, NULL, -1),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!file_contains (log, "Harness probe") && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_true (file_contains (log, "Notify \"Dialtone\""));
}

static void
test_x11 (void)
{
  const char *display = g_getenv ("DISPLAY");
  g_autofree char *info = NULL;

  if (!expect_services)
    {
      g_assert_null (display);
      return;
    }

  g_assert_nonnull (display);
  g_assert_true (display[0] == ':');
  info = run ("xdpyinfo");
  g_assert_nonnull (strstr (info, "1280x1024 pixels"));
  g_assert_nonnull (strstr (info, "depth of root window:    24 planes"));
}

int
main (int   argc,
      char *argv[])
{
  int kept = 1;

  /* Our own option first: g_test_init() would keep it but not understand it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--expect=all"))
        expect_services = TRUE;
      else if (!g_str_equal (argv[i], "--expect=none"))
        argv[kept++] = argv[i];
    }
  argc = kept;
  argv[argc] = NULL;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/harness/dbus-private", test_dbus_private);
  g_test_add_func ("/harness/xdg-dirs", test_xdg_dirs);
  g_test_add_func ("/harness/environment", test_environment);
  g_test_add_func ("/harness/pulse", test_pulse);
  g_test_add_func ("/harness/keyring", test_keyring);
  g_test_add_func ("/harness/notifications", test_notifications);
  g_test_add_func ("/harness/x11", test_x11);

  return g_test_run ();
}
