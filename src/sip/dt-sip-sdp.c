/* dt-sip-sdp.c: the SDP offers and answers of a call, and its media ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/sdp.h>
#include <sofia-sip/su_alloc.h>

#include "dt-sip-sdp.h"

#define RESERVE_ATTEMPTS 64

static GSocket *
bind_udp (GInetAddress  *address,
          guint16        port,
          GError       **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;

  socket_address = g_inet_socket_address_new (address, port);
  if (!g_socket_bind (socket, socket_address, FALSE, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint16
local_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

gboolean
dt_sip_media_ports_reserve (DtSipMediaPorts  *ports,
                            const char       *address,
                            GError          **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  g_return_val_if_fail (ports != NULL && ports->rtp == NULL, FALSE);

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address for audio."), address);
      return FALSE;
    }

  /* RTP wants an even port with RTCP right above it: let the kernel pick
   * one and retry until that pair is free */
  for (guint attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++)
    {
      g_autoptr(GSocket) rtp = bind_udp (inet, 0, error);
      g_autoptr(GSocket) rtcp = NULL;
      guint16 port;

      if (rtp == NULL)
        return FALSE;

      port = local_port (rtp);
      if (port == 0 || port % 2 != 0 || port == G_MAXUINT16)
        continue;

      rtcp = bind_udp (inet, port + 1, NULL);
      if (rtcp == NULL)
        continue;

      ports->rtp = g_steal_pointer (&rtp);
      ports->rtcp = g_steal_pointer (&rtcp);
      ports->rtp_port = port;
      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                       _("No free pair of audio ports was found."));
  return FALSE;
}

void
dt_sip_media_ports_release (DtSipMediaPorts *ports)
{
  g_clear_object (&ports->rtp);
  g_clear_object (&ports->rtcp);
  ports->rtp_port = 0;
}

char *
dt_sip_sdp_build_local (const char  *address,
                        guint16      rtp_port,
                        GError     **error)
{
  su_home_t *home = su_home_new (sizeof (su_home_t));
  gboolean ipv6 = strchr (address, ':') != NULL;
  sdp_connection_t connection = { sizeof connection };
  sdp_origin_t origin = { sizeof origin };
  sdp_time_t time = { sizeof time };
  sdp_rtpmap_t pcmu = { sizeof pcmu }, pcma = { sizeof pcma }, event = { sizeof event };
  sdp_attribute_t ptime = { sizeof ptime };
  sdp_media_t media = { sizeof media };
  sdp_session_t session = { sizeof session };
  sdp_printer_t *printer;
  char *text = NULL;

  connection.c_nettype = sdp_net_in;
  connection.c_addrtype = ipv6 ? sdp_addr_ip6 : sdp_addr_ip4;
  connection.c_address = (char *) address;

  origin.o_username = (char *) "-";
  origin.o_id = g_random_int () | ((guint64) g_random_int () << 31);
  origin.o_version = 1;
  origin.o_address = &connection;

  pcmu.rm_encoding = (char *) "PCMU";
  pcmu.rm_rate = 8000;
  pcmu.rm_pt = 0;
  pcmu.rm_next = &pcma;
  pcma.rm_encoding = (char *) "PCMA";
  pcma.rm_rate = 8000;
  pcma.rm_pt = 8;
  pcma.rm_next = &event;
  event.rm_encoding = (char *) "telephone-event";
  event.rm_rate = 8000;
  event.rm_pt = 101;
  event.rm_fmtp = (char *) "0-16";

  ptime.a_name = (char *) "ptime";
  ptime.a_value = (char *) "20";

  media.m_session = &session;
  media.m_type = sdp_media_audio;
  media.m_port = rtp_port;
  media.m_proto = sdp_proto_rtp;
  media.m_rtpmaps = &pcmu;
  media.m_attributes = &ptime;
  media.m_mode = sdp_sendrecv;

  session.sdp_origin = &origin;
  session.sdp_subject = (char *) "Dialtone";
  session.sdp_connection = &connection;
  session.sdp_time = &time;
  session.sdp_media = &media;

  printer = sdp_print (home, &session, NULL, 0, sdp_f_all_rtpmaps | sdp_f_mode_always);
  if (sdp_message (printer) != NULL)
    text = g_strdup (sdp_message (printer));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Could not describe the call’s audio (%s)."),
                 sdp_printing_error (printer));

  sdp_printer_free (printer);
  su_home_unref (home);
  return text;
}

char *
dt_sip_sdp_dup_codec (const char *sdp)
{
  su_home_t *home;
  sdp_parser_t *parser;
  sdp_session_t *session;
  char *codec = NULL;

  if (sdp == NULL)
    return NULL;

  home = su_home_new (sizeof (su_home_t));
  parser = sdp_parse (home, sdp, (issize_t) strlen (sdp), 0);
  session = sdp_session (parser);

  for (sdp_media_t *m = session != NULL ? session->sdp_media : NULL; m != NULL; m = m->m_next)
    {
      if (m->m_type == sdp_media_audio && m->m_port != 0 && m->m_rtpmaps != NULL &&
          m->m_rtpmaps->rm_encoding != NULL)
        {
          codec = g_strdup (m->m_rtpmaps->rm_encoding);
          break;
        }
    }

  sdp_parser_free (parser);
  su_home_unref (home);
  return codec;
}

gboolean
dt_sip_sdp_is_description (const char *body,
                           gsize       length)
{
  su_home_t *home;
  sdp_parser_t *parser;
  gboolean ok;

  if (body == NULL || length == 0 || length > G_MAXINT32)
    return FALSE;

  home = su_home_new (sizeof (su_home_t));
  parser = sdp_parse (home, body, (issize_t) length, 0);
  ok = sdp_session (parser) != NULL;
  sdp_parser_free (parser);
  su_home_unref (home);
  return ok;
}

gboolean
dt_sip_sdp_holds (const char *sdp)
{
  su_home_t *home;
  sdp_parser_t *parser;
  sdp_session_t *session;
  gboolean holds = FALSE;

  if (sdp == NULL)
    return FALSE;

  home = su_home_new (sizeof (su_home_t));
  parser = sdp_parse (home, sdp, (issize_t) strlen (sdp), 0);
  session = sdp_session (parser);

  for (sdp_media_t *m = session != NULL ? session->sdp_media : NULL; m != NULL; m = m->m_next)
    {
      sdp_connection_t *c = m->m_connections != NULL ? m->m_connections : session->sdp_connection;

      if (m->m_type != sdp_media_audio || m->m_port == 0)
        continue;
      /* The sender's modes: not receiving (sendonly, inactive) is hold, and
       * so is the RFC 2543 way, a null connection address */
      holds = (m->m_mode & sdp_recvonly) == 0 ||
              (c != NULL && c->c_address != NULL && strcmp (c->c_address, "0.0.0.0") == 0);
      break;
    }

  sdp_parser_free (parser);
  su_home_unref (home);
  return holds;
}
