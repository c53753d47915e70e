/* dt-test-kamailio.c: kamailio as the registrar and proxy of the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>

#include "dt-test-kamailio.h"
#include "dt-test-peer.h"

#define READY_MS    10000
#define MAX_WORKERS 64

struct _DtTestKamailio
{
  DtTestPeer *peer;
  char       *dir;      /* configuration, certificate, control socket */
  char       *config;
  char       *ca_file;
  guint16     port;
  guint16     tls_port;
};

/* The workers of the running instances. A failed assertion aborts the
 * test, which takes kamailio's main process along (its parent-death
 * signal) but not the workers main forked: the abort handler kills them. */
static pid_t workers[MAX_WORKERS];
static volatile sig_atomic_t n_workers;

/* The routing logic; the listen lines and paths are put in front of it */
static const char routing[] =
  "loadmodule \"kex.so\"\n"
  "loadmodule \"corex.so\"\n"
  "loadmodule \"tm.so\"\n"
  "loadmodule \"tmx.so\"\n"
  "loadmodule \"sl.so\"\n"
  "loadmodule \"rr.so\"\n"
  "loadmodule \"pv.so\"\n"
  "loadmodule \"maxfwd.so\"\n"
  "loadmodule \"usrloc.so\"\n"
  "loadmodule \"registrar.so\"\n"
  "loadmodule \"textops.so\"\n"
  "loadmodule \"siputils.so\"\n"
  "loadmodule \"xlog.so\"\n"
  "loadmodule \"htable.so\"\n"
  "loadmodule \"auth.so\"\n"
  "modparam(\"usrloc\", \"db_mode\", 0)\n"
  "modparam(\"registrar\", \"min_expires\", 1)\n"
  "modparam(\"htable\", \"htable\", \"users=>size=4;\")\n"
  "event_route[htable:mod-init] {\n"
  "  $sht(users=>alice) = \"alice-secret\";\n"
  "  $sht(users=>bob) = \"bob-secret\";\n"
  "}\n"
  "request_route {\n"
  "  $var(creds) = \"no\";\n"
  "  if (is_present_hf(\"Authorization\") || is_present_hf(\"Proxy-Authorization\")) {\n"
  "    $var(creds) = \"yes\";\n"
  "  }\n"
  "  xlog(\"L_NOTICE\", \"DT-REQ $rm $fU $tU $pr creds=$var(creds)\\n\");\n"
  "  if (!mf_process_maxfwd_header(\"10\")) {\n"
  "    sl_send_reply(\"483\", \"Too Many Hops\");\n"
  "    exit;\n"
  "  }\n"
  "  if (has_totag()) {\n"
  "    if (loose_route()) {\n"
  "      route(RELAY);\n"
  "    }\n"
  "    if (is_method(\"ACK\")) {\n"
  "      if (t_check_trans()) t_relay();\n"
  "      exit;\n"
  "    }\n"
  "    sl_send_reply(\"404\", \"Not here\");\n"
  "    exit;\n"
  "  }\n"
  "  if (is_method(\"CANCEL\")) {\n"
  "    if (t_check_trans()) route(RELAY);\n"
  "    exit;\n"
  "  }\n"
  "  if (!is_method(\"ACK\")) t_check_trans();\n"
  "  remove_hf(\"Route\");\n"
  "  if (is_method(\"OPTIONS\") && $rU == $null) {\n"
  "    sl_send_reply(\"200\", \"Keepalive\");\n"
  "    exit;\n"
  "  }\n"
  "  if (is_method(\"REGISTER\")) {\n"
  "    if ($sht(users=>$tU) == $null) {\n"
  "      sl_send_reply(\"403\", \"Forbidden\");\n"
  "      exit;\n"
  "    }\n"
  "    if (!pv_auth_check(\"$td\", \"$sht(users=>$tU)\", \"0\", \"1\")) {\n"
  "      auth_challenge(\"$td\", \"1\");\n"
  "      exit;\n"
  "    }\n"
  "    consume_credentials();\n"
  "    if (!save(\"location\")) {\n"
  "      sl_reply_error();\n"
  "      exit;\n"
  "    }\n"
  "    xlog(\"L_NOTICE\", \"DT-SAVED $tU\\n\");\n"
  "    exit;\n"
  "  }\n"
  "  if ($rU == \"challenger\" && !is_method(\"ACK\")) {\n"
  "    auth_challenge(\"$fd\", \"1\");\n"
  "    exit;\n"
  "  }\n"
  "  if ($sht(users=>$fU) != $null && !is_method(\"ACK\")) {\n"
  "    if (!pv_auth_check(\"$fd\", \"$sht(users=>$fU)\", \"0\", \"1\")) {\n"
  "      auth_challenge(\"$fd\", \"1\");\n"
  "      exit;\n"
  "    }\n"
  "    consume_credentials();\n"
  "  }\n"
  "  if (is_method(\"INVITE|SUBSCRIBE|REFER\")) record_route();\n"
  "  if (uri == myself) {\n"
  "    if (!lookup(\"location\")) {\n"
  "      sl_send_reply(\"404\", \"Not Found\");\n"
  "      exit;\n"
  "    }\n"
  "  }\n"
  "  route(RELAY);\n"
  "}\n"
  "route[RELAY] {\n"
  "  if (!t_relay()) sl_reply_error();\n"
  "  exit;\n"
  "}\n";

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  char **out = data;
  g_autofree char *text = NULL;

  if (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &text, NULL, NULL))
    *out = g_steal_pointer (&text);
  else
    *out = g_strdup ("");
}

char *
dt_test_run_command (const char * const *argv,
                     guint               timeout_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               NULL);
  if (process == NULL)
    return NULL;

  g_subprocess_communicate_utf8_async (process, NULL, cancellable, on_communicated, &out);
  if (!dt_test_spin_until (out != NULL, timeout_ms))
    {
      g_cancellable_cancel (cancellable);
      g_subprocess_force_exit (process);
      dt_test_spin_until (out != NULL, timeout_ms);
      g_free (out);
      return NULL;
    }
  return out;
}

static gboolean
make_certificate (DtTestKamailio  *self,
                  GError         **error)
{
  g_autofree char *key = g_build_filename (self->dir, "key.pem", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", key, "-out", self->ca_file, NULL,
  };

  out = dt_test_run_command (argv, READY_MS);
  if (out == NULL || !g_file_test (self->ca_file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "openssl made no certificate: %s",
                   out != NULL ? out : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_config (DtTestKamailio  *self,
              gboolean         tls,
              GError         **error)
{
  g_autoptr(GString) config = g_string_new ("#!KAMAILIO\n");
  g_autofree char *tls_config = NULL;

  g_string_append (config,
                   "debug=2\n"
                   "log_stderror=yes\n"
                   "children=2\n"
                   "tcp_children=2\n"
                   "auto_aliases=no\n");
  g_string_append_printf (config,
                          "listen=udp:127.0.0.1:%u\n"
                          "listen=tcp:127.0.0.1:%u\n",
                          self->port, self->port);
  if (tls)
    {
      g_autofree char *key = g_build_filename (self->dir, "key.pem", NULL);
      g_autofree char *tls_path = g_build_filename (self->dir, "tls.cfg", NULL);

      tls_config = g_strdup_printf ("[server:default]\n"
                                    "method = TLSv1.2+\n"
                                    "verify_certificate = no\n"
                                    "require_certificate = no\n"
                                    "private_key = %s\n"
                                    "certificate = %s\n"
                                    "[client:default]\n"
                                    "verify_certificate = no\n"
                                    "require_certificate = no\n",
                                    key, self->ca_file);
      if (!g_file_set_contents (tls_path, tls_config, -1, error))
        return FALSE;
      g_string_append_printf (config,
                              "enable_tls=yes\n"
                              "listen=tls:127.0.0.1:%u\n"
                              "loadmodule \"tls.so\"\n"
                              "modparam(\"tls\", \"config\", \"%s\")\n",
                              self->tls_port, tls_path);
    }
  g_string_append_printf (config, "loadmodule \"ctl.so\"\n"
                                  "modparam(\"ctl\", \"binrpc\", \"unix:%s/ctl.sock\")\n",
                          self->dir);
  g_string_append (config, routing);

  self->config = g_build_filename (self->dir, "kamailio.cfg", NULL);
  return g_file_set_contents (self->config, config->str, -1, error);
}

typedef struct {
  DtTestKamailio *self;
  GSocket        *socket;
  gint64          last_sent;
  gboolean        ready;
} Probe;

/* Reads what came back, and sends an OPTIONS to kamailio itself every
 * 100 ms; TRUE once one was answered 200 */
static gboolean
probe (Probe *state)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, state->self->port);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (state->socket, NULL);
  guint16 local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  guint16 port = state->self->port;
  g_autofree char *request = NULL;
  char reply[2048];
  gssize n;

  while ((n = g_socket_receive (state->socket, reply, sizeof reply - 1, NULL, NULL)) > 0)
    {
      reply[n] = '\0';
      state->ready = state->ready || g_str_has_prefix (reply, "SIP/2.0 200");
    }
  if (state->ready || g_get_monotonic_time () - state->last_sent < 100000)
    return state->ready;

  state->last_sent = g_get_monotonic_time ();
  request = g_strdup_printf ("OPTIONS sip:127.0.0.1:%u SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK%08x\r\n"
                             "From: <sip:probe@127.0.0.1:%u>;tag=%08x\r\n"
                             "To: <sip:127.0.0.1:%u>\r\n"
                             "Call-ID: %08x@127.0.0.1\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n\r\n",
                             port, local_port, g_random_int (), local_port,
                             g_random_int (), port, g_random_int ());
  g_socket_send_to (state->socket, to, request, strlen (request), NULL, NULL);
  return FALSE;
}

static gboolean
wait_ready (DtTestKamailio  *self,
            GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  Probe state = { self, NULL, 0, FALSE };

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return FALSE;
  g_socket_set_blocking (socket, FALSE);
  state.socket = socket;

  if (!dt_test_spin_until (probe (&state) || dt_test_peer_has_exited (self->peer), READY_MS) ||
      !state.ready)
    {
      g_autofree char *output = dt_test_peer_dup_output (self->peer);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "kamailio did not answer OPTIONS on port %u:\n%s", self->port, output);
      return FALSE;
    }
  return TRUE;
}

static void
kill_workers (int signum)
{
  for (sig_atomic_t i = 0; i < n_workers; i++)
    kill (workers[i], SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* The children of kamailio's main process, from /proc */
static void
remember_workers (DtTestKamailio *self)
{
  static gsize handler_set = 0;
  g_autofree char *pid_file = g_build_filename (self->dir, "kamailio.pid", NULL);
  g_autofree char *main_pid = NULL;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  if (g_once_init_enter (&handler_set))
    {
      signal (SIGABRT, kill_workers);
      signal (SIGSEGV, kill_workers);
      g_once_init_leave (&handler_set, 1);
    }

  if (!g_file_get_contents (pid_file, &main_pid, NULL, NULL))
    return;
  g_strstrip (main_pid);

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL && n_workers < MAX_WORKERS)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after_comm;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "PID (COMM) STATE PPID …", COMM may hold anything */
      after_comm = strrchr (stat, ')');
      fields = after_comm != NULL ? g_strsplit (after_comm + 2, " ", 3) : NULL;
      if (fields != NULL && g_strv_length (fields) >= 2 && g_str_equal (fields[1], main_pid))
        workers[n_workers++] = (pid_t) g_ascii_strtoll (name, NULL, 10);
    }
}

/* Stopped instances' workers are gone; their numbers may be reused */
static void
forget_workers (void)
{
  sig_atomic_t kept = 0;

  for (sig_atomic_t i = 0; i < n_workers; i++)
    {
      if (kill (workers[i], 0) == 0)
        workers[kept++] = workers[i];
    }
  n_workers = kept;
}

static gboolean
launch (DtTestKamailio  *self,
        GError         **error)
{
  g_autofree char *kamailio = dt_test_find_program ("kamailio");
  g_autofree char *pid_file = g_build_filename (self->dir, "kamailio.pid", NULL);
  const char *argv[] = {
    kamailio, "-f", self->config, "-DD", "-E", "-w", self->dir, "-P", pid_file,
    "-m", "64", "-M", "8", NULL,
  };

  self->peer = dt_test_peer_spawn (argv, error);
  if (self->peer == NULL || !wait_ready (self, error))
    return FALSE;
  remember_workers (self);
  return TRUE;
}

DtTestKamailio *
dt_test_kamailio_start (gboolean   tls,
                        GError   **error)
{
  g_autoptr(DtTestKamailio) self = g_new0 (DtTestKamailio, 1);

  self->dir = g_dir_make_tmp ("dt-kamailio-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->ca_file = g_build_filename (self->dir, "cert.pem", NULL);
  self->port = dt_test_free_port ();
  if (tls)
    self->tls_port = dt_test_free_port ();

  if ((tls && !make_certificate (self, error)) || !write_config (self, tls, error) ||
      !launch (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
dt_test_kamailio_has_tls (void)
{
  static const char *const libdirs[] = { "/usr/lib", "/usr/lib64", "/usr/local/lib" };

  for (guint i = 0; i < G_N_ELEMENTS (libdirs); i++)
    {
      g_autofree char *direct = g_build_filename (libdirs[i], "kamailio", "modules", "tls.so", NULL);
      g_autoptr(GDir) dir = g_dir_open (libdirs[i], 0, NULL);
      const char *name;

      if (g_file_test (direct, G_FILE_TEST_EXISTS))
        return TRUE;
      /* Debian's multiarch directories: /usr/lib/x86_64-linux-gnu/… */
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *module = g_build_filename (libdirs[i], name, "kamailio", "modules",
                                                      "tls.so", NULL);

          if (g_file_test (module, G_FILE_TEST_EXISTS))
            return TRUE;
        }
    }
  return FALSE;
}

guint16
dt_test_kamailio_get_port (DtTestKamailio *self)
{
  return self->port;
}

guint16
dt_test_kamailio_get_tls_port (DtTestKamailio *self)
{
  return self->tls_port;
}

const char *
dt_test_kamailio_get_ca_file (DtTestKamailio *self)
{
  return self->ca_file;
}

char *
dt_test_kamailio_aor (DtTestKamailio *self,
                      const char     *user)
{
  return g_strdup_printf ("sip:%s@127.0.0.1:%u", user, self->port);
}

void
dt_test_kamailio_stop (DtTestKamailio *self)
{
  g_clear_pointer (&self->peer, dt_test_peer_free);
  /* Its workers go with it; the ports tell when they have. A main process
   * too slow to stop (a loaded machine, sanitizers) was killed and left its
   * workers holding the ports: kill them too. */
  if (!dt_test_spin_until (!dt_test_udp_port_in_use (self->port), 3000))
    {
      for (sig_atomic_t i = 0; i < n_workers; i++)
        kill (workers[i], SIGKILL);
    }
  g_assert_true (dt_test_spin_until (!dt_test_udp_port_in_use (self->port), READY_MS));
  forget_workers ();
}

gboolean
dt_test_kamailio_restart (DtTestKamailio  *self,
                          GError         **error)
{
  g_assert_null (self->peer);
  return launch (self, error);
}

guint
dt_test_kamailio_count (DtTestKamailio *self,
                        const char     *needle)
{
  g_autofree char *path = NULL;
  g_autofree char *log = NULL;
  guint count = 0;

  if (self->peer == NULL)
    return 0;

  path = g_build_filename (dt_test_peer_get_dir (self->peer), "stderr.log", NULL);
  if (!g_file_get_contents (path, &log, NULL, NULL))
    return 0;
  for (const char *p = strstr (log, needle); p != NULL; p = strstr (p + 1, needle))
    count++;
  return count;
}

char *
dt_test_kamailio_lookup (DtTestKamailio *self,
                         const char     *user)
{
  g_autofree char *kamcmd = dt_test_find_program ("kamcmd");
  g_autofree char *socket = g_strdup_printf ("unix:%s/ctl.sock", self->dir);
  const char *argv[] = { kamcmd, "-s", socket, "ul.lookup", "location", user, NULL };
  g_autofree char *out = NULL;

  g_assert_nonnull (kamcmd);
  out = dt_test_run_command (argv, READY_MS);
  g_assert_nonnull (out);
  if (strstr (out, "Contact:") == NULL)
    return NULL;
  return g_steal_pointer (&out);
}

char *
dt_test_kamailio_dup_output (DtTestKamailio *self)
{
  return self->peer != NULL ? dt_test_peer_dup_output (self->peer) : g_strdup ("");
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

void
dt_test_kamailio_free (DtTestKamailio *self)
{
  if (self->peer != NULL)
    dt_test_kamailio_stop (self);
  if (self->dir != NULL)
    remove_dir (self->dir);
  g_free (self->dir);
  g_free (self->config);
  g_free (self->ca_file);
  g_free (self);
}
