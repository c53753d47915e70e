/* test-media-srtp.c: SRTP with each suite, keyed by hand and through SDES
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-media-sdp.h"
#include "dt-test-audio.h"

static void
key_call (DtTestCall         *call,
          DtMediaCryptoSuite  suite)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_media_crypto_generate (&call->desc_a.send_crypto, suite, &error));
  g_assert_no_error (error);
  g_assert_true (dt_media_crypto_generate (&call->desc_b.send_crypto, suite, &error));
  g_assert_no_error (error);
  call->desc_a.recv_crypto = call->desc_b.send_crypto;
  call->desc_b.recv_crypto = call->desc_a.send_crypto;
}

static void
test_suite (gconstpointer data)
{
  DtMediaCryptoSuite suite = GPOINTER_TO_INT (data);
  DtTestCall call;

  dt_test_call_init (&call, "PCMU", FALSE);
  key_call (&call, suite);
  dt_test_call_start (&call);
  g_assert_true (dt_media_session_get_secure (call.a));
  g_assert_true (dt_media_session_get_secure (call.b));
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

typedef struct {
  DtMediaSession *session;
  guint           target;
} PacketWait;

static gboolean
packets_arrived (gpointer data)
{
  PacketWait *wait = data;

  return dt_media_session_get_packets_received (wait->session) >= wait->target;
}

static void
test_wrong_key (void)
{
  g_autoptr(GError) error = NULL;
  DtTestCall call;
  PacketWait wait;
  double level;

  dt_test_call_init (&call, "PCMA", FALSE);
  key_call (&call, DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80);
  /* B expects another key than the one A encrypts with */
  g_assert_true (dt_media_crypto_generate (&call.desc_b.recv_crypto,
                                           DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80,
                                           &error));
  dt_test_call_start (&call);
  dt_test_call_play_tones (&call);

  /* The way with the right key works, and proves the call is up */
  g_assert_true (dt_test_meter_wait_tone (call.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));
  wait.session = call.b;
  wait.target = dt_media_session_get_packets_received (call.b) + 50;
  g_assert_true (dt_test_wait_until (packets_arrived, &wait, DT_TEST_DEADLINE_S));
  dt_test_meter_measure (call.meter_b, DT_TEST_TONE_A, 1.0, &level);
  dt_test_note ("wrong key: packets arrive, %.0f Hz at B at most %.1f dBFS", DT_TEST_TONE_A, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  dt_test_call_clear (&call);
}

/* A offers with @offer_policy, B answers with @answer_policy; both start
 * with what the exchange gave them */
static void
negotiate (DtTestCall        *call,
           DtMediaSrtpPolicy  offer_policy,
           DtMediaSrtpPolicy  answer_policy)
{
  DtMediaSdpLocal local_a = {
    .address = "127.0.0.1",
    .rtp_port = dt_media_session_get_rtp_port (call->a),
    .rtcp_port = dt_media_session_get_rtcp_port (call->a),
    .direction = DT_MEDIA_DIRECTION_SENDRECV,
    .srtp = offer_policy,
    .session_id = 1,
    .session_version = 1,
  };
  DtMediaSdpLocal local_b = {
    .address = "127.0.0.1",
    .rtp_port = dt_media_session_get_rtp_port (call->b),
    .rtcp_port = dt_media_session_get_rtcp_port (call->b),
    .direction = DT_MEDIA_DIRECTION_SENDRECV,
    .srtp = answer_policy,
    .session_id = 2,
    .session_version = 1,
  };
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gboolean ok;

  offer = dt_media_sdp_offer_new (&local_a, &error);
  g_assert_no_error (error);
  dt_media_description_clear (&call->desc_b);
  answer = dt_media_sdp_answer (&local_b, dt_media_sdp_offer_get_text (offer), &call->desc_b, &error);
  g_assert_no_error (error);
  dt_media_description_clear (&call->desc_a);
  ok = dt_media_sdp_offer_parse_answer (offer, answer, &call->desc_a, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  dt_test_call_start (call);
}

static void
test_sdes (void)
{
  DtTestCall call;

  dt_test_call_init (&call, "PCMU", FALSE);
  negotiate (&call, DT_MEDIA_SRTP_POLICY_MANDATORY, DT_MEDIA_SRTP_POLICY_OPTIONAL);
  dt_test_note ("negotiated %s with %s", call.desc_a.codec,
                dt_media_crypto_suite_to_sdp (call.desc_a.send_crypto.suite));
  g_assert_cmpint (call.desc_a.send_crypto.suite, !=, DT_MEDIA_CRYPTO_SUITE_NONE);
  g_assert_true (dt_media_session_get_secure (call.a));
  g_assert_true (dt_media_session_get_secure (call.b));
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

static void
test_sdes_fallback (void)
{
  DtTestCall call;

  /* Optional SRTP against a peer without it: plain RTP, and it plays */
  dt_test_call_init (&call, "PCMU", FALSE);
  negotiate (&call, DT_MEDIA_SRTP_POLICY_OPTIONAL, DT_MEDIA_SRTP_POLICY_OFF);
  g_assert_cmpint (call.desc_a.send_crypto.suite, ==, DT_MEDIA_CRYPTO_SUITE_NONE);
  g_assert_false (dt_media_session_get_secure (call.a));
  g_assert_false (dt_media_session_get_secure (call.b));
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);
  dt_test_call_clear (&call);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/media/srtp/aes-cm-128-hmac-sha1-80",
                        GINT_TO_POINTER (DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80), test_suite);
  g_test_add_data_func ("/media/srtp/aes-cm-128-hmac-sha1-32",
                        GINT_TO_POINTER (DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32), test_suite);
  g_test_add_data_func ("/media/srtp/aead-aes-256-gcm",
                        GINT_TO_POINTER (DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM), test_suite);
  g_test_add_func ("/media/srtp/wrong-key", test_wrong_key);
  g_test_add_func ("/media/srtp/sdes", test_sdes);
  g_test_add_func ("/media/srtp/sdes-fallback", test_sdes_fallback);

  return g_test_run ();
}
