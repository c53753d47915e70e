/* test-media-errors.c: bad input is refused with a readable error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <locale.h>

#include <gst/gst.h>

#include "dt-media-codecs.h"
#include "dt-media-sdp.h"
#include "dt-test-audio.h"

/* A codec whose encoder and decoder are not installed anywhere */
static const DtMediaCodec missing_codec = {
  "X-DT-MISSING", 8000, 1, -1, 8000, NULL,
  "dtnosuchencoder", "dtnosuchdecoder", "rtppcmupay", "rtppcmudepay",
  "gstreamer1.0-dt-missing",
};

static void
test_local_address (void)
{
  g_autoptr(DtMediaSession) a = NULL;
  g_autoptr(DtMediaSession) b = NULL;
  g_autoptr(DtMediaSession) bad = NULL;
  g_autoptr(GError) error = NULL;

  bad = dt_media_session_new ("pbx.example.org", &error);
  g_assert_null (bad);
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_clear_error (&error);

  a = dt_media_session_new ("127.0.0.1", &error);
  g_assert_no_error (error);
  b = dt_media_session_new ("127.0.0.1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dt_media_session_get_rtp_port (a) % 2, ==, 0);
  g_assert_cmpuint (dt_media_session_get_rtcp_port (a), ==, dt_media_session_get_rtp_port (a) + 1);
  g_assert_cmpuint (dt_media_session_get_rtp_port (a), !=, dt_media_session_get_rtp_port (b));
  g_assert_false (dt_media_session_get_running (a));
  g_assert_cmpint (dt_media_session_get_direction (a), ==, DT_MEDIA_DIRECTION_INACTIVE);
  g_assert_cmpuint (dt_media_session_get_latency (a), ==, 40);
  g_assert_true (dt_media_session_get_echo_cancellation (a));
}

static void
test_missing_element (void)
{
  g_autoptr(GError) error = NULL;
  DtTestCall call;

  dt_media_codecs_add_for_test (&missing_codec);
  dt_test_call_init (&call, "PCMU", FALSE);
  g_free (call.desc_a.codec);
  call.desc_a.codec = g_strdup (missing_codec.name);
  call.desc_a.payload_type = 96;

  g_assert_false (dt_media_session_set_description (call.a, &call.desc_a, &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_MISSING_ELEMENT);
  dt_test_note ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“dtnosuchencoder”"));
  g_assert_nonnull (strstr (error->message, "“gstreamer1.0-dt-missing”"));
  g_assert_false (dt_media_session_get_running (call.a));
  g_clear_error (&error);

  /* An offer leaves out what cannot be built */
  {
    const char * const codecs[] = { "X-DT-MISSING", "PCMA", NULL };
    DtMediaSdpLocal local = {
      .address = "127.0.0.1", .rtp_port = 40000, .rtcp_port = 40001,
      .codecs = codecs, .direction = DT_MEDIA_DIRECTION_SENDRECV,
    };
    g_autoptr(DtMediaSdpOffer) offer = dt_media_sdp_offer_new (&local, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (dt_media_sdp_offer_get_text (offer), "m=audio 40000 RTP/AVP 8 101\r\n"));
  }

  /* The session is still usable with a codec that exists */
  g_free (call.desc_a.codec);
  call.desc_a.codec = g_strdup ("PCMU");
  call.desc_a.payload_type = 0;
  dt_test_call_start (&call);
  g_assert_true (dt_media_session_get_running (call.a));
  dt_test_call_clear (&call);
}

static void
test_invalid_description (void)
{
  g_autoptr(GError) error = NULL;
  DtTestCall call;

  dt_test_call_init (&call, "PCMU", FALSE);

  for (guint i = 0; i < 6; i++)
    {
      g_auto(DtMediaDescription) desc = { 0 };

      dt_media_description_copy (&desc, &call.desc_a);
      switch (i)
        {
        case 0:
          g_free (desc.remote_address);
          desc.remote_address = g_strdup ("pbx.example.org");
          break;
        case 1:
          desc.remote_rtp_port = 0;
          break;
        case 2:
          g_free (desc.codec);
          desc.codec = g_strdup ("G729");
          break;
        case 3:
          desc.clock_rate = 16000;
          break;
        case 4:
          desc.send_crypto.suite = DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80;
          desc.send_crypto.key_length = 16;
          break;
        default:
          g_free (desc.remote_address);
          desc.remote_address = g_strdup ("::1");
          break;
        }
      g_assert_false (dt_media_session_set_description (call.a, &desc, &error));
      g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (dt_media_session_get_running (call.a));
    }

  /* A running call stays as it was when an update is refused */
  dt_test_call_start (&call);
  call.desc_a.remote_rtp_port = 0;
  g_assert_false (dt_media_session_set_description (call.a, &call.desc_a, &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_assert_true (dt_media_session_get_running (call.a));
  dt_media_session_stop (call.a);
  g_assert_false (dt_media_session_get_running (call.a));
  dt_test_call_clear (&call);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/errors/local-address", test_local_address);
  g_test_add_func ("/media/errors/missing-element", test_missing_element);
  g_test_add_func ("/media/errors/invalid-description", test_invalid_description);

  return g_test_run ();
}
