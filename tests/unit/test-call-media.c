/* test-call-media.c: hold and resume, DTMF, mute, recording, caller info
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-test-fixture.h"

static void
test_hold_resume (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_hold (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:hold");
  dt_assert_events (f, "");
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);

  dt_call_report_held (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_get_held (call));
  g_assert_true (dt_call_get_connected (call));
  g_assert_false (dt_call_is_active (call));
  g_assert_null (dt_call_manager_get_connected_call (f->manager));
  dt_assert_events_set (f, "bob:notify:state;bob:notify:held;bob:held;"
                        "mgr:notify:connected-call");

  g_assert_true (dt_call_resume (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:resume");
  dt_assert_events (f, "");

  dt_call_report_resumed (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_false (dt_call_get_held (call));
  g_assert_true (dt_call_is_active (call));
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  dt_assert_events_set (f, "bob:notify:state;bob:notify:held;bob:resumed;"
                        "mgr:notify:connected-call");
}

static void
test_toggle_hold (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_toggle_hold (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (call);
  g_assert_true (dt_call_toggle_hold (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:resume");

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE, dt_call_toggle_hold (ringing, &error_));
}

static void
test_hold_illegal (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) dialing = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_autoptr(DtCall) active = NULL;

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE, dt_call_hold (ringing, &error_));
  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE, dt_call_resume (ringing, &error_));
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE, dt_call_hold (dialing, &error_));
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE, dt_call_resume (dialing, &error_));
  dt_call_report_disconnected (dialing, "cancelled");

  active = dt_test_active_call (f, "sip:bob@example.org");
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_STATE, dt_call_resume (active, &error_));
  dt_test_hold (f, active);
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_STATE, dt_call_hold (active, &error_));
}

static void
test_hold_failures (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = g_error_new_literal (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                                                    "The other party refused the hold.");
  g_autofree char *before = dt_test_snapshot (f, call);
  g_autofree char *after = NULL;

  dt_fake_call_backend_fail_next (dt_test_backend_of (call), "hold",
                                  DT_CALL_ERROR_FAILED, "No route to the other party.");
  g_assert_false (dt_call_hold (call, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_clear_error (&error);
  after = dt_test_snapshot (f, call);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "bob:hold!");
  dt_assert_events (f, "");

  /* A hold the remote end refuses leaves the call as it was, and the model
   * takes the next hold request */
  g_assert_true (dt_call_hold (call, &error));
  dt_call_report_error (call, DT_CALL_ERROR_KIND_HOLD, reported);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_false (dt_call_get_held (call));
  dt_assert_events (f, "bob:error:hold");
  g_assert_true (dt_call_hold (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:hold;bob:hold");
  dt_call_report_held (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  dt_test_forget (f);

  g_assert_true (dt_call_resume (call, &error));
  dt_call_report_error (call, DT_CALL_ERROR_KIND_RESUME, reported);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_get_held (call));
  dt_assert_events (f, "bob:error:resume");
  dt_assert_journal (f, "bob:resume");
}

static void
test_remote_hold (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");

  dt_call_report_remote_held (call, TRUE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_REMOTE_HELD);
  g_assert_true (dt_call_get_remote_held (call));
  g_assert_false (dt_call_get_held (call));
  g_assert_true (dt_call_is_active (call));
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == call);
  dt_assert_events_set (f, "bob:notify:state;bob:notify:remote-held;bob:remote-held:true");

  dt_call_report_remote_held (call, FALSE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_false (dt_call_get_remote_held (call));
  dt_assert_events_set (f, "bob:notify:state;bob:notify:remote-held;bob:remote-held:false");

  /* Saying it twice is no news */
  dt_call_report_remote_held (call, FALSE);
  dt_assert_events (f, "");
  dt_assert_journal (f, "");
}

static void
test_hold_wins_over_remote_hold (DtTestFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  dt_call_report_remote_held (call, TRUE);
  g_assert_true (dt_call_hold (call, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  g_assert_true (dt_call_get_remote_held (call));
  dt_test_forget (f);

  dt_call_report_remote_held (call, FALSE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  dt_assert_events_set (f, "bob:notify:remote-held;bob:remote-held:false");

  dt_call_report_remote_held (call, TRUE);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_HELD);
  dt_assert_events_set (f, "bob:notify:remote-held;bob:remote-held:true");

  g_assert_true (dt_call_resume (call, &error));
  dt_call_report_resumed (call);
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_REMOTE_HELD);
  g_assert_false (dt_call_get_held (call));
  g_assert_true (dt_call_is_active (call));
}

static void
test_hold_twice_pending (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  /* A double click on Hold: one re-INVITE at a time (RFC 3261 §14.1); the
   * second request may be refused or taken as the same, never re-sent */
  g_assert_true (dt_call_hold (call, &error));
  if (!dt_call_hold (call, &error))
    g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  g_clear_error (&error);
  dt_assert_journal (f, "bob:hold");
  dt_call_report_held (call);

  g_assert_true (dt_call_resume (call, &error));
  if (!dt_call_resume (call, &error))
    g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE);
  dt_assert_journal (f, "bob:resume");
}

static void
test_send_dtmf (DtTestFixture *f,
                gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_send_dtmf (call, "0123456789*#ABCD", &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "bob:send_dtmf(0123456789*#ABCD)");
  dt_assert_events (f, "");
}

static void
test_dtmf_illegal (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) dialing = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_autoptr(DtCall) active = NULL;
  static const char * const bad[] = { "12x", "", "e", "1 2", "5\n" };

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE, dt_call_send_dtmf (ringing, "1", &error_));
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE, dt_call_send_dtmf (dialing, "1", &error_));
  dt_call_report_progress (dialing, TRUE);
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE, dt_call_send_dtmf (dialing, "1", &error_));
  dt_call_report_disconnected (dialing, "cancelled");

  active = dt_test_active_call (f, "sip:bob@example.org");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_DTMF, dt_call_send_dtmf (active, bad[i], &error_));
}

static void
test_mute (DtTestFixture *f,
           gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_set_muted (call, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_get_muted (call));
  dt_assert_journal (f, "media:set_muted(bob,on)");
  dt_assert_events (f, "bob:notify:muted");

  /* Already muted: nothing to ask the media layer, nothing to notify */
  g_assert_true (dt_call_set_muted (call, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_get_muted (call));
  dt_assert_events (f, "");
  dt_assert_journal (f, "");

  g_assert_true (dt_call_set_muted (call, FALSE, &error));
  g_assert_false (dt_call_get_muted (call));
  dt_assert_journal (f, "media:set_muted(bob,off)");
  dt_assert_events (f, "bob:notify:muted");
}

static void
test_mute_fails (DtTestFixture *f,
                 gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  dt_fake_media_backend_fail_next (f->media, "set_muted", DT_CALL_ERROR_FAILED,
                                   "The microphone is gone.");
  g_assert_false (dt_call_set_muted (call, TRUE, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_assert_false (dt_call_get_muted (call));
  dt_assert_journal (f, "media:set_muted(bob,on)!");
  dt_assert_events (f, "");

  dt_call_report_disconnected (call, "hangup");
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_set_muted (call, TRUE, &error_));
}

static gboolean
is_under_test_dirs (const char *path)
{
  const char *roots[] = {
    g_get_home_dir (), g_get_user_data_dir (), g_get_user_cache_dir (),
    g_get_user_config_dir (), g_get_user_state_dir (), g_get_user_runtime_dir (),
    g_get_user_special_dir (G_USER_DIRECTORY_MUSIC),
  };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    if (roots[i] != NULL && g_str_has_prefix (path, roots[i]) &&
        path[strlen (roots[i])] == G_DIR_SEPARATOR)
      return TRUE;

  return FALSE;
}

static void
test_recording (DtTestFixture *f,
                gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (dt_call_start_recording (call, NULL, &error));
  g_assert_no_error (error);
  path = g_strdup (dt_call_get_recording_path (call));
  g_assert_nonnull (path);
  g_assert_true (g_path_is_absolute (path));
  g_assert_true (is_under_test_dirs (path));
  /* The media layer only opens the file: its folder must be there */
  folder = g_path_get_dirname (path);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (dt_call_get_recording (call), ==, DT_RECORDING_STATE_RECORDING);
  expected = g_strdup_printf ("media:start_recording(bob,%s)", path);
  dt_assert_journal (f, expected);
  dt_assert_events_set (f, "bob:notify:recording;bob:notify:recording-path");

  g_assert_true (dt_call_pause_recording (call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dt_call_get_recording (call), ==, DT_RECORDING_STATE_PAUSED);
  dt_assert_journal (f, "media:pause_recording(bob)");
  dt_assert_events (f, "bob:notify:recording");
  DT_ASSERT_REFUSED (f, call, DT_CALL_ERROR_INVALID_STATE, dt_call_pause_recording (call, &error_));

  /* Starting again goes on in the same file */
  g_assert_true (dt_call_start_recording (call, "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dt_call_get_recording (call), ==, DT_RECORDING_STATE_RECORDING);
  g_assert_cmpstr (dt_call_get_recording_path (call), ==, path);
  dt_assert_journal (f, expected);
  dt_assert_events (f, "bob:notify:recording");

  /* Another call's default file is another file */
  dt_test_hold (f, call);
  other = dt_test_active_call (f, "sip:carol@example.org");
  g_assert_true (dt_call_start_recording (other, "", &error));
  g_assert_no_error (error);
  g_assert_true (is_under_test_dirs (dt_call_get_recording_path (other)));
  g_assert_cmpstr (dt_call_get_recording_path (other), !=, path);
}

static void
test_recording_path (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "call.ogg", NULL);
  g_autofree char *expected = g_strdup_printf ("media:start_recording(bob,%s)", path);
  g_autofree char *resumed = g_strdup_printf ("media:pause_recording(bob);%s", expected);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_start_recording (call, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_get_recording_path (call), ==, path);
  dt_assert_journal (f, expected);

  /* Resuming without a path goes on in the chosen file, not a default one */
  g_assert_true (dt_call_pause_recording (call, &error));
  g_assert_true (dt_call_start_recording (call, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_get_recording_path (call), ==, path);
  dt_assert_journal (f, resumed);
}

static void
test_recording_illegal (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) ringing = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) dialing = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_autoptr(DtCall) active = NULL;
  g_autoptr(GError) error = NULL;

  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_start_recording (ringing, NULL, &error_));
  DT_ASSERT_REFUSED (f, dialing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_start_recording (dialing, NULL, &error_));
  DT_ASSERT_REFUSED (f, ringing, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_pause_recording (ringing, &error_));
  dt_call_report_disconnected (dialing, "cancelled");

  active = dt_test_active_call (f, "sip:bob@example.org");
  DT_ASSERT_REFUSED (f, active, DT_CALL_ERROR_INVALID_STATE,
                     dt_call_pause_recording (active, &error_));

  dt_fake_media_backend_fail_next (f->media, "start_recording", DT_CALL_ERROR_FAILED,
                                   "The recordings folder is full.");
  g_assert_false (dt_call_start_recording (active, NULL, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_assert_cmpint (dt_call_get_recording (active), ==, DT_RECORDING_STATE_OFF);
  dt_assert_events (f, "");
}

static void
test_caller_id (DtTestFixture *f,
                gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");

  dt_call_report_caller_id (call, "sip:carol.smith@example.org", "Carol Smith");
  g_assert_cmpstr (dt_call_get_remote_uri (call), ==, "sip:carol.smith@example.org");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol Smith");
  dt_assert_has_event (f, "carol:caller-id:sip:carol.smith@example.org:Carol Smith");
  dt_assert_has_event (f, "carol:notify:remote-uri");
  dt_assert_has_event (f, "carol:notify:remote-name");
  dt_test_forget (f);

  dt_call_report_caller_id (call, "sip:carol.smith@example.org", "Carol Smith");
  dt_assert_no_event (f, "carol:notify:remote-uri");
  dt_assert_no_event (f, "carol:notify:remote-name");
  dt_assert_journal (f, "");
}

static void
test_static_info_manual (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_set_static_info (call, "Carol from Sales", "file:///avatars/carol.png",
                                          "ACME", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol from Sales");
  g_assert_cmpstr (dt_call_get_avatar (call), ==, "file:///avatars/carol.png");
  g_assert_cmpstr (dt_call_get_company (call), ==, "ACME");
  g_assert_true (dt_call_get_manual_info (call));
  dt_assert_events_set (f, "carol:notify:remote-name;carol:notify:avatar;"
                        "carol:notify:company;carol:notify:manual-info");

  g_assert_true (dt_call_set_static_info (call, "Carol from Sales", "file:///avatars/carol.png",
                                          "ACME", TRUE, &error));
  dt_assert_events (f, "");

  /* Signalling brings another identity: the manual values stay */
  dt_call_report_caller_id (call, "sip:carol.smith@example.org", "C. Smith");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol from Sales");
  g_assert_cmpstr (dt_call_get_avatar (call), ==, "file:///avatars/carol.png");
  g_assert_cmpstr (dt_call_get_company (call), ==, "ACME");
  dt_assert_no_event (f, "carol:notify:remote-name");
  dt_test_forget (f);

  /* Leaving manual mode lets signalling update the name again */
  g_assert_true (dt_call_set_static_info (call, NULL, NULL, NULL, FALSE, &error));
  g_assert_false (dt_call_get_manual_info (call));
  dt_assert_events (f, "carol:notify:manual-info");
  dt_call_report_caller_id (call, "sip:carol.smith@example.org", "Carol Smith");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol Smith");
  dt_assert_journal (f, "");
}

static void
test_static_info_auto (DtTestFixture *f,
                       gconstpointer  data)
{
  g_autoptr(DtCall) call = dt_test_ringing_call (f, "carol");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_set_static_info (call, NULL, NULL, "ACME", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_get_company (call), ==, "ACME");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "carol");
  g_assert_false (dt_call_get_manual_info (call));
  dt_assert_events (f, "carol:notify:company");

  dt_call_report_caller_id (call, "sip:carol@example.org", "Carol Smith");
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, "Carol Smith");
  g_assert_cmpstr (dt_call_get_company (call), ==, "ACME");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/call/hold/hold-resume", test_hold_resume);
  DT_TEST_ADD ("/call/hold/toggle", test_toggle_hold);
  DT_TEST_ADD ("/call/hold/illegal", test_hold_illegal);
  DT_TEST_ADD ("/call/hold/failures", test_hold_failures);
  DT_TEST_ADD ("/call/hold/remote", test_remote_hold);
  DT_TEST_ADD ("/call/hold/wins-over-remote", test_hold_wins_over_remote_hold);
  DT_TEST_ADD ("/call/dtmf/send", test_send_dtmf);
  DT_TEST_ADD ("/call/dtmf/illegal", test_dtmf_illegal);
  DT_TEST_ADD ("/call/mute/toggle", test_mute);
  DT_TEST_ADD ("/call/mute/fails", test_mute_fails);
  DT_TEST_ADD ("/call/recording/default-path", test_recording);
  DT_TEST_ADD ("/call/recording/path", test_recording_path);
  DT_TEST_ADD ("/call/recording/illegal", test_recording_illegal);
  DT_TEST_ADD ("/call/info/caller-id", test_caller_id);
  DT_TEST_ADD ("/call/info/static-manual", test_static_info_manual);
  DT_TEST_ADD ("/call/info/static-auto", test_static_info_auto);
  DT_TEST_ADD ("/call/pending/hold-twice", test_hold_twice_pending);

  return dt_test_run ();
}
