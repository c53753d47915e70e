/* dt-media-description.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "dt-media-codecs.h"
#include "dt-media-description.h"
#include "dt-media-error.h"

static const struct {
  DtMediaCryptoSuite  suite;
  const char         *name;
  gsize               key_length;
} crypto_suites[] = {
  { DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80, "AES_CM_128_HMAC_SHA1_80", 30 },
  { DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32, "AES_CM_128_HMAC_SHA1_32", 30 },
  { DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM, "AEAD_AES_256_GCM", 44 },
};

void
dt_media_description_init (DtMediaDescription *desc)
{
  g_return_if_fail (desc != NULL);

  memset (desc, 0, sizeof *desc);
  desc->telephone_event_pt = -1;
  desc->channels = 1;
  desc->ptime = 20;
  desc->direction = DT_MEDIA_DIRECTION_SENDRECV;
}

void
dt_media_description_clear (DtMediaDescription *desc)
{
  g_return_if_fail (desc != NULL);

  g_free (desc->local_address);
  g_free (desc->remote_address);
  g_free (desc->codec);
  dt_media_crypto_clear (&desc->send_crypto);
  dt_media_crypto_clear (&desc->recv_crypto);
  dt_media_description_init (desc);
}

void
dt_media_description_copy (DtMediaDescription       *dest,
                           const DtMediaDescription *src)
{
  g_return_if_fail (dest != NULL && src != NULL && dest != src);

  *dest = *src;
  dest->local_address = g_strdup (src->local_address);
  dest->remote_address = g_strdup (src->remote_address);
  dest->codec = g_strdup (src->codec);
}

gboolean
dt_media_description_check (const DtMediaDescription  *desc,
                            GSocketFamily              family,
                            GError                   **error)
{
  const DtMediaCodec *codec;
  g_autoptr(GInetAddress) remote = NULL;

  g_return_val_if_fail (desc != NULL, FALSE);

  codec = dt_media_codecs_lookup (desc->codec);
  if (codec == NULL || codec->clock_rate != desc->clock_rate)
    {
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                   _("The audio codec “%s” at %u Hz is not supported."),
                   desc->codec != NULL ? desc->codec : "", desc->clock_rate);
      return FALSE;
    }

  remote = desc->remote_address != NULL ? g_inet_address_new_from_string (desc->remote_address) : NULL;
  if (remote == NULL || g_inet_address_get_family (remote) != family || desc->remote_rtp_port == 0)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The other side gave no address for the audio that this call can reach."));
      return FALSE;
    }

  if (desc->payload_type > 127 || desc->telephone_event_pt > 127 ||
      desc->direction > DT_MEDIA_DIRECTION_SENDRECV ||
      desc->send_crypto.key_length != dt_media_crypto_suite_key_length (desc->send_crypto.suite) ||
      desc->recv_crypto.key_length != dt_media_crypto_suite_key_length (desc->recv_crypto.suite))
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The audio description of the call is not valid."));
      return FALSE;
    }

  return TRUE;
}

gboolean
dt_media_direction_sends (DtMediaDirection direction)
{
  return (direction & DT_MEDIA_DIRECTION_SENDONLY) != 0;
}

gboolean
dt_media_direction_receives (DtMediaDirection direction)
{
  return (direction & DT_MEDIA_DIRECTION_RECVONLY) != 0;
}

DtMediaDirection
dt_media_direction_reverse (DtMediaDirection direction)
{
  switch (direction)
    {
    case DT_MEDIA_DIRECTION_SENDONLY:
      return DT_MEDIA_DIRECTION_RECVONLY;
    case DT_MEDIA_DIRECTION_RECVONLY:
      return DT_MEDIA_DIRECTION_SENDONLY;
    case DT_MEDIA_DIRECTION_INACTIVE:
    case DT_MEDIA_DIRECTION_SENDRECV:
    default:
      return direction;
    }
}

const char *
dt_media_direction_to_sdp (DtMediaDirection direction)
{
  switch (direction)
    {
    case DT_MEDIA_DIRECTION_INACTIVE:
      return "inactive";
    case DT_MEDIA_DIRECTION_SENDONLY:
      return "sendonly";
    case DT_MEDIA_DIRECTION_RECVONLY:
      return "recvonly";
    case DT_MEDIA_DIRECTION_SENDRECV:
    default:
      return "sendrecv";
    }
}

const char *
dt_media_crypto_suite_to_sdp (DtMediaCryptoSuite suite)
{
  for (gsize i = 0; i < G_N_ELEMENTS (crypto_suites); i++)
    if (crypto_suites[i].suite == suite)
      return crypto_suites[i].name;
  return NULL;
}

DtMediaCryptoSuite
dt_media_crypto_suite_from_sdp (const char *name)
{
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (crypto_suites); i++)
    if (g_ascii_strcasecmp (crypto_suites[i].name, name) == 0)
      return crypto_suites[i].suite;
  return DT_MEDIA_CRYPTO_SUITE_NONE;
}

gsize
dt_media_crypto_suite_key_length (DtMediaCryptoSuite suite)
{
  for (gsize i = 0; i < G_N_ELEMENTS (crypto_suites); i++)
    if (crypto_suites[i].suite == suite)
      return crypto_suites[i].key_length;
  return 0;
}

gboolean
dt_media_crypto_generate (DtMediaCrypto       *crypto,
                          DtMediaCryptoSuite   suite,
                          GError             **error)
{
  gsize length = dt_media_crypto_suite_key_length (suite);
  gsize filled = 0;

  g_return_val_if_fail (crypto != NULL, FALSE);
  g_return_val_if_fail (length > 0 && length <= DT_MEDIA_CRYPTO_KEY_MAX, FALSE);

  while (filled < length)
    {
      ssize_t got = getrandom (crypto->key + filled, length - filled, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          int saved = errno;

          dt_media_crypto_clear (crypto);
          g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                       _("Could not make an encryption key for the call: %s."),
                       g_strerror (saved));
          return FALSE;
        }
      filled += (gsize) got;
    }

  crypto->suite = suite;
  crypto->key_length = length;
  return TRUE;
}

void
dt_media_crypto_clear (DtMediaCrypto *crypto)
{
  g_return_if_fail (crypto != NULL);

  explicit_bzero (crypto, sizeof *crypto);
}
