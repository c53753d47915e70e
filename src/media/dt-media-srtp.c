/* dt-media-srtp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dt-media-codecs.h"
#include "dt-media-error.h"
#include "dt-media-srtp.h"

typedef struct {
  const char *cipher;
  const char *rtp_auth;
  const char *rtcp_auth;
} SrtpParams;

static gboolean
suite_params (DtMediaCryptoSuite  suite,
              SrtpParams         *params)
{
  switch (suite)
    {
    case DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80:
      *params = (SrtpParams) { "aes-128-icm", "hmac-sha1-80", "hmac-sha1-80" };
      return TRUE;
    case DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32:
      /* RFC 4568 §6.2.1: the short tag is for SRTP only; SRTCP keeps 80 bits */
      *params = (SrtpParams) { "aes-128-icm", "hmac-sha1-32", "hmac-sha1-80" };
      return TRUE;
    case DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM:
      /* AEAD: the cipher authenticates, no separate HMAC */
      *params = (SrtpParams) { "aes-256-gcm", "null", "null" };
      return TRUE;
    case DT_MEDIA_CRYPTO_SUITE_NONE:
    default:
      return FALSE;
    }
}

static GstBuffer *
key_buffer (const DtMediaCrypto *crypto)
{
  return gst_buffer_new_memdup (crypto->key, crypto->key_length);
}

gboolean
dt_media_srtp_suite_is_supported (DtMediaCryptoSuite suite)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find ("srtpenc");
  g_autoptr(GstElementFactory) dec_factory = gst_element_factory_find ("srtpdec");
  g_autoptr(GstElement) probe = NULL;
  GParamSpec *pspec;
  SrtpParams params;

  if (factory == NULL || dec_factory == NULL || !suite_params (suite, &params))
    return FALSE;

  /* The cipher enum lists only what this libsrtp2 build can do (GCM needs
   * an OpenSSL or NSS backend) */
  probe = gst_object_ref_sink (gst_element_factory_create (factory, NULL));
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (probe), "rtp-cipher");
  return pspec != NULL && G_IS_PARAM_SPEC_ENUM (pspec) &&
         g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class,
                                   params.cipher) != NULL;
}

GstElement *
dt_media_srtp_make_encoder (const DtMediaCrypto  *crypto,
                            GError              **error)
{
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstBuffer) key = NULL;
  g_autoptr(GstPad) rtp_pad = NULL;
  g_autoptr(GstPad) rtcp_pad = NULL;
  SrtpParams params;

  g_return_val_if_fail (crypto != NULL, NULL);
  if (!suite_params (crypto->suite, &params))
    g_return_val_if_reached (NULL);

  encoder = dt_media_make_element ("srtpenc", DT_MEDIA_SRTP_PACKAGE, error);
  if (encoder == NULL)
    return NULL;
  gst_object_ref_sink (encoder);

  key = key_buffer (crypto);
  g_object_set (encoder, "key", key, NULL);
  gst_util_set_object_arg (G_OBJECT (encoder), "rtp-cipher", params.cipher);
  gst_util_set_object_arg (G_OBJECT (encoder), "rtcp-cipher", params.cipher);
  gst_util_set_object_arg (G_OBJECT (encoder), "rtp-auth", params.rtp_auth);
  gst_util_set_object_arg (G_OBJECT (encoder), "rtcp-auth", params.rtcp_auth);

  /* rtpbin looks for rtp_src_0/rtcp_src_0, which appear with these */
  rtp_pad = gst_element_request_pad_simple (encoder, "rtp_sink_0");
  rtcp_pad = gst_element_request_pad_simple (encoder, "rtcp_sink_0");
  if (rtp_pad == NULL || rtcp_pad == NULL)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                           _("The audio encryption of the call could not be set up."));
      return NULL;
    }

  return g_steal_pointer (&encoder);
}

static GstCaps *
on_request_key (GstElement *decoder,
                guint       ssrc,
                gpointer    user_data)
{
  const DtMediaCrypto *crypto = user_data;
  g_autoptr(GstBuffer) key = key_buffer (crypto);
  SrtpParams params;

  if (!suite_params (crypto->suite, &params))
    return NULL;
  return gst_caps_new_simple ("application/x-srtp",
                              "ssrc", G_TYPE_UINT, ssrc,
                              "srtp-key", GST_TYPE_BUFFER, key,
                              "srtp-cipher", G_TYPE_STRING, params.cipher,
                              "srtp-auth", G_TYPE_STRING, params.rtp_auth,
                              "srtcp-cipher", G_TYPE_STRING, params.cipher,
                              "srtcp-auth", G_TYPE_STRING, params.rtcp_auth,
                              NULL);
}

static void
free_crypto (gpointer data,
             GClosure *closure)
{
  dt_media_crypto_clear (data);
  g_free (data);
}

GstElement *
dt_media_srtp_make_decoder (const DtMediaCrypto  *crypto,
                            GError              **error)
{
  GstElement *decoder;
  DtMediaCrypto *copy;
  SrtpParams params;

  g_return_val_if_fail (crypto != NULL, NULL);
  if (!suite_params (crypto->suite, &params))
    g_return_val_if_reached (NULL);

  decoder = dt_media_make_element ("srtpdec", DT_MEDIA_SRTP_PACKAGE, error);
  if (decoder == NULL)
    return NULL;

  copy = g_new (DtMediaCrypto, 1);
  *copy = *crypto;
  g_signal_connect_data (decoder, "request-key", G_CALLBACK (on_request_key),
                         copy, free_crypto, 0);
  return gst_object_ref_sink (decoder);
}

char *
dt_media_srtp_encode_key (const DtMediaCrypto *crypto)
{
  g_return_val_if_fail (crypto != NULL && crypto->key_length > 0, NULL);

  return g_base64_encode (crypto->key, crypto->key_length);
}

gboolean
dt_media_srtp_decode_key (DtMediaCrypto      *crypto,
                          DtMediaCryptoSuite  suite,
                          const char         *key_params)
{
  gsize expected = dt_media_crypto_suite_key_length (suite);
  g_autofree char *text = NULL;
  guchar *decoded;
  gsize length = 0;
  char *end;

  g_return_val_if_fail (crypto != NULL, FALSE);

  if (expected == 0 || key_params == NULL || !g_str_has_prefix (key_params, "inline:"))
    return FALSE;

  text = g_strdup (key_params + strlen ("inline:"));
  /* Lifetime and MKI follow the key after '|'; we send neither */
  end = strchr (text, '|');
  if (end != NULL)
    *end = '\0';
  if (*text == '\0' || strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789+/=") != strlen (text))
    return FALSE;

  decoded = g_base64_decode (text, &length);
  if (length != expected)
    {
      explicit_bzero (decoded, length);
      g_free (decoded);
      return FALSE;
    }

  crypto->suite = suite;
  crypto->key_length = length;
  memcpy (crypto->key, decoded, length);
  explicit_bzero (decoded, length);
  explicit_bzero (text, strlen (text));
  g_free (decoded);
  return TRUE;
}
