/* test-media-sdp.c: offers, answers and what they turn into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <locale.h>

#include <gst/gst.h>

#include "dt-media-error.h"
#include "dt-media-sdp.h"
#include "dt-media-srtp.h"

#define KEY_80 "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"

static DtMediaSdpLocal
local_config (void)
{
  return (DtMediaSdpLocal) {
    .address = "127.0.0.1",
    .rtp_port = 40000,
    .rtcp_port = 40001,
    .direction = DT_MEDIA_DIRECTION_SENDRECV,
    .srtp = DT_MEDIA_SRTP_POLICY_OFF,
    .session_id = 42,
    .session_version = 1,
  };
}

/* A remote offer: @media is the m= line and its attributes */
static char *
remote_offer (const char *media)
{
  return g_strdup_printf ("v=0\r\no=- 7 1 IN IP4 127.0.0.2\r\ns=peer\r\n"
                          "c=IN IP4 127.0.0.2\r\nt=0 0\r\n%s", media);
}

static void
assert_has_line (const char *sdp,
                 const char *line)
{
  g_autofree char *needle = g_strdup_printf ("%s\r\n", line);

  if (strstr (sdp, needle) == NULL)
    g_error ("no line “%s” in:\n%s", line, sdp);
}

static void
test_offer_default (void)
{
  DtMediaSdpLocal local = local_config ();
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  offer = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);
  text = dt_media_sdp_offer_get_text (offer);
  assert_has_line (text, "c=IN IP4 127.0.0.1");
  assert_has_line (text, "m=audio 40000 RTP/AVP 96 9 0 8 101 102");
  assert_has_line (text, "a=rtpmap:96 opus/48000/2");
  assert_has_line (text, "a=fmtp:96 useinbandfec=1; minptime=10");
  assert_has_line (text, "a=rtpmap:9 G722/8000");
  assert_has_line (text, "a=rtpmap:101 telephone-event/8000");
  assert_has_line (text, "a=rtpmap:102 telephone-event/48000");
  assert_has_line (text, "a=ptime:20");
  assert_has_line (text, "a=rtcp:40001");
  assert_has_line (text, "a=sendrecv");
  g_assert_null (strstr (text, "a=crypto"));
}

static void
test_offer_order (void)
{
  const char * const codecs[] = { "PCMA", "PCMU", NULL };
  DtMediaSdpLocal local = local_config ();
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_autoptr(GError) error = NULL;

  local.codecs = codecs;
  local.direction = DT_MEDIA_DIRECTION_SENDONLY;
  offer = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);
  assert_has_line (dt_media_sdp_offer_get_text (offer), "m=audio 40000 RTP/AVP 8 0 101");
  assert_has_line (dt_media_sdp_offer_get_text (offer), "a=sendonly");
}

static void
test_offer_srtp (void)
{
  DtMediaSdpLocal local = local_config ();
  g_autoptr(DtMediaSdpOffer) optional = NULL;
  g_autoptr(DtMediaSdpOffer) mandatory = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint crypto_lines = 0;

  local.srtp = DT_MEDIA_SRTP_POLICY_OPTIONAL;
  optional = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (dt_media_sdp_offer_get_text (optional), "RTP/AVP "));

  lines = g_strsplit (dt_media_sdp_offer_get_text (optional), "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      DtMediaCrypto crypto = { 0 };

      if (!g_str_has_prefix (lines[i], "a=crypto:"))
        continue;
      fields = g_strsplit (lines[i] + strlen ("a=crypto:"), " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      /* RFC 4568: tags from 1, one per line */
      g_assert_cmpuint (g_ascii_strtoull (fields[0], NULL, 10), ==, ++crypto_lines);
      g_assert_true (dt_media_srtp_decode_key (&crypto, dt_media_crypto_suite_from_sdp (fields[1]),
                                               fields[2]));
    }
  g_assert_cmpuint (crypto_lines, >=, 2);
  g_assert_nonnull (strstr (dt_media_sdp_offer_get_text (optional),
                            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"));

  local.srtp = DT_MEDIA_SRTP_POLICY_MANDATORY;
  mandatory = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (dt_media_sdp_offer_get_text (mandatory), "m=audio 40000 RTP/SAVP "));
  /* Fresh keys per offer */
  g_assert_cmpstr (strstr (dt_media_sdp_offer_get_text (optional), "inline:"), !=,
                   strstr (dt_media_sdp_offer_get_text (mandatory), "inline:"));
}

static void
test_answer_first_common (void)
{
  DtMediaSdpLocal local = local_config ();
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;

  /* G.729 (18) is not ours; PCMU is the first common one in the offerer's order */
  offer = remote_offer ("m=audio 4000 RTP/AVP 18 0 8 96 101\r\n"
                        "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
                        "a=ptime:30\r\n");
  answer = dt_media_sdp_answer (&local, offer, &desc, &error);
  g_assert_no_error (error);
  assert_has_line (answer, "m=audio 40000 RTP/AVP 0 101");
  assert_has_line (answer, "a=rtpmap:0 PCMU/8000");
  assert_has_line (answer, "a=ptime:30");
  g_assert_cmpstr (desc.codec, ==, "PCMU");
  g_assert_cmpuint (desc.payload_type, ==, 0);
  g_assert_cmpuint (desc.clock_rate, ==, 8000);
  g_assert_cmpint (desc.telephone_event_pt, ==, 101);
  g_assert_cmpuint (desc.ptime, ==, 30);
  g_assert_cmpstr (desc.remote_address, ==, "127.0.0.2");
  g_assert_cmpuint (desc.remote_rtp_port, ==, 4000);
  g_assert_cmpuint (desc.remote_rtcp_port, ==, 4001);
  g_assert_cmpint (desc.direction, ==, DT_MEDIA_DIRECTION_SENDRECV);
}

static void
test_answer_payload_numbers (void)
{
  DtMediaSdpLocal local = local_config ();
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;

  offer = remote_offer ("m=audio 4002 RTP/AVP 111 110 100\r\na=rtcp:5000\r\n"
                        "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/8000\r\n"
                        "a=rtpmap:100 telephone-event/48000\r\n");
  answer = dt_media_sdp_answer (&local, offer, &desc, &error);
  g_assert_no_error (error);
  assert_has_line (answer, "m=audio 40000 RTP/AVP 111 100");
  assert_has_line (answer, "a=rtpmap:111 opus/48000/2");
  assert_has_line (answer, "a=rtpmap:100 telephone-event/48000");
  g_assert_cmpstr (desc.codec, ==, "opus");
  g_assert_cmpuint (desc.payload_type, ==, 111);
  g_assert_cmpint (desc.telephone_event_pt, ==, 100);
  g_assert_cmpuint (desc.remote_rtcp_port, ==, 5000);
}

static void
test_answer_enabled_codecs (void)
{
  const char * const codecs[] = { "PCMA", NULL };
  DtMediaSdpLocal local = local_config ();
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = remote_offer ("m=audio 4000 RTP/AVP 0 8\r\n");
  g_autofree char *answer = NULL;

  local.codecs = codecs;
  answer = dt_media_sdp_answer (&local, offer, &desc, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desc.codec, ==, "PCMA");
  g_assert_cmpint (desc.telephone_event_pt, ==, -1);
  assert_has_line (answer, "m=audio 40000 RTP/AVP 8");
}

static void
test_answer_not_acceptable (void)
{
  const char *offers[] = {
    /* G.729 and GSM only */
    "m=audio 4000 RTP/AVP 18 3\r\n",
    /* PCMU at the wrong clock rate */
    "m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 PCMU/16000\r\n",
    /* audio refused */
    "m=audio 0 RTP/AVP 0\r\n",
    /* video only */
    "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n",
    /* a transport we do not speak */
    "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (offers); i++)
    {
      DtMediaSdpLocal local = local_config ();
      g_auto(DtMediaDescription) desc = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *offer = remote_offer (offers[i]);
      g_autofree char *answer = dt_media_sdp_answer (&local, offer, &desc, &error);

      g_assert_null (answer);
      g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE);
      g_assert_null (desc.codec);
    }
}

static void
test_answer_garbage (void)
{
  const char *offers[] = { "", "hello", "v=0\r\n", "v=0\r\nm=audio x RTP/AVP\r\n",
                           "v=0\r\nc=IN IP4 nowhere\r\nm=audio 4000 RTP/AVP 0\r\n" };

  for (gsize i = 0; i < G_N_ELEMENTS (offers); i++)
    {
      DtMediaSdpLocal local = local_config ();
      g_auto(DtMediaDescription) desc = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *answer = dt_media_sdp_answer (&local, offers[i], &desc, &error);

      g_assert_null (answer);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DT_MEDIA_ERROR);
    }
}

static void
test_answer_srtp_policy (void)
{
  g_autofree char *plain = remote_offer ("m=audio 4000 RTP/AVP 0\r\n");
  g_autofree char *savp = remote_offer ("m=audio 4000 RTP/SAVP 0\r\n"
                                        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY_80 "\r\n");
  DtMediaSdpLocal local = local_config ();
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  /* Mandatory refuses plain RTP; off refuses SAVP */
  local.srtp = DT_MEDIA_SRTP_POLICY_MANDATORY;
  g_assert_null (dt_media_sdp_answer (&local, plain, &desc, &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE);
  g_clear_error (&error);
  local.srtp = DT_MEDIA_SRTP_POLICY_OFF;
  g_assert_null (dt_media_sdp_answer (&local, savp, &desc, &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE);
  g_clear_error (&error);

  /* Optional takes either */
  local.srtp = DT_MEDIA_SRTP_POLICY_OPTIONAL;
  answer = dt_media_sdp_answer (&local, plain, &desc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (desc.send_crypto.suite, ==, DT_MEDIA_CRYPTO_SUITE_NONE);
  g_assert_null (strstr (answer, "a=crypto"));
  g_clear_pointer (&answer, g_free);
  dt_media_description_clear (&desc);
  answer = dt_media_sdp_answer (&local, savp, &desc, &error);
  g_assert_no_error (error);
  assert_has_line (answer, "m=audio 40000 RTP/SAVP 0");
  g_assert_cmpint (desc.send_crypto.suite, ==, DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80);
  g_assert_cmpint (desc.recv_crypto.suite, ==, DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80);
}

static void
test_answer_crypto_order (void)
{
  /* An unknown suite, then a key of the wrong length, then one we take */
  g_autofree char *offer = remote_offer (
    "m=audio 4000 RTP/SAVP 0\r\n"
    "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" KEY_80 "\r\n"
    "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2hvcnQ=\r\n"
    "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" KEY_80 "|2^31\r\n");
  DtMediaSdpLocal local = local_config ();
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *theirs = NULL;

  local.srtp = DT_MEDIA_SRTP_POLICY_MANDATORY;
  answer = dt_media_sdp_answer (&local, offer, &desc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answer, "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:"));
  g_assert_cmpint (desc.recv_crypto.suite, ==, DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32);
  theirs = dt_media_srtp_encode_key (&desc.recv_crypto);
  g_assert_cmpstr (theirs, ==, KEY_80);
  /* Our key is our own */
  g_assert_cmpint (memcmp (desc.send_crypto.key, desc.recv_crypto.key, 30), !=, 0);
}

static void
test_answer_direction (void)
{
  const struct {
    const char       *attribute;
    DtMediaDirection  ours;
  } cases[] = {
    { "a=sendonly\r\n", DT_MEDIA_DIRECTION_RECVONLY },
    { "a=recvonly\r\n", DT_MEDIA_DIRECTION_SENDONLY },
    { "a=inactive\r\n", DT_MEDIA_DIRECTION_INACTIVE },
    { "c=IN IP4 0.0.0.0\r\n", DT_MEDIA_DIRECTION_RECVONLY },
    { "", DT_MEDIA_DIRECTION_SENDRECV },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DtMediaSdpLocal local = local_config ();
      g_auto(DtMediaDescription) desc = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *media = g_strdup_printf ("m=audio 4000 RTP/AVP 0\r\n%s", cases[i].attribute);
      g_autofree char *offer = remote_offer (media);
      g_autofree char *answer = dt_media_sdp_answer (&local, offer, &desc, &error);
      g_autofree char *line = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (desc.direction, ==, cases[i].ours);
      line = g_strdup_printf ("a=%s", dt_media_direction_to_sdp (cases[i].ours));
      assert_has_line (answer, line);
    }
}

static void
test_parse_answer (void)
{
  DtMediaSdpLocal local = local_config ();
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gboolean ok;

  local.direction = DT_MEDIA_DIRECTION_SENDONLY;
  offer = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);

  answer = remote_offer ("m=audio 4000 RTP/AVP 9 101\r\na=rtpmap:101 telephone-event/8000\r\n"
                         "a=recvonly\r\n");
  ok = dt_media_sdp_offer_parse_answer (offer, answer, &desc, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (desc.codec, ==, "G722");
  g_assert_cmpuint (desc.payload_type, ==, 9);
  g_assert_cmpint (desc.telephone_event_pt, ==, 101);
  g_assert_cmpint (desc.direction, ==, DT_MEDIA_DIRECTION_SENDONLY);
  g_assert_cmpstr (desc.local_address, ==, "127.0.0.1");
  g_assert_cmpuint (desc.local_rtp_port, ==, 40000);
  g_assert_cmpstr (desc.remote_address, ==, "127.0.0.2");
}

static void
test_parse_answer_refused (void)
{
  const char *answers[] = {
    "m=audio 0 RTP/AVP 0\r\n",
    /* a payload type we never offered */
    "m=audio 4000 RTP/AVP 18\r\n",
    /* plain, to a mandatory offer */
    "m=audio 4000 RTP/AVP 0\r\n",
    /* a crypto tag we never offered */
    "m=audio 4000 RTP/SAVP 0\r\na=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:" KEY_80 "\r\n",
  };
  DtMediaSdpLocal local = local_config ();
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_autoptr(GError) error = NULL;

  local.srtp = DT_MEDIA_SRTP_POLICY_MANDATORY;
  offer = dt_media_sdp_offer_new (&local, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_auto(DtMediaDescription) desc = { 0 };
      g_autofree char *answer = remote_offer (answers[i]);

      g_assert_false (dt_media_sdp_offer_parse_answer (offer, answer, &desc, &error));
      g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE);
      g_clear_error (&error);
      g_assert_null (desc.codec);
    }

  {
    g_auto(DtMediaDescription) desc = { 0 };

    g_assert_false (dt_media_sdp_offer_parse_answer (offer, "rubbish", &desc, &error));
    g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  }
}

static void
test_round_trip_keys (void)
{
  DtMediaSdpLocal local_a = local_config ();
  DtMediaSdpLocal local_b = local_config ();
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_auto(DtMediaDescription) desc_a = { 0 };
  g_auto(DtMediaDescription) desc_b = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  local_a.srtp = DT_MEDIA_SRTP_POLICY_MANDATORY;
  local_b.srtp = DT_MEDIA_SRTP_POLICY_OPTIONAL;
  local_b.rtp_port = 41000;
  local_b.rtcp_port = 41001;
  offer = dt_media_sdp_offer_new (&local_a, &error);
  g_assert_no_error (error);
  answer = dt_media_sdp_answer (&local_b, dt_media_sdp_offer_get_text (offer), &desc_b, &error);
  g_assert_no_error (error);
  g_assert_true (dt_media_sdp_offer_parse_answer (offer, answer, &desc_a, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (desc_a.codec, ==, desc_b.codec);
  g_assert_cmpuint (desc_a.payload_type, ==, desc_b.payload_type);
  g_assert_cmpint (desc_a.telephone_event_pt, ==, desc_b.telephone_event_pt);
  g_assert_cmpuint (desc_a.remote_rtp_port, ==, 41000);
  g_assert_cmpuint (desc_b.remote_rtp_port, ==, 40000);
  g_assert_cmpint (desc_a.send_crypto.suite, !=, DT_MEDIA_CRYPTO_SUITE_NONE);
  g_assert_cmpint (desc_a.send_crypto.suite, ==, desc_b.recv_crypto.suite);
  g_assert_cmpmem (desc_a.send_crypto.key, desc_a.send_crypto.key_length,
                   desc_b.recv_crypto.key, desc_b.recv_crypto.key_length);
  g_assert_cmpmem (desc_b.send_crypto.key, desc_b.send_crypto.key_length,
                   desc_a.recv_crypto.key, desc_a.recv_crypto.key_length);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/sdp/offer/default", test_offer_default);
  g_test_add_func ("/media/sdp/offer/order", test_offer_order);
  g_test_add_func ("/media/sdp/offer/srtp", test_offer_srtp);
  g_test_add_func ("/media/sdp/answer/first-common", test_answer_first_common);
  g_test_add_func ("/media/sdp/answer/payload-numbers", test_answer_payload_numbers);
  g_test_add_func ("/media/sdp/answer/enabled-codecs", test_answer_enabled_codecs);
  g_test_add_func ("/media/sdp/answer/not-acceptable", test_answer_not_acceptable);
  g_test_add_func ("/media/sdp/answer/garbage", test_answer_garbage);
  g_test_add_func ("/media/sdp/answer/srtp-policy", test_answer_srtp_policy);
  g_test_add_func ("/media/sdp/answer/crypto-order", test_answer_crypto_order);
  g_test_add_func ("/media/sdp/answer/direction", test_answer_direction);
  g_test_add_func ("/media/sdp/parse-answer/ok", test_parse_answer);
  g_test_add_func ("/media/sdp/parse-answer/refused", test_parse_answer_refused);
  g_test_add_func ("/media/sdp/round-trip-keys", test_round_trip_keys);

  return g_test_run ();
}
