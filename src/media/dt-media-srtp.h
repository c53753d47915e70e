/* dt-media-srtp.h: SRTP through srtpenc/srtpdec, and SDES key encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. Keys travel only inside DtMediaCrypto, GstBuffers
 * handed to the SRTP elements and SDP; nothing here logs them.
 */
#pragma once

#include <gst/gst.h>

#include "dt-media-description.h"

G_BEGIN_DECLS

#define DT_MEDIA_SRTP_PACKAGE "gstreamer1.0-plugins-bad"

/* Whether srtpenc/srtpdec are installed and take @suite's cipher */
gboolean    dt_media_srtp_suite_is_supported (DtMediaCryptoSuite   suite);
/* An srtpenc keyed with @crypto whose rtp_sink_0 and rtcp_sink_0 pads exist,
 * as rtpbin's request-rtp-encoder wants it */
GstElement *dt_media_srtp_make_encoder (const DtMediaCrypto  *crypto,
                                        GError              **error);
/* An srtpdec that answers request-key for every SSRC with @crypto */
GstElement *dt_media_srtp_make_decoder (const DtMediaCrypto  *crypto,
                                        GError              **error);

/* The SDES key-params value without "inline:": base64 of key ‖ salt */
char       *dt_media_srtp_encode_key   (const DtMediaCrypto  *crypto);
/* Parses "inline:KEY[|lifetime][|MKI:len]" for @suite into @crypto.
 * FALSE when the key is not valid base64 of the suite's length. */
gboolean    dt_media_srtp_decode_key   (DtMediaCrypto       *crypto,
                                        DtMediaCryptoSuite   suite,
                                        const char          *key_params);

G_END_DECLS
