/* test-sip-rtcp-mux.c: RTCP-mux (RFC 5761) between Dialtone and baresip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * We always offer a=rtcp-mux and take it when offered; baresip does with
 * `rtcp_mux yes`. Both ways of RTCP are checked where they land: ours in
 * baresip, which reports each RTCP packet it reads (CALL_RTCP) and drops
 * RTCP that reaches its RTP port when it did not agree to RTCP-mux; its in
 * our RTP session, which counts what it reads.
 */
#include <gst/gst.h>

#include "dt-gst-media-backend.h"
#include "dt-test-media-fixture.h"
/* Reports come every ~5 s, the first within a few seconds */
#define RTCP_MS      30000

typedef struct {
  gboolean baresip_mux;
  gboolean incoming;
} Case;

static void
test_call (Fixture       *fixture,
           gconstpointer  data)
{
  const Case *c = data;
  DtTestBaresipOptions options = { .rtcp_mux = c->baresip_mux, .audible = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestBaresip) baresip = dt_test_baresip_start_with (&options, &error);
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autoptr(Record) owned = NULL;
  g_autofree char *output = NULL;
  DtMediaBackend *backend = dt_call_manager_get_media_backend (fixture->manager);
  DtMediaSession *session;
  Record *record;

  g_assert_no_error (error);
  if (c->incoming)
    {
      g_autofree char *target = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                                 dt_sip_stack_get_port (fixture->stack));

      g_assert_true (dt_test_baresip_command (baresip, "dial", target, &error));
      g_assert_no_error (error);
      record = wait_incoming (fixture, 1);
      g_assert_true (dt_call_answer (record->call, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));

      record = owned = dial (fixture, target);
    }

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  assert_two_way_with_baresip ();

  /* Ours reached baresip, on the port it listens on for RTCP */
  assert_baresip_event (baresip, "CALL_RTCP", RTCP_MS);
  /* Its reached us */
  session = dt_gst_media_backend_get_session (DT_GST_MEDIA_BACKEND (backend), record->call);
  g_assert_nonnull (session);
  g_assert_true (dt_test_spin_until (dt_media_session_get_rtcp_packets_received (session) > 0,
                                     RTCP_MS));

  output = dt_test_baresip_dup_output (baresip);
  dt_test_note ("baresip rtcp_mux %s, %s call: it read our RTCP, we read %u of its; "
                "multiplexed: %s", c->baresip_mux ? "yes" : "no",
                c->incoming ? "incoming" : "outgoing",
                dt_media_session_get_rtcp_packets_received (session),
                strstr (output, "RTP/RTCP multiplexing enabled") != NULL ? "yes" : "no");
  /* Multiplexed exactly when both sides agreed, and nothing dropped */
  g_assert_cmpint (strstr (output, "RTP/RTCP multiplexing enabled") != NULL, ==, c->baresip_mux);
  g_assert_null (strstr (output, "drop incoming RTCP packet on RTP port"));

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
}

static const Case outgoing = { TRUE, FALSE };
static const Case incoming = { TRUE, TRUE };
static const Case without_outgoing = { FALSE, FALSE };
static const Case without_incoming = { FALSE, TRUE };

int
main (int argc, char *argv[])
{
  media_test_init (&argc, &argv);

  g_test_add ("/sip/rtcp-mux/outgoing", Fixture, &outgoing, media_fixture_set_up, test_call,
              fixture_tear_down);
  g_test_add ("/sip/rtcp-mux/incoming", Fixture, &incoming, media_fixture_set_up, test_call,
              fixture_tear_down);
  g_test_add ("/sip/rtcp-mux/peer-without/outgoing", Fixture, &without_outgoing, media_fixture_set_up,
              test_call, fixture_tear_down);
  g_test_add ("/sip/rtcp-mux/peer-without/incoming", Fixture, &without_incoming, media_fixture_set_up,
              test_call, fixture_tear_down);

  return g_test_run ();
}
