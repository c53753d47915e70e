/* test-media-dtmf.c: RFC 4733 digits between two sessions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <gst/gst.h>

#include "dt-test-audio.h"

typedef struct {
  GString    *digits;
  const char *expected;
} Received;

static void
on_dtmf_received (DtMediaSession *session,
                  char            digit,
                  Received       *received)
{
  g_string_append_c (received->digits, digit);
}

static gboolean
all_received (gpointer data)
{
  Received *received = data;

  return received->digits->len >= strlen (received->expected);
}

static void
send_and_expect (DtMediaSession *from,
                 DtMediaSession *to,
                 const char     *digits,
                 const char     *expected)
{
  Received received = { g_string_new (NULL), expected };
  g_autoptr(GError) error = NULL;
  gulong handler;
  gboolean ok;

  handler = g_signal_connect (to, "dtmf-received", G_CALLBACK (on_dtmf_received), &received);
  ok = dt_media_session_send_dtmf (from, digits, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_assert_true (dt_test_wait_until (all_received, &received, DT_TEST_DEADLINE_S));
  dt_test_note ("sent \"%s\", received \"%s\"", digits, received.digits->str);
  g_assert_cmpstr (received.digits->str, ==, expected);

  g_signal_handler_disconnect (to, handler);
  g_string_free (received.digits, TRUE);
}

static void
test_digits (gconstpointer data)
{
  const char *codec = data;
  g_autoptr(GError) error = NULL;
  DtTestCall call;

  dt_test_call_init (&call, codec, FALSE);
  dt_test_call_start (&call);
  send_and_expect (call.a, call.b, "159#*0D", "159#*0D");
  send_and_expect (call.b, call.a, "27a", "27A");

  /* One bad digit refuses the whole string: only the next digit arrives */
  g_assert_false (dt_media_session_send_dtmf (call.a, "12x", &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dt_media_session_send_dtmf (call.a, "", &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_clear_error (&error);
  send_and_expect (call.a, call.b, "4", "4");
  dt_test_call_clear (&call);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  DtTestCall call;

  dt_test_call_init (&call, "PCMU", FALSE);
  g_assert_false (dt_media_session_send_dtmf (call.a, "1", &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID);
  g_clear_error (&error);

  /* No telephone-event was negotiated: nothing to send digits on */
  call.desc_a.telephone_event_pt = -1;
  call.desc_b.telephone_event_pt = -1;
  dt_test_call_start (&call);
  g_assert_false (dt_media_session_send_dtmf (call.a, "1", &error));
  g_assert_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_NOT_ACCEPTABLE);
  g_assert_true (dt_media_session_get_running (call.a));
  dt_test_call_clear (&call);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/media/dtmf/pcmu", "PCMU", test_digits);
  g_test_add_data_func ("/media/dtmf/opus", "opus", test_digits);
  g_test_add_func ("/media/dtmf/refused", test_refused);

  return g_test_run ();
}
