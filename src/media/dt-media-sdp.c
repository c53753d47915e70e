/* dt-media-sdp.c: what we offer and what we accept of an offer or an
 * answer; the SDP lines themselves are in dt-media-sdp-lines.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dt-media-error.h"
#include "dt-media-sdp-private.h"
#include "dt-media-srtp.h"

#define FIRST_DYNAMIC_PT 96
#define FIRST_EVENT_PT   101
#define MAX_CRYPTO       3

/* The order we offer suites in: the widely deployed one first */
static const DtMediaCryptoSuite default_suites[MAX_CRYPTO] = {
  DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80,
  DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM,
  DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32,
};

/* Only the tests change them, before any offer is made, to make a peer
 * that takes the first line it can use take a given suite */
static const DtMediaCryptoSuite *offered_suites = default_suites;
static gsize n_offered_suites = G_N_ELEMENTS (default_suites);

typedef struct {
  const DtMediaCodec *codec;
  guint               pt;
} Offered;

struct _DtMediaSdpOffer
{
  char              *text;
  DtMediaDirection   direction;
  DtMediaSrtpPolicy  srtp;
  char              *address;
  guint16            rtp_port;
  guint16            rtcp_port;
  GArray            *codecs;
  DtMediaCrypto      crypto[MAX_CRYPTO];
  guint              n_crypto;
};

static gboolean
not_acceptable (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE, message);
  return FALSE;
}

static gboolean
codec_enabled (const char * const *codecs,
               const char         *name)
{
  for (gsize i = 0; codecs[i] != NULL; i++)
    if (g_ascii_strcasecmp (codecs[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* Offer */

DtMediaSdpOffer *
dt_media_sdp_offer_new (const DtMediaSdpLocal  *local,
                        GError                **error)
{
  g_autoptr(DtMediaSdpOffer) offer = g_new0 (DtMediaSdpOffer, 1);
  const char * const *order;
  g_autoptr(GstSDPMessage) msg = NULL;
  GstSDPMedia *media = NULL;
  guint next_dynamic = FIRST_DYNAMIC_PT, next_event = FIRST_EVENT_PT;
  gboolean have_8k = FALSE, have_48k = FALSE;

  g_return_val_if_fail (local != NULL && local->address != NULL, NULL);

  gst_init (NULL, NULL);
  order = local->codecs != NULL ? local->codecs : dt_media_codecs_get_default_order ();
  offer->codecs = g_array_new (FALSE, FALSE, sizeof (Offered));
  offer->direction = local->direction;
  offer->srtp = local->srtp;
  offer->address = g_strdup (local->address);
  offer->rtp_port = local->rtp_port;
  offer->rtcp_port = local->rtcp_port;

  msg = dt_media_sdp_new_message (local);
  gst_sdp_media_new (&media);
  gst_sdp_media_set_media (media, "audio");
  gst_sdp_media_set_port_info (media, local->rtp_port, 1);
  gst_sdp_media_set_proto (media, local->srtp == DT_MEDIA_SRTP_POLICY_MANDATORY ? "RTP/SAVP"
                                                                               : "RTP/AVP");

  for (gsize i = 0; order[i] != NULL; i++)
    {
      const DtMediaCodec *codec = dt_media_codecs_lookup (order[i]);
      Offered entry;

      if (codec == NULL || !dt_media_codec_is_available (codec))
        continue;
      entry.codec = codec;
      entry.pt = codec->static_pt >= 0 ? (guint) codec->static_pt : next_dynamic++;
      g_array_append_val (offer->codecs, entry);
      dt_media_sdp_add_rtpmap (media, codec, entry.pt);
      have_8k |= codec->clock_rate == 8000;
      have_48k |= codec->clock_rate == 48000;
    }

  if (offer->codecs->len == 0)
    {
      gst_sdp_media_free (media);
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_MISSING_ELEMENT,
                           _("No audio codec is installed. Install the package “gstreamer1.0-plugins-good”."));
      return NULL;
    }

  /* One telephone-event per clock rate in use: RFC 4733 events run on the
   * codec's clock */
  if (have_8k)
    dt_media_sdp_add_event (media, next_event++, 8000);
  if (have_48k)
    dt_media_sdp_add_event (media, next_event++, 48000);

  dt_media_sdp_add_common (media, local, local->direction, 20, TRUE);

  if (local->srtp != DT_MEDIA_SRTP_POLICY_OFF)
    for (gsize i = 0; i < n_offered_suites; i++)
      {
        DtMediaCrypto *crypto = &offer->crypto[offer->n_crypto];

        if (!dt_media_srtp_suite_is_supported (offered_suites[i]))
          continue;
        if (!dt_media_crypto_generate (crypto, offered_suites[i], error))
          {
            gst_sdp_media_free (media);
            return NULL;
          }
        /* RFC 4568: tags start at 1; tag n is offer->crypto[n - 1] */
        dt_media_sdp_add_crypto (media, ++offer->n_crypto, crypto);
      }

  offer->text = dt_media_sdp_finish (msg, media);
  return g_steal_pointer (&offer);
}

void
dt_media_sdp_offer_free (DtMediaSdpOffer *offer)
{
  if (offer == NULL)
    return;

  if (offer->text != NULL)
    explicit_bzero (offer->text, strlen (offer->text));
  g_free (offer->text);
  g_free (offer->address);
  g_clear_pointer (&offer->codecs, g_array_unref);
  for (guint i = 0; i < MAX_CRYPTO; i++)
    dt_media_crypto_clear (&offer->crypto[i]);
  g_free (offer);
}

const char *
dt_media_sdp_offer_get_text (DtMediaSdpOffer *offer)
{
  g_return_val_if_fail (offer != NULL, NULL);

  return offer->text;
}


gboolean
dt_media_sdp_offer_parse_answer (DtMediaSdpOffer     *offer,
                                 const char          *answer,
                                 DtMediaDescription  *desc,
                                 GError             **error)
{
  g_autoptr(GstSDPMessage) msg = NULL;
  const GstSDPMedia *media;
  DtMediaDirection peer_direction;
  gboolean have_codec = FALSE;

  g_return_val_if_fail (offer != NULL && desc != NULL, FALSE);

  dt_media_description_init (desc);
  if ((msg = dt_media_sdp_parse (answer, error)) == NULL)
    return FALSE;

  media = dt_media_sdp_find_audio (msg);
  if (media == NULL || gst_sdp_media_get_port (media) == 0)
    return not_acceptable (error, _("The other side refused the audio of the call."));
  if (!dt_media_sdp_read_remote (msg, media, desc, &peer_direction))
    return not_acceptable (error, _("The other side gave no address for the audio that this call can reach."));

  /* The answer uses our payload numbers: take its first one that we offered */
  for (guint i = 0; i < gst_sdp_media_formats_len (media) && !have_codec; i++)
    {
      guint pt = (guint) atoi (gst_sdp_media_get_format (media, i));

      for (guint j = 0; j < offer->codecs->len; j++)
        {
          const Offered *entry = &g_array_index (offer->codecs, Offered, j);

          if (entry->pt == pt)
            {
              dt_media_sdp_set_codec (desc, entry->codec, pt, media);
              have_codec = TRUE;
              break;
            }
        }
    }
  if (!have_codec)
    {
      dt_media_description_clear (desc);
      return not_acceptable (error, _("The other side answered with no audio codec that was offered."));
    }

  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, i);
      DtMediaCrypto theirs = { 0 };
      guint tag;

      if (g_strcmp0 (attr->key, "crypto") != 0 ||
          !dt_media_sdp_read_crypto_line (attr->value, &tag, &theirs))
        continue;
      if (tag >= 1 && tag <= offer->n_crypto && offer->crypto[tag - 1].suite == theirs.suite)
        {
          desc->send_crypto = offer->crypto[tag - 1];
          desc->recv_crypto = theirs;
          break;
        }
      dt_media_crypto_clear (&theirs);
    }

  if (desc->send_crypto.suite == DT_MEDIA_CRYPTO_SUITE_NONE &&
      (offer->srtp == DT_MEDIA_SRTP_POLICY_MANDATORY ||
       g_strcmp0 (gst_sdp_media_get_proto (media), "RTP/SAVP") == 0))
    {
      dt_media_description_clear (desc);
      return not_acceptable (error, _("The other side does not encrypt the audio of the call."));
    }

  desc->local_address = g_strdup (offer->address);
  desc->local_rtp_port = offer->rtp_port;
  desc->local_rtcp_port = offer->rtcp_port;
  desc->direction = offer->direction & dt_media_direction_reverse (peer_direction);
  /* We always offer it: the answer decides */
  desc->rtcp_mux = gst_sdp_media_get_attribute_val (media, "rtcp-mux") != NULL;
  return TRUE;
}

/* Answer */

/* Picks the first crypto line of @media we can use, our key for it in
 * @ours: FALSE when there is none */
static gboolean
choose_crypto (const GstSDPMedia  *media,
               guint              *tag,
               DtMediaCrypto      *theirs,
               DtMediaCrypto      *ours,
               GError            **error)
{
  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, i);

      if (g_strcmp0 (attr->key, "crypto") != 0 ||
          !dt_media_sdp_read_crypto_line (attr->value, tag, theirs))
        continue;
      if (dt_media_srtp_suite_is_supported (theirs->suite))
        return dt_media_crypto_generate (ours, theirs->suite, error);
      dt_media_crypto_clear (theirs);
    }
  return FALSE;
}

char *
dt_media_sdp_answer (const DtMediaSdpLocal  *local,
                     const char             *offer,
                     DtMediaDescription     *desc,
                     GError                **error)
{
  g_auto(DtMediaDescription) result = { 0 };
  g_autoptr(GstSDPMessage) msg = NULL;
  g_autoptr(GstSDPMessage) reply = NULL;
  const char * const *enabled;
  const GstSDPMedia *media;
  GstSDPMedia *answer_media = NULL;
  const DtMediaCodec *codec = NULL;
  DtMediaDirection peer_direction;
  const char *proto;
  guint pt = 0, tag = 0;

  g_return_val_if_fail (local != NULL && local->address != NULL && desc != NULL, NULL);

  gst_init (NULL, NULL);
  dt_media_description_init (desc);
  dt_media_description_init (&result);
  enabled = local->codecs != NULL ? local->codecs : dt_media_codecs_get_default_order ();
  if ((msg = dt_media_sdp_parse (offer, error)) == NULL)
    return NULL;

  media = dt_media_sdp_find_audio (msg);
  proto = media != NULL ? gst_sdp_media_get_proto (media) : NULL;
  if (media == NULL || gst_sdp_media_get_port (media) == 0 ||
      (g_strcmp0 (proto, "RTP/AVP") != 0 && g_strcmp0 (proto, "RTP/SAVP") != 0))
    {
      not_acceptable (error, _("The other side offered no audio this phone can play."));
      return NULL;
    }
  if (!dt_media_sdp_read_remote (msg, media, &result, &peer_direction))
    {
      not_acceptable (error, _("The other side gave no address for the audio that this call can reach."));
      return NULL;
    }

  for (guint i = 0; i < gst_sdp_media_formats_len (media) && codec == NULL; i++)
    {
      char name[64];
      guint rate;

      pt = (guint) atoi (gst_sdp_media_get_format (media, i));
      if (pt > 127 || !dt_media_sdp_lookup_rtpmap (media, pt, name, sizeof name, &rate))
        continue;
      codec = dt_media_codecs_lookup (name);
      if (codec != NULL && (codec->clock_rate != rate || !codec_enabled (enabled, codec->name) ||
                            !dt_media_codec_is_available (codec)))
        codec = NULL;
    }
  if (codec == NULL)
    {
      not_acceptable (error, _("The other side offered no audio codec in common with this phone."));
      return NULL;
    }
  dt_media_sdp_set_codec (&result, codec, pt, media);

  if (local->srtp != DT_MEDIA_SRTP_POLICY_OFF &&
      !choose_crypto (media, &tag, &result.recv_crypto, &result.send_crypto, error) &&
      error != NULL && *error != NULL)
    return NULL;
  if (result.send_crypto.suite == DT_MEDIA_CRYPTO_SUITE_NONE &&
      (local->srtp == DT_MEDIA_SRTP_POLICY_MANDATORY || g_str_equal (proto, "RTP/SAVP")))
    {
      not_acceptable (error, local->srtp == DT_MEDIA_SRTP_POLICY_MANDATORY
                             ? _("The other side does not offer encrypted audio.")
                             : _("The other side offered encrypted audio in a way this phone cannot use."));
      return NULL;
    }

  result.local_address = g_strdup (local->address);
  result.local_rtp_port = local->rtp_port;
  result.local_rtcp_port = local->rtcp_port;
  result.direction = local->direction & dt_media_direction_reverse (peer_direction);

  reply = dt_media_sdp_new_message (local);
  gst_sdp_media_new (&answer_media);
  gst_sdp_media_set_media (answer_media, "audio");
  gst_sdp_media_set_port_info (answer_media, local->rtp_port, 1);
  gst_sdp_media_set_proto (answer_media, proto);
  dt_media_sdp_add_rtpmap (answer_media, codec, pt);
  if (result.telephone_event_pt >= 0)
    dt_media_sdp_add_event (answer_media, (guint) result.telephone_event_pt, codec->clock_rate);
  result.rtcp_mux = gst_sdp_media_get_attribute_val (media, "rtcp-mux") != NULL;
  dt_media_sdp_add_common (answer_media, local, result.direction, result.ptime, result.rtcp_mux);
  if (result.send_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE)
    dt_media_sdp_add_crypto (answer_media, tag, &result.send_crypto);

  dt_media_description_copy (desc, &result);
  return dt_media_sdp_finish (reply, answer_media);
}

void
dt_media_sdp_set_offered_suites_for_test (const DtMediaCryptoSuite *suites,
                                          gsize                     n_suites)
{
  static DtMediaCryptoSuite chosen[MAX_CRYPTO];

  g_return_if_fail (n_suites <= MAX_CRYPTO);

  if (suites == NULL)
    {
      offered_suites = default_suites;
      n_offered_suites = G_N_ELEMENTS (default_suites);
      return;
    }
  memcpy (chosen, suites, n_suites * sizeof *suites);
  offered_suites = chosen;
  n_offered_suites = n_suites;
}
