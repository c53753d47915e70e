/* test-sip-outgoing.c: the SIP stack, and calls placed on the direct line,
 * against sipp on loopback
 *
 * The model (a DtCallManager with a direct DtLine on DtSipLine) runs in this
 * process; each test starts its own stack and its own sipp on free ports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

/* The stack on its own */

static void
test_stack_free_port (void)
{
  g_autoptr(GError) error = NULL;
  DtSipStack *stack = start_stack (0, &error);
  g_autofree char *contact = NULL;
  guint16 port;

  g_assert_no_error (error);
  port = dt_sip_stack_get_port (stack);
  g_assert_cmpuint (port, >, 0);
  contact = g_strdup_printf ("sip:127.0.0.1:%u", port);
  g_assert_cmpstr (dt_sip_stack_get_contact_uri (stack), ==, contact);
  g_assert_true (dt_test_udp_port_in_use (port));

  stop_stack (stack);
  g_object_add_weak_pointer (G_OBJECT (stack), (gpointer *) &stack);
  g_object_unref (stack);
  g_assert_null (stack);
  /* sofia's sockets are closed once the stack has shut down */
  g_assert_true (dt_test_spin_until (!dt_test_udp_port_in_use (port), STEP_MS));
}

/* Whether the kernel has an IPv4 default route, from its routing table */
static gboolean
has_default_route (void)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/route", &table, NULL, NULL))
    return FALSE;
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      guint n = 0;
      const char *columns[2] = { NULL, };

      for (guint j = 0; fields[j] != NULL && n < 2; j++)
        if (*fields[j] != '\0')
          columns[n++] = fields[j];
      if (n == 2 && g_strcmp0 (columns[1], "00000000") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_stack_default_address (void)
{
  g_autofree char *text = dt_sip_stack_default_address ();
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);

  g_test_message ("default address: %s", text);
  g_assert_nonnull (address);
  g_assert_cmpint (g_inet_address_get_family (address), ==, G_SOCKET_FAMILY_IPV4);
  g_assert_false (g_inet_address_get_is_any (address));
  /* One of this machine's own: it can be listened on */
  local = g_inet_socket_address_new (address, 0);
  g_assert_true (g_socket_bind (socket, local, FALSE, NULL));
  /* Off loopback exactly when there is somewhere else to go */
  g_assert_cmpint (g_inet_address_get_is_loopback (address), ==, !has_default_route ());
}

static void
test_stack_busy_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                             G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  DtSipStack *stack;

  g_assert_true (g_socket_bind (blocker, address, FALSE, NULL));
  bound = g_socket_get_local_address (blocker, NULL);

  stack = start_stack (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), &error);
  g_assert_null (stack);
  g_assert_error (error, DT_SIP_ERROR, DT_SIP_ERROR_BIND);
  g_test_message ("%s", error->message);
}

static void
test_stack_options (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtSipStack) stack = start_stack (0, &error);
  g_autofree char *remote = NULL;
  g_autoptr(DtTestPeer) sipp = NULL;

  g_assert_no_error (error);
  remote = g_strdup_printf ("127.0.0.1:%u", dt_sip_stack_get_port (stack));
  sipp = dt_test_sipp_start ("uac-options.xml", dt_test_free_port (), remote, NULL, &error);
  g_assert_no_error (error);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
  stop_stack (stack);
}

/* Outgoing calls */

static void
test_outgoing_answered (Fixture       *fixture,
                        gconstpointer  data)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_DIALING, DT_CALL_STATE_PROGRESS, DT_CALL_STATE_CONNECTED, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start ("uas-answer.xml", port, NULL, NULL, &error);
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_nonnull (dt_call_get_id (record->call));
  g_assert_cmpstr (dt_call_get_id (record->call), !=, "");
  g_assert_cmpstr (dt_call_get_codec (record->call), ==, "PCMU");
  g_assert_false (dt_call_get_early_media (record->call));

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "hangup");
  assert_states (record, expected, G_N_ELEMENTS (expected));
  dt_test_sipp_assert_ok (sipp, STEP_MS);
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);
}

static void
refused_with (Fixture    *fixture,
              const char *status,
              const char *phrase)
{
  g_autofree char *scenario = g_strdup_printf ("uas-reject-%s.xml", status);
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start (scenario, port, NULL, NULL, &error);
  g_autofree char *target = uri_for (port);
  g_autofree char *reason = g_strdup_printf ("%s %s", status, phrase);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, reason);
  g_assert_cmpstr (dt_call_get_disconnect_reason (record->call), ==, reason);
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_outgoing_busy (Fixture       *fixture,
                    gconstpointer  data)
{
  refused_with (fixture, "486", "Busy Here");
}

static void
test_outgoing_declined (Fixture       *fixture,
                        gconstpointer  data)
{
  refused_with (fixture, "603", "Decline");
}

static void
cancelled_after (Fixture    *fixture,
                 const char *scenario,
                 gboolean    early_media)
{
  static const DtCallState expected[] = {
    DT_CALL_STATE_DIALING, DT_CALL_STATE_PROGRESS, DT_CALL_STATE_DISCONNECTED,
  };
  g_autoptr(GError) error = NULL;
  guint16 port = dt_test_free_port ();
  g_autoptr(DtTestPeer) sipp = dt_test_sipp_start (scenario, port, NULL, NULL, &error);
  g_autofree char *target = uri_for (port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_PROGRESS), STEP_MS));
  g_assert_cmpint (dt_call_get_early_media (record->call), ==, early_media);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "cancelled");
  assert_states (record, expected, G_N_ELEMENTS (expected));
  /* sipp checks that the CANCEL came and that our ACK for its 487 followed */
  dt_test_sipp_assert_ok (sipp, STEP_MS);
  g_assert_true (dt_test_spin_until (dt_sip_stack_get_n_dialogs (fixture->stack) == 0, STEP_MS));
}

static void
test_outgoing_early_media (Fixture       *fixture,
                           gconstpointer  data)
{
  cancelled_after (fixture, "uas-early-cancel.xml", TRUE);
}

static void
test_outgoing_cancel (Fixture       *fixture,
                      gconstpointer  data)
{
  cancelled_after (fixture, "uas-ring-cancel.xml", FALSE);
}

static void
test_outgoing_redirect (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 answer_port = dt_test_free_port ();
  guint16 redirect_port = dt_test_free_port ();
  g_autofree char *answer_port_str = g_strdup_printf ("%u", answer_port);
  const char *extra[] = { "-key", "target_port", answer_port_str, NULL };
  g_autoptr(DtTestPeer) answerer = dt_test_sipp_start ("uas-answer.xml", answer_port, NULL, NULL, &error);
  g_autoptr(DtTestPeer) redirector = NULL;
  g_autofree char *target = uri_for (redirect_port);
  g_autofree char *first_id = NULL;
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  redirector = dt_test_sipp_start ("uas-redirect.xml", redirect_port, NULL, extra, &error);
  g_assert_no_error (error);

  record = dial (fixture, target);
  first_id = g_strdup (dt_call_get_id (record->call));
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  dt_test_sipp_assert_ok (redirector, STEP_MS);
  /* The redirected call is a new INVITE with a Call-ID of its own */
  g_assert_cmpstr (dt_call_get_id (record->call), !=, first_id);

  g_assert_true (dt_call_end (record->call, &error));
  g_assert_no_error (error);
  dt_test_sipp_assert_ok (answerer, STEP_MS);
  g_assert_cmpstr (record->reason, ==, "hangup");
}

static void
test_outgoing_redirect_twice (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 first_port = dt_test_free_port ();
  guint16 second_port = dt_test_free_port ();
  guint16 third_port = dt_test_free_port ();
  g_autofree char *second_port_str = g_strdup_printf ("%u", second_port);
  g_autofree char *third_port_str = g_strdup_printf ("%u", third_port);
  const char *to_second[] = { "-key", "target_port", second_port_str, NULL };
  const char *to_third[] = { "-key", "target_port", third_port_str, NULL };
  g_autoptr(DtTestPeer) first = dt_test_sipp_start ("uas-redirect.xml", first_port, NULL, to_second, &error);
  g_autoptr(DtTestPeer) second = NULL;
  g_autofree char *target = uri_for (first_port);
  g_autoptr(Record) record = NULL;

  g_assert_no_error (error);
  second = dt_test_sipp_start ("uas-redirect.xml", second_port, NULL, to_third, &error);
  g_assert_no_error (error);

  /* Only one redirect is followed: nobody listens on the third port */
  record = dial (fixture, target);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "302 Moved Temporarily");
  dt_test_sipp_assert_ok (first, STEP_MS);
  dt_test_sipp_assert_ok (second, STEP_MS);
}

static void
test_invalid_target (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sink = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                          G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) sink_address = NULL;
  char buffer[2048];
  gssize received;
  guint16 port;
  const char *const templates[] = {
    "sip:bo b@127.0.0.1:PORT",
    "sip:<bob>@127.0.0.1:PORT",
    "sip:bob@127.0.0.1:PORT0000",
    "sip:bob@127.0..1:PORT",
    "sip:bob@:PORT",
    "http://127.0.0.1:PORT/",
    "bob:PORT",
    "PORT",
    "tel:+49-30-PORT",
    "+49 (30) PORT",
    "sip:bob@127.0.0.1:PORT\r\nX-Injected: 1",
  };

  g_assert_true (g_socket_bind (sink, any, FALSE, NULL));
  sink_address = g_socket_get_local_address (sink, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sink_address));
  g_socket_set_blocking (sink, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autoptr(GString) text = g_string_new (templates[i]);
      g_autofree char *port_str = g_strdup_printf ("%u", port);
      g_autofree char *target = NULL;
      DtCall *call;

      g_string_replace (text, "PORT", port_str, 0);
      target = g_string_free (g_steal_pointer (&text), FALSE);
      call = dt_line_dial (fixture->line, target, &error);

      g_test_message ("“%s”: %s", target, error != NULL ? error->message : "accepted");
      g_assert_null (call);
      g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }
  g_assert_cmpuint (dt_call_manager_get_n_calls (fixture->manager), ==, 0);
  g_assert_cmpuint (dt_sip_stack_get_n_dialogs (fixture->stack), ==, 0);
  g_assert_null (dt_call_manager_dial (fixture->manager, "", &error));
  g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI);
  g_clear_error (&error);

  /* Nothing reached the address the targets pointed at: a marker sent now
   * arrives first */
  g_assert_cmpint (g_socket_send_to (sink, sink_address, "marker", 6, NULL, NULL), ==, 6);
  g_assert_true (dt_test_spin_until (g_socket_condition_check (sink, G_IO_IN) != 0, STEP_MS));
  received = g_socket_receive (sink, buffer, sizeof buffer, NULL, NULL);
  g_assert_cmpmem (buffer, received, "marker", 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("sipp", "sip-tester"))
    return 0;

  g_test_add_func ("/sip/stack/free-port", test_stack_free_port);
  g_test_add_func ("/sip/stack/default-address", test_stack_default_address);
  g_test_add_func ("/sip/stack/busy-port", test_stack_busy_port);
  g_test_add_func ("/sip/stack/options", test_stack_options);

#define ADD(path, fn) \
  g_test_add ("/sip/direct/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("outgoing/answered", test_outgoing_answered);
  ADD ("outgoing/busy", test_outgoing_busy);
  ADD ("outgoing/declined", test_outgoing_declined);
  ADD ("outgoing/early-media", test_outgoing_early_media);
  ADD ("outgoing/cancel", test_outgoing_cancel);
  ADD ("outgoing/redirect", test_outgoing_redirect);
  ADD ("outgoing/redirect-twice", test_outgoing_redirect_twice);
  ADD ("outgoing/invalid-target", test_invalid_target);
#undef ADD

  return g_test_run ();
}
