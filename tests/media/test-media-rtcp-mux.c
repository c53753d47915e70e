/* test-media-rtcp-mux.c: RTCP on the RTP port (RFC 5761) when both sides agree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include <gst/gst.h>

#include "dt-media-sdp.h"
#include "dt-test-audio.h"

/* rtpbin sends its first report within a few seconds, then every ~5 s */
#define RTCP_DEADLINE_S 30.0

/* A offers, B answers (@offer_mux: A's offer keeps a=rtcp-mux), both start
 * with what the exchange gave them */
static void
negotiate (DtTestCall        *call,
           DtMediaSrtpPolicy  srtp,
           gboolean           offer_mux)
{
  DtMediaSdpLocal local_a = {
    .address = "127.0.0.1",
    .rtp_port = dt_media_session_get_rtp_port (call->a),
    .rtcp_port = dt_media_session_get_rtcp_port (call->a),
    .direction = DT_MEDIA_DIRECTION_SENDRECV,
    .srtp = srtp,
    .session_id = 1,
    .session_version = 1,
  };
  DtMediaSdpLocal local_b = local_a;
  g_autoptr(DtMediaSdpOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *offer_text = NULL;
  g_autofree char *answer = NULL;
  gboolean ok;

  local_b.rtp_port = dt_media_session_get_rtp_port (call->b);
  local_b.rtcp_port = dt_media_session_get_rtcp_port (call->b);
  local_b.session_id = 2;

  offer = dt_media_sdp_offer_new (&local_a, &error);
  g_assert_no_error (error);
  offer_text = g_strdup (dt_media_sdp_offer_get_text (offer));
  g_assert_nonnull (strstr (offer_text, "a=rtcp-mux\r\n"));
  if (!offer_mux)
    {
      /* A peer that does not know RFC 5761 */
      char *line = strstr (offer_text, "a=rtcp-mux\r\n");

      memmove (line, line + strlen ("a=rtcp-mux\r\n"), strlen (line + strlen ("a=rtcp-mux\r\n")) + 1);
    }

  dt_media_description_clear (&call->desc_b);
  answer = dt_media_sdp_answer (&local_b, offer_text, &call->desc_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strstr (answer, "a=rtcp-mux\r\n") != NULL, ==, offer_mux);
  dt_media_description_clear (&call->desc_a);
  ok = dt_media_sdp_offer_parse_answer (offer, answer, &call->desc_a, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (call->desc_a.rtcp_mux, ==, offer_mux);
  g_assert_cmpint (call->desc_b.rtcp_mux, ==, offer_mux);
  dt_test_call_start (call);
}

typedef struct {
  DtMediaSession *a;
  DtMediaSession *b;
} Pair;

static gboolean
both_got_rtcp (gpointer data)
{
  Pair *pair = data;

  return dt_media_session_get_rtcp_packets_received (pair->a) > 0 &&
         dt_media_session_get_rtcp_packets_received (pair->b) > 0;
}

static void
test_call (gconstpointer data)
{
  gboolean secure = GPOINTER_TO_INT (data) & 1;
  gboolean mux = !(GPOINTER_TO_INT (data) & 2);
  DtTestCall call;
  Pair pair;

  dt_test_call_init (&call, "PCMU", FALSE);
  negotiate (&call, secure ? DT_MEDIA_SRTP_POLICY_MANDATORY : DT_MEDIA_SRTP_POLICY_OFF, mux);
  g_assert_cmpint (dt_media_session_get_secure (call.a), ==, secure);
  dt_test_call_play_tones (&call);
  dt_test_call_assert_two_way (&call);

  /* Each side's reports reach the other: on the RTP port with RTCP-mux
   * (nothing listens on the RTCP port then), else on the RTCP port */
  pair.a = call.a;
  pair.b = call.b;
  g_assert_true (dt_test_wait_until (both_got_rtcp, &pair, RTCP_DEADLINE_S));
  dt_test_note ("%s%s: RTCP packets received %u by A, %u by B", mux ? "rtcp-mux" : "separate RTCP",
                secure ? ", SRTP" : "", dt_media_session_get_rtcp_packets_received (call.a),
                dt_media_session_get_rtcp_packets_received (call.b));
  dt_test_call_clear (&call);
}

typedef struct {
  GSocket *rtp;
  GSocket *rtcp;
  guint    rtcp_on_rtp;
  guint    rtp_on_rtp;
  guint    on_rtcp;
} Wire;

static GSocket *
bind_port (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  if (!g_socket_bind (socket, address, FALSE, NULL))
    g_clear_object (&socket);
  else
    g_socket_set_blocking (socket, FALSE);
  return socket;
}

static guint16 port_of (GSocket *socket);

/* Two ports in a row, bound: a free one from the kernel and, when it is
 * free too, the one above */
static void
wire_init (Wire *wire)
{
  memset (wire, 0, sizeof *wire);
  for (guint attempt = 0; attempt < 50 && wire->rtcp == NULL; attempt++)
    {
      g_clear_object (&wire->rtp);
      wire->rtp = bind_port (0);
      g_assert_nonnull (wire->rtp);
      if (port_of (wire->rtp) < G_MAXUINT16)
        wire->rtcp = bind_port (port_of (wire->rtp) + 1);
    }
  g_assert_nonnull (wire->rtcp);
}

static guint16
port_of (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static gboolean
got_rtcp (gpointer data)
{
  return dt_media_session_get_rtcp_packets_received (data) > 0;
}

static gboolean
wire_read (gpointer data)
{
  Wire *wire = data;
  guint8 packet[1500];
  gssize n;

  while ((n = g_socket_receive (wire->rtp, (char *) packet, sizeof packet, NULL, NULL)) >= 2)
    {
      if (packet[1] >= 200 && packet[1] <= 204)
        wire->rtcp_on_rtp++;
      else
        wire->rtp_on_rtp++;
    }
  while (g_socket_receive (wire->rtcp, (char *) packet, sizeof packet, NULL, NULL) > 0)
    wire->on_rtcp++;
  return wire->rtcp_on_rtp > 0;
}

/* A bare peer that only reads its sockets and sends one receiver report:
 * what goes where, byte by byte */
static void
test_on_the_wire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtMediaSession) session = dt_media_session_new ("127.0.0.1", &error);
  g_autoptr(GSocketAddress) ours = NULL;
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  /* RFC 3550 §6.4.2: an empty receiver report from SSRC 0x01020304 */
  static const guint8 rr[] = { 0x80, 201, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04 };
  guint rtp_before;
  Wire wire;

  g_assert_no_error (error);
  g_object_set (session, "input-device", "dt_mic", "output-device", "dt_speaker_a",
                "echo-cancellation", FALSE, NULL);
  wire_init (&wire);
  dt_media_description_init (&desc);
  desc.codec = g_strdup ("PCMU");
  desc.clock_rate = 8000;
  desc.remote_address = g_strdup ("127.0.0.1");
  desc.remote_rtp_port = port_of (wire.rtp);
  desc.remote_rtcp_port = port_of (wire.rtcp);
  desc.rtcp_mux = TRUE;
  g_assert_true (dt_media_session_set_description (session, &desc, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_wait_until (wire_read, &wire, RTCP_DEADLINE_S));
  dt_test_note ("rtcp-mux on the wire: %u RTCP and %u RTP packets on the RTP port, %u on the "
                "RTCP port", wire.rtcp_on_rtp, wire.rtp_on_rtp, wire.on_rtcp);
  g_assert_cmpuint (wire.rtp_on_rtp, >, 0);
  g_assert_cmpuint (wire.on_rtcp, ==, 0);

  /* Its report to our RTP port is taken as RTCP, not as an RTP packet */
  rtp_before = dt_media_session_get_packets_received (session);
  ours = g_inet_socket_address_new_from_string ("127.0.0.1",
                                                dt_media_session_get_rtp_port (session));
  g_assert_cmpint (g_socket_send_to (wire.rtp, ours, (const char *) rr, sizeof rr, NULL, &error),
                   ==, sizeof rr);
  g_assert_no_error (error);
  g_assert_true (dt_test_wait_until (got_rtcp, session, DT_TEST_DEADLINE_S));
  g_assert_cmpuint (dt_media_session_get_packets_received (session), ==, rtp_before);

  dt_media_session_stop (session);
  g_clear_object (&wire.rtp);
  g_clear_object (&wire.rtcp);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/media/rtcp-mux/plain", GINT_TO_POINTER (0), test_call);
  g_test_add_data_func ("/media/rtcp-mux/srtp", GINT_TO_POINTER (1), test_call);
  g_test_add_data_func ("/media/rtcp-mux/not-offered", GINT_TO_POINTER (2), test_call);
  g_test_add_func ("/media/rtcp-mux/on-the-wire", test_on_the_wire);

  return g_test_run ();
}
