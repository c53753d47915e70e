/* dt-account-validate.c: the checks an account passes before it is stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-store-error.h"
#include "dt-store-private.h"

#define MAX_ID_LENGTH      64
#define MAX_TEXT_LENGTH    256
#define MAX_HOST_LENGTH    253
#define MIN_EXPIRES        60
#define MAX_EXPIRES        86400
#define MAX_RETRY_LIMIT    1000

/* The parts of a sip: or sips: URI that the checks need */
typedef struct {
  gboolean  secure;
  char     *user;     /* NULL when there is no "user@" */
  char     *host;
  gboolean  password; /* "user:password@" */
  gboolean  bad_port;
  gboolean  params;   /* ";…" or "?…" after the host */
} SipUri;

static void
sip_uri_clear (SipUri *uri)
{
  g_clear_pointer (&uri->user, g_free);
  g_clear_pointer (&uri->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SipUri, sip_uri_clear)

static gboolean
is_host (const char *host)
{
  gsize length = strlen (host);
  gsize label = 0;

  if (host[0] == '[')
    {
      g_autofree char *inner = NULL;

      if (length < 3 || host[length - 1] != ']')
        return FALSE;
      inner = g_strndup (host + 1, length - 2);
      return strchr (inner, ':') != NULL && g_hostname_is_ip_address (inner);
    }

  if (length == 0 || length > MAX_HOST_LENGTH)
    return FALSE;

  for (gsize i = 0; i <= length; i++)
    {
      char c = host[i];

      if (c == '.' || c == '\0')
        {
          if (label == 0 || host[i - 1] == '-')
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (c) || (c == '-' && label > 0))
        {
          label++;
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* RFC 3261 user characters; ':' is the password separator and refused */
static gboolean
is_user (const char *user)
{
  for (const char *p = user; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.!~*'()&=+$,;?/%", *p) == NULL)
      return FALSE;

  return *user != '\0';
}

/* FALSE when @text has no sip:/sips: scheme; the parts are checked later */
static gboolean
split_sip_uri (const char *text,
               SipUri     *uri)
{
  const char *rest;
  const char *at;
  const char *end;
  const char *colon;

  if (g_ascii_strncasecmp (text, "sip:", 4) == 0)
    rest = text + 4;
  else if (g_ascii_strncasecmp (text, "sips:", 5) == 0)
    rest = text + 5, uri->secure = TRUE;
  else
    return FALSE;

  at = strchr (rest, '@');
  if (at != NULL)
    {
      const char *password = memchr (rest, ':', at - rest);

      uri->password = password != NULL;
      uri->user = g_strndup (rest, (password != NULL ? password : at) - rest);
      rest = at + 1;
    }

  end = rest + strcspn (rest, ";?");
  uri->params = *end != '\0';
  /* An IPv6 reference keeps its colons; the port follows the bracket */
  colon = rest[0] == '[' ? memchr (rest, ']', end - rest) : rest;
  colon = colon != NULL ? memchr (colon, ':', end - colon) : NULL;
  uri->host = g_strndup (rest, (colon != NULL ? colon : end) - rest);
  if (colon != NULL)
    {
      g_autofree char *port = g_strndup (colon + 1, end - colon - 1);

      uri->bad_port = !g_ascii_string_to_unsigned (port, 10, 1, G_MAXUINT16, NULL, NULL);
    }

  return TRUE;
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, DT_STORE_ERROR, code, message);
  return FALSE;
}

static gboolean
check_aor (const char  *aor,
           gboolean    *secure,
           GError     **error)
{
  g_auto(SipUri) uri = { 0, };

  if (aor == NULL)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account needs an address such as sip:alice@example.org."));
  if (!split_sip_uri (aor, &uri))
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account address must start with sip: or sips:, as in sip:alice@example.org."));
  if (uri.password)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account address must not contain a password: Dialtone keeps passwords in your keyring."));
  if (uri.user == NULL || !is_user (uri.user))
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account address needs a user name, as in sip:alice@example.org."));
  if (!is_host (uri.host))
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account address has no valid domain."));
  if (uri.bad_port)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The port of the account address must be a number from 1 to 65535."));
  if (uri.params)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The account address must be a plain SIP address such as sip:alice@example.org."));

  *secure = uri.secure;
  return TRUE;
}

static gboolean
check_proxy (const char  *proxy,
             gboolean     secure,
             GError     **error)
{
  g_auto(SipUri) uri = { 0, };
  g_autofree char *with_scheme = NULL;

  if (proxy == NULL)
    return TRUE;

  if (!split_sip_uri (proxy, &uri))
    {
      with_scheme = g_strconcat ("sip:", proxy, NULL);
      split_sip_uri (with_scheme, &uri);
      uri.secure = secure;
    }

  if (uri.user != NULL || uri.password || !is_host (uri.host) || uri.bad_port)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("The outbound proxy must be a host name with an optional port, such as proxy.example.org:5060."));
  if (secure && !uri.secure)
    return fail (error, DT_STORE_ERROR_INVALID_URI,
                 _("A sips: account needs a sips: outbound proxy."));

  return TRUE;
}

/* Valid UTF-8 of at most MAX_TEXT_LENGTH characters, no control characters */
static gboolean
is_text (const char *text)
{
  const char *p;

  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_TEXT_LENGTH)
    return FALSE;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}
gboolean
dt_account_id_is_valid (const char *id)
{
  gsize length = id != NULL ? strlen (id) : 0;

  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && strchr ("._-", id[i]) == NULL)
      return FALSE;

  return TRUE;
}

gboolean
dt_account_validate (DtAccount  *self,
                     GError    **error)
{
  const char *id;
  DtAccountTransport transport;
  DtAccountSrtp srtp;
  guint expires;
  gboolean secure = FALSE;

  g_return_val_if_fail (DT_IS_ACCOUNT (self), FALSE);

  id = dt_account_get_id (self);
  transport = dt_account_get_transport (self);
  srtp = dt_account_get_srtp (self);
  expires = dt_account_get_expires (self);

  if (id != NULL && !dt_account_id_is_valid (id))
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("An account id must be 1 to 64 letters, digits, “.”, “_” or “-”."));
  if (!check_aor (dt_account_get_aor (self), &secure, error))
    return FALSE;
  if ((guint) transport > DT_ACCOUNT_TRANSPORT_TLS)
    return fail (error, DT_STORE_ERROR_INVALID, _("The transport must be UDP, TCP or TLS."));
  if (secure && transport != DT_ACCOUNT_TRANSPORT_TLS)
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("A sips: address can only be reached over TLS."));
  if (!check_proxy (dt_account_get_proxy (self), secure, error))
    return FALSE;
  if ((guint) srtp > DT_ACCOUNT_SRTP_MANDATORY)
    return fail (error, DT_STORE_ERROR_INVALID, _("SRTP must be off, optional or mandatory."));
  if ((guint) dt_account_get_dtmf_mode (self) > DT_ACCOUNT_DTMF_INFO)
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("Dial tones must be sent automatically, in the audio or as SIP INFO."));
  if (!is_text (dt_account_get_auth_user (self)))
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("The user name for signing in must be at most 256 characters, without control characters."));
  if (!is_text (dt_account_get_display_name (self)))
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("The display name must be at most 256 characters, without line breaks or control characters."));
  if (expires < MIN_EXPIRES || expires > MAX_EXPIRES)
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("The registration lifetime must be from 60 to 86400 seconds."));
  if (dt_account_get_retry_limit (self) > MAX_RETRY_LIMIT)
    return fail (error, DT_STORE_ERROR_INVALID,
                 _("The number of registration retries must be at most 1000."));

  return TRUE;
}
