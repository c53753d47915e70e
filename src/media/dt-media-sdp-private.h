/* dt-media-sdp-private.h: what the files of the SDP offer/answer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offer/answer is written in two files: dt-media-sdp.c (DtMediaSdpOffer,
 * the answer to a peer's offer, and what each accepts) and
 * dt-media-sdp-lines.c (the lines of an SDP message, written and read).
 */
#pragma once

#include <gst/sdp/sdp.h>

#include "dt-media-codecs.h"
#include "dt-media-sdp.h"

G_BEGIN_DECLS

/* dt-media-sdp-lines.c */
/* The session lines (o=, s=, c=, t=) of a message from @local */
GstSDPMessage      *dt_media_sdp_new_message      (const DtMediaSdpLocal  *local);
void                dt_media_sdp_add_rtpmap       (GstSDPMedia            *media,
                                                   const DtMediaCodec     *codec,
                                                   guint                   pt);
void                dt_media_sdp_add_event        (GstSDPMedia            *media,
                                                   guint                   pt,
                                                   guint                   clock_rate);
void                dt_media_sdp_add_crypto       (GstSDPMedia            *media,
                                                   guint                   tag,
                                                   const DtMediaCrypto    *crypto);
void                dt_media_sdp_add_common       (GstSDPMedia            *media,
                                                   const DtMediaSdpLocal  *local,
                                                   DtMediaDirection        direction,
                                                   guint                   ptime,
                                                   gboolean                rtcp_mux);
/* Adds @media (freed) to @msg; the message's text */
char               *dt_media_sdp_finish           (GstSDPMessage          *msg,
                                                   GstSDPMedia            *media);
GstSDPMessage      *dt_media_sdp_parse            (const char             *text,
                                                   GError                **error);
const GstSDPMedia  *dt_media_sdp_find_audio       (const GstSDPMessage    *msg);
gboolean            dt_media_sdp_lookup_rtpmap    (const GstSDPMedia      *media,
                                                   guint                   pt,
                                                   char                   *name,
                                                   gsize                   name_size,
                                                   guint                  *clock_rate);
gboolean            dt_media_sdp_read_remote      (const GstSDPMessage    *msg,
                                                   const GstSDPMedia      *media,
                                                   DtMediaDescription     *desc,
                                                   DtMediaDirection       *peer_direction);
/* Also finds the telephone-event that goes with @codec's clock rate */
void                dt_media_sdp_set_codec        (DtMediaDescription     *desc,
                                                   const DtMediaCodec     *codec,
                                                   guint                   pt,
                                                   const GstSDPMedia      *media);
gboolean            dt_media_sdp_read_crypto_line (const char             *value,
                                                   guint                  *tag,
                                                   DtMediaCrypto          *crypto);

G_END_DECLS
