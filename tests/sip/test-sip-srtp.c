/* test-sip-srtp.c: SRTP (SDES) between Dialtone and baresip, heard both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dialtone: the direct line with the GStreamer media backend, speaking
 * TONE_A into dt_mic and listening on dt_speaker_a. baresip: its 440 Hz sine
 * as its microphone, playing what it hears on dt_speaker_b, with its srtp
 * module as `mediaenc=srtp` (RTP/AVP with a crypto line), `srtp-mand`
 * (RTP/SAVP) or without it. A tone heard at each end proves each way was
 * decrypted with the key the other side announced: a packet encrypted with
 * another key, or not encrypted when the other side expects it, is dropped.
 */
#include "dt-media-sdp.h"
#include "dt-media-srtp.h"
#include "dt-test-media-fixture.h"

/* One case: our line's policy, baresip's mediaenc, who calls, and what
 * must come of it */
typedef struct {
  const char         *srtp;
  const char         *mediaenc;
  gboolean            incoming;
  gboolean            secure;
  /* The only suite we offer, NONE for our usual list */
  DtMediaCryptoSuite  suite;
} Case;

static void
srtp_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  const Case *c = data;

  media_fixture_set_up (fixture, data);
  dt_line_set_srtp (fixture->line, c->srtp);
  if (c->suite != DT_MEDIA_CRYPTO_SUITE_NONE)
    dt_media_sdp_set_offered_suites_for_test (&c->suite, 1);
}

static void
srtp_tear_down (Fixture       *fixture,
                gconstpointer  data)
{
  dt_media_sdp_set_offered_suites_for_test (NULL, 0);
  fixture_tear_down (fixture, data);
}

static DtTestBaresip *
start_baresip (const char *mediaenc)
{
  DtTestBaresipOptions options = { .mediaenc = mediaenc, .audible = TRUE };
  g_autoptr(GError) error = NULL;
  DtTestBaresip *baresip = dt_test_baresip_start_with (&options, &error);

  g_assert_no_error (error);
  return baresip;
}

/* Places or takes the call of @c with baresip; the record of our call,
 * which the fixture owns for an incoming call, else *@owned */
static Record *
connect_call (Fixture       *fixture,
              DtTestBaresip *baresip,
              const Case    *c,
              Record       **owned)
{
  g_autoptr(GError) error = NULL;
  Record *record;

  if (!c->incoming)
    {
      g_autofree char *target = uri_for (dt_test_baresip_get_sip_port (baresip));

      return *owned = dial (fixture, target);
    }

  {
    g_autofree char *target = g_strdup_printf ("sip:alice@127.0.0.1:%u",
                                               dt_sip_stack_get_port (fixture->stack));

    g_assert_true (dt_test_baresip_command (baresip, "dial", target, &error));
    g_assert_no_error (error);
  }
  record = wait_incoming (fixture, 1);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  return record;
}

/* A call that must come up, with audio both ways, secure or not */
static void
test_call (Fixture       *fixture,
           gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(DtTestBaresip) baresip = start_baresip (c->mediaenc);
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autoptr(GError) error = NULL;
  g_autoptr(Record) owned = NULL;
  Record *record = connect_call (fixture, baresip, c, &owned);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_ESTABLISHED), STEP_MS));
  assert_baresip_event (baresip, "CALL_ESTABLISHED", STEP_MS);
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU/8000");
  g_assert_cmpint (dt_call_get_secure (record->call), ==, c->secure);
  dt_test_note ("our line %s, baresip %s, %s: secure %s", c->srtp,
                c->mediaenc != NULL ? c->mediaenc : "plain",
                c->incoming ? "incoming" : "outgoing", c->secure ? "yes" : "no");
  assert_two_way_with_baresip ();

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
}

/* Our mandatory line and a baresip without SRTP: no call, whoever calls */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(DtTestBaresip) baresip = start_baresip (c->mediaenc);
  g_autoptr(Record) owned = NULL;
  Record *record = connect_call (fixture, baresip, c, &owned);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  dt_test_note ("our line %s, baresip plain, %s: ended with “%s”", c->srtp,
                c->incoming ? "incoming" : "outgoing", record->reason);
  /* Our 488 to its plain offer; its refusal of our RTP/SAVP offer, which
   * it cannot take without its srtp module */
  g_assert_true (g_str_has_prefix (record->reason, "488") ||
                 (!c->incoming && g_str_has_prefix (record->reason, "4")));
  g_assert_false (dt_call_get_secure (record->call));
  g_assert_false (dt_call_get_connected (record->call));
  assert_baresip_event (baresip, "CALL_CLOSED", STEP_MS);
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_calls (fixture->manager)), ==, 0);
}

static const Case secure_outgoing_optional = { "optional", "srtp", FALSE, TRUE, 0 };
static const Case secure_outgoing_mandatory = { "mandatory", "srtp-mand", FALSE, TRUE, 0 };
static const Case secure_incoming_optional = { "optional", "srtp", TRUE, TRUE, 0 };
static const Case secure_incoming_mandatory = { "mandatory", "srtp-mand", TRUE, TRUE, 0 };
/* Our optional line takes RTP/SAVP offered to it */
static const Case secure_incoming_savp = { "optional", "srtp-mand", TRUE, TRUE, 0 };
static const Case suite_80 = { "mandatory", "srtp-mand", FALSE, TRUE,
                               DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_80 };
static const Case suite_32 = { "mandatory", "srtp-mand", FALSE, TRUE,
                               DT_MEDIA_CRYPTO_SUITE_AES_CM_128_HMAC_SHA1_32 };
static const Case suite_gcm = { "mandatory", "srtp-mand", FALSE, TRUE,
                                DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM };
static const Case fallback_outgoing = { "optional", NULL, FALSE, FALSE, 0 };
static const Case fallback_incoming = { "optional", NULL, TRUE, FALSE, 0 };
/* Our line without SRTP answers baresip's optional SRTP in plain RTP */
static const Case off_incoming = { "off", "srtp", TRUE, FALSE, 0 };
static const Case refused_incoming = { "mandatory", NULL, TRUE, FALSE, 0 };
static const Case refused_outgoing = { "mandatory", NULL, FALSE, FALSE, 0 };

static void
add (const char *path,
     const Case *c,
     void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, c, srtp_set_up, test, srtp_tear_down);
}

int
main (int argc, char *argv[])
{
  media_test_init (&argc, &argv);

  add ("/sip/srtp/outgoing/optional", &secure_outgoing_optional, test_call);
  add ("/sip/srtp/outgoing/mandatory", &secure_outgoing_mandatory, test_call);
  add ("/sip/srtp/incoming/optional", &secure_incoming_optional, test_call);
  add ("/sip/srtp/incoming/mandatory", &secure_incoming_mandatory, test_call);
  add ("/sip/srtp/incoming/savp-to-optional", &secure_incoming_savp, test_call);
  add ("/sip/srtp/suite/aes-cm-128-hmac-sha1-80", &suite_80, test_call);
  add ("/sip/srtp/suite/aes-cm-128-hmac-sha1-32", &suite_32, test_call);
  if (dt_media_srtp_suite_is_supported (DT_MEDIA_CRYPTO_SUITE_AEAD_AES_256_GCM))
    add ("/sip/srtp/suite/aead-aes-256-gcm", &suite_gcm, test_call);
  add ("/sip/srtp/fallback/outgoing", &fallback_outgoing, test_call);
  add ("/sip/srtp/fallback/incoming", &fallback_incoming, test_call);
  add ("/sip/srtp/off/incoming", &off_incoming, test_call);
  add ("/sip/srtp/refused/incoming", &refused_incoming, test_refused);
  add ("/sip/srtp/refused/outgoing", &refused_outgoing, test_refused);

  return g_test_run ();
}
