/* test-media-nosound.c: the media backend with no sound server to talk to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run without the harness's --pulse: offer and answer still complete, and the
 * audio that cannot start is reported on the call instead of refusing it.
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-call-error.h"
#include "dt-fake-line-backend.h"
#include "dt-test-backend.h"

typedef struct {
  guint            errors;
  DtCallErrorKind  kind;
} Errors;

static void
on_error (DtCall          *call,
          DtCallErrorKind  kind,
          const GError    *error,
          Errors          *errors)
{
  errors->errors++;
  errors->kind = kind;
  dt_test_note ("call error: %s", error->message);
}

static DtCall *
new_call (DtFakeJournal   *journal,
          DtCallManager   *manager,
          const char      *label)
{
  g_autoptr(DtFakeLineBackend) line_backend = dt_fake_line_backend_new (journal, label);
  g_autoptr(DtLine) line = dt_line_new (label, "sip:127.0.0.1", TRUE,
                                        DT_LINE_BACKEND (line_backend));
  g_autoptr(GError) error = NULL;
  DtCall *call;

  dt_call_manager_add_line (manager, line);
  call = dt_line_dial (line, "sip:peer@127.0.0.1", &error);
  g_assert_no_error (error);
  return call;
}

static void
test_no_sound_server (void)
{
  g_autoptr(DtFakeJournal) journal = dt_fake_journal_new ();
  g_autoptr(DtGstMediaBackend) backend = dt_gst_media_backend_new ();
  DtMediaBackend *media = DT_MEDIA_BACKEND (backend);
  g_autoptr(DtCallManager) manager = dt_call_manager_new (media);
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  Errors errors = { 0 };
  DtCall *a, *b;

  g_assert_cmpuint (g_list_model_get_n_items (dt_media_backend_get_devices (media)), ==, 0);
  a = new_call (journal, manager, "a");
  b = new_call (journal, manager, "b");
  g_signal_connect (b, "error", G_CALLBACK (on_error), &errors);
  g_assert_true (dt_media_backend_prepare_call (media, a, "127.0.0.1", "off", NULL, &error));
  g_assert_true (dt_media_backend_prepare_call (media, b, "127.0.0.1", "off", NULL, &error));
  g_assert_no_error (error);

  offer = dt_media_backend_create_offer (media, a, FALSE, &error);
  g_assert_no_error (error);
  answer = dt_media_backend_answer_offer (media, b, offer, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (errors.errors, ==, 1);
  g_assert_cmpint (errors.kind, ==, DT_CALL_ERROR_KIND_MEDIA);
  /* What was agreed is known even so */
  g_assert_cmpstr (dt_call_get_codec (b), ==, "opus/48000/2");

  /* Nothing runs, so there is nothing to send keypad tones on */
  g_assert_false (dt_media_backend_send_dtmf (media, b, "1", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/nosound/offer-answer", test_no_sound_server);

  return g_test_run ();
}
