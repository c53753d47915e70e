/* dt-media-codecs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/audio/audio.h>

#include "dt-media-codecs.h"
#include "dt-media-error.h"

#define GOOD_PACKAGE "gstreamer1.0-plugins-good"

static const DtMediaCodec codecs[] = {
  /* RFC 7587: the rtpmap always says 2 channels; we send mono, and FEC lets
   * the decoder rebuild a lost packet from the next one */
  { "opus", 48000, 2, -1, 48000, "useinbandfec=1; minptime=10",
    "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay", "gstreamer1.0-plugins-base" },
  /* RFC 3551: G.722 samples at 16 kHz but its RTP clock runs at 8 kHz */
  { "G722", 8000, 1, 9, 16000, NULL,
    "avenc_g722", "avdec_g722", "rtpg722pay", "rtpg722depay", "gstreamer1.0-libav" },
  { "PCMU", 8000, 1, 0, 8000, NULL,
    "mulawenc", "mulawdec", "rtppcmupay", "rtppcmudepay", GOOD_PACKAGE },
  { "PCMA", 8000, 1, 8, 8000, NULL,
    "alawenc", "alawdec", "rtppcmapay", "rtppcmadepay", GOOD_PACKAGE },
};

static const char * const default_order[] = { "opus", "G722", "PCMU", "PCMA", NULL };

/* Only the tests add to it, before any session runs */
static GPtrArray *test_codecs;

const char * const *
dt_media_codecs_get_default_order (void)
{
  return default_order;
}

const DtMediaCodec *
dt_media_codecs_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (g_ascii_strcasecmp (codecs[i].name, name) == 0)
      return &codecs[i];

  for (guint i = 0; test_codecs != NULL && i < test_codecs->len; i++)
    {
      const DtMediaCodec *codec = g_ptr_array_index (test_codecs, i);

      if (g_ascii_strcasecmp (codec->name, name) == 0)
        return codec;
    }

  return NULL;
}

static gboolean
factory_exists (const char *name)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);

  return factory != NULL;
}

gboolean
dt_media_codec_is_available (const DtMediaCodec *codec)
{
  g_return_val_if_fail (codec != NULL, FALSE);

  return factory_exists (codec->encoder) && factory_exists (codec->decoder) &&
         factory_exists (codec->payloader) && factory_exists (codec->depayloader);
}

GstElement *
dt_media_make_element (const char  *factory,
                       const char  *package,
                       GError     **error)
{
  GstElement *element;

  g_return_val_if_fail (factory != NULL && package != NULL, NULL);

  element = gst_element_factory_make (factory, NULL);
  if (element == NULL)
    {
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_MISSING_ELEMENT,
                   _("The GStreamer element “%s” is missing. Install the package “%s”."),
                   factory, package);
      return NULL;
    }

  return element;
}

GstElement *
dt_media_codec_make_encoder (const DtMediaCodec  *codec,
                             GError             **error)
{
  GstElement *encoder = dt_media_make_element (codec->encoder, codec->package, error);

  if (encoder == NULL)
    return NULL;

  /* A microphone's timestamps may move where its sound was lost; payloaders
   * that derive RTP timestamps from them (rtpopuspay) would send a
   * discontinuity the receiver hears as a click. Counted samples keep them
   * contiguous. */
  if (GST_IS_AUDIO_ENCODER (encoder))
    gst_audio_encoder_set_perfect_timestamp (GST_AUDIO_ENCODER (encoder), TRUE);

  if (g_str_equal (codec->encoder, "opusenc"))
    {
      /* FEC only pays off when the encoder expects losses. Complexity 5
       * instead of 10 takes an eighth off a whole call's CPU time
       * (bench/call-cpu), for a difference in speech at 32 kbit/s that
       * listening tests barely show */
      g_object_set (encoder,
                    "inband-fec", TRUE,
                    "packet-loss-percentage", 10,
                    "bitrate", 32000,
                    "complexity", 5,
                    NULL);
      gst_util_set_object_arg (G_OBJECT (encoder), "frame-size", "20");
      gst_util_set_object_arg (G_OBJECT (encoder), "audio-type", "voice");
    }

  return encoder;
}

GstElement *
dt_media_codec_make_decoder (const DtMediaCodec  *codec,
                             GError             **error)
{
  GstElement *decoder = dt_media_make_element (codec->decoder, codec->package, error);

  if (decoder != NULL && g_str_equal (codec->decoder, "opusdec"))
    g_object_set (decoder, "plc", TRUE, "use-inband-fec", TRUE, NULL);

  return decoder;
}

GstElement *
dt_media_codec_make_payloader (const DtMediaCodec  *codec,
                               guint                pt,
                               guint                ptime,
                               GError             **error)
{
  GstElement *payloader = dt_media_make_element (codec->payloader, GOOD_PACKAGE, error);
  gint64 packet_ns = (gint64) ptime * GST_MSECOND;

  if (payloader == NULL)
    return NULL;

  g_object_set (payloader, "pt", pt, NULL);
  /* Opus frames come ready-sized from the encoder; the others are cut here */
  if (ptime > 0 && !g_str_equal (codec->encoder, "opusenc"))
    g_object_set (payloader, "min-ptime", packet_ns, "max-ptime", packet_ns, NULL);

  return payloader;
}

GstElement *
dt_media_codec_make_depayloader (const DtMediaCodec  *codec,
                                 GError             **error)
{
  return dt_media_make_element (codec->depayloader, GOOD_PACKAGE, error);
}

GstCaps *
dt_media_codec_make_rtp_caps (const DtMediaCodec *codec,
                              guint               pt,
                              gboolean            srtp)
{
  g_autofree char *encoding = g_ascii_strup (codec->name, -1);

  return gst_caps_new_simple (srtp ? "application/x-srtp" : "application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "clock-rate", G_TYPE_INT, (gint) codec->clock_rate,
                              "encoding-name", G_TYPE_STRING, encoding,
                              "payload", G_TYPE_INT, (gint) pt,
                              NULL);
}

void
dt_media_codecs_add_for_test (const DtMediaCodec *codec)
{
  g_return_if_fail (codec != NULL);

  if (test_codecs == NULL)
    test_codecs = g_ptr_array_new ();
  g_ptr_array_add (test_codecs, (gpointer) codec);
}
