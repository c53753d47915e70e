/* dt-media-description.h: what the signalling layer tells a media session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain struct, free of SIP and GStreamer types: the negotiated result of an
 * offer/answer exchange, from our side's point of view.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The values are bit sets (1 = we send, 2 = we receive), kept as an enum so
 * that it is a GEnum property. */
typedef enum {
  DT_MEDIA_DIRECTION_INACTIVE = 0,
  DT_MEDIA_DIRECTION_SENDONLY = 1,
  DT_MEDIA_DIRECTION_RECVONLY = 2,
  DT_MEDIA_DIRECTION_SENDRECV = 3,
} DtMediaDirection;

typedef enum {
  DT_MEDIA_CRYPTO_SUITE_NONE,
  DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80,
  DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32,
  DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM,
} DtMediaCryptoSuite;

/* Per account: off (RTP/AVP, no crypto), optional (RTP/AVP with crypto lines,
 * plain accepted), mandatory (RTP/SAVP; a plain peer is refused) */
typedef enum {
  DT_MEDIA_SRTP_POLICY_OFF,
  DT_MEDIA_SRTP_POLICY_OPTIONAL,
  DT_MEDIA_SRTP_POLICY_MANDATORY,
} DtMediaSrtpPolicy;

/* Master key followed by master salt: 30 bytes for AES_CM_128, 44 for
 * AEAD_AES_256_GCM */
#define DT_MEDIA_CRYPTO_KEY_MAX 46

typedef struct {
  DtMediaCryptoSuite suite;
  guint8             key[DT_MEDIA_CRYPTO_KEY_MAX];
  gsize              key_length;
} DtMediaCrypto;

typedef struct {
  char               *local_address;
  guint16             local_rtp_port;
  guint16             local_rtcp_port;
  char               *remote_address;
  guint16             remote_rtp_port;
  guint16             remote_rtcp_port;
  /* The negotiated codec: SDP encoding name ("PCMU", "PCMA", "G722", "opus"),
   * RTP clock rate and channel count as the rtpmap says them */
  char               *codec;
  guint8              payload_type;
  guint               clock_rate;
  guint               channels;
  guint               ptime;
  /* RFC 4733 payload type at the codec's clock rate, or -1 */
  gint                telephone_event_pt;
  DtMediaDirection    direction;
  /* RFC 5761: RTCP goes both ways on the RTP ports; the RTCP ports are
   * not used */
  gboolean            rtcp_mux;
  /* suite NONE: plain RTP that way. send: the key we encrypt with (ours, sent
   * in our SDP); recv: the key the peer encrypts with (from its SDP). */
  DtMediaCrypto       send_crypto;
  DtMediaCrypto       recv_crypto;
} DtMediaDescription;

void        dt_media_description_init  (DtMediaDescription       *desc);
void        dt_media_description_clear (DtMediaDescription       *desc);
void        dt_media_description_copy  (DtMediaDescription       *dest,
                                        const DtMediaDescription *src);

/* Whether a session bound for @family can run @desc: a codec we know at
 * its clock rate, an IP literal of @family with a port to send to, payload
 * types and key lengths in range. DT_MEDIA_ERROR_INVALID otherwise. */
gboolean    dt_media_description_check (const DtMediaDescription  *desc,
                                        GSocketFamily              family,
                                        GError                   **error);

gboolean    dt_media_direction_sends    (DtMediaDirection direction);
gboolean    dt_media_direction_receives (DtMediaDirection direction);
/* The direction the other side has: sendonly ↔ recvonly */
DtMediaDirection dt_media_direction_reverse (DtMediaDirection direction);
/* "sendrecv", "sendonly", "recvonly", "inactive": the SDP attribute */
const char *dt_media_direction_to_sdp   (DtMediaDirection direction);

/* The RFC 4568 name ("AES_CM_128_HMAC_SHA1_80"), NULL for NONE */
const char *dt_media_crypto_suite_to_sdp    (DtMediaCryptoSuite suite);
DtMediaCryptoSuite dt_media_crypto_suite_from_sdp (const char *name);
/* Master key + salt length of @suite, 0 for NONE */
gsize       dt_media_crypto_suite_key_length (DtMediaCryptoSuite suite);
/* Fills @crypto with @suite and a fresh key from the system CSPRNG */
gboolean    dt_media_crypto_generate    (DtMediaCrypto      *crypto,
                                         DtMediaCryptoSuite  suite,
                                         GError            **error);
void        dt_media_crypto_clear       (DtMediaCrypto      *crypto);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtMediaDescription, dt_media_description_clear)

G_END_DECLS
