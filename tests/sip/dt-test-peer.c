/* dt-test-peer.c: real SIP peers (sipp, baresip) for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "dt-test-peer.h"

struct _DtTestPeer
{
  GSubprocess *process;
  char        *name;
  char        *dir;
  gboolean     exited;
  int          status;
};

static GSocket *
bind_loopback (GSocketType   type,
               guint16       port,
               GError      **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error))
    return NULL;
  return g_steal_pointer (&socket);
}

void
dt_test_ephemeral_range (guint16 *low,
                         guint16 *high)
{
  g_autofree char *range = NULL;
  char *end = NULL;

  *low = 32768;
  *high = 60999;
  if (!g_file_get_contents ("/proc/sys/net/ipv4/ip_local_port_range", &range, NULL, NULL))
    return;
  *low = CLAMP (g_ascii_strtoull (range, &end, 10), 12000, 65000);
  *high = CLAMP (g_ascii_strtoull (end, NULL, 10), *low, 65535);
}

/* The lowest port the kernel hands out for a bind to port 0 */
static guint16
ephemeral_low (void)
{
  guint16 low, high;

  dt_test_ephemeral_range (&low, &high);
  return low;
}

/* Test programs run in parallel and each picks ports on its own: a
 * block is only ours once we hold its lock file. The lock is held until
 * the process exits (the kernel drops it even on a crash), so no other
 * test process can be handed the same block while our peers use it. */
static gboolean
reserve_block (guint16 port)
{
  g_autofree char *dir = g_strdup_printf ("%s/dialtone-test-ports-%u",
                                          g_get_tmp_dir (), (guint) getuid ());
  g_autofree char *path = g_strdup_printf ("%s/%u", dir, port);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("cannot create %s: %s", dir, g_strerror (errno));
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    g_error ("cannot open %s: %s", path, g_strerror (errno));
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return FALSE;
    }
  return TRUE;
}

guint16
dt_test_free_port (void)
{
  /* Ports come from below the ephemeral range: a port the kernel chose
   * for a bind to port 0 and that was let go again would be handed to
   * the next such bind (another test's stack, RTP socket or peer) before
   * our peer binds it. Ports come in aligned blocks of four, all free,
   * for sipp's media sockets (port and port + 2, each with its RTCP
   * neighbour); blocks never overlap, and a block handed out is never
   * handed out again, in this process or any other. */
  guint16 low = ephemeral_low ();

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      guint16 port = g_random_int_range (low - 10000, low - 4) & ~3u;
      g_autoptr(GSocket) tcp = NULL;
      GSocket *udp[4] = { NULL, };
      gboolean free_block = TRUE;

      if (!reserve_block (port))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (udp) && free_block; i++)
        {
          udp[i] = bind_loopback (G_SOCKET_TYPE_DATAGRAM, port + i, NULL);
          free_block = udp[i] != NULL;
        }
      if (free_block)
        tcp = bind_loopback (G_SOCKET_TYPE_STREAM, port, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (udp); i++)
        g_clear_object (&udp[i]);
      /* A block in use by something else stays locked, so it is not
       * tried again */
      if (tcp != NULL)
        return port;
    }

  g_error ("no free port on 127.0.0.1");
}

gboolean
dt_test_udp_port_in_use (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = bind_loopback (G_SOCKET_TYPE_DATAGRAM, port, &error);

  return socket == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
}

char *
dt_test_find_program (const char *name)
{
  g_autofree char *in_sbin = g_build_filename ("/usr/sbin", name, NULL);
  char *path = g_find_program_in_path (name);

  if (path == NULL && g_file_test (in_sbin, G_FILE_TEST_IS_EXECUTABLE))
    path = g_steal_pointer (&in_sbin);
  return path;
}

gboolean
dt_test_require_peer (const char *program,
                      const char *package)
{
  g_autofree char *path = dt_test_find_program (program);

  if (path != NULL)
    return TRUE;

  if (package != NULL)
    g_print ("1..0 # SKIP %s (package %s) is not installed\n", program, package);
  else
    g_print ("1..0 # SKIP %s is not installed\n", program);
  return FALSE;
}

static void
on_peer_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  DtTestPeer *peer = data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    {
      peer->exited = TRUE;
      peer->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                     ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                     : -1;
    }
}

static void
die_with_parent (gpointer data)
{
  /* A test that aborts on a failed assertion must not leave peers behind */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

DtTestPeer *
dt_test_peer_spawn (const char * const *argv,
                    GError            **error)
{
  g_autofree char *dir = g_dir_make_tmp ("dt-peer-XXXXXX", error);

  if (dir == NULL)
    return NULL;
  return dt_test_peer_spawn_in (g_steal_pointer (&dir), argv, error);
}

DtTestPeer *
dt_test_peer_spawn_in (char               *dir,
                       const char * const *argv,
                       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  DtTestPeer *peer = g_new0 (DtTestPeer, 1);

  peer->name = g_path_get_basename (argv[0]);
  peer->dir = dir;

  out = g_build_filename (peer->dir, "stdout.log", NULL);
  err = g_build_filename (peer->dir, "stderr.log", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_set_cwd (launcher, peer->dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_subprocess_launcher_set_stderr_file_path (launcher, err);

  peer->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (peer->process == NULL)
    {
      dt_test_peer_free (peer);
      return NULL;
    }

  g_test_message ("started %s, pid %s, in %s", peer->name,
                  g_subprocess_get_identifier (peer->process), peer->dir);
  g_subprocess_wait_async (peer->process, NULL, on_peer_exited, peer);
  return peer;
}

gboolean
dt_test_peer_wait (DtTestPeer *peer,
                   guint       timeout_ms,
                   int        *exit_status)
{
  if (!dt_test_spin_until (peer->exited, timeout_ms))
    return FALSE;
  if (exit_status != NULL)
    *exit_status = peer->status;
  return TRUE;
}

void
dt_test_peer_stop (DtTestPeer *peer)
{
  if (peer->process == NULL || peer->exited)
    return;

  g_subprocess_send_signal (peer->process, SIGTERM);
  if (!dt_test_peer_wait (peer, 2000, NULL))
    {
      g_subprocess_force_exit (peer->process);
      if (!dt_test_peer_wait (peer, 2000, NULL))
        g_test_message ("%s did not die", peer->name);
    }
}

gboolean
dt_test_peer_has_exited (DtTestPeer *peer)
{
  return peer->exited;
}

GPid
dt_test_peer_get_pid (DtTestPeer *peer)
{
  const char *id = g_subprocess_get_identifier (peer->process);

  return id != NULL ? (GPid) atoi (id) : 0;
}

const char *
dt_test_peer_get_dir (DtTestPeer *peer)
{
  return peer->dir;
}

static void
append_file (GString    *text,
             const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  if (g_file_get_contents (path, &contents, NULL, NULL) && *contents != '\0')
    g_string_append_printf (text, "--- %s\n%s\n", name, contents);
}

char *
dt_test_peer_dup_output (DtTestPeer *peer)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GDir) dir = g_dir_open (peer->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".log") || g_str_has_suffix (name, ".txt"))
        append_file (text, peer->dir, name);
    }
  return g_string_free (text, FALSE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
dt_test_peer_free (DtTestPeer *peer)
{
  if (peer->process != NULL)
    {
      dt_test_peer_stop (peer);
      /* A late wait callback must not find a freed peer */
      if (!peer->exited)
        return;
      g_clear_object (&peer->process);
    }
  if (peer->dir != NULL)
    remove_tree (peer->dir);
  g_free (peer->dir);
  g_free (peer->name);
  g_free (peer);
}

DtTestPeer *
dt_test_sipp_start (const char         *scenario,
                    guint16             port,
                    const char         *remote,
                    const char * const *extra,
                    GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (DT_SIP_SCENARIO_DIR, scenario, NULL);
  DtTestPeer *peer;

  g_ptr_array_add (argv, g_strdup ("sipp"));
  g_ptr_array_add (argv, g_strdup ("-sf"));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  g_ptr_array_add (argv, g_strdup ("-mp"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", dt_test_free_port ()));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("1"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-trace_msg"));
  g_ptr_array_add (argv, g_strdup ("-message_file"));
  g_ptr_array_add (argv, g_strdup ("messages.log"));
  g_ptr_array_add (argv, g_strdup ("-trace_err"));
  g_ptr_array_add (argv, g_strdup ("-error_file"));
  g_ptr_array_add (argv, g_strdup ("errors.log"));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  if (remote != NULL)
    g_ptr_array_add (argv, g_strdup (remote));
  g_ptr_array_add (argv, NULL);

  peer = dt_test_peer_spawn ((const char * const *) argv->pdata, error);
  if (peer == NULL || remote != NULL)
    return peer;

  if (!dt_test_spin_until (dt_test_udp_port_in_use (port) || peer->exited, 5000) || peer->exited)
    {
      g_autofree char *output = dt_test_peer_dup_output (peer);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "sipp did not listen on port %u:\n%s", port, output);
      dt_test_peer_free (peer);
      return NULL;
    }
  return peer;
}

void
dt_test_sipp_assert_ok (DtTestPeer *peer,
                        guint       timeout_ms)
{
  int status = -1;
  gboolean exited = dt_test_peer_wait (peer, timeout_ms, &status);

  if (!exited || status != 0)
    {
      g_autofree char *output = dt_test_peer_dup_output (peer);

      g_test_message ("sipp %s (status %d):\n%s",
                      exited ? "failed" : "did not finish", status, output);
    }
  g_assert_true (exited);
  g_assert_cmpint (status, ==, 0);
}

gboolean
dt_test_sipp_logged (DtTestPeer *peer,
                     const char *text)
{
  g_autofree char *path = g_build_filename (dt_test_peer_get_dir (peer), "messages.log", NULL);
  g_autofree char *log = NULL;

  return g_file_get_contents (path, &log, NULL, NULL) && strstr (log, text) != NULL;
}
