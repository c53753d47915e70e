/* test-dbus-e2e-devices.c: audio devices listed and switched over D-Bus
 * while a call to baresip (through kamailio) goes on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One world (dt-dbus-test-world.h) for all subtests. Dialtone speaks into
 * dt_mic (fed through dt_mic_feed) and plays on dt_speaker_a until a test
 * moves it; baresip sends its 440 Hz sine and plays on dt_speaker_b. The
 * test plugs in a third speaker and a second microphone feed.
 */


#include "dt-dbus-test-world.h"
#include "dt-test-audio.h"

#define SPEAKER_C "dt_speaker_c"
#define MIC_FEED_C "dt_mic_feed_c"
/* How long a media error may take to come after a device switch */
#define ERROR_WAIT_MS 2000

static DtDbusTestWorld *world;

#define assert_string dt_dbus_test_world_assert_string
#define assert_heard dt_dbus_test_assert_heard
#define assert_silent dt_dbus_test_assert_silent

static DtDbusTestWorld *
get_world (void)
{
  return dt_dbus_test_world_ensure (&world);
}

typedef struct {
  DtDbusTestWorld *world;
  const char      *id;
  gboolean         is_input;
  /* The device's human name, once listed */
  char            *name;
} DeviceWait;

static gboolean
device_listed (gpointer data)
{
  DeviceWait *wait = data;
  g_autoptr(GVariant) reply = dt_dbus_test_client_ok (wait->world->client, "",
                                                      "Manager.ListAudioDevices", NULL);
  g_autoptr(GVariantIter) iter = NULL;
  const char *id;
  const char *name;
  gboolean is_input;

  g_variant_get (reply, "(a(ssb))", &iter);
  while (g_variant_iter_next (iter, "(&s&sb)", &id, &name, &is_input))
    {
      if (g_str_equal (id, wait->id) && is_input == wait->is_input)
        {
          g_free (wait->name);
          wait->name = g_strdup (name);
          return TRUE;
        }
    }
  return FALSE;
}

/* Waits until ListAudioDevices has @id; its human name */
static char *
assert_listed (DtDbusTestWorld *w,
               const char      *id,
               gboolean         is_input)
{
  DeviceWait wait = { w, id, is_input, NULL };

  if (!dt_test_spin (device_listed, &wait, DT_DBUS_TEST_TIMEOUT_MS))
    g_test_message ("ListAudioDevices never had %s (input: %d)", id, is_input);
  g_assert_true (device_listed (&wait));

  return wait.name;
}

/* Moves the output from @from to @to: baresip's tone is then heard on the
 * new speaker and no longer on the old one */
static void
switch_output (DtDbusTestWorld *w,
               const char      *from,
               const char      *to)
{
  g_autofree char *from_monitor = g_strconcat (from, ".monitor", NULL);
  g_autofree char *to_monitor = g_strconcat (to, ".monitor", NULL);
  g_autofree char *changed = g_strdup_printf ("OutputDevice='%s'", to);

  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "", to));
  dt_dbus_test_world_wait (w, "", changed);
  assert_heard (to_monitor, DT_DBUS_TEST_BOB_TONE, "switched speaker");
  assert_silent (from_monitor, DT_DBUS_TEST_BOB_TONE, "speaker switched from");
}

static void
assert_call_up (DtDbusTestWorld *w,
                const char      *path)
{
  g_autofree char *closed = dt_dbus_test_world_event (path, "Disconnect(");
  g_autofree char *error = dt_dbus_test_world_event (path, "Error(");

  assert_string (w, path, "Call.State", "established");
  g_assert_null (dt_dbus_test_client_find (w->client, closed));
  g_assert_null (dt_dbus_test_client_find (w->client, error));
  g_assert_false (dt_test_baresip_wait_event (w->bob, "CALL_CLOSED", 0));
}

/* The sinks the device tests switch to, plugged in while dialtone runs */
static void
add_sinks (DtDbusTestWorld *w)
{
  static gboolean added;

  if (!added)
    {
      dt_test_pulse_add_sink (SPEAKER_C);
      dt_test_pulse_add_sink (MIC_FEED_C);
      added = TRUE;
    }
  g_free (assert_listed (w, SPEAKER_C, FALSE));
  g_free (assert_listed (w, MIC_FEED_C ".monitor", TRUE));
}

static void
test_devices_listed (void)
{
  DtDbusTestWorld *w = get_world ();

  g_autofree char *speaker = assert_listed (w, "dt_speaker_a", FALSE);
  g_autofree char *other_speaker = assert_listed (w, DT_DBUS_TEST_BOB_SINK, FALSE);
  g_autofree char *microphone = assert_listed (w, "dt_mic", TRUE);
  g_autofree char *monitor = assert_listed (w, "dt_speaker_a.monitor", TRUE);

  /* The names the harness's PulseAudio gives them */
  g_assert_cmpstr (speaker, ==, "Speaker A");
  g_assert_cmpstr (other_speaker, ==, "Speaker B");
  g_test_message ("dt_mic: “%s”, dt_speaker_a.monitor: “%s”", microphone, monitor);
  add_sinks (w);
  assert_string (w, "", "Manager.OutputDevice", "");
  assert_string (w, "", "Manager.InputDevice", "");
}

/* What a user who never chose a device does: the sound server's defaults
 * are in use, and only the speaker is changed */
static void
test_devices_from_default (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autoptr(DtTestTone) tone = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  g_autofree char *path = NULL;
  g_autofree char *error = NULL;

  add_sinks (w);
  path = dt_dbus_test_world_dial_bob (w);
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "default speaker");

  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "", SPEAKER_C));
  dt_dbus_test_world_wait (w, "", "OutputDevice='" SPEAKER_C "'");
  /* Moving the output leaves the microphone where it was: no media error,
   * the tone moves, ours still reaches bob */
  error = dt_dbus_test_world_event (path, "Error('media'");
  g_assert_null (dt_dbus_test_world_poll_prefix (w, error, ERROR_WAIT_MS));
  assert_heard (SPEAKER_C ".monitor", DT_DBUS_TEST_BOB_TONE, "switched speaker");
  assert_silent ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "default speaker after");
  assert_heard (DT_DBUS_TEST_BOB_SINK ".monitor", DT_TEST_TONE_A, "microphone kept");
  assert_call_up (w, path);

  dt_dbus_test_world_end_call (w, path);
  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices",
                         g_variant_new ("(ss)", "dt_mic", "dt_speaker_a"));
}

/* Devices chosen before the call, both moved during it */
static void
test_devices_switch (void)
{
  DtDbusTestWorld *w = get_world ();
  g_autoptr(DtTestTone) tone = NULL;
  g_autofree char *path = NULL;

  add_sinks (w);
  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices",
                         g_variant_new ("(ss)", "dt_mic", "dt_speaker_a"));
  assert_string (w, "", "Manager.InputDevice", "dt_mic");
  assert_string (w, "", "Manager.OutputDevice", "dt_speaker_a");

  path = dt_dbus_test_world_dial_bob (w);
  assert_heard ("dt_speaker_a.monitor", DT_DBUS_TEST_BOB_TONE, "chosen speaker");
  switch_output (w, "dt_speaker_a", SPEAKER_C);

  /* The input too: baresip hears what the new one hears */
  tone = dt_test_tone_new (MIC_FEED_C, DT_TEST_TONE_B);
  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices",
                         g_variant_new ("(ss)", MIC_FEED_C ".monitor", ""));
  dt_dbus_test_world_wait (w, "", "InputDevice='" MIC_FEED_C ".monitor'");
  assert_heard (DT_DBUS_TEST_BOB_SINK ".monitor", DT_TEST_TONE_B, "switched microphone");
  assert_string (w, "", "Manager.OutputDevice", SPEAKER_C);

  switch_output (w, SPEAKER_C, "dt_speaker_a");
  assert_call_up (w, path);

  dt_dbus_test_world_end_call (w, path);
  dt_dbus_test_world_ok (w, "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "dt_mic", ""));
}

static void
test_quit (void)
{
  dt_dbus_test_world_quit (get_world ());
  g_clear_pointer (&world, dt_dbus_test_world_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dt_dbus_test_world_init (&argc, &argv);

  g_test_add_func ("/dbus/e2e/devices/listed", test_devices_listed);
  g_test_add_func ("/dbus/e2e/devices/from-default", test_devices_from_default);
  g_test_add_func ("/dbus/e2e/devices/switch", test_devices_switch);
  g_test_add_func ("/dbus/e2e/devices/quit", test_quit);

  status = g_test_run ();
  g_clear_pointer (&world, dt_dbus_test_world_free);

  return status;
}
