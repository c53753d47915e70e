/* dt-test-media-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-gst-media-backend.h"
#include "dt-test-media-fixture.h"

void
media_test_init (int    *argc,
                 char ***argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("PULSE_SINK", "dt_speaker_b", TRUE);
  gst_init (argc, argv);
  g_test_init (argc, argv, NULL);
}

static void
on_incoming_call (DtCallManager *manager,
                  DtCall        *call,
                  Fixture       *fixture)
{
  g_ptr_array_add (fixture->incoming, record_new (call));
}

void
media_fixture_set_up (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DtGstMediaBackend) media = NULL;
  g_autoptr(GError) error = NULL;

  fixture->stack = start_stack (0, &error);
  g_assert_no_error (error);
  media = g_object_new (DT_TYPE_GST_MEDIA_BACKEND, "echo-cancellation", FALSE,
                        "input-device", "dt_mic", "output-device", "dt_speaker_a", NULL);
  fixture->manager = dt_call_manager_new (DT_MEDIA_BACKEND (media));
  fixture->line = dt_sip_line_create_direct_line (fixture->stack, "direct");
  dt_call_manager_add_line (fixture->manager, fixture->line);
  fixture->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_signal_connect (fixture->manager, "incoming-call", G_CALLBACK (on_incoming_call), fixture);
}

void
assert_baresip_event (DtTestBaresip *baresip,
                      const char    *type,
                      guint          timeout_ms)
{
  if (!dt_test_baresip_wait_event (baresip, type, timeout_ms))
    {
      g_autofree char *output = dt_test_baresip_dup_output (baresip);

      g_test_message ("baresip never reported %s:\n%s", type, output);
      g_assert_not_reached ();
    }
}

void
assert_two_way_with_baresip (void)
{
  g_autoptr(DtTestMeter) ours = dt_test_meter_new ("dt_speaker_a.monitor");
  g_autoptr(DtTestMeter) theirs = dt_test_meter_new ("dt_speaker_b.monitor");
  double level;

  g_assert_true (dt_test_meter_wait_tone (ours, BARESIP_TONE, DT_TEST_HEARD_DB, &level));
  dt_test_note ("baresip's %.0f Hz at our speaker at %.1f dBFS", BARESIP_TONE, level);
  g_assert_true (dt_test_meter_wait_tone (theirs, DT_TEST_TONE_A, DT_TEST_HEARD_DB, &level));
  dt_test_note ("our %.0f Hz at baresip's speaker at %.1f dBFS", DT_TEST_TONE_A, level);
}
