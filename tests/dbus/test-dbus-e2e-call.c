/* test-dbus-e2e-call.c: an account added over D-Bus, and calls from it to
 * baresip through kamailio, driven through D-Bus only; what baresip hears
 * and reports is checked on its side (devices: test-dbus-e2e-devices.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One world (dt-dbus-test-world.h) for all subtests: each places and ends
 * its own call, so each holds on its own. Dialtone speaks into dt_mic (fed
 * through dt_mic_feed) and plays on dt_speaker_a; baresip sends its 440 Hz
 * sine and plays on dt_speaker_b.
 */

#include <glib/gstdio.h>

#include "dt-dbus-test-world.h"
#include "dt-test-audio.h"

#define SCHEMA "org.dialtone.Dialtone.Account"

static DtDbusTestWorld *world;

/* The world with alice registered, its events forgotten */
static DtDbusTestWorld *
get_world (void)
{
  return dt_dbus_test_world_ensure (&world);
}

#define assert_string dt_dbus_test_world_assert_string
#define assert_order dt_dbus_test_world_assert_order
#define assert_heard dt_dbus_test_assert_heard
#define assert_silent dt_dbus_test_assert_silent

/* Every item of our schema with its attributes and secret, as secret-tool
 * prints them (the attributes go to stderr) */
static char *
keyring_items (void)
{
  const char * const argv[] = { "sh", "-c",
                                "secret-tool search --all --unlock xdg:schema " SCHEMA " 2>&1",
                                NULL };
  char *items = dt_test_run_command (argv, DT_DBUS_TEST_TIMEOUT_MS);

  g_assert_nonnull (items);
  return items;
}

static void
test_register (void)
{
  DtDbusTestWorld *w;
  g_autofree char *items = NULL;
  g_autofree char *registering = NULL;
  g_autofree char *registered = NULL;

  g_assert_null (world);
  world = w = dt_dbus_test_world_new ();
  dt_dbus_test_world_add_alice (w);

  registering = dt_dbus_test_world_event (w->line, "State='registering'");
  registered = dt_dbus_test_world_event (w->line, "State='registered'");
  dt_dbus_test_client_assert_order (w->client, registering, registered);
  assert_order (w, w->line, "State='registered'", "Registered()");
  assert_string (w, w->line, "Line.Uri", w->alice_aor);
  assert_string (w, w->line, "Line.DisplayName", "Alice");
  assert_string (w, w->line, "Line.State", "registered");
  assert_string (w, w->line, "Line.LastError", "");
  g_assert_true (dt_dbus_test_world_get_boolean (w, w->line, "Line.Registered"));
  g_assert_cmpuint (dt_test_kamailio_count (w->kamailio, "DT-SAVED alice"), >=, 1);

  /* The password went to the keyring */
  items = keyring_items ();
  g_assert_nonnull (strstr (items, "alice-secret"));
}

static gboolean
alice_bound (gpointer data)
{
  g_autofree char *contacts = dt_test_kamailio_lookup (data, "alice");

  return contacts != NULL;
}

static gboolean
alice_unbound (gpointer data)
{
  return !alice_bound (data);
}

/* Line.Unregister and Line.Register reach kamailio */
static void
test_reregister (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *message = NULL;

  dt_dbus_test_world_ok (w, w->line, "Line.Unregister", NULL);
  dt_dbus_test_world_wait (w, w->line, "Unregistered()");
  assert_order (w, w->line, "Registered=false", "Unregistered()");
  assert_string (w, w->line, "Line.State", "unregistered");
  g_assert_true (dt_test_spin (alice_unbound, w->kamailio, DT_DBUS_TEST_TIMEOUT_MS));
  message = dt_dbus_test_client_refused (w->client, "NotRegistered", w->line, "Line.MakeCall",
                                         g_variant_new ("(s)", w->bob_aor));
  g_test_message ("MakeCall: %s", message);

  dt_dbus_test_client_clear (w->client);
  dt_dbus_test_world_ok (w, w->line, "Line.Register", NULL);
  dt_dbus_test_world_wait (w, w->line, "Registered()");
  assert_order (w, w->line, "State='registering'", "State='registered'");
  g_assert_true (dt_dbus_test_world_get_boolean (w, w->line, "Line.Registered"));
  g_assert_true (dt_test_spin (alice_bound, w->kamailio, DT_DBUS_TEST_TIMEOUT_MS));
}

static void
test_dial (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = NULL;
  g_autofree char *added = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *line_id = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *active = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);

  /* On the default line: alice's, the first registered one */
  path = dt_dbus_test_client_ok_path (w->client, "", "Manager.Dial",
                                      g_variant_new ("(s)", w->bob_aor));
  added = g_strdup_printf (":CallAdded(%s)", path);
  dt_dbus_test_world_wait (w, path, "Established()");
  dt_dbus_test_world_bob_event (w, "CALL_ESTABLISHED");

  dt_dbus_test_client_assert_order (w->client, added, dt_dbus_test_client_find (w->client, path));
  assert_order (w, path, "State='progress'", "Progress()");
  assert_order (w, path, "Progress()", "State='connected'");
  assert_order (w, path, "State='connected'", "Connect()");
  assert_order (w, path, "Connect()", "State='established'");
  assert_order (w, path, "State='established'", "Established()");

  assert_string (w, path, "Call.Line", w->line);
  assert_string (w, path, "Call.Direction", "outbound");
  assert_string (w, path, "Call.RemoteUri", w->bob_aor);
  assert_string (w, path, "Call.Codec", "PCMU/8000");
  g_assert_true (dt_dbus_test_world_get_boolean (w, path, "Call.Connected"));
  connected = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (connected, ==, path);
  line_id = dt_dbus_test_world_get_string (w, w->line, "Line.Id");
  reply = dt_dbus_test_client_ok (w->client, "", "Manager.GetActiveCalls", NULL);
  active = g_variant_print (reply, FALSE);
  expected = g_strdup_printf ("({'%s': ['/org/dialtone/Dialtone/%s']},)", line_id, path);
  g_assert_cmpstr (active, ==, expected);

  /* Found by its correlation ID; what a script says about the caller shows */
  {
    g_autofree char *correlation_id = dt_dbus_test_world_get_string (w, path, "Call.CorrelationId");
    g_autofree char *by_id = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetCall",
                                                          g_variant_new ("(s)", correlation_id));
    GVariantDict info;

    g_assert_cmpstr (by_id, ==, path);
    g_variant_dict_init (&info, NULL);
    g_variant_dict_insert (&info, "name", "s", "Robert");
    g_variant_dict_insert (&info, "company", "s", "Example Ltd");
    g_variant_dict_insert (&info, "manual", "b", TRUE);
    dt_dbus_test_world_ok (w, path, "Call.SetStaticInfo",
                           g_variant_new ("(@a{sv})", g_variant_dict_end (&info)));
    dt_dbus_test_world_wait (w, path, "RemoteName='Robert'");
    dt_dbus_test_world_wait (w, path, "Company='Example Ltd'");
  }

  /* Established means audio both ways */
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "baresip's tone at our speaker");
  assert_heard (DT_DBUS_TEST_BOB_SINK ".monitor", DT_TEST_TONE_A, "our tone at baresip's speaker");

  dt_dbus_test_world_end_call (w, path);
  assert_order (w, path, "State='disconnected'", "Disconnect('hangup')");
}

/* A plain extension is dialled at the default line's domain: baresip,
 * registered there as bob, answers */
static void
test_dial_extension (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_client_ok_path (w->client, "", "Manager.Dial",
                                                      g_variant_new ("(s)", "bob"));
  g_autofree char *remote = NULL;

  dt_dbus_test_world_wait (w, path, "Established()");
  dt_dbus_test_world_bob_event (w, "CALL_ESTABLISHED");
  /* RemoteUri stays what was dialled: the model keeps the target as given */
  remote = dt_dbus_test_world_get_string (w, path, "Call.RemoteUri");
  g_test_message ("RemoteUri of the call to “bob”: %s", remote);
  assert_string (w, path, "Call.Line", w->line);

  dt_dbus_test_world_end_call (w, path);
}

static void
test_dtmf (void)
{
  static const char digits[] = "159#*0D";
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autoptr(GString) received = g_string_new (NULL);
  g_autofree char *error = dt_dbus_test_world_event (path, "Error(");

  dt_dbus_test_world_ok (w, path, "Call.SendDtmf", g_variant_new ("(s)", digits));

  /* baresip reports each RFC 4733 event it receives, in order */
  for (guint i = 0; i < strlen (digits); i++)
    {
      g_autofree char *digit = dt_test_baresip_wait_event_param (w->bob, "CALL_DTMF_START",
                                                                 DT_DBUS_TEST_TIMEOUT_MS);

      g_test_message ("baresip received “%s”", digit);
      g_assert_nonnull (digit);
      g_string_append (received, digit);
    }
  g_assert_cmpstr (received->str, ==, digits);
  g_assert_null (dt_dbus_test_client_find (w->client, error));

  dt_dbus_test_world_end_call (w, path);
}

/* baresip's RFC 4733 digits arrive as DtmfReceived, one each */
static void
test_dtmf_received (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_test_baresip_command (w->bob, "sndcode", "4", &error));
  g_assert_no_error (error);
  dt_dbus_test_world_wait (w, path, "DtmfReceived('4')");
  g_assert_true (dt_test_baresip_command (w->bob, "sndcode", "#", &error));
  g_assert_no_error (error);
  dt_dbus_test_world_wait (w, path, "DtmfReceived('#')");
  assert_order (w, path, "DtmfReceived('4')", "DtmfReceived('#')");

  dt_dbus_test_world_end_call (w, path);
}

/* baresip holds us and resumes: RemoteHeld on D-Bus, the call goes on */
static void
test_remote_hold (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autoptr(GError) error = NULL;
  g_autofree char *connected = NULL;

  g_assert_true (dt_test_baresip_command (w->bob, "hold", NULL, &error));
  g_assert_no_error (error);
  dt_dbus_test_world_wait (w, path, "RemoteHeld(true)");
  assert_order (w, path, "State='remote-held'", "RemoteHeld(true)");
  assert_order (w, path, "RemoteHeld=true", "RemoteHeld(true)");
  g_assert_true (dt_dbus_test_world_get_boolean (w, path, "Call.RemoteHeld"));
  g_assert_false (dt_dbus_test_world_get_boolean (w, path, "Call.Held"));
  /* Held by them, it is still the call we talk on */
  connected = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (connected, ==, path);

  g_assert_true (dt_test_baresip_command (w->bob, "resume", NULL, &error));
  g_assert_no_error (error);
  dt_dbus_test_world_wait (w, path, "RemoteHeld(false)");
  g_assert_false (dt_dbus_test_world_get_boolean (w, path, "Call.RemoteHeld"));
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "resumed by baresip");

  dt_dbus_test_world_end_call (w, path);
}

static void
test_hold (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autofree char *sdp = NULL;
  g_autofree char *output = NULL;
  g_autofree char *held = NULL;

  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "before hold");

  /* baresip gets the re-INVITE, answers our sendonly offer and stops
   * sending: its tone is gone from our speaker */
  dt_dbus_test_world_ok (w, path, "Call.Hold", NULL);
  dt_dbus_test_world_wait (w, path, "Held()");
  assert_order (w, path, "State='held'", "Held()");
  assert_order (w, path, "Held=true", "Held()");
  assert_string (w, path, "Call.State", "held");
  g_assert_true (dt_dbus_test_world_get_boolean (w, path, "Call.Connected"));
  sdp = dt_test_baresip_wait_event_param (w->bob, "CALL_REMOTE_SDP", DT_DBUS_TEST_TIMEOUT_MS);
  g_assert_cmpstr (sdp, ==, "offer");
  output = dt_test_baresip_dup_output (w->bob);
  g_assert_nonnull (strstr (output, "got re-INVITE"));
  assert_silent ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "held");
  held = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (held, ==, "/");

  /* Resumed by the next re-INVITE: baresip sends again */
  dt_dbus_test_client_clear (w->client);
  dt_dbus_test_world_ok (w, path, "Call.Resume", NULL);
  dt_dbus_test_world_wait (w, path, "Resumed()");
  assert_order (w, path, "Held=false", "Resumed()");
  g_clear_pointer (&sdp, g_free);
  sdp = dt_test_baresip_wait_event_param (w->bob, "CALL_REMOTE_SDP", DT_DBUS_TEST_TIMEOUT_MS);
  g_assert_cmpstr (sdp, ==, "offer");
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "resumed");
  g_assert_false (dt_dbus_test_world_get_boolean (w, path, "Call.Held"));
  g_clear_pointer (&held, g_free);
  held = dt_dbus_test_client_ok_path (w->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (held, ==, path);

  dt_dbus_test_world_end_call (w, path);
}

static void
test_mute (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  const char *theirs = DT_DBUS_TEST_BOB_SINK ".monitor";

  assert_heard (theirs, DT_TEST_TONE_A, "before mute");

  dt_dbus_test_world_ok (w, path, "Call.SetMuted", g_variant_new ("(b)", TRUE));
  dt_dbus_test_world_wait (w, path, "Muted=true");
  g_assert_true (dt_dbus_test_world_get_boolean (w, path, "Call.Muted"));
  assert_silent (theirs, DT_TEST_TONE_A, "muted");
  /* Muting is ours alone: baresip still reaches us */
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "muted");

  dt_dbus_test_world_ok (w, path, "Call.SetMuted", g_variant_new ("(b)", FALSE));
  dt_dbus_test_world_wait (w, path, "Muted=false");
  assert_heard (theirs, DT_TEST_TONE_A, "unmuted");
  assert_string (w, path, "Call.State", "established");

  dt_dbus_test_world_end_call (w, path);
}

static gboolean
file_has_tone (gpointer data)
{
  return dt_test_ogg_max_level (data, DT_DBUS_TEST_BOB_TONE) >= DT_TEST_HEARD_DB;
}

static void
test_record (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  g_autofree char *file = NULL;
  g_autofree char *resumed = NULL;
  GStatBuf before;
  GStatBuf after;

  /* "": the default folder */
  dt_dbus_test_world_ok (w, path, "Call.StartRecording", g_variant_new ("(s)", ""));
  dt_dbus_test_world_wait (w, path, "Recording='recording'");
  file = dt_dbus_test_world_get_string (w, path, "Call.RecordingPath");
  g_test_message ("recording to %s", file);
  g_assert_true (g_path_is_absolute (file));

  /* What baresip says is in it */
  g_assert_true (dt_test_wait_until (file_has_tone, file, DT_TEST_DEADLINE_S));
  dt_test_note ("baresip's tone in the recording at %.1f dBFS",
                dt_test_ogg_max_level (file, DT_DBUS_TEST_BOB_TONE));

  dt_dbus_test_world_ok (w, path, "Call.PauseRecording", NULL);
  dt_dbus_test_world_wait (w, path, "Recording='paused'");
  assert_string (w, path, "Call.Recording", "paused");
  g_assert_cmpint (g_stat (file, &before), ==, 0);
  g_assert_cmpint (before.st_size, >, 0);

  /* Started again, it goes on in the same file */
  dt_dbus_test_world_ok (w, path, "Call.StartRecording", g_variant_new ("(s)", ""));
  dt_dbus_test_world_wait (w, path, "Recording='recording'");
  resumed = dt_dbus_test_world_get_string (w, path, "Call.RecordingPath");
  g_assert_cmpstr (resumed, ==, file);

  dt_dbus_test_world_end_call (w, path);
  g_assert_cmpint (g_stat (file, &after), ==, 0);
  g_assert_cmpint (after.st_size, >=, before.st_size);
  g_assert_true (file_has_tone (file));
}

/* Quit with a call up: baresip gets its BYE, nothing is left behind */
/* Blind transfer: baresip takes our REFER and calls carol (a sipp that
 * answers) through kamailio; our call ends "transferred" once baresip's
 * NOTIFY says 200 */
static void
test_blind_transfer (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  guint16 port = dt_test_free_port ();
  g_autofree char *carol = g_strdup_printf ("sip:carol@127.0.0.1:%u", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-answer-any.xml", port, NULL, NULL, &error);
  g_autofree char *failed = dt_dbus_test_world_event (path, "Error(");

  g_assert_no_error (error);
  dt_dbus_test_world_ok (w, path, "Call.BlindTransfer", g_variant_new ("(s)", carol));
  dt_dbus_test_world_wait (w, path, "Disconnect('transferred')");
  assert_order (w, path, "TransferProgress(200)", "Disconnect('transferred')");
  assert_order (w, path, "State='disconnected'", "Disconnect('transferred')");
  g_assert_null (dt_dbus_test_client_find (w->client, failed));

  /* bob and carol talk now, without us: carol got bob's call */
  g_assert_true (dt_test_spin_until (dt_test_sipp_logged (sipp, "ACK sip:"), DT_DBUS_TEST_TIMEOUT_MS));
  g_assert_true (dt_test_baresip_command (w->bob, "hangup", NULL, &error));
  g_assert_no_error (error);
  dt_test_sipp_assert_ok (sipp, DT_DBUS_TEST_TIMEOUT_MS);
}

/* A target that refuses: a transfer error, and the call goes on */
static void
test_blind_transfer_refused (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);
  guint16 port = dt_test_free_port ();
  g_autofree char *carol = g_strdup_printf ("sip:carol@127.0.0.1:%u", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-busy-any.xml", port, NULL, NULL, &error);
  g_autofree char *prefix = dt_dbus_test_world_event (path, "Error('transfer'");
  g_autofree char *gone = dt_dbus_test_world_event (path, "Disconnect(");

  g_assert_no_error (error);
  dt_dbus_test_world_ok (w, path, "Call.BlindTransfer", g_variant_new ("(s)", carol));
  g_test_message ("%s", dt_dbus_test_world_wait_prefix (w, prefix));
  dt_test_sipp_assert_ok (sipp, DT_DBUS_TEST_TIMEOUT_MS);

  /* Still our call: held for the transfer, resumed, talking again */
  dt_dbus_test_world_wait (w, path, "Resumed()");
  g_assert_false (dt_dbus_test_world_get_boolean (w, path, "Call.Held"));
  g_assert_null (dt_dbus_test_client_find (w->client, gone));
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "after the refused transfer");
  dt_dbus_test_world_end_call (w, path);
}

static void
test_quit (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autofree char *path = dt_dbus_test_world_dial_bob (w);

  dt_dbus_test_world_quit (w);
  dt_dbus_test_world_bob_event (w, "CALL_CLOSED");
  g_clear_pointer (&world, dt_dbus_test_world_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dt_dbus_test_world_init (&argc, &argv);

  g_test_add_func ("/dbus/e2e/call/register", test_register);
  g_test_add_func ("/dbus/e2e/call/reregister", test_reregister);
  g_test_add_func ("/dbus/e2e/call/dial", test_dial);
  g_test_add_func ("/dbus/e2e/call/dial-extension", test_dial_extension);
  g_test_add_func ("/dbus/e2e/call/dtmf", test_dtmf);
  g_test_add_func ("/dbus/e2e/call/dtmf-received", test_dtmf_received);
  g_test_add_func ("/dbus/e2e/call/hold", test_hold);
  g_test_add_func ("/dbus/e2e/call/remote-hold", test_remote_hold);
  g_test_add_func ("/dbus/e2e/call/mute", test_mute);
  g_test_add_func ("/dbus/e2e/call/record", test_record);
  g_test_add_func ("/dbus/e2e/call/blind-transfer", test_blind_transfer);
  g_test_add_func ("/dbus/e2e/call/blind-transfer-refused", test_blind_transfer_refused);
  g_test_add_func ("/dbus/e2e/call/quit", test_quit);

  status = g_test_run ();
  g_clear_pointer (&world, dt_dbus_test_world_free);

  return status;
}
