/* dt-sip-uri.c: what the user typed, made into a SIP URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/hostdomain.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include "model/dt-call-error.h"

#include "dt-sip-uri.h"

static gboolean
is_user_char (char c)
{
  /* RFC 3261 user: unreserved and user-unreserved characters */
  return g_ascii_isalnum (c) || strchr ("-_.!~*'()&=+$,;?/", c) != NULL;
}

static gboolean
user_is_valid (const char *user)
{
  if (user == NULL || *user == '\0')
    return FALSE;

  for (const char *p = user; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            return FALSE;
          p += 2;
        }
      else if (!is_user_char (*p))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
has_forbidden_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("<>\"\\{}|^`", *p) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* "+49 (30) 123-45.67" → "+49301234567"; NULL when
 * @text is not a phone number */
static char *
normalise_number (const char *text)
{
  g_autoptr(GString) number = g_string_new (NULL);
  gboolean digits = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '+' && number->len == 0)
        g_string_append_c (number, '+');
      else if (g_ascii_isdigit (*p) || *p == '*' || *p == '#')
        {
          digits = digits || g_ascii_isdigit (*p);
          g_string_append_c (number, *p);
        }
      else if (strchr (" -.()", *p) == NULL)
        return NULL;
    }

  if (!digits)
    return NULL;
  return g_string_free (g_steal_pointer (&number), FALSE);
}

static gboolean
invalid (GError     **error,
         const char  *target,
         const char  *why)
{
  g_set_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_URI, "%s", why);
  g_debug ("rejected call target “%s”: %s", target, why);
  return FALSE;
}

static gboolean
check_sip_uri (const char  *uri,
               GError     **error)
{
  su_home_t *home;
  url_t *url;
  gboolean ok = FALSE;

  if (has_forbidden_chars (uri))
    return invalid (error, uri, _("A SIP address cannot contain spaces or brackets."));

  home = su_home_new (sizeof (su_home_t));
  url = url_make (home, uri);

  /* user:password@ is deprecated, and "mailto:bob@host" would parse so */
  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips) ||
      url->url_password != NULL)
    invalid (error, uri, _("This is not a SIP address. Type one such as sip:alice@example.org."));
  else if (url->url_host == NULL || !host_is_valid (url->url_host))
    invalid (error, uri, _("The SIP address has no valid host name."));
  else if (url->url_user != NULL && !user_is_valid (url->url_user))
    invalid (error, uri, _("The user part of the SIP address contains characters that are not allowed."));
  else if (url->url_port != NULL &&
           (!g_ascii_string_to_unsigned (url->url_port, 10, 1, G_MAXUINT16, NULL, NULL)))
    invalid (error, uri, _("The port of the SIP address must be a number from 1 to 65535."));
  else
    ok = TRUE;

  su_home_unref (home);
  return ok;
}

static char *
number_uri (const char  *target,
            const char  *number,
            const char  *domain,
            GError     **error)
{
  if (domain == NULL)
    {
      invalid (error, target,
               _("Phone numbers can only be called through an account. "
                 "Without one, type a SIP address such as sip:alice@example.org."));
      return NULL;
    }
  return g_strdup_printf ("sip:%s@%s;user=phone", number, domain);
}

char *
dt_sip_uri_normalise (const char  *target,
                      const char  *domain,
                      GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *uri = NULL;

  if (target == NULL || *g_strstrip ((text = g_strdup (target))) == '\0')
    {
      invalid (error, "", _("Type an address or a number to call."));
      return NULL;
    }

  if (g_ascii_strncasecmp (text, "tel:", 4) == 0)
    {
      g_auto(GStrv) parts = g_strsplit (text + 4, ";", 2);

      number = parts[0] != NULL ? normalise_number (parts[0]) : NULL;
      if (number == NULL)
        {
          invalid (error, text, _("The phone number may only contain digits, *, # and a leading +."));
          return NULL;
        }
      return number_uri (text, number, domain, error);
    }

  if (g_ascii_strncasecmp (text, "sip:", 4) == 0 || g_ascii_strncasecmp (text, "sips:", 5) == 0)
    {
      /* The scheme is case-insensitive; the rest is left as typed */
      const char *colon = strchr (text, ':');

      uri = g_strconcat (text[3] == ':' ? "sip" : "sips", colon, NULL);
    }
  else if ((number = normalise_number (text)) != NULL)
    {
      return number_uri (text, number, domain, error);
    }
  else if (strchr (text, '@') != NULL)
    {
      uri = g_strconcat ("sip:", text, NULL);
    }
  else if (domain != NULL && user_is_valid (text))
    {
      uri = g_strdup_printf ("sip:%s@%s", text, domain);
    }
  else
    {
      invalid (error, text,
               domain == NULL
               ? _("Type a full SIP address such as sip:alice@example.org to call without an account.")
               : _("This is neither a SIP address nor a phone number."));
      return NULL;
    }

  if (!check_sip_uri (uri, error))
    return NULL;
  return g_steal_pointer (&uri);
}
