/* test-sip-account.c: account lines against kamailio as registrar and
 * proxy: registration over UDP and TCP, unregistration, calls
 *
 * Each test starts its own kamailio (dt-test-kamailio.h: users alice and
 * bob, passwords NAME-secret) and its own stack, on free ports of
 * 127.0.0.1. Every log message of the process is checked for secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-account.h"
#include "dt-test-baresip.h"

/* Registration */

static void
registered_over (AccountFixture *f,
                 const char     *transport)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;
  g_autofree char *mine = g_strdup_printf ("127.0.0.1:%u", dt_sip_stack_get_port (f->stack));
  g_autofree char *needle = g_strdup_printf ("DT-REQ REGISTER alice alice %s", transport);

  make_account (f, "alice", "alice-secret", transport, 600, 3);
  g_assert_cmpint (dt_line_get_state (f->line), ==, DT_LINE_STATE_UNREGISTERED);
  g_assert_cmpstr (dt_line_get_transport (f->line), ==, transport);
  g_assert_cmpstr (dt_line_get_display_name (f->line), ==, "Test User");

  register_line (f);
  assert_seen (f, "registering:1 registered ");
  g_assert_true (dt_line_get_usable (f->line));
  /* Challenged once (401, qop=auth), then accepted */
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, needle), ==, 2);
  /* kamailio logs the binding after it has answered */
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, "DT-SAVED alice") == 1,
                                     STEP_MS));

  binding = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (binding);
  g_test_message ("binding: %s", binding);
  g_assert_nonnull (strstr (binding, mine));
  g_assert_nonnull (strstr (binding, "dtline="));
  if (g_strcmp0 (transport, "tcp") == 0)
    g_assert_nonnull (strstr (binding, "Socket: tcp:"));

  g_assert_true (dt_line_unregister (f->line, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_UNREGISTERED,
                                     STEP_MS));
  assert_seen (f, "registering:1 registered unregistered ");
  g_assert_false (has_binding (f, "alice"));
}

static void
test_register_udp (AccountFixture *f,
                   gconstpointer   data)
{
  registered_over (f, "udp");
}

static void
test_register_tcp (AccountFixture *f,
                   gconstpointer   data)
{
  registered_over (f, "tcp");
}

static void
test_shutdown_unregisters (AccountFixture *f,
                           gconstpointer   data)
{
  DtSipStack *stack;

  make_account (f, "alice", "alice-secret", "tcp", 600, 3);
  register_line (f);
  g_assert_true (has_binding (f, "alice"));

  stop_stack (f->stack);
  g_assert_cmpint (dt_line_get_state (f->line), ==, DT_LINE_STATE_UNREGISTERED);
  assert_seen (f, "registering:1 registered unregistered ");
  g_assert_false (has_binding (f, "alice"));

  /* Nothing keeps the stack alive once it is shut down */
  dt_call_manager_remove_line (f->manager, f->line);
  g_clear_object (&f->line);
  dt_call_manager_remove_line (f->manager, f->direct);
  g_clear_object (&f->direct);
  stack = g_steal_pointer (&f->stack);
  g_object_add_weak_pointer (G_OBJECT (stack), (gpointer *) &stack);
  g_object_unref (stack);
  g_assert_null (stack);
}

static void
test_removal_unregisters (AccountFixture *f,
                          gconstpointer   data)
{
  make_account (f, "alice", "alice-secret", "udp", 600, 3);
  register_line (f);
  g_assert_true (has_binding (f, "alice"));

  dt_call_manager_remove_line (f->manager, f->line);
  g_clear_object (&f->line);
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio,
                                                             "DT-REQ REGISTER alice alice udp") == 3,
                                     STEP_MS));
  g_assert_false (has_binding (f, "alice"));
}

static void
test_outbound_proxy (AccountFixture *f,
                     gconstpointer   data)
{
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", dt_test_kamailio_get_port (f->kamailio));
  g_autoptr(GError) error = NULL;
  DtSipAccountSettings settings = {
    .aor = "sip:alice@dialtone.invalid",
    .password = "alice-secret",
    .outbound_proxy = proxy,
    .transport = "tcp",
  };

  /* The AOR's domain does not resolve: everything goes to the proxy */
  f->line = dt_sip_line_create_account_line (f->stack, "alice", &settings, &error);
  g_assert_no_error (error);
  dt_call_manager_add_line (f->manager, f->line);
  register_line (f);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ REGISTER alice alice tcp creds=yes"),
                    ==, 1);
  g_assert_true (has_binding (f, "alice"));
}

/* Calls */

static void
test_outgoing_call (AccountFixture *f,
                    gconstpointer   data)
{
  g_autofree char *bob = dt_test_kamailio_aor (f->kamailio, "bob");
  g_autoptr(DtTestBaresip) baresip = NULL;
  g_autoptr(Record) record = NULL;
  g_autoptr(GError) error = NULL;
  DtCall *call;

  baresip = dt_test_baresip_start_registered (bob, "bob-secret", &error);
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, "DT-SAVED bob") > 0, STEP_MS));
  make_account (f, "alice", "alice-secret", "udp", 600, 3);
  register_line (f);

  /* A bare name is called in the account's domain */
  call = dt_line_dial (f->line, "bob", &error);
  g_assert_no_error (error);
  record = record_new (call);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_true (dt_test_baresip_wait_event (baresip, "CALL_ESTABLISHED", STEP_MS));
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU");
  /* Challenged once (407), then let through with credentials */
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ INVITE alice bob udp creds=no"), ==, 1);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ INVITE alice bob udp creds=yes"), ==, 1);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_baresip_wait_event (baresip, "CALL_CLOSED", STEP_MS));
  g_assert_cmpstr (record->reason, ==, "hangup");
}

/* An account may insist on how dial tones go: "rfc4733" never falls back
 * to SIP INFO (this fixture has no media to carry them: refused), "info"
 * sends INFO through the proxy */
static void
test_dtmf_mode (AccountFixture *f,
                gconstpointer   data)
{
  const char *mode = data;
  g_autofree char *bob = dt_test_kamailio_aor (f->kamailio, "bob");
  g_autoptr(DtTestBaresip) baresip = NULL;
  g_autoptr(Record) record = NULL;
  g_autoptr(GError) error = NULL;
  DtCall *call;

  baresip = dt_test_baresip_start_registered (bob, "bob-secret", &error);
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, "DT-SAVED bob") > 0, STEP_MS));
  make_dtmf_account (f, "alice", "alice-secret", "udp", 600, 3, mode);
  register_line (f);

  call = dt_line_dial (f->line, "bob", &error);
  g_assert_no_error (error);
  record = record_new (call);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));

  if (g_str_equal (mode, "rfc4733"))
    {
      g_assert_false (dt_call_send_dtmf (record->call, "1", &error));
      g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
  else
    {
      g_assert_true (dt_call_send_dtmf (record->call, "1", &error));
      g_assert_no_error (error);
      g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, "DT-REQ INFO alice") > 0,
                                         STEP_MS));
    }

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_baresip_wait_event (baresip, "CALL_CLOSED", STEP_MS));
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ INFO alice"), ==,
                    g_str_equal (mode, "rfc4733") ? 0 : 1);
}

static void
test_outgoing_refused_credentials (AccountFixture *f,
                                   gconstpointer   data)
{
  g_autoptr(Record) record = NULL;
  g_autoptr(GError) error = NULL;
  DtCall *call;

  make_account (f, "alice", "alice-secret", "udp", 600, 3);
  register_line (f);

  /* kamailio challenges every request to "challenger" */
  call = dt_line_dial (f->line, "challenger", &error);
  g_assert_no_error (error);
  record = record_new (call);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "407 Proxy Authentication Required");
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ INVITE alice challenger"), ==, 2);
  g_assert_true (dt_test_spin_until (dt_sip_stack_get_n_dialogs (f->stack) == 0, STEP_MS));
}

static void
test_incoming_call (AccountFixture *f,
                    gconstpointer   data)
{
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", dt_test_kamailio_get_port (f->kamailio));
  /* kamailio's UDP workers may pass on the 180 after the 200: a late
   * provisional response must not make sipp abort the call */
  const char *extra[] = { "-s", "alice", "-default_behaviors", "all,-abortunexp", NULL };
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(GError) error = NULL;
  Record *record;

  make_account (f, "alice", "alice-secret", "udp", 600, 3);
  register_line (f);

  /* To alice's AOR at kamailio, which forwards it to our binding */
  sipp = dt_test_sipp_start ("uac-call-routed.xml", dt_test_free_port (), remote, extra, &error);
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (f->incoming->len == 1, STEP_MS));
  record = g_ptr_array_index (f->incoming, 0);
  g_assert_true (dt_call_get_line (record->call) == f->line);
  g_assert_cmpint (dt_call_get_state (record->call), ==, DT_CALL_STATE_RINGING);

  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  if (!dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS))
    {
      g_autofree char *output = dt_test_kamailio_dup_output (f->kamailio);
      g_autofree char *sipp_output = dt_test_peer_dup_output (sipp);

      g_test_message ("kamailio:\n%s\nsipp:\n%s", output, sipp_output);
      g_assert_not_reached ();
    }
  /* sipp hangs up through kamailio's Record-Route */
  if (!dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS))
    {
      g_autofree char *output = dt_test_kamailio_dup_output (f->kamailio);
      g_autofree char *sipp_output = dt_test_peer_dup_output (sipp);

      g_test_message ("kamailio:\n%s\nsipp:\n%s", output, sipp_output);
      g_assert_not_reached ();
    }
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

/* Settings */

static void
test_invalid_settings (AccountFixture *f,
                       gconstpointer   data)
{
  static const DtSipAccountSettings bad[] = {
    { .aor = NULL },
    { .aor = "alice@example.org" },
    { .aor = "sip:example.org" },
    { .aor = "sip:alice@exa mple.org" },
    { .aor = "sip:alice@example.org", .transport = "sctp" },
    { .aor = "sips:alice@example.org", .transport = "udp" },
    { .aor = "sip:alice@example.org", .outbound_proxy = "sip:bob@proxy" },
    { .aor = "sip:alice@example.org", .password = "a:b" },
    { .aor = "sip:alice@example.org", .ca_file = "/nonexistent/ca.pem" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtLine) line = dt_sip_line_create_account_line (f->stack, "bad", &bad[i], &error);

      g_assert_null (line);
      g_assert_error (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT);
      g_test_message ("%s: %s", bad[i].aor, error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!account_test_init (&argc, &argv))
    return 0;

#define ADD(path, func, data) \
  g_test_add (path, AccountFixture, data, account_set_up, func, account_tear_down)

  ADD ("/sip/account/invalid-settings", test_invalid_settings, NULL);
  ADD ("/sip/account/register-udp", test_register_udp, NULL);
  ADD ("/sip/account/register-tcp", test_register_tcp, NULL);
  ADD ("/sip/account/shutdown-unregisters", test_shutdown_unregisters, NULL);
  ADD ("/sip/account/removal-unregisters", test_removal_unregisters, NULL);
  ADD ("/sip/account/outbound-proxy", test_outbound_proxy, NULL);
  ADD ("/sip/account/outgoing-call", test_outgoing_call, NULL);
  ADD ("/sip/account/outgoing-refused-credentials", test_outgoing_refused_credentials, NULL);
  ADD ("/sip/account/dtmf-rfc4733", test_dtmf_mode, "rfc4733");
  ADD ("/sip/account/dtmf-info", test_dtmf_mode, "info");
  ADD ("/sip/account/incoming-call", test_incoming_call, NULL);

#undef ADD

  return g_test_run ();
}
