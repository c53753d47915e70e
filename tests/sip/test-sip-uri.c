/* test-sip-uri.c: call targets made into SIP URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/dt-call-error.h"

#include "dt-sip-uri.h"

typedef struct {
  const char *target;
  const char *domain;
  const char *uri; /* NULL: InvalidUri */
} Case;

static const Case cases[] = {
  { "sip:bob@127.0.0.1:5070", NULL, "sip:bob@127.0.0.1:5070" },
  { "  SIP:bob@example.org  ", NULL, "sip:bob@example.org" },
  { "sips:bob@example.org;transport=tcp", NULL, "sips:bob@example.org;transport=tcp" },
  { "bob@example.org", NULL, "sip:bob@example.org" },
  { "sip:example.org", NULL, "sip:example.org" },
  { "sip:%61lice@example.org", NULL, "sip:%61lice@example.org" },
  { "+49 (30) 123-45.67", "example.org", "sip:+49301234567@example.org;user=phone" },
  { "tel:+49-30-1234;phone-context=x", "example.org", "sip:+49301234@example.org;user=phone" },
  { "*21#", "example.org", "sip:*21#@example.org;user=phone" },
  { "alice", "example.org", "sip:alice@example.org" },
  { "+49 30 1234", NULL, NULL },
  { "tel:+49301234", NULL, NULL },
  { "alice", NULL, NULL },
  { "", NULL, NULL },
  { "   ", "example.org", NULL },
  { "sip:", NULL, NULL },
  { "sip:bob@", NULL, NULL },
  { "sip:bo b@example.org", NULL, NULL },
  { "sip:bob@exa mple.org", NULL, NULL },
  { "sip:bob@example.org:0", NULL, NULL },
  { "sip:bob@example.org:65536", NULL, NULL },
  { "sip:bob@example.org:5o60", NULL, NULL },
  { "sip:b%zzob@example.org", NULL, NULL },
  { "sip:\"bob\"@example.org", NULL, NULL },
  { "sip:bob@example.org\r\nVia: x", NULL, NULL },
  { "mailto:bob@example.org", NULL, NULL },
  { "tel:", "example.org", NULL },
  { "tel:abc", "example.org", NULL },
  { "12 34 x", "example.org", NULL },
  { "ali ce", "example.org", NULL },
};

static void
test_normalise (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = dt_sip_uri_normalise (cases[i].target, cases[i].domain, &error);

      g_test_message ("“%s” (%s) → %s%s", cases[i].target, cases[i].domain ? cases[i].domain : "direct",
                      uri ? uri : "error: ", error ? error->message : "");
      g_assert_cmpstr (uri, ==, cases[i].uri);
      if (cases[i].uri == NULL)
        {
          g_assert_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI);
          g_assert_true (g_str_has_suffix (error->message, "."));
        }
      else
        {
          g_assert_no_error (error);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/uri/normalise", test_normalise);
  return g_test_run ();
}
