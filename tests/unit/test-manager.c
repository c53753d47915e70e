/* test-manager.c: lines and calls across lines, current call, max calls,
 * audio devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-test-fixture.h"

static void
test_lines (DtTestFixture *f,
            gconstpointer  data)
{
  g_autoptr(DtFakeLineBackend) backend = dt_fake_line_backend_new (f->journal, "work");
  g_autoptr(DtLine) line = dt_line_new ("work", "sip:alice@work.example.org", FALSE,
                                        DT_LINE_BACKEND (backend));
  GListModel *lines = dt_call_manager_get_lines (f->manager);

  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 2);
  g_assert_true (dt_call_manager_get_line (f->manager, "acct") == f->acct);
  g_assert_true (dt_call_manager_get_line (f->manager, "direct") == f->direct);
  g_assert_null (dt_call_manager_get_line (f->manager, "nope"));
  g_assert_true (dt_call_manager_get_direct_line (f->manager) == f->direct);
  g_assert_true (dt_call_manager_get_media_backend (f->manager) == DT_MEDIA_BACKEND (f->media));

  dt_call_manager_add_line (f->manager, line);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 3);
  g_assert_true (dt_line_get_manager (line) == f->manager);
  g_assert_true (dt_call_manager_get_line (f->manager, "work") == line);
  dt_assert_events (f, "mgr:line-added:work");

  dt_call_manager_remove_line (f->manager, line);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 2);
  g_assert_null (dt_line_get_manager (line));
  g_assert_null (dt_call_manager_get_line (f->manager, "work"));
  dt_assert_events (f, "mgr:line-removed:work");
  dt_assert_journal (f, "");
}

static int
find_prefix (char       **entries,
             const char  *prefix)
{
  for (guint i = 0; entries[i] != NULL; i++)
    if (g_str_has_prefix (entries[i], prefix))
      return (int) i;

  return -1;
}

static void
test_remove_line_with_calls (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(DtCall) active = NULL;
  g_autoptr(DtCall) ringing = NULL;
  g_autofree char *all = NULL;
  g_auto(GStrv) entries = NULL;

  dt_test_register (f, f->acct);
  active = dt_test_dial (f, f->acct, "sip:bob@example.org");
  dt_call_report_connected (active);
  ringing = dt_test_incoming (f, f->acct, "carol", "sip:carol@example.org", "Carol");
  dt_test_forget (f);

  /* Removing an account hangs up its calls; each still ends the way every
   * call ends: disconnect first, then call-removed */
  dt_call_manager_remove_line (f->manager, f->acct);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
  g_assert_null (dt_call_manager_get_connected_call (f->manager));
  g_assert_null (dt_call_manager_get_current_call (f->manager));
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_incoming_calls (f->manager)), ==, 0);
  g_assert_cmpint (dt_call_get_state (active), ==, DT_CALL_STATE_DISCONNECTED);
  g_assert_cmpint (dt_call_get_state (ringing), ==, DT_CALL_STATE_DISCONNECTED);

  all = dt_signal_recorder_take (f->rec);
  entries = g_strsplit (all, ";", -1);
  g_assert_cmpint (find_prefix (entries, "bob:disconnect:"), >=, 0);
  g_assert_cmpint (find_prefix (entries, "bob:disconnect:"), <,
                   find_prefix (entries, "mgr:call-removed:bob"));
  g_assert_cmpint (find_prefix (entries, "carol:disconnect:"), >=, 0);
  g_assert_cmpint (find_prefix (entries, "carol:disconnect:"), <,
                   find_prefix (entries, "mgr:call-removed:carol"));
  dt_assert_journal_set (f, "bob:end;carol:reject(decline)");

  /* What the network says afterwards changes nothing */
  dt_call_report_disconnected (active, "hangup");
  dt_assert_events (f, "");
}

static void
test_default_line (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCallManager) bare = dt_call_manager_new (NULL);
  g_autoptr(DtFakeLineBackend) backend = dt_fake_line_backend_new (f->journal, "work");
  g_autoptr(DtLine) line = dt_line_new ("work", "sip:alice@work.example.org", FALSE,
                                        DT_LINE_BACKEND (backend));
  g_autoptr(DtCall) call = NULL;
  g_autoptr(GError) error = NULL;

  /* The direct line until an account registers */
  g_assert_true (dt_call_manager_get_default_line (f->manager) == f->direct);
  call = g_object_ref (dt_call_manager_dial (f->manager, "sip:bob@example.org", &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_get_line (call) == f->direct);
  dt_assert_journal (f, "direct:create_call(sip:bob@example.org);bob:start");
  g_clear_object (&call);

  dt_test_register (f, f->acct);
  g_assert_true (dt_call_manager_get_default_line (f->manager) == f->acct);

  /* No direct line and no registered account: nowhere to dial */
  dt_call_manager_add_line (bare, line);
  g_assert_null (dt_call_manager_get_direct_line (bare));
  g_assert_null (dt_call_manager_get_default_line (bare));
  g_assert_null (dt_call_manager_dial (bare, "sip:bob@example.org", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_NO_SUCH_LINE);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (dt_call_manager_get_n_calls (bare), ==, 0);
  dt_assert_journal (f, "");
  dt_line_report_registered (line);
  g_assert_true (dt_call_manager_get_default_line (bare) == line);
  dt_call_manager_remove_line (bare, line);
}

static void
test_manager_dial (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCall) call = NULL;

  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_URI,
                     dt_call_manager_dial (f->manager, "", &error_));

  dt_test_register (f, f->acct);
  call = g_object_ref (dt_call_manager_dial (f->manager, "sip:bob@example.org", NULL));
  g_assert_true (dt_call_get_line (call) == f->acct);
  dt_assert_journal (f, "acct:create_call(sip:bob@example.org);bob:start");
  dt_assert_has_event (f, "mgr:call-added:bob");
}

static void
test_lookup (DtTestFixture *f,
             gconstpointer  data)
{
  g_autoptr(DtCall) a = NULL;
  g_autoptr(DtCall) b = NULL;
  g_autoptr(DtCall) c = NULL;
  g_autoptr(GHashTable) empty = dt_call_manager_get_active_calls (f->manager);
  g_autoptr(GHashTable) table = NULL;
  GPtrArray *calls;

  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  dt_test_register (f, f->acct);
  a = dt_test_active_call (f, "sip:bob@example.org");
  dt_test_hold (f, a);
  b = dt_test_dial (f, f->acct, "sip:carol@example.org");
  c = dt_test_incoming (f, f->acct, "dave", "sip:dave@example.org", "Dave");

  g_assert_true (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (a)) == a);
  g_assert_true (dt_call_manager_get_call (f->manager, dt_call_get_correlation_id (c)) == c);
  g_assert_null (dt_call_manager_get_call (f->manager, "no-such-correlation-id"));
  g_assert_null (dt_call_manager_get_connected_call (f->manager));

  table = dt_call_manager_get_active_calls (f->manager);
  g_assert_cmpuint (g_hash_table_size (table), ==, 2);
  calls = g_hash_table_lookup (table, "direct");
  g_assert_nonnull (calls);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_true (g_ptr_array_index (calls, 0) == a);
  calls = g_hash_table_lookup (table, "acct");
  g_assert_nonnull (calls);
  g_assert_cmpuint (calls->len, ==, 2);
  g_assert_true (g_ptr_array_find (calls, b, NULL));
  g_assert_true (g_ptr_array_find (calls, c, NULL));

  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_calls (f->manager)), ==, 3);
  dt_call_report_connected (b);
  g_assert_true (dt_call_manager_get_connected_call (f->manager) == b);
}

static void
test_current_call (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(DtCallManager) other_manager = dt_call_manager_new (NULL);
  g_autoptr(DtFakeLineBackend) other_backend = dt_fake_line_backend_new (f->journal, "other");
  g_autoptr(DtLine) other_line = dt_line_new ("other", "sip:me@127.0.0.3", TRUE,
                                              DT_LINE_BACKEND (other_backend));
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) foreign = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_before = NULL;
  g_autofree char *a_after = NULL;

  g_assert_true (dt_call_manager_get_current_call (f->manager) == a);

  a_before = dt_test_snapshot (f, a);
  g_assert_true (dt_call_manager_set_current_call (f->manager, b, &error));
  g_assert_no_error (error);
  g_assert_true (dt_call_manager_get_current_call (f->manager) == b);
  dt_assert_events (f, "mgr:notify:current-call");
  /* It changes no hold state */
  dt_assert_journal (f, "");
  g_assert_cmpint (dt_call_get_state (a), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (dt_call_get_state (b), ==, DT_CALL_STATE_RINGING);

  g_assert_true (dt_call_manager_set_current_call (f->manager, b, &error));
  dt_assert_events (f, "");

  g_assert_true (dt_call_manager_set_current_call (f->manager, a, &error));
  a_after = dt_test_snapshot (f, a);
  g_assert_cmpstr (a_after, ==, a_before);
  dt_test_forget (f);

  /* A call of another manager */
  dt_call_manager_add_line (other_manager, other_line);
  foreign = g_object_ref (dt_line_dial (other_line, "sip:eve@example.org", NULL));
  dt_test_forget (f);
  DT_ASSERT_REFUSED (f, foreign, DT_CALL_ERROR_NO_SUCH_CALL,
                     dt_call_manager_set_current_call (f->manager, foreign, &error_));

  /* The current call leaving: another one becomes current */
  dt_call_report_disconnected (a, "hangup");
  g_assert_true (dt_call_manager_get_current_call (f->manager) != a);
  DT_ASSERT_REFUSED (f, a, DT_CALL_ERROR_NO_SUCH_CALL,
                     dt_call_manager_set_current_call (f->manager, a, &error_));
  dt_call_manager_remove_line (other_manager, other_line);
}

static void
test_max_calls (DtTestFixture *f,
                gconstpointer  data)
{
  g_autoptr(DtCall) a = NULL;
  g_autoptr(DtCall) b = NULL;
  g_autoptr(DtCall) c = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (dt_call_manager_get_max_calls (f->manager), ==, 4);
  dt_call_manager_set_max_calls (f->manager, 2);
  g_assert_cmpuint (dt_call_manager_get_max_calls (f->manager), ==, 2);
  dt_assert_events (f, "mgr:notify:max-calls");
  dt_call_manager_set_max_calls (f->manager, 2);
  dt_assert_events (f, "");

  a = dt_test_ringing_call (f, "carol");
  g_assert_false (dt_call_manager_get_is_max_calls (f->manager));
  b = dt_test_dial (f, f->direct, "sip:bob@example.org");
  g_assert_true (dt_call_manager_get_is_max_calls (f->manager));
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 2);

  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_MAX_CALLS,
                     dt_line_dial (f->direct, "sip:dave@example.org", &error_));
  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_MAX_CALLS,
                     dt_call_manager_dial (f->manager, "sip:dave@example.org", &error_));

  /* Room again once one leaves */
  dt_call_report_disconnected (a, "cancelled");
  g_assert_false (dt_call_manager_get_is_max_calls (f->manager));
  c = dt_test_dial (f, f->direct, "sip:dave@example.org");
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 2);

  /* 0: no limit */
  dt_call_manager_set_max_calls (f->manager, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *label = g_strdup_printf ("caller%u", i);

      g_ptr_array_add (many, dt_test_ringing_call (f, label));
    }
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 8);
  g_assert_false (dt_call_manager_get_is_max_calls (f->manager));
}

static void
test_incoming_list (DtTestFixture *f,
                    gconstpointer  data)
{
  GListModel *incoming = dt_call_manager_get_incoming_calls (f->manager);
  g_autoptr(DtCall) a = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "dave");
  g_autoptr(DtCall) out = dt_test_dial (f, f->direct, "sip:bob@example.org");
  g_autoptr(DtCall) item = NULL;

  /* Only inbound calls that ring */
  g_assert_cmpuint (g_list_model_get_n_items (incoming), ==, 2);
  g_assert_cmpint (dt_call_get_direction (out), ==, DT_CALL_DIRECTION_OUTBOUND);

  g_assert_true (dt_call_answer (a, NULL));
  dt_call_report_connected (a);
  g_assert_cmpuint (g_list_model_get_n_items (incoming), ==, 1);
  item = g_list_model_get_item (incoming, 0);
  g_assert_true (item == b);

  dt_call_report_disconnected (b, "cancelled");
  g_assert_cmpuint (g_list_model_get_n_items (incoming), ==, 0);
}

static void
test_end_all (DtTestFixture *f,
              gconstpointer  data)
{
  g_autoptr(DtCall) a = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(DtCall) b = dt_test_ringing_call (f, "carol");
  g_autoptr(DtCall) c = NULL;
  g_autofree char *journal = NULL;

  dt_test_hold (f, a);
  c = dt_test_dial (f, f->direct, "sip:dave@example.org");
  dt_test_forget (f);

  dt_call_manager_end_all (f->manager);
  dt_test_spin_drain ();
  journal = dt_fake_journal_join (f->journal);
  g_assert_cmpuint (dt_fake_journal_get_n_entries (f->journal), ==, 3);
  g_assert_nonnull (strstr (journal, "bob:end"));
  g_assert_nonnull (strstr (journal, "dave:end"));
  g_assert_true (strstr (journal, "carol:end") != NULL || strstr (journal, "carol:reject") != NULL);
  /* Hanging up is a request: the calls stay until the backend reports */
  g_assert_cmpint (dt_call_get_state (b), ==, DT_CALL_STATE_RINGING);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 3);
}

static gboolean
is_unset (const char *device)
{
  return device == NULL || *device == '\0';
}

static void
test_audio_devices (DtTestFixture *f,
                    gconstpointer  data)
{
  GListModel *devices = dt_call_manager_get_audio_devices (f->manager);
  g_autoptr(DtAudioDevice) first = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  first = g_list_model_get_item (devices, 0);
  g_assert_cmpstr (dt_audio_device_get_id (first), ==, "mic1");
  g_assert_cmpstr (dt_audio_device_get_name (first), ==, "Built-in Microphone");
  g_assert_true (dt_audio_device_get_is_input (first));
  g_assert_true (is_unset (dt_call_manager_get_input_device (f->manager)));
  g_assert_true (is_unset (dt_call_manager_get_output_device (f->manager)));

  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "mic2", "spk2", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_manager_get_input_device (f->manager), ==, "mic2");
  g_assert_cmpstr (dt_call_manager_get_output_device (f->manager), ==, "spk2");
  dt_assert_journal (f, "media:set_devices(mic2,spk2)");
  dt_assert_events_set (f, "mgr:notify:input-device;mgr:notify:output-device");

  /* "" keeps the current device */
  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "", "spk1", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_manager_get_input_device (f->manager), ==, "mic2");
  g_assert_cmpstr (dt_call_manager_get_output_device (f->manager), ==, "spk1");
  g_assert_cmpuint (dt_fake_journal_get_n_entries (f->journal), ==, 1);
  g_assert_true (g_str_equal (dt_fake_journal_get_entry (f->journal, 0), "media:set_devices(-,spk1)") ||
                 g_str_equal (dt_fake_journal_get_entry (f->journal, 0), "media:set_devices(mic2,spk1)"));
  dt_fake_journal_clear (f->journal);
  dt_assert_events (f, "mgr:notify:output-device");

  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "mic2", NULL, &error));
  g_assert_no_error (error);
  dt_assert_events (f, "");
}

static void
test_audio_devices_invalid (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(DtCallManager) bare = dt_call_manager_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "mic1", "spk1", NULL));
  dt_test_forget (f);

  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_ARGUMENT,
                     dt_call_manager_set_audio_devices (f->manager, "nope", "spk2", &error_));
  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_ARGUMENT,
                     dt_call_manager_set_audio_devices (f->manager, "mic2", "nope", &error_));
  /* A speaker is no microphone, and the other way round */
  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_ARGUMENT,
                     dt_call_manager_set_audio_devices (f->manager, "spk2", NULL, &error_));
  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_ARGUMENT,
                     dt_call_manager_set_audio_devices (f->manager, NULL, "mic2", &error_));

  before = dt_test_snapshot (f, NULL);
  dt_fake_media_backend_fail_next (f->media, "set_devices", DT_CALL_ERROR_FAILED,
                                   "The headset cannot be opened.");
  g_assert_false (dt_call_manager_set_audio_devices (f->manager, "mic2", "spk2", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  g_clear_error (&error);
  after = dt_test_snapshot (f, NULL);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "media:set_devices(mic2,spk2)!");
  dt_assert_events (f, "");

  /* Without a media backend there are no devices to pick */
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_audio_devices (bare)), ==, 0);
  g_assert_false (dt_call_manager_set_audio_devices (bare, "mic1", NULL, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT);
  g_assert_true (is_unset (dt_call_manager_get_input_device (bare)));
}

static void
test_audio_device_unplugged (DtTestFixture *f,
                             gconstpointer  data)
{
  GListModel *devices = dt_call_manager_get_audio_devices (f->manager);
  g_autoptr(DtCall) call = dt_test_active_call (f, "sip:bob@example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "mic2", "spk2", &error));
  g_assert_no_error (error);
  dt_test_forget (f);

  g_assert_true (dt_fake_media_backend_remove_device (f->media, "mic2"));
  dt_test_spin_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 3);
  g_assert_cmpstr (dt_call_manager_get_input_device (f->manager), ==, "");
  g_assert_cmpstr (dt_call_manager_get_output_device (f->manager), ==, "spk2");
  dt_assert_has_event (f, "mgr:notify:input-device");
  dt_assert_no_event (f, "mgr:notify:output-device");
  /* The call goes on */
  g_assert_cmpint (dt_call_get_state (call), ==, DT_CALL_STATE_ESTABLISHED);
  dt_test_forget (f);

  /* Plugged in again, it can be chosen again */
  dt_fake_media_backend_add_device (f->media, "mic2", "Headset Microphone", TRUE);
  dt_test_spin_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  g_assert_true (dt_call_manager_set_audio_devices (f->manager, "mic2", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dt_call_manager_get_input_device (f->manager), ==, "mic2");

  /* Unplugging a device nobody chose changes no choice */
  dt_test_forget (f);
  g_assert_true (dt_fake_media_backend_remove_device (f->media, "spk1"));
  dt_test_spin_drain ();
  dt_assert_no_event (f, "mgr:notify:input-device");
  dt_assert_no_event (f, "mgr:notify:output-device");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/manager/lines", test_lines);
  DT_TEST_ADD ("/manager/default-line", test_default_line);
  DT_TEST_ADD ("/manager/dial", test_manager_dial);
  DT_TEST_ADD ("/manager/lookup", test_lookup);
  DT_TEST_ADD ("/manager/current-call", test_current_call);
  DT_TEST_ADD ("/manager/max-calls", test_max_calls);
  DT_TEST_ADD ("/manager/incoming-list", test_incoming_list);
  DT_TEST_ADD ("/manager/end-all", test_end_all);
  DT_TEST_ADD ("/manager/audio-devices", test_audio_devices);
  DT_TEST_ADD ("/manager/audio-devices-invalid", test_audio_devices_invalid);
  DT_TEST_ADD ("/manager/audio-device-unplugged", test_audio_device_unplugged);
  DT_TEST_ADD ("/manager/remove-line-with-calls", test_remove_line_with_calls);

  return dt_test_run ();
}
