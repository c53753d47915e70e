/* dt-test-account.c: an account line against kamailio, for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-account.h"

/* Whether a log message carried a password or a digest response */
static gboolean leaked;

static GLogWriterOutput
check_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         data)
{
  static const char *const secrets[] = {
    "alice-secret", "bob-secret", "not-the-password", "response=", "cnonce=",
  };

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0 || fields[i].length != -1)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (secrets); j++)
        {
          if (strstr (fields[i].value, secrets[j]) != NULL)
            {
              leaked = TRUE;
              g_printerr ("# a log message leaks “%s”\n", secrets[j]);
            }
        }
    }

  return g_log_writer_default (level, fields, n_fields, data);
}

static void
on_line_state (DtLine         *line,
               GParamSpec     *pspec,
               AccountFixture *f)
{
  DtLineState state = dt_line_get_state (line);

  if (state == DT_LINE_STATE_REGISTERING)
    {
      gint64 now = g_get_monotonic_time ();

      g_string_append_printf (f->seen, "registering:%u ", dt_line_get_attempt (line));
      g_array_append_val (f->attempts, now);
    }
  else if (state != DT_LINE_STATE_FAILED)
    g_string_append_printf (f->seen, "%s ", dt_line_state_to_string (state));
}

static void
on_registration_failed (DtLine         *line,
                        guint           status,
                        const char     *reason,
                        AccountFixture *f)
{
  g_string_append_printf (f->seen, "failed:%u ", status);
}

static void
on_incoming_call (DtCallManager  *manager,
                  DtCall         *call,
                  AccountFixture *f)
{
  g_ptr_array_add (f->incoming, record_new (call));
}

void
account_set_up (AccountFixture *f,
                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  f->kamailio = dt_test_kamailio_start (g_strcmp0 (data, "tls") == 0, &error);
  g_assert_no_error (error);
  f->stack = start_stack (0, &error);
  g_assert_no_error (error);
  f->manager = dt_call_manager_new (NULL);
  f->direct = dt_sip_line_create_direct_line (f->stack, "direct");
  dt_call_manager_add_line (f->manager, f->direct);
  f->seen = g_string_new (NULL);
  f->attempts = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_signal_connect (f->manager, "incoming-call", G_CALLBACK (on_incoming_call), f);
}

void
account_tear_down (AccountFixture *f,
                   gconstpointer   data)
{
  g_ptr_array_unref (f->incoming);
  dt_call_manager_end_all (f->manager);
  if (f->stack != NULL)
    stop_stack (f->stack);
  g_clear_object (&f->manager);
  g_clear_object (&f->direct);
  g_clear_object (&f->line);
  g_clear_object (&f->stack);
  g_clear_pointer (&f->kamailio, dt_test_kamailio_free);
  g_string_free (f->seen, TRUE);
  g_array_unref (f->attempts);
  g_assert_false (leaked);
}

DtLine *
make_account (AccountFixture *f,
              const char     *user,
              const char     *password,
              const char     *transport,
              guint           expires,
              guint           retry_limit)
{
  return make_dtmf_account (f, user, password, transport, expires, retry_limit, NULL);
}

DtLine *
make_dtmf_account (AccountFixture *f,
                   const char     *user,
                   const char     *password,
                   const char     *transport,
                   guint           expires,
                   guint           retry_limit,
                   const char     *dtmf_mode)
{
  g_autofree char *aor = dt_test_kamailio_aor (f->kamailio, user);
  g_autoptr(GError) error = NULL;
  DtSipAccountSettings settings = {
    .aor = aor,
    .password = password,
    .display_name = "Test User",
    .transport = transport,
    .expires = expires,
    .retry_limit = retry_limit,
    .dtmf_mode = dtmf_mode,
  };

  f->line = dt_sip_line_create_account_line (f->stack, user, &settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->line);
  dt_call_manager_add_line (f->manager, f->line);
  g_signal_connect (f->line, "notify::state", G_CALLBACK (on_line_state), f);
  g_signal_connect (f->line, "registration-failed", G_CALLBACK (on_registration_failed), f);
  return f->line;
}

/* alice over TLS: @scheme "sip" with transport tls, or "sips" */
DtLine *
make_tls_account (AccountFixture *f,
                  const char     *scheme,
                  gboolean        trusted)
{
  g_autofree char *aor = g_strdup_printf ("%s:alice@127.0.0.1:%u", scheme,
                                          dt_test_kamailio_get_tls_port (f->kamailio));
  g_autoptr(GError) error = NULL;
  DtSipAccountSettings settings = {
    .aor = aor,
    .password = "alice-secret",
    .transport = g_str_equal (scheme, "sip") ? "tls" : NULL,
    .ca_file = trusted ? dt_test_kamailio_get_ca_file (f->kamailio) : NULL,
  };

  f->line = dt_sip_line_create_account_line (f->stack, "alice", &settings, &error);
  g_assert_no_error (error);
  dt_call_manager_add_line (f->manager, f->line);
  g_signal_connect (f->line, "notify::state", G_CALLBACK (on_line_state), f);
  g_signal_connect (f->line, "registration-failed", G_CALLBACK (on_registration_failed), f);
  return f->line;
}

void
register_line (AccountFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_line_register (f->line, &error));
  g_assert_no_error (error);
  if (!dt_test_spin_until (dt_line_get_registered (f->line), STEP_MS))
    {
      g_autofree char *output = dt_test_kamailio_dup_output (f->kamailio);

      g_test_message ("line went through: %s; kamailio:\n%s", f->seen->str, output);
      g_assert_not_reached ();
    }
}

gboolean
has_binding (AccountFixture *f,
             const char     *user)
{
  g_autofree char *binding = dt_test_kamailio_lookup (f->kamailio, user);

  return binding != NULL;
}

void
assert_seen (AccountFixture *f,
             const char     *expected)
{
  g_test_message ("line went through: %s", f->seen->str);
  g_assert_cmpstr (f->seen->str, ==, expected);
}

gboolean
account_test_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (check_log, NULL, NULL);
  /* sofia logs at its most detailed, messages included, into g_debug: the
   * redaction is checked on all of it */
  g_setenv ("SOFIA_DEBUG", "9", TRUE);
  g_setenv ("TPORT_LOG", "1", TRUE);

  return dt_test_require_peer ("kamailio", NULL);
}
