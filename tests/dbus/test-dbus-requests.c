/* test-dbus-requests.c: every method of the service reaches the model (or
 * the account handler), and every error of the contract, produced by bad
 * input, changes nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-dbus-service-fixture.h"
#include "dt-fake-account-handler.h"

#define ok(f, path, method, args) \
  g_variant_unref (dt_dbus_test_client_ok ((f)->client, (path), (method), (args)))

#define assert_string(f, path, property, expected) G_STMT_START {                   \
    g_autofree char *value_ = dt_dbus_test_client_get_string ((f)->client, (path),  \
                                                              (property));         \
    g_assert_cmpstr (value_, ==, (expected));                                      \
  } G_STMT_END

#define wait_for(f, event) dt_dbus_test_client_wait_for ((f)->client, (event))

/* The call fails with org.dialtone.Error.@name over the bus, and neither the
 * bus's view nor the model changed, nor did any backend get a request */
#define assert_refused(f, name, path, method, args) G_STMT_START {                     \
    g_autofree char *model_before_ = NULL;                                            \
    g_autofree char *model_after_ = NULL;                                             \
    g_autofree char *message_ = NULL;                                                 \
    dt_test_spin_drain ();                                                                 \
    dt_fake_journal_clear ((f)->model.journal);                                       \
    model_before_ = dt_test_snapshot (&(f)->model, NULL);                             \
    message_ = dt_dbus_test_client_refused ((f)->client, (name), (path), (method),    \
                                            (args));                                  \
    model_after_ = dt_test_snapshot (&(f)->model, NULL);                              \
    g_assert_cmpstr (model_after_, ==, model_before_);                                \
    dt_assert_journal (&(f)->model, "");                                              \
  } G_STMT_END

static void
test_call_methods (DtDbusServiceFixture *f,
                   gconstpointer         data)
{
  g_autoptr(DtCall) bob = dt_test_active_call (&f->model, "sip:bob@example.org");
  g_autoptr(DtCall) dave = NULL;
  g_autofree char *recording = NULL;
  GVariantBuilder info;

  ok (f, "calls/1", "Call.SendDtmf", g_variant_new ("(s)", "12#*AD"));
  dt_assert_journal (&f->model, "bob:send_dtmf(12#*AD)");
  ok (f, "calls/1", "Call.BlindTransfer", g_variant_new ("(s)", "sip:carol@example.org"));
  dt_assert_journal (&f->model, "bob:blind_transfer(sip:carol@example.org)");

  ok (f, "calls/1", "Call.StartRecording", g_variant_new ("(s)", ""));
  wait_for (f, "calls/1:Recording='recording'");
  recording = dt_dbus_test_client_get_string (f->client, "calls/1", "Call.RecordingPath");
  g_assert_cmpstr (recording, ==, dt_call_get_recording_path (bob));
  g_assert_cmpstr (recording, !=, "");
  ok (f, "calls/1", "Call.PauseRecording", NULL);
  wait_for (f, "calls/1:Recording='paused'");
  dt_fake_journal_clear (f->model.journal);

  g_variant_builder_init (&info, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&info, "{sv}", "name", g_variant_new_string ("Bobby"));
  g_variant_builder_add (&info, "{sv}", "company", g_variant_new_string ("ACME"));
  g_variant_builder_add (&info, "{sv}", "avatar", g_variant_new_string ("file:///bob.png"));
  g_variant_builder_add (&info, "{sv}", "manual", g_variant_new_boolean (TRUE));
  ok (f, "calls/1", "Call.SetStaticInfo", g_variant_new ("(a{sv})", &info));
  wait_for (f, "calls/1:RemoteName='Bobby'");
  wait_for (f, "calls/1:Company='ACME'");
  wait_for (f, "calls/1:Avatar='file:///bob.png'");
  g_assert_true (dt_call_get_manual_info (bob));

  dt_call_report_transfer_requested (bob, "sip:carol@example.org");
  ok (f, "calls/1", "Call.AcceptTransfer", NULL);
  dt_assert_journal (&f->model, "bob:accept_transfer");
  dt_call_report_transfer_requested (bob, "sip:carol@example.org");
  ok (f, "calls/1", "Call.RefuseTransfer", NULL);
  dt_assert_journal (&f->model, "bob:refuse_transfer");

  /* The consultation call puts bob on hold first (the one-active-call rule) */
  dave = dt_test_dial (&f->model, f->model.direct, "sip:dave@example.org");
  dt_test_settle (&f->model);
  ok (f, "calls/1", "Call.AttendedTransfer", g_variant_new ("(o)", DT_DBUS_ROOT "/calls/2"));
  dt_assert_journal (&f->model, "bob:attended_transfer(dave)");

  g_assert_false (dt_call_get_held (dave));
  ok (f, "calls/2", "Call.Hold", NULL);
  dt_assert_journal (&f->model, "dave:hold");
}

static void
test_manager_methods (DtDbusServiceFixture *f,
                      gconstpointer         data)
{
  g_autoptr(DtCall) bob = dt_test_active_call (&f->model, "sip:bob@example.org");
  g_autoptr(DtCall) dave = dt_test_dial (&f->model, f->model.direct, "sip:dave@example.org");
  g_autoptr(GVariant) active = NULL;
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariant) max_calls = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *printed = NULL;

  /* bob is held for dave; dave is answered */
  dt_test_settle (&f->model);
  g_assert_true (dt_call_get_held (bob));

  active = dt_dbus_test_client_ok (f->client, "", "Manager.GetActiveCalls", NULL);
  g_assert_true (g_variant_is_of_type (active, G_VARIANT_TYPE ("(a{sao})")));
  printed = g_variant_print (active, FALSE);
  g_assert_cmpstr (printed, ==,
                   "({'direct': ['" DT_DBUS_ROOT "/calls/1', '" DT_DBUS_ROOT "/calls/2']},)");
  connected = dt_dbus_test_client_ok_path (f->client, "", "Manager.GetConnectedCall", NULL);
  g_assert_cmpstr (connected, ==, "calls/2");
  assert_string (f, "", "Manager.ConnectedCall", "calls/2");

  ok (f, "", "Manager.SetCurrentCall", g_variant_new ("(o)", DT_DBUS_ROOT "/calls/1"));
  g_assert_true (dt_call_manager_get_current_call (f->model.manager) == bob);
  wait_for (f, ":CurrentCall=calls/1");
  /* It changes no hold state */
  g_assert_true (dt_call_get_held (bob));
  dt_assert_journal (&f->model, "");

  devices = dt_dbus_test_client_ok (f->client, "", "Manager.ListAudioDevices", NULL);
  g_assert_true (g_variant_is_of_type (devices, G_VARIANT_TYPE ("(a(ssb))")));
  g_free (printed);
  printed = g_variant_print (devices, FALSE);
  g_assert_cmpstr (printed, ==,
                   "([('mic1', 'Built-in Microphone', true), ('mic2', 'Headset Microphone', true), "
                   "('spk1', 'Built-in Speakers', false), ('spk2', 'Headset', false)],)");
  ok (f, "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "mic2", ""));
  dt_assert_journal (&f->model, "media:set_devices(mic2,-)");
  wait_for (f, ":InputDevice='mic2'");
  assert_string (f, "", "Manager.OutputDevice", "");
  ok (f, "", "Manager.SetAudioDevices", g_variant_new ("(ss)", "", "spk2"));
  dt_assert_journal (&f->model, "media:set_devices(-,spk2)");
  wait_for (f, ":OutputDevice='spk2'");
  assert_string (f, "", "Manager.InputDevice", "mic2");

  /* MaxCalls both ways */
  ok (f, "", "org.freedesktop.DBus.Properties.Set",
      g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls", g_variant_new_uint32 (7)));
  g_assert_cmpuint (dt_call_manager_get_max_calls (f->model.manager), ==, 7);
  wait_for (f, ":MaxCalls=7");
  dt_call_manager_set_max_calls (f->model.manager, 3);
  wait_for (f, ":MaxCalls=3");
  max_calls = dt_dbus_test_client_get (f->client, "", "Manager.MaxCalls");
  g_assert_cmpuint (g_variant_get_uint32 (max_calls), ==, 3);
}

static void
test_line_methods (DtDbusServiceFixture *f,
                   gconstpointer         data)
{
  g_autoptr(GVariant) calls = NULL;
  g_autofree char *path = NULL;
  g_autofree char *printed = NULL;

  ok (f, "lines/1", "Line.Register", NULL);
  dt_assert_journal (&f->model, "acct:register");
  ok (f, "lines/1", "Line.Unregister", NULL);
  dt_assert_journal (&f->model, "acct:unregister");
  /* The direct line has no registrar: nothing to send */
  ok (f, "lines/2", "Line.Register", NULL);
  dt_assert_journal (&f->model, "");

  path = dt_dbus_test_client_ok_path (f->client, "lines/2", "Line.MakeCall",
                                      g_variant_new ("(s)", "sip:bob@example.org"));
  g_assert_cmpstr (path, ==, "calls/1");
  dt_assert_journal (&f->model, "direct:create_call(sip:bob@example.org);bob:start");
  calls = dt_dbus_test_client_ok (f->client, "lines/2", "Line.GetCalls", NULL);
  g_assert_true (g_variant_is_of_type (calls, G_VARIANT_TYPE ("(ao)")));
  printed = g_variant_print (calls, FALSE);
  g_assert_cmpstr (printed, ==, "(['" DT_DBUS_ROOT "/calls/1'],)");
  g_variant_unref (calls);
  calls = dt_dbus_test_client_ok (f->client, "lines/1", "Line.GetCalls", NULL);
  g_free (printed);
  printed = g_variant_print (calls, FALSE);
  g_assert_cmpstr (printed, ==, "([],)");
}

static GVariant *
account_settings (const char *first_key,
                  ...)
{
  GVariantBuilder builder;
  const char *key = first_key;
  va_list args;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  va_start (args, first_key);
  for (; key != NULL; key = va_arg (args, const char *))
    g_variant_builder_add (&builder, "{sv}", key, va_arg (args, GVariant *));
  va_end (args);

  return g_variant_new ("(a{sv})", &builder);
}

static void
test_accounts (DtDbusServiceFixture *f,
               gconstpointer         data)
{
  g_autoptr(DtFakeAccountHandler) handler = dt_fake_account_handler_new (f->model.manager,
                                                                         f->model.journal);
  g_autoptr(GVariant) retry_limit = NULL;
  g_autofree char *path = NULL;
  g_autofree char *snapshot = NULL;

  dt_dbus_service_set_account_handler (f->service, DT_ACCOUNT_HANDLER (handler));

  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.AddAccount",
                                      account_settings ("uri", g_variant_new_string ("sip:ann@example.org"),
                                                        "password", g_variant_new_string ("s3cret"),
                                                        "display-name", g_variant_new_string ("Ann"),
                                                        "retry-limit", g_variant_new_uint32 (3),
                                                        "transport", g_variant_new_string ("tcp"),
                                                        "srtp", g_variant_new_string ("optional"),
                                                        "expires", g_variant_new_uint32 (300),
                                                        NULL));
  g_assert_cmpstr (path, ==, "lines/3");
  dt_assert_journal (&f->model, "account-1:register");
  assert_string (f, "lines/3", "Line.Uri", "sip:ann@example.org");
  assert_string (f, "lines/3", "Line.DisplayName", "Ann");
  retry_limit = dt_dbus_test_client_get (f->client, "lines/3", "Line.RetryLimit");
  g_assert_cmpuint (g_variant_get_uint32 (retry_limit), ==, 3);
  /* The password reached the handler, and nothing on the bus shows it */
  g_assert_cmpstr (dt_fake_account_handler_get_password (handler), ==, "s3cret");
  snapshot = dt_dbus_test_client_snapshot (f->client);
  g_assert_null (strstr (snapshot, "s3cret"));

  ok (f, "", "Manager.RemoveAccount", g_variant_new ("(o)", DT_DBUS_ROOT "/lines/3"));
  dt_assert_journal (&f->model, "account-1:unregister");
  wait_for (f, ":InterfacesRemoved(lines/3)");

  g_free (path);
  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.AddAccount",
                                      account_settings ("uri", g_variant_new_string ("sip:ben@example.org"),
                                                        "register", g_variant_new_boolean (FALSE),
                                                        NULL));
  g_assert_cmpstr (path, ==, "lines/4");
  dt_assert_journal (&f->model, "");
  ok (f, "", "Manager.RemoveAccount", g_variant_new ("(o)", DT_DBUS_ROOT "/lines/4"));

  /* Failing in the handler changes nothing either */
  assert_refused (f, "KeyringUnavailable", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("sip:locked@example.org"),
                                    "password", g_variant_new_string ("x"), NULL));
}

static void
test_quit (DtDbusServiceFixture *f,
           gconstpointer         data)
{
  ok (f, "", "Manager.Quit", NULL);
  g_assert_cmpuint (f->quit_count, ==, 1);
}

/* Each error of the contract, from bad input, once at least */
static void
test_errors (DtDbusServiceFixture *f,
             gconstpointer         data)
{
  g_autoptr(DtCall) bob = dt_test_active_call (&f->model, "sip:bob@example.org");
  g_autoptr(DtCall) carol = dt_test_ringing_call (&f->model, "carol");
  g_autoptr(GVariant) message = NULL;
  GVariantBuilder info;

  assert_refused (f, "InvalidUri", "", "Manager.Dial", g_variant_new ("(s)", ""));
  assert_refused (f, "InvalidUri", "lines/2", "Line.MakeCall", g_variant_new ("(s)", " "));
  assert_refused (f, "InvalidUri", "calls/1", "Call.BlindTransfer", g_variant_new ("(s)", "a b"));
  assert_refused (f, "InvalidUri", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("mailto:ann@example.org"), NULL));

  assert_refused (f, "InvalidDtmf", "calls/1", "Call.SendDtmf", g_variant_new ("(s)", "12x"));

  assert_refused (f, "InvalidState", "calls/1", "Call.Answer", NULL);
  assert_refused (f, "InvalidState", "calls/1", "Call.Resume", NULL);
  assert_refused (f, "InvalidState", "calls/2", "Call.Hold", NULL);
  assert_refused (f, "InvalidState", "calls/1", "Call.PauseRecording", NULL);
  assert_refused (f, "InvalidState", "calls/1", "Call.AcceptTransfer", NULL);

  assert_refused (f, "NoSuchCall", "", "Manager.GetCall", g_variant_new ("(s)", "no-such-id"));
  assert_refused (f, "NoSuchCall", "", "Manager.SetCurrentCall",
                  g_variant_new ("(o)", DT_DBUS_ROOT "/calls/99"));
  assert_refused (f, "NoSuchCall", "calls/1", "Call.AttendedTransfer",
                  g_variant_new ("(o)", DT_DBUS_ROOT "/calls/99"));

  assert_refused (f, "NoSuchLine", "", "Manager.RemoveAccount",
                  g_variant_new ("(o)", DT_DBUS_ROOT "/lines/99"));

  assert_refused (f, "NotRegistered", "lines/1", "Line.MakeCall",
                  g_variant_new ("(s)", "sip:dave@example.org"));

  ok (f, "", "org.freedesktop.DBus.Properties.Set",
      g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls", g_variant_new_uint32 (2)));
  assert_refused (f, "MaxCalls", "", "Manager.Dial", g_variant_new ("(s)", "sip:dave@example.org"));
  ok (f, "", "org.freedesktop.DBus.Properties.Set",
      g_variant_new ("(ssv)", "org.dialtone.Manager", "MaxCalls", g_variant_new_uint32 (4)));

  assert_refused (f, "InvalidArgument", "", "Manager.SetAudioDevices",
                  g_variant_new ("(ss)", "no-such-mic", ""));
  assert_refused (f, "InvalidArgument", "", "Manager.SetAudioDevices",
                  g_variant_new ("(ss)", "mic1", "no-such-speaker"));
  g_variant_builder_init (&info, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&info, "{sv}", "name", g_variant_new_string ("Bobby"));
  g_variant_builder_add (&info, "{sv}", "nmae", g_variant_new_string ("Bobby"));
  assert_refused (f, "InvalidArgument", "calls/1", "Call.SetStaticInfo",
                  g_variant_new ("(a{sv})", &info));
  g_variant_builder_init (&info, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&info, "{sv}", "manual", g_variant_new_string ("yes"));
  assert_refused (f, "InvalidArgument", "calls/1", "Call.SetStaticInfo",
                  g_variant_new ("(a{sv})", &info));
  assert_refused (f, "InvalidArgument", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("sip:ann@example.org"),
                                    "transport", g_variant_new_string ("carrier-pigeon"), NULL));
  assert_refused (f, "InvalidArgument", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("sip:ann@example.org"),
                                    "expires", g_variant_new_int32 (60), NULL));
  assert_refused (f, "InvalidArgument", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("sip:ann@example.org"),
                                    "colour", g_variant_new_string ("blue"), NULL));
  assert_refused (f, "InvalidArgument", "", "Manager.RemoveAccount",
                  g_variant_new ("(o)", DT_DBUS_ROOT "/lines/2"));

  /* Without an account handler (the application has none yet) */
  assert_refused (f, "Failed", "", "Manager.AddAccount",
                  account_settings ("uri", g_variant_new_string ("sip:ann@example.org"), NULL));
  assert_refused (f, "Failed", "", "Manager.RemoveAccount",
                  g_variant_new ("(o)", DT_DBUS_ROOT "/lines/1"));
  /* A backend that refuses, and the line stays as it was */
  dt_fake_line_backend_fail_next (f->model.acct_backend, "register", DT_CALL_ERROR_FAILED,
                                  "The registrar cannot be reached.");
  message = dt_dbus_test_client_call (f->client, "lines/1", "Line.Register", NULL, NULL);
  g_assert_null (message);
  dt_assert_journal (&f->model, "acct:register!");
  assert_string (f, "lines/1", "Line.State", "unregistered");

  /* The calls are as they were */
  g_assert_cmpint (dt_call_get_state (bob), ==, DT_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (dt_call_get_state (carol), ==, DT_CALL_STATE_RINGING);
}

static void
test_failed_message (DtDbusServiceFixture *f,
                     gconstpointer         data)
{
  g_autofree char *message = NULL;

  message = dt_dbus_test_client_refused (f->client, "Failed", "", "Manager.AddAccount",
                                         account_settings ("uri", g_variant_new_string ("sip:ann@example.org"),
                                                           NULL));
  g_assert_cmpstr (message, ==, "Accounts are not available in this build yet.");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_DBUS_TEST_ADD ("/dbus/requests/call", test_call_methods);
  DT_DBUS_TEST_ADD ("/dbus/requests/manager", test_manager_methods);
  DT_DBUS_TEST_ADD ("/dbus/requests/line", test_line_methods);
  DT_DBUS_TEST_ADD ("/dbus/requests/accounts", test_accounts);
  DT_DBUS_TEST_ADD ("/dbus/requests/quit", test_quit);
  DT_DBUS_TEST_ADD ("/dbus/requests/errors", test_errors);
  DT_DBUS_TEST_ADD ("/dbus/requests/no-account-handler", test_failed_message);

  return dt_test_run ();
}
