/* test-sip-identity.c: who the remote party is, as signalling says it
 * changes during a call (a PBX that transferred it, a number that became
 * a name), against sipp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-fixture.h"

typedef struct {
  GPtrArray *seen; /* "name <uri>" for each caller-id signal */
} Identities;

static void
on_caller_id (DtCall     *call,
              const char *uri,
              const char *name,
              Identities *identities)
{
  /* The properties are current when the signal comes */
  g_assert_cmpstr (dt_call_get_remote_uri (call), ==, uri);
  g_assert_cmpstr (dt_call_get_remote_name (call), ==, name);
  g_ptr_array_add (identities->seen, g_strdup_printf ("%s <%s>", name, uri));
}

static void
test_identity_updates (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const expected[] = {
    "Bob Transferred <sip:bob@127.0.0.1>",
    "Carol Updated <sip:carol@127.0.0.1>",
  };
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-identity-update.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Identities identities = { seen };
  Record *record = wait_incoming (fixture, 1);

  /* Ringing shows the asserted identity, not the From header's */
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "Alice Asserted");
  g_assert_cmpstr (dt_call_get_remote_uri (record->call), ==, "sip:alice@127.0.0.1");

  g_signal_connect (record->call, "caller-id", G_CALLBACK (on_caller_id), &identities);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_signal_handlers_disconnect_by_data (record->call, &identities);
  g_assert_cmpstr (record->reason, ==, "remote-hangup");

  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, expected[i]);
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "Carol Updated");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

static void
test_manual_identity_stays (Fixture       *fixture,
                            gconstpointer  data)
{
  /* The address is signalling's to say; the name is the user's now */
  static const char *const expected[] = {
    "Front Desk <sip:bob@127.0.0.1>",
    "Front Desk <sip:carol@127.0.0.1>",
  };
  g_autoptr(DtTestPeer) sipp = call_in (fixture, "uac-identity-update.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Identities identities = { seen };
  Record *record = wait_incoming (fixture, 1);

  /* What the user (or a CRM over D-Bus) set by hand outlives signalling */
  g_assert_true (dt_call_set_static_info (record->call, "Front Desk", NULL, "Acme",
                                          TRUE, &error));
  g_assert_no_error (error);
  g_signal_connect (record->call, "caller-id", G_CALLBACK (on_caller_id), &identities);
  g_assert_true (dt_call_answer (record->call, &error));
  g_assert_no_error (error);

  g_assert_true (dt_test_spin_until (reached (record, DT_CALL_STATE_DISCONNECTED), STEP_MS));
  g_signal_handlers_disconnect_by_data (record->call, &identities);
  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, expected[i]);
  g_assert_cmpstr (dt_call_get_remote_name (record->call), ==, "Front Desk");
  g_assert_cmpstr (dt_call_get_company (record->call), ==, "Acme");
  dt_test_sipp_assert_ok (sipp, STEP_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!dt_test_require_peer ("sipp", "sip-tester"))
    return 0;

#define ADD(path, fn) \
  g_test_add ("/sip/direct/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("identity/updates", test_identity_updates);
  ADD ("identity/manual-stays", test_manual_identity_stays);
#undef ADD

  return g_test_run ();
}
