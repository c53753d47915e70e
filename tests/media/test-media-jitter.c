/* test-media-jitter.c: the jitter buffer grows with network jitter and
 * shrinks back when it is gone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GStreamer peer sends PCMU through netsim, which delays some packets by up
 * to 100 ms, to a session listening on dt_speaker_a.
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-test-audio.h"

#define TONE 1000.0

static gboolean
grown (gpointer data)
{
  return dt_media_session_get_current_latency (data) > dt_media_session_get_latency (data);
}

static gboolean
back (gpointer data)
{
  return dt_media_session_get_current_latency (data) == dt_media_session_get_latency (data);
}

static void
test_adapts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtMediaSession) session = dt_media_session_new ("127.0.0.1", &error);
  g_autoptr(DtTestMeter) meter = dt_test_meter_new ("dt_speaker_a.monitor");
  g_auto(DtMediaDescription) desc = { 0 };
  g_autoptr(GstElement) peer = NULL;
  g_autoptr(GstElement) net = NULL;
  g_autofree char *description = NULL;
  guint grown_to;
  gint64 since;
  double level;

  g_assert_no_error (error);
  g_object_set (session, "output-device", "dt_speaker_a", "input-device", "dt_mic",
                "echo-cancellation", FALSE, NULL);
  g_assert_cmpuint (dt_media_session_get_latency (session), ==, 40);
  dt_media_description_init (&desc);
  desc.codec = g_strdup ("PCMU");
  desc.clock_rate = 8000;
  desc.remote_address = g_strdup ("127.0.0.1");
  /* Our own RTCP port: what we send goes nowhere that matters */
  desc.remote_rtp_port = dt_media_session_get_rtcp_port (session);
  desc.direction = DT_MEDIA_DIRECTION_RECVONLY;
  g_assert_true (dt_media_session_set_description (session, &desc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_media_session_get_current_latency (session), ==, 40);

  description = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%g volume=0.3 ! "
                                 "audio/x-raw,rate=8000,channels=1 ! mulawenc ! "
                                 "rtppcmupay pt=0 min-ptime=20000000 max-ptime=20000000 ! "
                                 "netsim name=net delay-probability=0.2 min-delay=20 max-delay=100 ! "
                                 "udpsink host=127.0.0.1 port=%u",
                                 TONE, dt_media_session_get_rtp_port (session));
  peer = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  net = gst_bin_get_by_name (GST_BIN (peer), "net");
  g_assert_cmpint (gst_element_set_state (peer, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  /* Packets 20-100 ms late: more than 40 ms of them come too late */
  g_assert_true (dt_test_wait_until (grown, session, DT_TEST_DEADLINE_S));
  since = g_get_monotonic_time ();
  g_assert_true (dt_test_meter_wait_tone (meter, TONE, DT_TEST_HEARD_DB, &level));
  grown_to = dt_media_session_get_current_latency (session);
  dt_test_note ("jitter 20-100 ms on 20%% of the packets: jitter buffer grew to %u ms", grown_to);
  g_assert_cmpuint (grown_to, <=, 200);

  /* A quiet network: back to the setting, 10 ms a second after 10 s */
  g_object_set (net, "delay-probability", 0.0f, NULL);
  g_assert_true (dt_test_wait_until (back, session, 10.0 + (grown_to - 40) / 10.0 +
                                     DT_TEST_DEADLINE_S));
  dt_test_note ("no jitter: back to %u ms after %.1f s", dt_media_session_get_current_latency (session),
                (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC);
  g_assert_true (dt_test_meter_wait_tone (meter, TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("the tone still plays, at %.1f dBFS", level);

  gst_element_set_state (peer, GST_STATE_NULL);
  dt_media_session_stop (session);
  g_assert_cmpuint (dt_media_session_get_current_latency (session), ==, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/jitter/adapts", test_adapts);

  return g_test_run ();
}
