/* test-media-jitter.c: the jitter buffer grows with network jitter and
 * shrinks below the setting when it is gone
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

/* Loopback without netsim's delays has next to no jitter: the buffer is
 * left at its floor */
static gboolean
shrunk (gpointer data)
{
  return dt_media_session_get_current_latency (data) <= 20;
}

typedef struct {
  DtMediaSession *session;
  DtTestMeter    *meter;
  GstElement     *peer;
  GstElement     *net;
} Call;

/* A session listening on dt_speaker_a and a GStreamer peer sending it a
 * tone through netsim, which delays @delay_probability of the packets by
 * 20-100 ms */
static void
call_start (Call  *call,
            float  delay_probability)
{
  g_autoptr(GError) error = NULL;
  g_auto(DtMediaDescription) desc = { 0 };
  g_autofree char *description = NULL;

  call->session = dt_media_session_new ("127.0.0.1", &error);
  g_assert_no_error (error);
  call->meter = dt_test_meter_new ("dt_speaker_a.monitor");
  g_object_set (call->session, "output-device", "dt_speaker_a", "input-device", "dt_mic",
                "echo-cancellation", FALSE, NULL);
  g_assert_cmpuint (dt_media_session_get_latency (call->session), ==, 40);
  dt_media_description_init (&desc);
  desc.codec = g_strdup ("PCMU");
  desc.clock_rate = 8000;
  desc.remote_address = g_strdup ("127.0.0.1");
  /* Our own RTCP port: what we send goes nowhere that matters */
  desc.remote_rtp_port = dt_media_session_get_rtcp_port (call->session);
  desc.direction = DT_MEDIA_DIRECTION_RECVONLY;
  g_assert_true (dt_media_session_set_description (call->session, &desc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_media_session_get_current_latency (call->session), ==, 40);

  description = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%g volume=0.3 ! "
                                 "audio/x-raw,rate=8000,channels=1 ! mulawenc ! "
                                 "rtppcmupay pt=0 min-ptime=20000000 max-ptime=20000000 ! "
                                 "netsim name=net delay-probability=%g min-delay=20 max-delay=100 ! "
                                 "udpsink host=127.0.0.1 port=%u",
                                 TONE, delay_probability,
                                 dt_media_session_get_rtp_port (call->session));
  call->peer = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  call->net = gst_bin_get_by_name (GST_BIN (call->peer), "net");
  g_assert_cmpint (gst_element_set_state (call->peer, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
}

static void
call_stop (Call *call)
{
  gst_element_set_state (call->peer, GST_STATE_NULL);
  dt_media_session_stop (call->session);
  g_assert_cmpuint (dt_media_session_get_current_latency (call->session), ==, 0);
  g_clear_object (&call->net);
  g_clear_object (&call->peer);
  g_clear_pointer (&call->meter, dt_test_meter_free);
  g_clear_object (&call->session);
}

static void
test_adapts (void)
{
  Call call = { 0 };
  guint grown_to;
  gint64 since;
  double level;

  call_start (&call, 0.2f);

  /* Packets 20-100 ms late: more than 40 ms of them come too late */
  g_assert_true (dt_test_wait_until (grown, call.session, DT_TEST_DEADLINE_S));
  g_assert_true (dt_test_meter_wait_tone (call.meter, TONE, DT_TEST_HEARD_DB, &level));
  grown_to = dt_media_session_get_current_latency (call.session);
  dt_test_note ("jitter 20-100 ms on 20%% of the packets: jitter buffer grew to %u ms", grown_to);
  g_assert_cmpuint (grown_to, <=, 200);

  /* A quiet network: after 10 s without a late packet, one step down to
   * what the jitter left needs, under the setting */
  g_object_set (call.net, "delay-probability", 0.0f, NULL);
  since = g_get_monotonic_time ();
  g_assert_true (dt_test_wait_until (shrunk, call.session, 10.0 + DT_TEST_DEADLINE_S));
  dt_test_note ("no jitter: down to %u ms after %.1f s",
                dt_media_session_get_current_latency (call.session),
                (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC);
  g_assert_true (dt_test_meter_wait_tone (call.meter, TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("the tone still plays, at %.1f dBFS", level);

  call_stop (&call);
}

/* A call on a quiet network does not keep the setting's margin: it drops
 * to the floor once the first seconds showed no jitter */
static void
test_settles (void)
{
  Call call = { 0 };
  double level;

  call_start (&call, 0.0f);
  g_assert_true (dt_test_meter_wait_tone (call.meter, TONE, DT_TEST_HEARD_DB, &level));
  /* 2 s to settle: a buffer that waited the 10 s it waits after late
   * packets would miss this */
  g_assert_true (dt_test_wait_until (shrunk, call.session, 8.0));
  dt_test_note ("no jitter from the start: %u ms",
                dt_media_session_get_current_latency (call.session));
  g_assert_true (dt_test_meter_wait_tone (call.meter, TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("the tone plays at %.1f dBFS", level);
  call_stop (&call);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/jitter/adapts", test_adapts);
  g_test_add_func ("/media/jitter/settles", test_settles);

  return g_test_run ();
}
