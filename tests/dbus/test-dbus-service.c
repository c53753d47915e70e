/* test-dbus-service.c: the service over fake backends: its objects, their
 * properties and every signal, as a client on the bus sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-dbus-service-fixture.h"

#define assert_string(f, path, property, expected) G_STMT_START {                   \
    g_autofree char *value_ = dt_dbus_test_client_get_string ((f)->client, (path),  \
                                                              (property));         \
    g_assert_cmpstr (value_, ==, (expected));                                      \
  } G_STMT_END

#define assert_objects(f, expected) G_STMT_START {                                  \
    g_autofree char *objects_ = dt_dbus_test_client_objects ((f)->client);         \
    g_assert_cmpstr (objects_, ==, (expected));                                    \
  } G_STMT_END

#define wait_for(f, event) dt_dbus_test_client_wait_for ((f)->client, (event))
#define assert_order(f, first, second) \
  dt_dbus_test_client_assert_order ((f)->client, (first), (second))
#define refused(f, name, path, method, args) \
  g_free (dt_dbus_test_client_refused ((f)->client, (name), (path), (method), (args)))

static void
test_introspection (DtDbusServiceFixture *f,
                    gconstpointer         data)
{
  static const char * const root[] = {
    "org.dialtone.Manager", "org.freedesktop.DBus.ObjectManager", NULL
  };
  static const char * const line[] = { "org.dialtone.Line", NULL };
  static const char * const call[] = { "org.dialtone.Call", NULL };
  g_autofree char *xml = dt_dbus_service_fixture_xml_path ();
  g_autoptr(DtCall) model_call = dt_test_dial (&f->model, f->model.direct, "sip:bob@example.org");

  dt_dbus_test_client_assert_introspection (f->client, "", xml, root);
  dt_dbus_test_client_assert_introspection (f->client, "lines/1", xml, line);
  dt_dbus_test_client_assert_introspection (f->client, "calls/1", xml, call);
}

static void
test_lines (DtDbusServiceFixture *f,
            gconstpointer         data)
{
  g_autoptr(DtFakeLineBackend) backend = dt_fake_line_backend_new (f->model.journal, "extra");
  g_autoptr(DtLine) extra = dt_line_new ("extra", "sip:extra@example.org", FALSE,
                                         DT_LINE_BACKEND (backend));
  g_autoptr(GVariant) registered = NULL;

  /* In the manager's order: the account, then the direct line */
  assert_objects (f, "lines/1 lines/2");
  assert_string (f, "", "Manager.DirectLine", "lines/2");
  assert_string (f, "", "Manager.DirectUri", "sip:me@127.0.0.1:5060");
  assert_string (f, "lines/1", "Line.Id", "acct");
  assert_string (f, "lines/1", "Line.Uri", "sip:alice@example.org");
  assert_string (f, "lines/1", "Line.State", "unregistered");
  assert_string (f, "lines/2", "Line.Id", "direct");
  registered = dt_dbus_test_client_get (f->client, "lines/1", "Line.Registered");
  g_assert_false (g_variant_get_boolean (registered));

  /* Registration, step by step: each state is a PropertiesChanged, each event a signal after it */
  dt_line_report_registering (f->model.acct, 1);
  wait_for (f, "lines/1:State='registering'");
  dt_line_report_registered (f->model.acct);
  wait_for (f, "lines/1:Registered()");
  assert_order (f, "lines/1:State='registered'", "lines/1:Registered()");
  assert_order (f, "lines/1:Registered=true", "lines/1:Registered()");
  dt_line_report_unregistered (f->model.acct);
  wait_for (f, "lines/1:Unregistered()");
  assert_order (f, "lines/1:Registered=false", "lines/1:Unregistered()");
  dt_line_report_registration_failed (f->model.acct, 403, "Forbidden");
  wait_for (f, "lines/1:RegistrationFailed(403, 'Forbidden')");
  assert_order (f, "lines/1:LastError='Forbidden'", "lines/1:RegistrationFailed(403, 'Forbidden')");
  assert_order (f, "lines/1:State='failed'", "lines/1:RegistrationFailed(403, 'Forbidden')");

  /* A line that comes later gets the next number, and goes again */
  dt_dbus_test_client_clear (f->client);
  dt_call_manager_add_line (f->model.manager, extra);
  wait_for (f, ":InterfacesAdded(lines/3)");
  assert_objects (f, "lines/1 lines/2 lines/3");
  dt_line_set_display_name (extra, "Extra");
  dt_line_set_transport (extra, "tls");
  dt_line_set_srtp (extra, "mandatory");
  dt_line_set_retry_limit (extra, 5);
  wait_for (f, "lines/3:DisplayName='Extra'");
  wait_for (f, "lines/3:Transport='tls'");
  wait_for (f, "lines/3:Srtp='mandatory'");
  wait_for (f, "lines/3:RetryLimit=5");
  dt_call_manager_remove_line (f->model.manager, extra);
  wait_for (f, ":InterfacesRemoved(lines/3)");
  assert_objects (f, "lines/1 lines/2");

  dt_call_manager_add_line (f->model.manager, extra);
  wait_for (f, ":InterfacesAdded(lines/4)");
  dt_call_manager_remove_line (f->model.manager, extra);
  wait_for (f, ":InterfacesRemoved(lines/4)");
}

static void
test_outgoing (DtDbusServiceFixture *f,
               gconstpointer         data)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "No audio.");
  g_autofree char *path = NULL;
  g_autofree char *by_id = NULL;
  g_autoptr(GVariant) start_time = NULL;
  DtCall *call;

  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.Dial",
                                      g_variant_new ("(s)", "sip:bob@example.org"));
  g_assert_cmpstr (path, ==, "calls/1");
  dt_assert_journal (&f->model, "direct:create_call(sip:bob@example.org);bob:start");
  wait_for (f, ":CallAdded(calls/1)");
  assert_order (f, ":InterfacesAdded(calls/1)", ":CallAdded(calls/1)");

  call = dt_test_call_by_label (&f->model, "bob");
  by_id = dt_dbus_test_client_ok_path (f->client, "", "Manager.GetCall",
                                       g_variant_new ("(s)", dt_call_get_correlation_id (call)));
  g_assert_cmpstr (by_id, ==, "calls/1");
  assert_string (f, "calls/1", "Call.CorrelationId", dt_call_get_correlation_id (call));
  assert_string (f, "calls/1", "Call.State", "dialing");
  assert_string (f, "calls/1", "Call.Direction", "outbound");
  assert_string (f, "calls/1", "Call.Line", "lines/2");
  assert_string (f, "calls/1", "Call.RemoteUri", "sip:bob@example.org");
  assert_string (f, "calls/1", "Call.Recording", "off");
  assert_string (f, "", "Manager.CurrentCall", "calls/1");

  dt_call_report_id (call, "4711@example.org");
  wait_for (f, "calls/1:Id='4711@example.org'");
  dt_call_report_progress (call, TRUE);
  wait_for (f, "calls/1:Progress()");
  assert_order (f, "calls/1:State='progress'", "calls/1:Progress()");
  assert_order (f, "calls/1:EarlyMedia=true", "calls/1:Progress()");
  dt_call_report_caller_id (call, "sip:robert@example.org", "Robert");
  wait_for (f, "calls/1:CallerId('sip:robert@example.org', 'Robert')");
  assert_order (f, "calls/1:RemoteName='Robert'", "calls/1:CallerId('sip:robert@example.org', 'Robert')");

  dt_call_report_connected (call);
  wait_for (f, "calls/1:Connect()");
  assert_order (f, "calls/1:State='connected'", "calls/1:Connect()");
  assert_order (f, "calls/1:Connected=true", "calls/1:Connect()");
  wait_for (f, ":ConnectedCall=calls/1");
  start_time = dt_dbus_test_client_get (f->client, "calls/1", "Call.StartTime");
  g_assert_cmpint (g_variant_get_int64 (start_time), ==, dt_call_get_start_time (call));
  g_assert_cmpint (g_variant_get_int64 (start_time), >, 0);

  dt_call_report_established (call);
  wait_for (f, "calls/1:Established()");
  assert_order (f, "calls/1:State='established'", "calls/1:Established()");
  dt_call_report_media_info (call, "PCMU/8000", TRUE);
  wait_for (f, "calls/1:Codec='PCMU/8000'");
  wait_for (f, "calls/1:Secure=true");
  dt_call_report_dtmf (call, '5');
  wait_for (f, "calls/1:DtmfReceived('5')");

  dt_call_report_remote_held (call, TRUE);
  wait_for (f, "calls/1:RemoteHeld(true)");
  assert_order (f, "calls/1:State='remote-held'", "calls/1:RemoteHeld(true)");
  assert_order (f, "calls/1:RemoteHeld=true", "calls/1:RemoteHeld(true)");
  dt_call_report_remote_held (call, FALSE);
  wait_for (f, "calls/1:RemoteHeld(false)");

  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.Hold", NULL));
  dt_assert_journal (&f->model, "bob:hold");
  dt_call_report_held (call);
  wait_for (f, "calls/1:Held()");
  assert_order (f, "calls/1:State='held'", "calls/1:Held()");
  assert_order (f, "calls/1:Held=true", "calls/1:Held()");
  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.Resume", NULL));
  dt_assert_journal (&f->model, "bob:resume");
  dt_call_report_resumed (call);
  wait_for (f, "calls/1:Resumed()");
  assert_order (f, "calls/1:Held=false", "calls/1:Resumed()");

  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.SetMuted",
                                           g_variant_new ("(b)", TRUE)));
  dt_assert_journal (&f->model, "media:set_muted(bob,on)");
  wait_for (f, "calls/1:Muted=true");

  dt_call_report_transfer_requested (call, "sip:carol@example.org");
  wait_for (f, "calls/1:TransferRequested('sip:carol@example.org')");
  dt_call_report_transfer_progress (call, 180);
  wait_for (f, "calls/1:TransferProgress(180)");
  dt_call_report_error (call, DT_CALL_ERROR_KIND_MEDIA, error);
  wait_for (f, "calls/1:Error('media', 'No audio.')");

  /* The end, in the contract's order: state, Disconnect, CallRemoved, the object gone */
  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.End", NULL));
  dt_assert_journal (&f->model, "bob:end");
  dt_call_report_disconnected (call, "hangup");
  wait_for (f, ":InterfacesRemoved(calls/1)");
  assert_order (f, "calls/1:State='disconnected'", "calls/1:Disconnect('hangup')");
  assert_order (f, "calls/1:DisconnectReason='hangup'", "calls/1:Disconnect('hangup')");
  assert_order (f, "calls/1:Disconnect('hangup')", ":CallRemoved(calls/1)");
  assert_order (f, ":CallRemoved(calls/1)", ":InterfacesRemoved(calls/1)");
  assert_objects (f, "lines/1 lines/2");
  assert_string (f, "", "Manager.ConnectedCall", "/");
  assert_string (f, "", "Manager.CurrentCall", "/");

  /* A script that kept the path gets the contract's error, not GDBus's */
  refused (f, "NoSuchCall", "calls/1", "Call.End", NULL);
  refused (f, "NoSuchCall", "calls/1", "org.freedesktop.DBus.Properties.Get",
           g_variant_new ("(ss)", "org.dialtone.Call", "State"));
  refused (f, "NoSuchCall", "calls/77", "Call.Answer", NULL);
  refused (f, "NoSuchLine", "lines/77", "Line.Register", NULL);

  /* Numbers are never reused */
  g_free (path);
  path = dt_dbus_test_client_ok_path (f->client, "", "Manager.Dial",
                                      g_variant_new ("(s)", "sip:bob@example.org"));
  g_assert_cmpstr (path, ==, "calls/2");
  dt_test_settle (&f->model);
}

static void
test_incoming (DtDbusServiceFixture *f,
               gconstpointer         data)
{
  g_autoptr(DtCall) carol = dt_test_incoming (&f->model, f->model.direct, "carol",
                                              "sip:carol@example.org", "Carol");
  g_autoptr(DtCall) dave = NULL;

  wait_for (f, ":IncomingCall(calls/1, 'sip:carol@example.org', 'Carol')");
  assert_order (f, ":InterfacesAdded(calls/1)", ":CallAdded(calls/1)");
  assert_order (f, ":CallAdded(calls/1)", ":IncomingCall(calls/1, 'sip:carol@example.org', 'Carol')");
  assert_order (f, ":IncomingCalls=[calls/1]", ":IncomingCall(calls/1, 'sip:carol@example.org', 'Carol')");
  assert_string (f, "calls/1", "Call.State", "ringing");
  assert_string (f, "calls/1", "Call.Direction", "inbound");
  assert_string (f, "calls/1", "Call.RemoteName", "Carol");

  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/1", "Call.Answer", NULL));
  dt_assert_journal (&f->model, "carol:answer");
  dt_call_report_connected (carol);
  wait_for (f, "calls/1:Connect()");
  wait_for (f, ":IncomingCalls=[]");

  dave = dt_test_incoming (&f->model, f->model.direct, "dave", "sip:dave@example.org", NULL);
  wait_for (f, ":IncomingCall(calls/2, 'sip:dave@example.org', '')");
  g_variant_unref (dt_dbus_test_client_ok (f->client, "calls/2", "Call.Reject", NULL));
  dt_assert_journal (&f->model, "dave:reject(decline)");
  dt_call_report_disconnected (dave, "rejected");
  wait_for (f, ":CallRemoved(calls/2)");
  assert_objects (f, "calls/1 lines/1 lines/2");
}

/* The application exports before it has made the manager */
static void
test_late_manager (DtDbusServiceFixture *f,
                   gconstpointer         data)
{
  g_autoptr(DtDbusService) late = dt_dbus_service_new ("/org/dialtone/Late", NULL);
  g_autoptr(DtDbusTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_assert_true (dt_dbus_service_export (late, f->service_connection, &error));
  g_assert_no_error (error);
  client = dt_dbus_test_client_new (f->client_connection,
                                    g_dbus_connection_get_unique_name (f->service_connection),
                                    "/org/dialtone/Late");

  message = dt_dbus_test_client_refused (client, "Failed", "", "Manager.Dial",
                                         g_variant_new ("(s)", "sip:bob@example.org"));
  g_free (message);
  message = dt_dbus_test_client_refused (client, "Failed", "", "Manager.Quit", NULL);

  dt_dbus_service_set_call_manager (late, f->model.manager);
  dt_dbus_test_client_wait_for (client, ":DirectLine=lines/2");
  dt_dbus_test_client_wait_for (client, ":InterfacesAdded(lines/1)");
  dt_dbus_test_client_wait_for (client, ":InterfacesAdded(lines/2)");
  dt_dbus_test_client_wait_for (client, ":DirectUri='sip:me@127.0.0.1:5060'");

  dt_dbus_service_set_call_manager (late, NULL);
  dt_dbus_test_client_wait_for (client, ":InterfacesRemoved(lines/2)");
  dt_dbus_test_client_wait_for (client, ":DirectLine=/");

  dt_dbus_service_unexport (late);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init (&argc, &argv);

  DT_DBUS_TEST_ADD ("/dbus/service/introspection", test_introspection);
  DT_DBUS_TEST_ADD ("/dbus/service/lines", test_lines);
  DT_DBUS_TEST_ADD ("/dbus/service/outgoing", test_outgoing);
  DT_DBUS_TEST_ADD ("/dbus/service/incoming", test_incoming);
  DT_DBUS_TEST_ADD ("/dbus/service/late-manager", test_late_manager);

  return dt_test_run ();
}
