/* dt-media-ports.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-media-error.h"
#include "dt-media-ports.h"

#define BIND_ATTEMPTS 64

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

guint16
dt_media_ports_get_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return address != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

gboolean
dt_media_ports_bind (const char  *address,
                     GSocket    **rtp,
                     GSocket    **rtcp,
                     GError     **error)
{
  g_autoptr(GInetAddress) inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  g_autoptr(GError) last_error = NULL;

  g_return_val_if_fail (rtp != NULL && *rtp == NULL && rtcp != NULL && *rtcp == NULL, FALSE);

  if (inet == NULL)
    {
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                   _("“%s” is not an IP address for audio."), address != NULL ? address : "");
      return FALSE;
    }

  /* Let the kernel pick, and try again until the port above is free too */
  for (guint attempt = 0; attempt < BIND_ATTEMPTS; attempt++)
    {
      g_autoptr(GSocket) rtp_socket = NULL;
      g_autoptr(GSocket) rtcp_socket = NULL;
      guint16 port;

      g_clear_error (&last_error);
      rtp_socket = bind_udp (inet, 0, &last_error);
      if (rtp_socket == NULL)
        break;
      port = dt_media_ports_get_port (rtp_socket);
      if (port == 0 || port % 2 != 0 || port == G_MAXUINT16)
        continue;
      rtcp_socket = bind_udp (inet, port + 1, &last_error);
      if (rtcp_socket == NULL)
        continue;

      *rtp = g_steal_pointer (&rtp_socket);
      *rtcp = g_steal_pointer (&rtcp_socket);
      return TRUE;
    }

  g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NETWORK,
               _("No network port for the call’s audio is free on %s: %s"), address,
               last_error != NULL ? last_error->message : _("every port tried was taken"));
  return FALSE;
}
