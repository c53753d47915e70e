/* dt-sip-agent.c: sofia's user agent, its root, its GSource and its ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/tport_tag.h>

#include "dt-sip-private.h"

/* CRLF keepalives on TCP and TLS connections (RFC 5626 §4.4.1): they keep
 * NAT bindings open and let a dead registrar show */
#define STREAM_KEEPALIVE_MS 30000

static gboolean
can_bind (GInetAddress *address,
          guint         port,
          GSocketType   type)
{
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), type,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);

  /* TCP as sofia binds it, with SO_REUSEADDR */
  return socket != NULL &&
         g_socket_bind (socket, socket_address, type == G_SOCKET_TYPE_STREAM, NULL);
}

/* A port free on @address right now for TCP (and UDP too, with @udp), or
 * 0. sofia is given ports of ours rather than 0: it reports one Contact,
 * and with TLS on a port of its own that may be the TLS one. */
static guint
pick_free_port (GInetAddress *address,
                gboolean      udp)
{
  GSocketType type = udp ? G_SOCKET_TYPE_DATAGRAM : G_SOCKET_TYPE_STREAM;

  for (guint attempt = 0; attempt < 32; attempt++)
    {
      g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), type,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (address, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      guint port;

      if (socket == NULL || !g_socket_bind (socket, any, !udp, NULL))
        return 0;
      bound = g_socket_get_local_address (socket, NULL);
      port = bound != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
      g_clear_object (&socket);
      if (port != 0 && (!udp || can_bind (address, port, G_SOCKET_TYPE_STREAM)))
        return port;
    }
  return 0;
}

static gboolean
create_nua (DtSipAgent     *agent,
            const char     *url,
            const char     *sips_url,
            const char     *user_agent,
            nua_callback_f  callback)
{
  /* TLS: any version OpenSSL offers (sofia's default is TLS 1.0 alone),
   * and a server's certificate must chain to a trusted CA and name the
   * host we connected to. Client certificates are neither asked for nor
   * given. UDP and TCP are set up first: a request to a sip: URI without
   * a transport goes out on the first transport. */
  agent->nua = nua_create (agent->root, callback, agent,
                           NUTAG_URL (url),
                           TAG_IF (sips_url != NULL, NUTAG_SIPS_URL (sips_url)),
                           TAG_IF (sips_url != NULL, NUTAG_CERTIFICATE_DIR (agent->tls_dir)),
                           TPTAG_TLS_VERSION (0),
                           TPTAG_TLS_VERIFY_POLICY (TPTLS_VERIFY_SUBJECTS_OUT),
                           TPTAG_TLS_VERIFY_DEPTH (8),
                           NTATAG_MCLASS (agent->mclass),
                           SIPTAG_USER_AGENT_STR (user_agent),
                           NUTAG_AUTOANSWER (0),
                           NUTAG_AUTOALERT (0),
                           NUTAG_ENABLEMESSAGE (0),
                           NUTAG_ALLOW ("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, "
                                        "REFER, NOTIFY"),
                           /* INFO carries dial tones: the call answers it.
                            * A REFER waits for the user's answer. */
                           NUTAG_APPL_METHOD ("INFO, REFER"),
                           TPTAG_KEEPALIVE (STREAM_KEEPALIVE_MS),
                           /* A connection closed under a request (a TLS
                            * certificate refused, a registrar gone) fails
                            * it now rather than after 32 s */
                           TPTAG_SDWN_ERROR (1),
                           TAG_END ());
  return agent->nua != NULL;
}

char *
dt_sip_host_port (const char *address,
                  guint       port)
{
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", address, port);
  return g_strdup_printf ("%s:%u", address, port);
}

DtSipAgent *
dt_sip_agent_start (DtSipStack      *stack,
                    const char      *bind_address,
                    guint            port,
                    const char      *user_agent,
                    nua_callback_f   callback,
                    GError         **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (bind_address);
  g_autoptr(GError) tls_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sips_url = NULL;
  DtSipAgent *agent;
  gboolean bindable;

  if (address == NULL)
    {
      g_set_error (error, DT_SIP_ERROR, DT_SIP_ERROR_BIND,
                   _("“%s” is not an IP address to listen on."), bind_address);
      return NULL;
    }

  /* A taken port is caught here, before sofia: its failed start leaks */
  if (port == 0)
    {
      port = pick_free_port (address, TRUE);
      bindable = port != 0;
    }
  else
    {
      bindable = can_bind (address, port, G_SOCKET_TYPE_DATAGRAM) &&
                 can_bind (address, port, G_SOCKET_TYPE_STREAM);
    }
  if (!bindable)
    {
      g_set_error (error, DT_SIP_ERROR, DT_SIP_ERROR_BIND,
                   _("Could not open SIP port %u on %s. Another program may be using it."),
                   port, bind_address);
      return NULL;
    }

  dt_sip_sofia_init ();

  agent = g_new0 (DtSipAgent, 1);
  agent->stack = stack;
  agent->port = port;
  agent->root = su_glib_root_create (agent);
  /* Keep sofia's stack in this thread: its clone would otherwise get a
   * thread and a reactor of its own */
  su_root_threading (agent->root, 0);
  agent->source = g_source_ref (su_glib_root_gsource (agent->root));
  g_source_attach (agent->source, NULL);
  /* The extra headers bring P-Asserted-Identity and Remote-Party-ID */
  agent->mclass = sip_extend_mclass (NULL);

  host = dt_sip_host_port (bind_address, port);
  url = g_strconcat ("sip:", host, NULL);

  /* TLS, on a port of its own, is a bonus: UDP and TCP work without it */
  agent->tls_port = pick_free_port (address, FALSE);
  if (agent->tls_port != 0)
    agent->tls_dir = dt_sip_tls_dir_new (&tls_error);
  if (agent->tls_dir != NULL)
    {
      g_autofree char *tls_host = dt_sip_host_port (bind_address, agent->tls_port);

      sips_url = g_strconcat ("sips:", tls_host, NULL);
      if (!create_nua (agent, url, sips_url, user_agent, callback))
        g_debug ("SIP over TLS could not start; going on without it");
    }
  else
    {
      g_debug ("SIP over TLS is not available: %s",
               tls_error != NULL ? tls_error->message : "no free port");
    }

  if (agent->nua == NULL)
    {
      if (agent->tls_dir != NULL)
        dt_sip_tls_dir_remove (agent->tls_dir);
      g_clear_pointer (&agent->tls_dir, g_free);
      agent->tls_port = 0;
      if (!create_nua (agent, url, NULL, user_agent, callback))
        {
          g_set_error (error, DT_SIP_ERROR, DT_SIP_ERROR_BIND,
                       _("Could not open SIP port %u on %s. Another program may be using it."),
                       port, bind_address);
          dt_sip_agent_free (agent);
          return NULL;
        }
    }
  return agent;
}

void
dt_sip_agent_free (DtSipAgent *agent)
{
  if (agent->nua != NULL)
    nua_destroy (agent->nua);
  if (agent->source != NULL)
    g_source_destroy (agent->source);
  if (agent->root != NULL)
    su_root_destroy (agent->root);
  if (agent->tls_dir != NULL)
    dt_sip_tls_dir_remove (agent->tls_dir);
  g_clear_pointer (&agent->source, g_source_unref);
  g_clear_pointer (&agent->mclass, free);
  g_free (agent->tls_dir);
  g_free (agent);
}

static gboolean
free_idle (gpointer data)
{
  dt_sip_agent_free (data);
  return G_SOURCE_REMOVE;
}

void
dt_sip_agent_free_later (DtSipAgent *agent)
{
  /* nua_destroy may not run inside sofia's own callback */
  g_idle_add (free_idle, agent);
}
