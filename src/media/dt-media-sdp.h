/* dt-media-sdp.h: SDP offer/answer for the audio stream of a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strings in, strings and DtMediaDescriptions out: the signalling layer
 * needs no GStreamer header to use it.
 */
#pragma once

#include <glib.h>

#include "dt-media-description.h"

G_BEGIN_DECLS

typedef struct {
  /* Our address and RTP/RTCP ports (DtMediaSession's) */
  const char          *address;
  guint16              rtp_port;
  guint16              rtcp_port;
  /* SDP encoding names in preference order; NULL: Opus, G722, PCMU, PCMA.
   * Codecs whose elements are not installed are left out. */
  const char * const  *codecs;
  /* What we want: sendrecv, or sendonly to hold */
  DtMediaDirection     direction;
  DtMediaSrtpPolicy    srtp;
  /* o= line: a session id that stays, a version that grows per offer */
  guint64              session_id;
  guint64              session_version;
} DtMediaSdpLocal;

/* An offer we sent: it keeps the payload types and keys it announced so
 * that the answer can be read against it */
typedef struct _DtMediaSdpOffer DtMediaSdpOffer;

DtMediaSdpOffer *dt_media_sdp_offer_new          (const DtMediaSdpLocal  *local,
                                                  GError                **error);
void             dt_media_sdp_offer_free         (DtMediaSdpOffer        *offer);
const char      *dt_media_sdp_offer_get_text     (DtMediaSdpOffer        *offer);
/* Reads the peer's answer into @desc (initialised by this call). Errors:
 * DT_MEDIA_ERROR_INVALID for text that is not SDP, NOT_ACCEPTABLE when the
 * answer refuses the audio or breaks the SRTP policy. */
gboolean         dt_media_sdp_offer_parse_answer (DtMediaSdpOffer        *offer,
                                                  const char             *answer,
                                                  DtMediaDescription     *desc,
                                                  GError                **error);

/* Answers the peer's @offer: the first of its codecs (in its order) that we
 * have, its payload numbers, every crypto line tried in order. Fills @desc
 * (initialised by this call) and returns the answer's text, or NULL with
 * DT_MEDIA_ERROR_NOT_ACCEPTABLE (reply 488) or DT_MEDIA_ERROR_INVALID. */
char            *dt_media_sdp_answer             (const DtMediaSdpLocal  *local,
                                                  const char             *offer,
                                                  DtMediaDescription     *desc,
                                                  GError                **error);

/* For the tests: offer @suites, in this order, instead of ours (at most
 * three; NULL restores ours). Suites the SRTP elements lack are still
 * left out. */
void             dt_media_sdp_set_offered_suites_for_test (const DtMediaCryptoSuite *suites,
                                                           gsize                     n_suites);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaSdpOffer, dt_media_sdp_offer_free)

G_END_DECLS
