/* dt-test-baresip.c: baresip as the remote softphone, driven by ctrl_tcp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "dt-test-baresip.h"
#include "dt-test-peer.h"

struct _DtTestBaresip
{
  DtTestPeer        *peer;
  guint16            sip_port;
  GSocketConnection *ctrl;
  GString           *input;  /* netstrings not parsed yet */
  GPtrArray         *events; /* JSON texts not waited for yet */
  guint              token;
};

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, contents, -1, error);
}

static GSocketConnection *
try_connect (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  return g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
}

/* @account: its accounts line, or NULL for bob at its own address.
 * @options: NULL for the defaults. */
static DtTestBaresip *
start (const char                 *account,
       const DtTestBaresipOptions *options,
       GError                    **error)
{
  static const DtTestBaresipOptions defaults = { 0 };
  gboolean audible;
  g_autoptr(DtTestBaresip) self = g_new0 (DtTestBaresip, 1);
  g_autofree char *dir = g_dir_make_tmp ("dt-baresip-XXXXXX", error);
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *player = NULL;
  g_autofree char *extra = NULL;
  guint16 ctrl_port;
  guint16 rtp_low, rtp_high;
  const char *argv[] = { "baresip", "-f", NULL, NULL };

  if (dir == NULL)
    return NULL;
  if (options == NULL)
    options = &defaults;
  audible = options->audible;
  /* The codec and SRTP modules only for a peer with options: the plain
   * peer of the registration and call-setup tests stays as it was */
  extra = options == &defaults ? g_strdup ("")
    : g_strdup_printf ("module\t\t\tg722.so\n"
                       "module\t\t\topus.so\n"
                       "module\t\t\tsrtp.so\n"
                       "rtcp_mux\t\t%s\n",
                       options->rtcp_mux ? "yes" : "no");

  self->input = g_string_new (NULL);
  self->events = g_ptr_array_new_with_free_func (g_free);
  self->sip_port = dt_test_free_port ();
  /* baresip's SIP TLS takes the port above its SIP port */
  do
    ctrl_port = dt_test_free_port ();
  while (ctrl_port == self->sip_port + 1);

  /* baresip 1.0 has no PulseAudio module: ALSA's pulse plugin reaches the
   * sound server of $PULSE_SERVER, on the sink $PULSE_SINK names */
  player = g_strdup (audible ? "alsa,pulse" : "aufile,/dev/null");
  dt_test_ephemeral_range (&rtp_low, &rtp_high);
  config = g_strdup_printf ("poll_method\t\tepoll\n"
                            /* its random RTP ports stay out of the test
                             * ports the other peers were given */
                            "rtp_ports\t\t%u-%u\n"
                            "sip_listen\t\t127.0.0.1:%u\n"
                            "net_interface\t\t127.0.0.1\n"
                            "audio_player\t\t%s\n"
                            "audio_alert\t\taufile,/dev/null\n"
                            "audio_source\t\t%s\n"
                            /* ausine only makes 48 kHz stereo; baresip
                             * resamples it for PCMU */
                            "ausrc_srate\t\t48000\n"
                            "ausrc_channels\t\t2\n"
                            "auplay_srate\t\t48000\n"
                            "auplay_channels\t\t2\n"
                            "module_path\t\t/usr/lib/baresip/modules\n"
                            "module\t\t\tg711.so\n"
                            "module\t\t\tausine.so\n"
                            "module\t\t\taufile.so\n"
                            "%s"
                            /* only with a sound server: without one, calls fail */
                            "%s"
                            "module_app\t\taccount.so\n"
                            "module_app\t\tmenu.so\n"
                            "module_app\t\tctrl_tcp.so\n"
                            "ctrl_tcp_listen\t\t127.0.0.1:%u\n",
                            rtp_low, rtp_high, self->sip_port, player,
                            options->audio_source != NULL ? options->audio_source : "ausine,440",
                            extra,
                            audible || g_str_has_prefix (options->audio_source != NULL
                                                         ? options->audio_source : "", "alsa")
                            ? "module\t\t\talsa.so\n" : "", ctrl_port);
  accounts = account != NULL
             ? g_strdup_printf ("%s\n", account)
             : g_strdup_printf ("<sip:bob@127.0.0.1:%u>;regint=0;answermode=auto;audio_codecs=%s%s%s\n",
                                self->sip_port,
                                options->audio_codecs != NULL ? options->audio_codecs : "PCMU",
                                options->mediaenc != NULL ? ";mediaenc=" : "",
                                options->mediaenc != NULL ? options->mediaenc : "");
  if (!write_file (dir, "config", config, error) || !write_file (dir, "accounts", accounts, error))
    return NULL;

  argv[2] = dir;
  self->peer = dt_test_peer_spawn_in (g_strdup (dir), argv, error);
  if (self->peer == NULL)
    return NULL;

  if (!dt_test_spin_until ((self->ctrl = try_connect (ctrl_port)) != NULL ||
                           dt_test_peer_has_exited (self->peer), 10000) ||
      self->ctrl == NULL)
    {
      g_autofree char *output = dt_test_peer_dup_output (self->peer);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "baresip did not open ctrl_tcp on port %u:\n%s", ctrl_port, output);
      return NULL;
    }

  g_socket_set_blocking (g_socket_connection_get_socket (self->ctrl), FALSE);
  return g_steal_pointer (&self);
}

DtTestBaresip *
dt_test_baresip_start (GError **error)
{
  return start (NULL, NULL, error);
}

DtTestBaresip *
dt_test_baresip_start_audible (GError **error)
{
  DtTestBaresipOptions options = { .audible = TRUE };

  return start (NULL, &options, error);
}

DtTestBaresip *
dt_test_baresip_start_registered (const char  *aor,
                                  const char  *password,
                                  GError     **error)
{
  g_autofree char *account = g_strdup_printf ("<%s>;auth_pass=%s;regint=600;answermode=auto;"
                                              "audio_codecs=PCMU", aor, password);

  return start (account, NULL, error);
}

DtTestBaresip *
dt_test_baresip_start_with (const DtTestBaresipOptions  *options,
                            GError                     **error)
{
  g_return_val_if_fail (options != NULL, NULL);

  return start (NULL, options, error);
}

guint16
dt_test_baresip_get_sip_port (DtTestBaresip *self)
{
  return self->sip_port;
}

static char *
json_string (const char *text)
{
  GString *json = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json, '\\');
      g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
  return g_string_free (json, FALSE);
}

gboolean
dt_test_baresip_command (DtTestBaresip  *self,
                         const char     *command,
                         const char     *params,
                         GError        **error)
{
  g_autofree char *command_json = json_string (command);
  g_autofree char *params_json = json_string (params != NULL ? params : "");
  g_autofree char *body = g_strdup_printf ("{\"command\":%s,\"params\":%s,\"token\":\"%u\"}",
                                           command_json, params_json, ++self->token);
  g_autofree char *frame = g_strdup_printf ("%zu:%s,", strlen (body), body);
  GSocket *socket = g_socket_connection_get_socket (self->ctrl);
  gsize sent = 0;

  /* A few hundred bytes to a loopback socket: written at once */
  while (sent < strlen (frame))
    {
      gssize n = g_socket_send (socket, frame + sent, strlen (frame) - sent, NULL, error);

      if (n < 0)
        return FALSE;
      sent += (gsize) n;
    }
  return TRUE;
}

/* Moves complete netstrings from the input into the event list */
static void
read_events (DtTestBaresip *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->ctrl);
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (self->input, buffer, n);

  for (;;)
    {
      char *colon = memchr (self->input->str, ':', self->input->len);
      g_autofree char *digits = NULL;
      guint64 length;

      if (colon == NULL)
        return;
      digits = g_strndup (self->input->str, colon - self->input->str);
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT, &length, NULL))
        return;
      if ((gsize) (colon - self->input->str) + 1 + length + 1 > self->input->len)
        return;

      g_ptr_array_add (self->events, g_strndup (colon + 1, length));
      g_string_erase (self->input, 0, (colon - self->input->str) + 1 + length + 1);
    }
}

static gboolean
take_event (DtTestBaresip *self,
            const char    *needle)
{
  read_events (self);
  for (guint i = 0; i < self->events->len; i++)
    {
      if (strstr (g_ptr_array_index (self->events, i), needle) != NULL)
        {
          g_ptr_array_remove_range (self->events, 0, i + 1);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
dt_test_baresip_wait_event (DtTestBaresip *self,
                            const char    *type,
                            guint          timeout_ms)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);

  return dt_test_spin_until (take_event (self, needle), timeout_ms);
}

GPid
dt_test_baresip_get_pid (DtTestBaresip *self)
{
  return dt_test_peer_get_pid (self->peer);
}

char *
dt_test_baresip_dup_output (DtTestBaresip *self)
{
  return dt_test_peer_dup_output (self->peer);
}

void
dt_test_baresip_free (DtTestBaresip *self)
{
  if (self->ctrl != NULL)
    g_io_stream_close (G_IO_STREAM (self->ctrl), NULL, NULL);
  g_clear_object (&self->ctrl);
  g_clear_pointer (&self->peer, dt_test_peer_free);
  if (self->input != NULL)
    g_string_free (self->input, TRUE);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self);
}

/* For the D-Bus end-to-end tests (tests/dbus), kept in one block */

DtTestBaresip *
dt_test_baresip_start_account (const char  *account,
                               gboolean     audible,
                               GError     **error)
{
  return start (account, audible ? &(DtTestBaresipOptions) { .audible = TRUE } : NULL, error);
}

/* As take_event(), but the event's text is returned, NULL when none */
static char *
take_event_text (DtTestBaresip *self,
                 const char    *needle)
{
  read_events (self);
  for (guint i = 0; i < self->events->len; i++)
    {
      if (strstr (g_ptr_array_index (self->events, i), needle) != NULL)
        {
          char *text = g_strdup (g_ptr_array_index (self->events, i));

          g_ptr_array_remove_range (self->events, 0, i + 1);
          return text;
        }
    }
  return NULL;
}

/* The string value of @key in the flat JSON object @json (ctrl_tcp's
 * events escape only quotes, backslashes, slashes and control characters) */
static char *
json_member (const char *json,
             const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":\"", key);
  const char *p = strstr (json, needle);
  GString *value;

  if (p == NULL)
    return NULL;

  value = g_string_new (NULL);
  for (p += strlen (needle); *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (value, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
        }
      else
        g_string_append_c (value, *p);
    }
  return g_string_free (value, FALSE);
}

char *
dt_test_baresip_wait_event_param (DtTestBaresip *self,
                                  const char    *type,
                                  guint          timeout_ms)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);
  g_autofree char *event = NULL;

  if (!dt_test_spin_until ((event = take_event_text (self, needle)) != NULL, timeout_ms))
    return NULL;
  return json_member (event, "param");
}
