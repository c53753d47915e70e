/* dt-sip-sdp.h: the SDP offers and answers of a call, and its media ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real RTP/RTCP port pair held open, so that the ports a description
 * announces belong to us until the media layer takes over. */
typedef struct {
  GSocket *rtp;
  GSocket *rtcp;
  guint16  rtp_port;
} DtSipMediaPorts;

gboolean  dt_sip_media_ports_reserve (DtSipMediaPorts  *ports,
                                      const char       *address,
                                      GError          **error);
void      dt_sip_media_ports_release (DtSipMediaPorts  *ports);

/* Our audio description (PCMU 0, PCMA 8, telephone-event 101 at 8 kHz),
 * printed by sofia's SDP printer. soa derives the offer or the answer from
 * it. NULL with @error when sofia cannot print it. */
char     *dt_sip_sdp_build_local     (const char       *address,
                                      guint16           rtp_port,
                                      GError          **error);
/* The first codec of the first accepted audio stream ("PCMU"), or NULL
 * when @sdp is not a description with one */
char     *dt_sip_sdp_dup_codec       (const char       *sdp);
/* Whether @body is an SDP description sofia can parse */
gboolean  dt_sip_sdp_is_description  (const char       *body,
                                      gsize             length);

/* Whether the sender of @sdp puts its audio on hold: sendonly, inactive or
 * a 0.0.0.0 connection address */
gboolean  dt_sip_sdp_holds           (const char       *sdp);

G_END_DECLS
