/* test-line.c: lines, registration, dialing on a line, incoming calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

static void
test_properties (DtTestFixture *f,
                 gconstpointer  data)
{
  const char *error_text = dt_line_get_last_error (f->acct);

  g_assert_cmpstr (dt_line_get_id (f->acct), ==, "acct");
  g_assert_cmpstr (dt_line_get_uri (f->acct), ==, "sip:alice@example.org");
  g_assert_false (dt_line_get_direct (f->acct));
  g_assert_true (dt_line_get_direct (f->direct));
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_UNREGISTERED);
  g_assert_false (dt_line_get_registered (f->acct));
  g_assert_false (dt_line_get_usable (f->acct));
  g_assert_true (dt_line_get_usable (f->direct));
  g_assert_cmpuint (dt_line_get_attempt (f->acct), ==, 0);
  g_assert_true (error_text == NULL || *error_text == '\0');
  g_assert_true (dt_line_get_manager (f->acct) == f->manager);
  g_assert_true (dt_line_get_backend (f->acct) == DT_LINE_BACKEND (f->acct_backend));
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->acct)), ==, 0);
  g_assert_cmpstr (dt_line_state_to_string (DT_LINE_STATE_REGISTERING), ==, "registering");
}

static void
test_setters (DtTestFixture *f,
              gconstpointer  data)
{
  dt_line_set_display_name (f->acct, "Alice");
  dt_line_set_transport (f->acct, "tcp");
  dt_line_set_srtp (f->acct, "mandatory");
  dt_line_set_retry_limit (f->acct, 5);
  g_assert_cmpstr (dt_line_get_display_name (f->acct), ==, "Alice");
  g_assert_cmpstr (dt_line_get_transport (f->acct), ==, "tcp");
  g_assert_cmpstr (dt_line_get_srtp (f->acct), ==, "mandatory");
  g_assert_cmpuint (dt_line_get_retry_limit (f->acct), ==, 5);
  dt_assert_events (f, "acct:notify:display-name;acct:notify:transport;"
                    "acct:notify:srtp;acct:notify:retry-limit");

  /* The same values again change nothing and notify nothing */
  dt_line_set_display_name (f->acct, "Alice");
  dt_line_set_transport (f->acct, "tcp");
  dt_line_set_srtp (f->acct, "mandatory");
  dt_line_set_retry_limit (f->acct, 5);
  dt_assert_events (f, "");

  g_object_set (f->acct, "display-name", "Alice", "retry-limit", 5, NULL);
  dt_assert_events (f, "");
  g_object_set (f->acct, "display-name", "Alice Liddell", NULL);
  dt_assert_events (f, "acct:notify:display-name");
  dt_assert_journal (f, "");
}

static void
test_register (DtTestFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The direct line has no registrar: nothing to ask, always usable */
  g_assert_true (dt_line_register (f->direct, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "");
  g_assert_true (dt_line_get_usable (f->direct));

  g_assert_true (dt_line_register (f->acct, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "acct:register");

  dt_line_report_registering (f->acct, 1);
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_REGISTERING);
  g_assert_cmpuint (dt_line_get_attempt (f->acct), ==, 1);
  g_assert_false (dt_line_get_usable (f->acct));
  dt_assert_events_set (f, "acct:notify:state;acct:notify:attempt");

  dt_line_report_registered (f->acct);
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_REGISTERED);
  g_assert_true (dt_line_get_registered (f->acct));
  g_assert_true (dt_line_get_usable (f->acct));
  g_assert_true (dt_call_manager_get_default_line (f->manager) == f->acct);
  dt_assert_has_event (f, "acct:registered");
  dt_assert_has_event (f, "acct:notify:state");
  dt_assert_has_event (f, "acct:notify:registered");
  dt_assert_has_event (f, "mgr:notify:default-line");
  g_assert_cmpuint (dt_signal_recorder_count (f->rec, "acct:registered"), ==, 1);
  dt_test_forget (f);

  /* A refreshed registration is no news */
  dt_line_report_registered (f->acct);
  dt_assert_events (f, "");

  g_assert_true (dt_line_unregister (f->acct, &error));
  g_assert_no_error (error);
  dt_assert_journal (f, "acct:unregister");
  dt_line_report_unregistered (f->acct);
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_UNREGISTERED);
  g_assert_false (dt_line_get_registered (f->acct));
  g_assert_false (dt_line_get_usable (f->acct));
  g_assert_true (dt_call_manager_get_default_line (f->manager) == f->direct);
  dt_assert_has_event (f, "acct:unregistered");
  dt_assert_has_event (f, "acct:notify:registered");
  dt_assert_has_event (f, "mgr:notify:default-line");
}

static void
test_registration_failed (DtTestFixture *f,
                          gconstpointer  data)
{
  dt_line_set_retry_limit (f->acct, 3);
  dt_line_report_registering (f->acct, 1);
  dt_test_forget (f);

  dt_line_report_registration_failed (f->acct, 403, "Forbidden");
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_FAILED);
  g_assert_false (dt_line_get_registered (f->acct));
  g_assert_cmpstr (dt_line_get_last_error (f->acct), ==, "Forbidden");
  g_assert_cmpuint (dt_line_get_last_status (f->acct), ==, 403);
  dt_assert_has_event (f, "acct:registration-failed:403:Forbidden");
  dt_assert_has_event (f, "acct:notify:state");
  dt_assert_has_event (f, "acct:notify:last-error");
  dt_assert_has_event (f, "acct:notify:last-status");
  dt_assert_no_event (f, "acct:notify:registered");
  dt_test_forget (f);

  /* The backend retries */
  dt_line_report_registering (f->acct, 2);
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_REGISTERING);
  g_assert_cmpuint (dt_line_get_attempt (f->acct), ==, 2);
  dt_line_report_registered (f->acct);
  g_assert_true (dt_line_get_registered (f->acct));
  dt_test_forget (f);

  /* A registered line that loses its registrar stops being usable */
  dt_line_report_registration_failed (f->acct, 408, "Request Timeout");
  g_assert_cmpint (dt_line_get_state (f->acct), ==, DT_LINE_STATE_FAILED);
  g_assert_false (dt_line_get_registered (f->acct));
  g_assert_false (dt_line_get_usable (f->acct));
  g_assert_cmpuint (dt_line_get_last_status (f->acct), ==, 408);
  dt_assert_has_event (f, "acct:registration-failed:408:Request Timeout");
  dt_assert_has_event (f, "acct:notify:registered");
  dt_assert_has_event (f, "mgr:notify:default-line");
  dt_assert_journal (f, "");
}

static void
test_register_refused (DtTestFixture *f,
                       gconstpointer  data)
{
  g_autofree char *before = dt_test_snapshot (f, NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  dt_fake_line_backend_fail_next (f->acct_backend, "register", DT_CALL_ERROR_FAILED,
                                  "The registrar cannot be reached.");
  g_assert_false (dt_line_register (f->acct, &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  after = dt_test_snapshot (f, NULL);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "acct:register!");
  dt_assert_events (f, "");
}

static void
test_dial_on_account (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(DtCall) call = NULL;

  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_NOT_REGISTERED,
                     dt_line_dial (f->acct, "sip:bob@example.org", &error_));
  dt_line_report_registering (f->acct, 1);
  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_NOT_REGISTERED,
                     dt_line_dial (f->acct, "sip:bob@example.org", &error_));

  dt_test_register (f, f->acct);
  call = dt_test_dial (f, f->acct, "sip:bob@example.org");
  g_assert_true (dt_call_get_line (call) == f->acct);
  dt_assert_journal (f, "acct:create_call(sip:bob@example.org);bob:start");
  dt_assert_has_event (f, "acct:notify:n-calls");
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->acct)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->direct)), ==, 0);
}

static void
test_dial_bad_target (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  DT_ASSERT_REFUSED (f, NULL, DT_CALL_ERROR_INVALID_URI, dt_line_dial (f->direct, "", &error_));

  /* A target only the signalling layer can tell is bad */
  before = dt_test_snapshot (f, NULL);
  dt_fake_line_backend_fail_next (f->direct_backend, "create_call", DT_CALL_ERROR_INVALID_URI,
                                  "“sip:@@” is not an address.");
  g_assert_null (dt_line_dial (f->direct, "sip:@@", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI);
  after = dt_test_snapshot (f, NULL);
  g_assert_cmpstr (after, ==, before);
  dt_assert_journal (f, "direct:create_call(sip:@@)!");
  dt_assert_events (f, "");
}

static void
test_dial_start_refused (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The INVITE cannot go out at once: the dial fails and leaves no call */
  dt_fake_journal_fail_next (f->journal, "bob", "start", DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                             "No route to example.org.");
  g_assert_null (dt_line_dial (f->direct, "sip:bob@example.org", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
  dt_assert_journal (f, "direct:create_call(sip:bob@example.org);bob:start!");
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->direct)), ==, 0);
  g_assert_null (dt_call_manager_get_current_call (f->manager));
  g_assert_cmpint (dt_signal_recorder_count (f->rec, "mgr:call-added:bob"), ==,
                   dt_signal_recorder_count (f->rec, "mgr:call-removed:bob"));
}

static void
test_no_backend (DtTestFixture *f,
                 gconstpointer  data)
{
  g_autoptr(DtLine) line = dt_line_new ("nobackend", "sip:me@127.0.0.2", FALSE, NULL);
  g_autoptr(GError) error = NULL;
  guint n_calls = dt_call_manager_get_n_calls (f->manager);

  dt_call_manager_add_line (f->manager, line);
  dt_line_report_registered (line);
  dt_test_forget (f);

  g_assert_null (dt_line_dial (line, "sip:bob@example.org", &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == DT_CALL_ERROR);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_false (dt_line_register (line, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == DT_CALL_ERROR);
  g_assert_cmpuint (dt_call_manager_get_n_calls (f->manager), ==, n_calls);
  dt_assert_events (f, "");
  dt_assert_journal (f, "");

  dt_call_manager_remove_line (f->manager, line);
}

static void
test_incoming_over_max (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DtCall) first = dt_test_ringing_call (f, "carol");
  g_autoptr(DtFakeCallBackend) backend = dt_fake_call_backend_new (f->journal, "dave");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  DtFakeCallBackend *weak = backend;

  dt_call_manager_set_max_calls (f->manager, 1);
  dt_test_forget (f);
  before = dt_test_snapshot (f, first);

  g_assert_null (dt_line_add_incoming_call (f->direct, DT_CALL_BACKEND (backend),
                                            "sip:dave@example.org", "Dave", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_MAX_CALLS);
  g_assert_cmpstr (error->message, !=, "");
  after = dt_test_snapshot (f, first);
  g_assert_cmpstr (after, ==, before);
  dt_assert_events (f, "");
  dt_assert_journal (f, "");

  /* The model kept nothing of the refused call */
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&backend);
  g_assert_null (weak);
}

static void
test_incoming_on_account (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(DtCall) call = NULL;

  dt_test_register (f, f->acct);
  call = dt_test_incoming (f, f->acct, "carol", "sip:carol@example.org", "Carol");
  g_assert_true (dt_call_get_line (call) == f->acct);
  dt_assert_has_event (f, "mgr:incoming-call:carol");
  dt_assert_has_event (f, "acct:notify:n-calls");
  g_assert_cmpuint (g_list_model_get_n_items (dt_line_get_calls (f->acct)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_TEST_ADD ("/line/properties", test_properties);
  DT_TEST_ADD ("/line/setters", test_setters);
  DT_TEST_ADD ("/line/register", test_register);
  DT_TEST_ADD ("/line/registration-failed", test_registration_failed);
  DT_TEST_ADD ("/line/register-refused", test_register_refused);
  DT_TEST_ADD ("/line/dial-on-account", test_dial_on_account);
  DT_TEST_ADD ("/line/dial-bad-target", test_dial_bad_target);
  DT_TEST_ADD ("/line/dial-start-refused", test_dial_start_refused);
  DT_TEST_ADD ("/line/no-backend", test_no_backend);
  DT_TEST_ADD ("/line/incoming-over-max", test_incoming_over_max);
  DT_TEST_ADD ("/line/incoming-on-account", test_incoming_on_account);

  return dt_test_run ();
}
