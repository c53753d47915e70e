/* test-sip-account-retry.c: account lines whose registration fails, for a
 * while or for good, against kamailio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-account.h"

static void
test_refresh (AccountFixture *f,
              gconstpointer   data)
{
  /* sofia refreshes a 2 s binding after 0.5 to 1.5 s */
  make_account (f, "alice", "alice-secret", "udp", 2, 3);
  register_line (f);
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, "DT-SAVED alice") >= 4,
                                     RUN_MS));
  /* Refreshes are no news to the line, and the binding never lapsed */
  assert_seen (f, "registering:1 registered ");
  g_assert_true (has_binding (f, "alice"));
}

static void
test_wrong_password (AccountFixture *f,
                     gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  const char *needle = "DT-REQ REGISTER alice alice udp";

  make_account (f, "alice", "not-the-password", "udp", 600, 5);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     STEP_MS));
  g_assert_cmpuint (dt_line_get_last_status (f->line), ==, 401);
  g_assert_cmpstr (dt_line_get_last_error (f->line), ==, "Unauthorized");
  g_assert_false (dt_line_get_usable (f->line));

  /* One REGISTER without and one with credentials; no retry follows, even
   * past the first backoff step (1 s) */
  g_assert_false (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, needle) > 2, 2500));
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, needle), ==, 2);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ REGISTER alice alice udp creds=yes"),
                    ==, 1);
  g_assert_cmpint (dt_line_get_state (f->line), ==, DT_LINE_STATE_FAILED);
  assert_seen (f, "registering:1 failed:401 ");
  g_assert_false (has_binding (f, "alice"));
}

static void
test_forbidden (AccountFixture *f,
                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  const char *needle = "DT-REQ REGISTER carol carol udp";

  make_account (f, "carol", "carol-secret", "udp", 600, 5);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     STEP_MS));
  g_assert_cmpuint (dt_line_get_last_status (f->line), ==, 403);
  g_assert_cmpstr (dt_line_get_last_error (f->line), ==, "Forbidden");
  g_assert_false (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, needle) > 1, 2500));
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, needle), ==, 1);
  assert_seen (f, "registering:1 failed:403 ");
}

static void
test_registrar_restart (AccountFixture *f,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  const char *transport = data;

  make_account (f, "alice", "alice-secret", transport, 2, 10);
  register_line (f);

  dt_test_kamailio_stop (f->kamailio);
  /* The next refresh fails, and so do the retries after 1 and 2 s */
  g_assert_true (dt_test_spin_until (dt_line_get_attempt (f->line) >= 3, RUN_MS));
  g_assert_false (dt_line_get_usable (f->line));
  g_assert_cmpuint (dt_line_get_last_status (f->line), >=, 400);
  g_test_message ("down: %u %s", dt_line_get_last_status (f->line), dt_line_get_last_error (f->line));

  g_assert_true (dt_test_kamailio_restart (f->kamailio, &error));
  g_assert_no_error (error);
  /* The retry after 4 s (or the one after 8 s) finds it back */
  g_assert_true (dt_test_spin_until (dt_line_get_registered (f->line), RUN_MS));
  g_test_message ("line went through: %s", f->seen->str);
  g_assert_true (g_str_has_prefix (f->seen->str, "registering:1 registered failed:"));
  g_assert_nonnull (strstr (f->seen->str, "registering:2 failed:"));
  g_assert_nonnull (strstr (f->seen->str, "registering:3 "));
  g_assert_true (g_str_has_suffix (f->seen->str, " registered "));
  g_assert_true (has_binding (f, "alice"));
}

static void
test_retry_limit (AccountFixture *f,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  /* Nobody listens: two retries after 1 and 2 s, then failed for good */
  dt_test_kamailio_stop (f->kamailio);
  make_account (f, "alice", "alice-secret", "tcp", 600, 2);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_line_get_attempt (f->line) == 3 &&
                                     dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     RUN_MS));
  g_assert_false (dt_test_spin_until (dt_line_get_attempt (f->line) > 3, 5000));
  g_test_message ("line went through: %s", f->seen->str);
  g_assert_true (g_str_has_prefix (f->seen->str, "registering:1 failed:"));
  g_assert_nonnull (strstr (f->seen->str, "registering:2 failed:"));
  g_assert_true (g_str_has_suffix (f->seen->str, "registering:3 failed:503 "));
  g_assert_cmpint (dt_line_get_state (f->line), ==, DT_LINE_STATE_FAILED);

  /* A refused connection fails at once: the gaps are the backoff (never
   * shorter, later only when the machine is busy) */
  g_assert_cmpuint (f->attempts->len, ==, 3);
  for (guint i = 1; i < f->attempts->len; i++)
    {
      gint64 gap = g_array_index (f->attempts, gint64, i) - g_array_index (f->attempts, gint64, i - 1);
      gint64 backoff = G_USEC_PER_SEC << (i - 1);

      g_test_message ("attempt %u after %" G_GINT64_FORMAT " ms", i + 1, gap / 1000);
      g_assert_cmpint (gap, >=, backoff - G_USEC_PER_SEC / 100);
      g_assert_cmpint (gap, <, 2 * backoff);
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

  ADD ("/sip/account/refresh", test_refresh, NULL);
  ADD ("/sip/account/wrong-password", test_wrong_password, NULL);
  ADD ("/sip/account/forbidden", test_forbidden, NULL);
  ADD ("/sip/account/registrar-restart-udp", test_registrar_restart, "udp");
  ADD ("/sip/account/registrar-restart-tcp", test_registrar_restart, "tcp");
  ADD ("/sip/account/retry-limit", test_retry_limit, NULL);

#undef ADD

  return g_test_run ();
}
