/* dt-media-codecs.h: the codecs the media layer speaks, and how to build them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media (and its tests): it names GStreamer elements.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct {
  /* SDP encoding name, clock rate and channels as the rtpmap writes them */
  const char *name;
  guint       clock_rate;
  guint       channels;
  /* Static payload type, or -1 for a dynamic one */
  gint        static_pt;
  /* The raw audio rate the encoder takes and the decoder gives */
  guint       audio_rate;
  /* The a=fmtp parameters we offer and answer with, or NULL */
  const char *fmtp;
  const char *encoder;
  const char *decoder;
  const char *payloader;
  const char *depayloader;
  /* The Debian package of the encoder and decoder (payloaders are all in
   * gstreamer1.0-plugins-good) */
  const char *package;
} DtMediaCodec;

/* The default preference order: Opus, G722, PCMU, PCMA */
const char * const  *dt_media_codecs_get_default_order (void);
/* By SDP encoding name (case-insensitive), or NULL */
const DtMediaCodec  *dt_media_codecs_lookup            (const char          *name);
/* Whether every element of @codec is installed */
gboolean             dt_media_codec_is_available       (const DtMediaCodec  *codec);
/* The encoder, decoder, payloader and depayloader of @codec configured for a
 * call: Opus with in-band FEC, payload type @pt, @ptime ms packets. NULL and
 * a DT_MEDIA_ERROR_MISSING_ELEMENT error when one is missing. */
GstElement          *dt_media_codec_make_encoder       (const DtMediaCodec  *codec,
                                                        GError             **error);
GstElement          *dt_media_codec_make_decoder       (const DtMediaCodec  *codec,
                                                        GError             **error);
GstElement          *dt_media_codec_make_payloader     (const DtMediaCodec  *codec,
                                                        guint                pt,
                                                        guint                ptime,
                                                        GError             **error);
GstElement          *dt_media_codec_make_depayloader   (const DtMediaCodec  *codec,
                                                        GError             **error);
/* application/x-rtp (or x-srtp when @srtp) caps for payload type @pt */
GstCaps             *dt_media_codec_make_rtp_caps      (const DtMediaCodec  *codec,
                                                        guint                pt,
                                                        gboolean             srtp);

/* An element from @factory, or NULL and DT_MEDIA_ERROR_MISSING_ELEMENT naming
 * @factory and the Debian @package that ships it */
GstElement          *dt_media_make_element             (const char          *factory,
                                                        const char          *package,
                                                        GError             **error);

/* Tests only: makes @codec known to lookup (it is not copied) */
void                 dt_media_codecs_add_for_test      (const DtMediaCodec  *codec);

G_END_DECLS
