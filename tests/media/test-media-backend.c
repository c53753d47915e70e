/* test-media-backend.c: DtGstMediaBackend driven through the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>

#include "dt-audio-device.h"
#include "dt-call-error.h"
#include "dt-test-backend.h"

typedef struct {
  GListModel *devices;
  const char *id;
  gboolean    is_input;
  gboolean    present;
} DeviceWait;

static gboolean
has_device (GListModel *devices,
            const char *id,
            gboolean    is_input,
            char      **name)
{
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DtAudioDevice) device = g_list_model_get_item (devices, i);

      if (g_strcmp0 (dt_audio_device_get_id (device), id) == 0 &&
          dt_audio_device_get_is_input (device) == is_input)
        {
          if (name != NULL)
            *name = g_strdup (dt_audio_device_get_name (device));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
device_as_wanted (gpointer data)
{
  DeviceWait *wait = data;

  return has_device (wait->devices, wait->id, wait->is_input, NULL) == wait->present;
}

static void
wait_device (GListModel *devices,
             const char *id,
             gboolean    is_input,
             gboolean    present)
{
  DeviceWait wait = { devices, id, is_input, present };

  g_assert_true (dt_test_wait_until (device_as_wanted, &wait, DT_TEST_DEADLINE_S));
}

static void
test_devices (void)
{
  g_autoptr(DtGstMediaBackend) backend = dt_gst_media_backend_new ();
  GListModel *devices = dt_media_backend_get_devices (DT_MEDIA_BACKEND (backend));
  g_autofree char *name = NULL;
  g_autofree char *module = NULL;
  g_autofree char *ignored = NULL;

  g_assert_true (g_type_is_a (g_list_model_get_item_type (devices), DT_TYPE_AUDIO_DEVICE));
  wait_device (devices, "dt_speaker_b", FALSE, TRUE);
  g_assert_true (has_device (devices, "dt_speaker_a", FALSE, &name));
  g_assert_cmpstr (name, ==, "Speaker A");
  g_assert_true (has_device (devices, "dt_mic", TRUE, NULL));
  g_assert_true (has_device (devices, "dt_speaker_a.monitor", TRUE, NULL));
  g_assert_false (has_device (devices, "dt_speaker_a", TRUE, NULL));
  dt_test_note ("%u devices listed", g_list_model_get_n_items (devices));

  /* Plugged in and out while the backend runs */
  module = dt_test_pactl ("load-module", "module-null-sink", "sink_name=dt_test_speaker_d",
                          "sink_properties=device.description=Speaker_D", NULL);
  wait_device (devices, "dt_test_speaker_d", FALSE, TRUE);
  wait_device (devices, "dt_test_speaker_d.monitor", TRUE, TRUE);
  g_clear_pointer (&name, g_free);
  g_assert_true (has_device (devices, "dt_test_speaker_d", FALSE, &name));
  g_assert_cmpstr (name, ==, "Speaker_D");

  ignored = dt_test_pactl ("unload-module", module, NULL);
  wait_device (devices, "dt_test_speaker_d", FALSE, FALSE);
  wait_device (devices, "dt_test_speaker_d.monitor", TRUE, FALSE);
  g_assert_true (has_device (devices, "dt_speaker_a", FALSE, NULL));
}

typedef struct {
  guint    established;
  guint    remote_media;
  GString *digits;
} Seen;

static void
on_established (DtCall *call,
                Seen   *seen)
{
  seen->established++;
}

static void
on_remote_media (DtCall *call,
                 Seen   *seen)
{
  seen->remote_media++;
}

static void
on_dtmf (DtCall     *call,
         const char *digit,
         Seen       *seen)
{
  g_string_append (seen->digits, digit);
}

static gboolean
both_established (gpointer data)
{
  Seen *seen = data;

  return seen[0].established > 0 && seen[1].established > 0;
}

static void
watch (DtCall *call,
       Seen   *seen)
{
  seen->digits = g_string_new (NULL);
  g_signal_connect (call, "established", G_CALLBACK (on_established), seen);
  g_signal_connect (call, "remote-media", G_CALLBACK (on_remote_media), seen);
  g_signal_connect (call, "dtmf-received", G_CALLBACK (on_dtmf), seen);
}

static void
test_call (gconstpointer data)
{
  const char *srtp = data;
  gboolean secure = g_strcmp0 (srtp, "off") != 0;
  DtTestPair pair;
  Seen seen[2] = { 0 };
  double level;

  dt_test_pair_init (&pair, srtp, srtp);
  watch (pair.call_a, &seen[0]);
  watch (pair.call_b, &seen[1]);
  dt_test_pair_negotiate (&pair);
  dt_test_pair_play_tones (&pair);

  g_assert_true (dt_test_wait_until (both_established, seen, DT_TEST_DEADLINE_S));
  g_assert_cmpint (dt_call_get_state (pair.call_a), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (dt_call_get_state (pair.call_b), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_cmpuint (seen[0].remote_media, ==, 1);
  g_assert_cmpuint (seen[1].remote_media, ==, 1);
  g_assert_cmpstr (dt_call_get_codec (pair.call_a), ==, "opus/48000/2");
  g_assert_cmpstr (dt_call_get_codec (pair.call_b), ==, "opus/48000/2");
  g_assert_cmpint (dt_call_get_secure (pair.call_a), ==, secure);
  g_assert_cmpint (dt_call_get_secure (pair.call_b), ==, secure);

  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("srtp %s: %.0f Hz at B at %.1f dBFS", srtp, DT_TEST_TONE_A, level);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, &level));
  dt_test_note ("srtp %s: %.0f Hz at A at %.1f dBFS", srtp, DT_TEST_TONE_B, level);

  /* Muted through the model: B still gets packets, of silence */
  g_assert_true (dt_call_set_muted (pair.call_a, TRUE, NULL));
  /* What was in flight plays out first */
  dt_test_meter_measure (pair.meter_b, DT_TEST_TONE_A, 0.5, &level);
  dt_test_meter_measure (pair.meter_b, DT_TEST_TONE_A, 1.0, &level);
  dt_test_note ("muted: %.0f Hz at B at most %.1f dBFS", DT_TEST_TONE_A, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  g_assert_true (dt_call_set_muted (pair.call_a, FALSE, NULL));
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  g_string_free (seen[0].digits, TRUE);
  g_string_free (seen[1].digits, TRUE);
  dt_test_pair_clear (&pair);
}

static gboolean
digits_in (gpointer data)
{
  Seen *seen = data;

  return seen->digits->len >= 4;
}

static void
test_dtmf (void)
{
  g_autoptr(GError) error = NULL;
  DtTestPair pair;
  Seen seen = { 0 };

  dt_test_pair_init (&pair, NULL, NULL);
  watch (pair.call_b, &seen);
  dt_test_pair_negotiate (&pair);

  g_assert_true (dt_media_backend_send_dtmf (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                             "19#*", &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_wait_until (digits_in, &seen, DT_TEST_DEADLINE_S));
  dt_test_note ("sent 19#*, B's call reported %s", seen.digits->str);
  g_assert_cmpstr (seen.digits->str, ==, "19#*");

  g_assert_false (dt_media_backend_send_dtmf (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                              "1x", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_DTMF);

  g_string_free (seen.digits, TRUE);
  dt_test_pair_clear (&pair);
}

static void
test_device_switch (void)
{
  g_autoptr(DtTestMeter) meter = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *devices;
  DtTestPair pair;
  double level;

  dt_test_pair_init (&pair, NULL, NULL);
  dt_test_pair_negotiate (&pair);
  dt_test_pair_play_tones (&pair);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* B's manager moves its output to a speaker plugged in during the call */
  dt_test_pulse_add_sink ("dt_test_speaker_c");
  devices = dt_call_manager_get_audio_devices (pair.manager_b);
  wait_device (devices, "dt_test_speaker_c", FALSE, TRUE);
  meter = dt_test_meter_new ("dt_test_speaker_c.monitor");
  g_assert_true (dt_call_manager_set_audio_devices (pair.manager_b, NULL, "dt_test_speaker_c",
                                                    &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_meter_wait_tone (meter, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("after the switch: %.0f Hz at the new speaker at %.1f dBFS",
                DT_TEST_TONE_A, level);
  dt_test_meter_measure (pair.meter_b, DT_TEST_TONE_A, 0.5, &level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  /* The call went on: same state, A still hears B */
  g_assert_cmpint (dt_call_get_state (pair.call_b), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));
  dt_test_pair_clear (&pair);
}

static void
test_not_acceptable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  char *answer;
  DtTestPair pair;

  /* A plain offer to a side that insists on SRTP: 488 */
  dt_test_pair_init (&pair, "off", "mandatory");
  offer = dt_media_backend_create_offer (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                         FALSE, &error);
  g_assert_no_error (error);
  answer = dt_media_backend_answer_offer (DT_MEDIA_BACKEND (pair.backend_b), pair.call_b,
                                          offer, FALSE, &error);
  g_assert_null (answer);
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT);
  dt_test_note ("refused: %s", error->message);
  g_clear_error (&error);

  answer = dt_media_backend_answer_offer (DT_MEDIA_BACKEND (pair.backend_b), pair.call_b,
                                          "not SDP", FALSE, &error);
  g_assert_null (answer);
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (dt_media_backend_prepare_call (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                                 "127.0.0.1", NULL, NULL, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  dt_test_pair_clear (&pair);
}

/* The RTP port an SDP's m= line announces */
static guint
offered_port (const char *sdp)
{
  const char *m = strstr (sdp, "m=audio ");

  g_assert_nonnull (m);
  return (guint) strtoul (m + strlen ("m=audio "), NULL, 10);
}

static gboolean
port_free (guint port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (socket, address, FALSE, NULL);
}

static void
test_release_on_disconnect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autoptr(DtCall) call = NULL;
  DtTestPair pair;
  guint port;

  dt_test_pair_init (&pair, NULL, NULL);
  call = g_object_ref (pair.call_a);
  offer = dt_media_backend_create_offer (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                         FALSE, &error);
  g_assert_no_error (error);
  port = offered_port (offer);
  g_assert_false (port_free (port));

  /* The call ends: its ports go with it, and the backend forgets it */
  dt_call_report_disconnected (call, "test");
  g_assert_true (port_free (port));
  g_assert_null (dt_media_backend_create_offer (DT_MEDIA_BACKEND (pair.backend_a), call,
                                                FALSE, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  dt_test_pair_clear (&pair);
}

static char *
offer_from (DtGstMediaBackend *backend,
            DtCall            *call,
            gboolean           hold)
{
  g_autoptr(GError) error = NULL;
  char *offer = dt_media_backend_create_offer (DT_MEDIA_BACKEND (backend), call, hold, &error);

  g_assert_no_error (error);
  return offer;
}

static char *
answer_from (DtGstMediaBackend *backend,
             DtCall            *call,
             const char        *offer)
{
  g_autoptr(GError) error = NULL;
  char *answer = dt_media_backend_answer_offer (DT_MEDIA_BACKEND (backend), call, offer,
                                                FALSE, &error);

  g_assert_no_error (error);
  return answer;
}

static void
take_answer (DtGstMediaBackend *backend,
             DtCall            *call,
             const char        *answer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_media_backend_set_remote_answer (DT_MEDIA_BACKEND (backend), call, answer,
                                                     &error));
  g_assert_no_error (error);
}

static void
test_early_media (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  DtTestPair pair;
  Seen seen = { 0 };
  double level;

  dt_test_pair_init (&pair, NULL, NULL);
  watch (pair.call_a, &seen);
  dt_test_pair_play_tones (&pair);

  /* 183 with B's answer: A hears B before anyone answered */
  offer = offer_from (pair.backend_a, pair.call_a, FALSE);
  answer = answer_from (pair.backend_b, pair.call_b, offer);
  dt_call_report_progress (pair.call_a, TRUE);
  take_answer (pair.backend_a, pair.call_a, answer);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, &level));
  dt_test_note ("early media: %.0f Hz at A at %.1f dBFS", DT_TEST_TONE_B, level);
  g_assert_cmpint (dt_call_get_state (pair.call_a), ==, DT_CALL_STATE_PROGRESS);
  g_assert_cmpuint (seen.remote_media, ==, 1);
  g_assert_cmpuint (seen.established, ==, 0);

  /* 200 with the same answer: nothing is rebuilt, and since the peer's
   * audio already flows the call is established as it connects */
  take_answer (pair.backend_a, pair.call_a, answer);
  dt_call_report_connected (pair.call_a);
  g_assert_cmpuint (seen.established, ==, 1);
  g_assert_cmpint (dt_call_get_state (pair.call_a), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));

  g_string_free (seen.digits, TRUE);
  dt_test_pair_clear (&pair);
}

static void
test_hold (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  DtTestPair pair;
  double level;

  dt_test_pair_init (&pair, NULL, NULL);
  dt_test_pair_negotiate (&pair);
  dt_test_pair_play_tones (&pair);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, NULL));

  /* A re-offers sendonly; B's answer is recvonly: B goes quiet, A goes on */
  offer = offer_from (pair.backend_a, pair.call_a, TRUE);
  g_assert_nonnull (strstr (offer, "a=sendonly"));
  answer = answer_from (pair.backend_b, pair.call_b, offer);
  g_assert_nonnull (strstr (answer, "a=recvonly"));
  take_answer (pair.backend_a, pair.call_a, answer);
  dt_test_meter_measure (pair.meter_a, DT_TEST_TONE_B, 0.5, &level);
  dt_test_meter_measure (pair.meter_a, DT_TEST_TONE_B, 1.0, &level);
  dt_test_note ("held: %.0f Hz at A at most %.1f dBFS", DT_TEST_TONE_B, level);
  g_assert_cmpfloat (level, <, DT_TEST_SILENT_DB);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, NULL));

  /* Resumed by a new offer: the same sessions carry B again */
  g_clear_pointer (&offer, g_free);
  g_clear_pointer (&answer, g_free);
  offer = offer_from (pair.backend_a, pair.call_a, FALSE);
  answer = answer_from (pair.backend_b, pair.call_b, offer);
  take_answer (pair.backend_a, pair.call_a, answer);
  g_assert_true (dt_test_meter_wait_tone (pair.meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, &level));
  dt_test_note ("resumed: %.0f Hz at A at %.1f dBFS", DT_TEST_TONE_B, level);
  dt_test_pair_clear (&pair);
}

/* The codecs setting orders our offer and limits our answer; names we
 * have no codec for are dropped */
static void
test_codecs_setting (void)
{
  const char * const pcma_first[] = { "PCMA", "no-such-codec", "PCMU", NULL };
  const char * const pcmu_only[] = { "PCMU", NULL };
  const char * const nonsense[] = { "no-such-codec", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_auto(GStrv) kept = NULL;
  DtTestPair pair;

  dt_test_pair_init_with_codecs (&pair, pcma_first, NULL);
  g_object_get (pair.backend_a, "codecs", &kept, NULL);
  g_assert_cmpstrv (kept, ((const char * const []) { "PCMA", "PCMU", NULL }));
  offer = dt_media_backend_create_offer (DT_MEDIA_BACKEND (pair.backend_a), pair.call_a,
                                         FALSE, &error);
  g_assert_no_error (error);
  /* PCMA (8), then PCMU (0), then telephone-event: nothing else */
  g_assert_true (g_regex_match_simple ("^m=audio [0-9]+ RTP/AVP 8 0 [0-9]+\r?$", offer,
                                          G_REGEX_MULTILINE, 0));
  dt_test_pair_clear (&pair);

  /* B, limited to PCMU, answers A's default offer (Opus first) with it */
  dt_test_pair_init_with_codecs (&pair, NULL, pcmu_only);
  dt_test_pair_negotiate (&pair);
  g_assert_cmpstr (dt_call_get_codec (pair.call_a), ==, "PCMU/8000");
  g_assert_cmpstr (dt_call_get_codec (pair.call_b), ==, "PCMU/8000");
  dt_test_pair_clear (&pair);

  /* A setting that names no codec we have leaves the default order */
  dt_test_pair_init_with_codecs (&pair, nonsense, NULL);
  g_object_get (pair.backend_a, "codecs", &kept, NULL);
  g_assert_null (kept);
  dt_test_pair_negotiate (&pair);
  g_assert_true (g_str_has_prefix (dt_call_get_codec (pair.call_a), "opus/"));
  dt_test_pair_clear (&pair);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/backend/devices", test_devices);
  g_test_add_data_func ("/media/backend/call/srtp", "optional", test_call);
  g_test_add_data_func ("/media/backend/call/plain", "off", test_call);
  g_test_add_func ("/media/backend/dtmf", test_dtmf);
  g_test_add_func ("/media/backend/device-switch", test_device_switch);
  g_test_add_func ("/media/backend/early-media", test_early_media);
  g_test_add_func ("/media/backend/hold", test_hold);
  g_test_add_func ("/media/backend/not-acceptable", test_not_acceptable);
  g_test_add_func ("/media/backend/codecs-setting", test_codecs_setting);
  g_test_add_func ("/media/backend/release-on-disconnect", test_release_on_disconnect);

  return g_test_run ();
}
