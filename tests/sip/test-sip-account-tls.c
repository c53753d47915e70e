/* test-sip-account-tls.c: account lines registering over TLS with kamailio
 *
 * kamailio presents a self-signed certificate made for the test; the
 * account trusts it through its CA file, or not at all.
 *
 * sofia-sip 1.12.11 never frees a TLS connection's SSL object (tls_free()
 * only shuts it down), and that SSL keeps the transport's SSL_CTX with its
 * CA store alive: meson.build gives this program LeakSanitizer
 * suppressions of its own (lsan-sofia-tls.supp).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-account.h"

static void
registered_over_tls (AccountFixture *f,
                     const char     *scheme)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;

  make_tls_account (f, scheme, TRUE);
  g_assert_cmpstr (dt_line_get_transport (f->line), ==, "tls");
  register_line (f);
  assert_seen (f, "registering:1 registered ");
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ REGISTER alice alice tls"), ==, 2);
  binding = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (binding);
  g_assert_nonnull (strstr (binding, "Socket: tls:"));

  g_assert_true (dt_line_unregister (f->line, &error));
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_UNREGISTERED,
                                     STEP_MS));
  g_assert_false (has_binding (f, "alice"));
}

static void
test_register_tls (AccountFixture *f,
                   gconstpointer   data)
{
  registered_over_tls (f, "sip");
}

static void
test_register_sips (AccountFixture *f,
                    gconstpointer   data)
{
  registered_over_tls (f, "sips");
}

static void
test_tls_untrusted (AccountFixture *f,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  /* kamailio's certificate is its own: without the account's CA file it
   * is not trusted, and no REGISTER may reach it */
  make_tls_account (f, "sip", FALSE);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     STEP_MS));
  g_test_message ("untrusted: %u %s", dt_line_get_last_status (f->line),
                  dt_line_get_last_error (f->line));
  g_assert_cmpuint (dt_line_get_last_status (f->line), >=, 500);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ REGISTER"), ==, 0);
}

/* kamailio opens a TLS connection of its own to the binding's Contact:
 * our transport must accept it with a certificate of its own */
static void
called_over_tls (AccountFixture *f,
                 const char     *scheme)
{
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", dt_test_kamailio_get_port (f->kamailio));
  /* kamailio's UDP workers may pass on the 180 after the 200: a late
   * provisional response must not make sipp abort the call */
  const char *extra[] = { "-s", "alice", "-default_behaviors", "all,-abortunexp", NULL };
  g_autoptr(DtTestPeer) sipp = NULL;
  g_autoptr(GError) error = NULL;
  Record *record;

  make_tls_account (f, scheme, TRUE);
  register_line (f);

  /* A caller on UDP reaches alice's TLS binding through kamailio */
  sipp = dt_test_sipp_start ("uac-call-routed.xml", dt_test_free_port (), remote, extra, &error);
  g_assert_no_error (error);
  if (!dt_test_spin_until (f->incoming->len == 1, STEP_MS))
    {
      g_autofree char *output = dt_test_kamailio_dup_output (f->kamailio);
      g_autofree char *sipp_output = dt_test_peer_dup_output (sipp);

      g_test_message ("kamailio:\n%s\nsipp:\n%s", output, sipp_output);
      g_assert_not_reached ();
    }
  record = g_ptr_array_index (f->incoming, 0);
  g_assert_true (dt_call_get_line (record->call) == f->line);

  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_CONNECTED), STEP_MS));
  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_assert_cmpstr (record->reason, ==, "remote-hangup");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_incoming_call_tls (AccountFixture *f,
                        gconstpointer   data)
{
  called_over_tls (f, "sip");
}

static void
test_incoming_call_sips (AccountFixture *f,
                         gconstpointer   data)
{
  called_over_tls (f, "sips");
}

int
main (int   argc,
      char *argv[])
{
  if (!account_test_init (&argc, &argv))
    return 0;
  if (!dt_test_kamailio_has_tls ())
    {
      g_print ("1..0 # SKIP kamailio's TLS module is not installed (Debian: kamailio-tls-modules)\n");
      return 0;
    }

#define ADD(path, func) \
  g_test_add (path, AccountFixture, "tls", account_set_up, func, account_tear_down)

  ADD ("/sip/account/register-tls", test_register_tls);
  ADD ("/sip/account/register-sips", test_register_sips);
  ADD ("/sip/account/tls-untrusted", test_tls_untrusted);
  ADD ("/sip/account/incoming-call-tls", test_incoming_call_tls);
  ADD ("/sip/account/incoming-call-sips", test_incoming_call_sips);

#undef ADD

  return g_test_run ();
}
