/* dt-media-ports.h: an RTP/RTCP port pair held open for a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Binds two UDP sockets on @address (an IP literal): an even RTP port and
 * RTCP right above it, both chosen free by the kernel */
gboolean dt_media_ports_bind (const char  *address,
                              GSocket    **rtp,
                              GSocket    **rtcp,
                              GError     **error);
/* The local port of a bound socket */
guint16  dt_media_ports_get_port (GSocket *socket);

G_END_DECLS
