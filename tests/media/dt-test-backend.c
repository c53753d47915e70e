/* dt-test-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-fake-line-backend.h"
#include "dt-test-backend.h"

#define MIC_B "dt_test_mic_b"

static void
ensure_mic_b (void)
{
  static gboolean done;

  if (!done)
    dt_test_pulse_add_sink (MIC_B);
  done = TRUE;
}

static DtCallManager *
side_new (DtFakeJournal      *journal,
          DtGstMediaBackend  *backend,
          const char         *label,
          DtCall            **call)
{
  DtCallManager *manager = dt_call_manager_new (DT_MEDIA_BACKEND (backend));
  g_autoptr(DtFakeLineBackend) line_backend = dt_fake_line_backend_new (journal, label);
  g_autoptr(DtLine) line = dt_line_new (label, "sip:127.0.0.1", TRUE,
                                        DT_LINE_BACKEND (line_backend));
  g_autoptr(GError) error = NULL;

  dt_call_manager_add_line (manager, line);
  *call = dt_line_dial (line, "sip:peer@127.0.0.1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (*call);
  /* The line owns the call until it disconnects */
  g_object_add_weak_pointer (G_OBJECT (*call), (gpointer *) call);
  return manager;
}

static void
prepare (DtGstMediaBackend *backend,
         DtCall            *call,
         const char        *srtp)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dt_media_backend_prepare_call (DT_MEDIA_BACKEND (backend), call, "127.0.0.1", srtp,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
pair_init (DtTestPair         *pair,
           const char         *srtp_a,
           const char         *srtp_b,
           const char * const *codecs_a,
           const char * const *codecs_b)
{
  ensure_mic_b ();
  memset (pair, 0, sizeof *pair);
  pair->journal = dt_fake_journal_new ();
  /* No noise suppressor: it fades steady test tones */
  pair->backend_a = g_object_new (DT_TYPE_GST_MEDIA_BACKEND, "echo-cancellation", FALSE,
                                  "input-device", "dt_mic", "output-device", "dt_speaker_a",
                                  "codecs", codecs_a, NULL);
  pair->backend_b = g_object_new (DT_TYPE_GST_MEDIA_BACKEND, "echo-cancellation", FALSE,
                                  "input-device", MIC_B ".monitor",
                                  "output-device", "dt_speaker_b", "codecs", codecs_b, NULL);
  pair->manager_a = side_new (pair->journal, pair->backend_a, "a", &pair->call_a);
  pair->manager_b = side_new (pair->journal, pair->backend_b, "b", &pair->call_b);
  prepare (pair->backend_a, pair->call_a, srtp_a);
  prepare (pair->backend_b, pair->call_b, srtp_b);
  pair->meter_a = dt_test_meter_new ("dt_speaker_a.monitor");
  pair->meter_b = dt_test_meter_new ("dt_speaker_b.monitor");
}

void
dt_test_pair_init (DtTestPair *pair,
                   const char *srtp_a,
                   const char *srtp_b)
{
  pair_init (pair, srtp_a, srtp_b, NULL, NULL);
}

void
dt_test_pair_init_with_codecs (DtTestPair         *pair,
                               const char * const *codecs_a,
                               const char * const *codecs_b)
{
  pair_init (pair, "off", "off", codecs_a, codecs_b);
}

void
dt_test_pair_negotiate (DtTestPair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  gboolean ok;

  offer = dt_media_backend_create_offer (DT_MEDIA_BACKEND (pair->backend_a), pair->call_a,
                                         FALSE, &error);
  g_assert_no_error (error);
  answer = dt_media_backend_answer_offer (DT_MEDIA_BACKEND (pair->backend_b), pair->call_b,
                                          offer, FALSE, &error);
  g_assert_no_error (error);
  ok = dt_media_backend_set_remote_answer (DT_MEDIA_BACKEND (pair->backend_a), pair->call_a,
                                           answer, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  dt_call_report_connected (pair->call_a);
  dt_call_report_connected (pair->call_b);
}

void
dt_test_pair_play_tones (DtTestPair *pair)
{
  pair->tone_a = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  pair->tone_b = dt_test_tone_new (MIC_B, DT_TEST_TONE_B);
}

void
dt_test_pair_clear (DtTestPair *pair)
{
  g_clear_pointer (&pair->tone_a, dt_test_tone_free);
  g_clear_pointer (&pair->tone_b, dt_test_tone_free);
  g_clear_pointer (&pair->meter_a, dt_test_meter_free);
  g_clear_pointer (&pair->meter_b, dt_test_meter_free);
  if (pair->call_a != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pair->call_a), (gpointer *) &pair->call_a);
  if (pair->call_b != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pair->call_b), (gpointer *) &pair->call_b);
  g_clear_object (&pair->manager_a);
  g_clear_object (&pair->manager_b);
  g_clear_object (&pair->backend_a);
  g_clear_object (&pair->backend_b);
  g_clear_object (&pair->journal);
  dt_test_wait_recordings_closed ();
}
