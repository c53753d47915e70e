/* dt-dbus-test-world.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>

#include <gst/gst.h>

#include "dt-dbus-test-world.h"
#include "dt-test-audio.h"

#define BUS_NAME "org.dialtone.Dialtone"
#define ROOT "/org/dialtone/Dialtone"
/* kamailio's passwords (dt-test-kamailio.h) */
#define ALICE_PASSWORD "alice-secret"
#define BOB_PASSWORD "bob-secret"

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  DtDbusTestWorld *self = user_data;

  g_free (self->owner);
  self->owner = g_strdup (owner);
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  DtDbusTestWorld *self = user_data;

  self->vanished = self->owner != NULL;
  g_clear_pointer (&self->owner, g_free);
}

static gboolean
has_owner_or_died (gpointer data)
{
  DtDbusTestWorld *self = data;

  return self->owner != NULL || dt_test_peer_has_exited (self->dialtone);
}

static gboolean
has_direct_line (gpointer data)
{
  DtDbusTestWorld *self = data;
  g_autofree char *line = dt_dbus_test_client_get_string (self->client, "", "Manager.DirectLine");

  return !g_str_equal (line, "/");
}

static gboolean
bob_bound (gpointer data)
{
  g_autofree char *contacts = dt_test_kamailio_lookup (data, "bob");

  return contacts != NULL;
}

static gboolean
alice_unbound (gpointer data)
{
  g_autofree char *contacts = dt_test_kamailio_lookup (data, "alice");

  return contacts == NULL;
}

static gboolean
has_vanished (gpointer data)
{
  return ((DtDbusTestWorld *) data)->vanished;
}

static guint
owner_pid (DtDbusTestWorld *self)
{
  g_autoptr(GVariant) reply = NULL;
  guint pid;

  reply = dt_dbus_test_client_ok (self->client, "/org/freedesktop/DBus",
                                  "org.freedesktop.DBus.GetConnectionUnixProcessID",
                                  g_variant_new ("(s)", self->owner));
  g_variant_get (reply, "(u)", &pid);

  return pid;
}

static void
start_dialtone (DtDbusTestWorld *self)
{
  const char *dialtone = g_getenv ("DT_DIALTONE");
  /* Through env(1), which execs it: its own default sink (PULSE_SINK is
   * baresip's), and any critical a failure rather than a line in a log */
  const char * const argv[] = { "env", "-u", "PULSE_SINK", "G_DEBUG=fatal-criticals",
                                dialtone, "--headless", "--sip-port", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *direct_uri = NULL;

  g_assert_nonnull (dialtone);
  self->dialtone = dt_test_peer_spawn (argv, &error);
  g_assert_no_error (error);

  g_assert_true (dt_test_spin (has_owner_or_died, self, DT_DBUS_TEST_STARTUP_MS));
  g_assert_false (dt_test_peer_has_exited (self->dialtone));
  self->client = dt_dbus_test_client_new (self->connection, self->owner, ROOT);
  self->pid = owner_pid (self);
  /* Accounts are taken once the SIP stack is up, with the direct line */
  g_assert_true (dt_test_spin (has_direct_line, self, DT_DBUS_TEST_STARTUP_MS));
  /* Only loopback carries test traffic: the harness pins sip-address */
  direct_uri = dt_dbus_test_client_get_string (self->client, "", "Manager.DirectUri");
  g_assert_true (g_str_has_prefix (direct_uri, "sip:127.0.0.1:"));
}

void
dt_dbus_test_world_init (int    *argc,
                         char ***argv)
{
  setlocale (LC_ALL, "");
  /* Where baresip plays, inherited before any thread runs (dialtone is
   * started without it) */
  g_setenv ("PULSE_SINK", DT_DBUS_TEST_BOB_SINK, TRUE);
  gst_init (argc, argv);
  g_test_init (argc, argv, NULL);
}

DtDbusTestWorld *
dt_dbus_test_world_new (void)
{
  g_autoptr(DtDbusTestWorld) self = g_new0 (DtDbusTestWorld, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->watch = g_bus_watch_name_on_connection (self->connection, BUS_NAME,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                on_name_appeared, on_name_vanished, self, NULL);

  self->kamailio = dt_test_kamailio_start (FALSE, &error);
  g_assert_no_error (error);
  self->alice_aor = dt_test_kamailio_aor (self->kamailio, "alice");
  self->bob_aor = dt_test_kamailio_aor (self->kamailio, "bob");

  account = g_strdup_printf ("\"Bob\" <%s>;auth_pass=" BOB_PASSWORD ";regint=600;"
                             "answermode=auto;audio_codecs=PCMU", self->bob_aor);
  self->bob = dt_test_baresip_start_account (account, TRUE, &error);
  g_assert_no_error (error);
  /* It may have registered before its ctrl_tcp was connected: ask kamailio */
  g_assert_true (dt_test_spin (bob_bound, self->kamailio, DT_DBUS_TEST_TIMEOUT_MS));

  start_dialtone (self);

  return g_steal_pointer (&self);
}

void
dt_dbus_test_world_free (DtDbusTestWorld *self)
{
  if (self->dialtone != NULL)
    {
      g_autofree char *output = NULL;

      dt_test_peer_stop (self->dialtone);
      output = dt_test_peer_dup_output (self->dialtone);
      g_test_message ("dialtone said:\n%s", output);
    }
  g_clear_pointer (&self->dialtone, dt_test_peer_free);
  g_clear_pointer (&self->client, dt_dbus_test_client_free);
  g_clear_pointer (&self->bob, dt_test_baresip_free);
  g_clear_pointer (&self->kamailio, dt_test_kamailio_free);
  if (self->watch != 0)
    g_bus_unwatch_name (self->watch);
  g_clear_object (&self->connection);
  g_free (self->owner);
  g_free (self->alice_aor);
  g_free (self->bob_aor);
  g_free (self->line);
  g_free (self);
}

DtDbusTestWorld *
dt_dbus_test_world_ensure (DtDbusTestWorld **world)
{
  if (*world == NULL)
    {
      *world = dt_dbus_test_world_new ();
      dt_dbus_test_world_add_alice (*world);
    }
  dt_dbus_test_client_clear ((*world)->client);

  return *world;
}

void
dt_dbus_test_world_add_alice (DtDbusTestWorld *self)
{
  g_autofree char *contacts = NULL;
  GVariantDict settings;

  g_assert_null (self->line);
  g_variant_dict_init (&settings, NULL);
  g_variant_dict_insert (&settings, "uri", "s", self->alice_aor);
  g_variant_dict_insert (&settings, "password", "s", ALICE_PASSWORD);
  g_variant_dict_insert (&settings, "display-name", "s", "Alice");
  self->line = dt_dbus_test_client_ok_path (self->client, "", "Manager.AddAccount",
                                            g_variant_new ("(@a{sv})", g_variant_dict_end (&settings)));
  g_assert_true (g_str_has_prefix (self->line, "lines/"));

  dt_dbus_test_world_wait (self, self->line, "Registered()");
  contacts = dt_test_kamailio_lookup (self->kamailio, "alice");
  g_assert_nonnull (contacts);
}

char *
dt_dbus_test_world_event (const char *path,
                          const char *what)
{
  return g_strdup_printf ("%s:%s", path, what);
}

int
dt_dbus_test_world_wait (DtDbusTestWorld *self,
                         const char      *path,
                         const char      *what)
{
  g_autofree char *event = dt_dbus_test_world_event (path, what);

  return dt_dbus_test_client_wait_for (self->client, event);
}

typedef struct {
  DtDbusTestWorld *world;
  const char      *prefix;
} PrefixWait;

static gboolean
has_prefix (gpointer data)
{
  PrefixWait *wait = data;

  return dt_dbus_test_client_find (wait->world->client, wait->prefix) != NULL;
}

const char *
dt_dbus_test_world_poll_prefix (DtDbusTestWorld *self,
                                const char      *prefix,
                                guint            timeout_ms)
{
  PrefixWait wait = { self, prefix };

  dt_test_spin (has_prefix, &wait, timeout_ms);
  return dt_dbus_test_client_find (self->client, prefix);
}

const char *
dt_dbus_test_world_wait_prefix (DtDbusTestWorld *self,
                                const char      *prefix)
{
  PrefixWait wait = { self, prefix };

  if (!dt_test_spin (has_prefix, &wait, DT_DBUS_TEST_TIMEOUT_MS))
    {
      g_autofree char *events = dt_dbus_test_client_take (self->client);

      g_test_message ("waited for “%s…” in vain; got: %s", prefix, events);
      g_assert_not_reached ();
    }

  return dt_dbus_test_client_find (self->client, prefix);
}

char *
dt_dbus_test_world_get_string (DtDbusTestWorld *self,
                               const char      *path,
                               const char      *property)
{
  return dt_dbus_test_client_get_string (self->client, path, property);
}

void
dt_dbus_test_world_assert_order (DtDbusTestWorld *self,
                                 const char      *path,
                                 const char      *what,
                                 const char      *then)
{
  g_autofree char *first = dt_dbus_test_world_event (path, what);
  g_autofree char *second = dt_dbus_test_world_event (path, then);

  dt_dbus_test_client_assert_order (self->client, first, second);
}

void
dt_dbus_test_world_assert_string (DtDbusTestWorld *self,
                                  const char      *path,
                                  const char      *property,
                                  const char      *expected)
{
  g_autofree char *value = dt_dbus_test_client_get_string (self->client, path, property);

  if (g_strcmp0 (value, expected) != 0)
    g_test_message ("%s of “%s”", property, path);
  g_assert_cmpstr (value, ==, expected);
}

gboolean
dt_dbus_test_world_get_boolean (DtDbusTestWorld *self,
                                const char      *path,
                                const char      *property)
{
  g_autoptr(GVariant) value = dt_dbus_test_client_get (self->client, path, property);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN));
  return g_variant_get_boolean (value);
}

void
dt_dbus_test_world_ok (DtDbusTestWorld *self,
                       const char      *path,
                       const char      *method,
                       GVariant        *args)
{
  g_autoptr(GVariant) reply = dt_dbus_test_client_ok (self->client, path, method, args);

  g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE_UNIT));
}

void
dt_dbus_test_world_bob_event (DtDbusTestWorld *self,
                              const char      *type)
{
  if (!dt_test_baresip_wait_event (self->bob, type, DT_DBUS_TEST_TIMEOUT_MS))
    {
      g_autofree char *output = dt_test_baresip_dup_output (self->bob);

      g_test_message ("baresip never reported %s:\n%s", type, output);
      g_assert_not_reached ();
    }
}

char *
dt_dbus_test_world_dial_bob (DtDbusTestWorld *self)
{
  char *path = dt_dbus_test_client_ok_path (self->client, "", "Manager.Dial",
                                            g_variant_new ("(s)", self->bob_aor));

  g_assert_true (g_str_has_prefix (path, "calls/"));
  dt_dbus_test_world_wait (self, path, "Established()");
  dt_dbus_test_world_bob_event (self, "CALL_ESTABLISHED");

  return path;
}

void
dt_dbus_test_world_end_call (DtDbusTestWorld *self,
                             const char      *path)
{
  g_autofree char *removed = g_strdup_printf ("CallRemoved(%s)", path);

  dt_dbus_test_world_ok (self, path, "Call.End", NULL);
  dt_dbus_test_world_wait (self, "", removed);
  dt_dbus_test_world_bob_event (self, "CALL_CLOSED");
}

void
dt_dbus_test_assert_heard (const char *source,
                           double      frequency,
                           const char *what)
{
  g_autoptr(DtTestMeter) meter = dt_test_meter_new (source);
  double level;

  g_assert_true (dt_test_meter_wait_tone (meter, frequency, DT_TEST_HEARD_DB, &level));
  dt_test_note ("%s: %.0f Hz on %s at %.1f dBFS", what, frequency, source, level);
}

void
dt_dbus_test_assert_silent (const char *source,
                            double      frequency,
                            const char *what)
{
  g_autoptr(DtTestMeter) meter = dt_test_meter_new (source);
  double level;

  g_assert_true (dt_test_meter_wait_tone_gone (meter, frequency, DT_TEST_SILENT_DB));
  dt_test_meter_measure (meter, frequency, 1.0, &level);
  dt_test_note ("%s: %.0f Hz on %s at most %.1f dBFS", what, frequency, source, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
}

/* The processes whose parent is one of @pids, added to @pids */
static void
add_children (GArray *pids)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_comm;
      guint64 ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "PID (COMM) STATE PPID …", COMM may hold anything */
      after_comm = strrchr (stat, ')');
      if (after_comm == NULL || strlen (after_comm) < 4)
        continue;
      ppid = g_ascii_strtoull (after_comm + 4, NULL, 10);
      for (guint i = 0; i < pids->len; i++)
        {
          if (g_array_index (pids, guint, i) == ppid)
            {
              guint pid = (guint) g_ascii_strtoull (name, NULL, 10);

              g_array_append_val (pids, pid);
              break;
            }
        }
    }
}

static gboolean
process_alive (guint pid)
{
  return kill ((pid_t) pid, 0) == 0 || errno != ESRCH;
}

void
dt_dbus_test_world_quit (DtDbusTestWorld *self)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *output = NULL;
  gint64 start;
  int status = -1;

  g_array_append_val (pids, self->pid);
  add_children (pids);
  g_test_message ("dialtone runs as %u with %u processes under it", self->pid, pids->len - 1);

  start = g_get_monotonic_time ();
  dt_dbus_test_world_ok (self, "", "Manager.Quit", NULL);
  g_assert_true (dt_test_peer_wait (self->dialtone, DT_DBUS_TEST_TIMEOUT_MS, &status));
  g_test_message ("dialtone exited %" G_GINT64_FORMAT " ms after Quit",
                  (g_get_monotonic_time () - start) / 1000);
  output = dt_test_peer_dup_output (self->dialtone);
  g_test_message ("dialtone said:\n%s", output);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&self->dialtone, dt_test_peer_free);

  g_assert_true (dt_test_spin (has_vanished, self, DT_DBUS_TEST_TIMEOUT_MS));
  for (guint i = 0; i < pids->len; i++)
    g_assert_false (process_alive (g_array_index (pids, guint, i)));

  /* It unregistered before it went: nothing is left for kamailio to expire */
  g_assert_true (alice_unbound (self->kamailio));
}
