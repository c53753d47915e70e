/* dt-sip-account.c: an account's settings, checked and made into URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sofia-sip/hostdomain.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>

#include "dt-sip-private.h"

#define DEFAULT_EXPIRES 600
/* Challenges answered at once: a proxy chain rarely has more */
#define MAX_CHALLENGES  4

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT, message);
  return FALSE;
}

static void
wipe (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
account_clear (gpointer data)
{
  DtSipAccount *account = data;

  g_free (account->aor);
  g_free (account->from);
  g_free (account->user);
  g_free (account->domain);
  g_free (account->auth_user);
  wipe (account->password);
  g_free (account->display_name);
  g_free (account->transport);
  g_free (account->registrar);
  g_free (account->proxy);
  g_free (account->ca_file);
  g_free (account->contact_params);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* A field of a "scheme:realm:user:password" credential must not hold the
 * separator: sofia splits at the first colon */
static gboolean
fits_credentials (const char *text)
{
  return text == NULL || strchr (text, ':') == NULL;
}

static char *
host_port (url_t const *url)
{
  if (url->url_port != NULL)
    return g_strdup_printf ("%s:%s", url->url_host, url->url_port);
  return g_strdup (url->url_host);
}

/* @uri as the next hop for @transport: sips: already means TLS */
static char *
with_transport (const char *uri,
                const char *transport,
                gboolean    secure)
{
  if (secure || g_strcmp0 (transport, "udp") == 0 || strstr (uri, ";transport=") != NULL)
    return g_strdup (uri);
  return g_strdup_printf ("%s;transport=%s", uri, transport);
}

static gboolean
read_aor (DtSipAccount  *account,
          const char    *aor,
          gboolean      *secure,
          GError       **error)
{
  su_home_t *home;
  url_t *url;
  gboolean ok = FALSE;

  if (is_blank (aor))
    return invalid (error, _("The account needs an address such as sip:alice@example.org."));

  home = su_home_new (sizeof (su_home_t));
  url = url_make (home, aor);
  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips) ||
      url->url_password != NULL || url->url_params != NULL || url->url_headers != NULL)
    invalid (error, _("The account address must be a plain SIP address such as sip:alice@example.org."));
  else if (is_blank (url->url_user))
    invalid (error, _("The account address needs a user name, as in sip:alice@example.org."));
  else if (url->url_host == NULL || !host_is_valid (url->url_host))
    invalid (error, _("The account address has no valid domain."));
  else if (url->url_port != NULL &&
           !g_ascii_string_to_unsigned (url->url_port, 10, 1, G_MAXUINT16, NULL, NULL))
    invalid (error, _("The port of the account address must be a number from 1 to 65535."));
  else
    ok = TRUE;

  if (ok)
    {
      *secure = url->url_type == url_sips;
      account->user = g_strdup (url->url_user);
      account->domain = host_port (url);
      account->aor = g_strdup_printf ("%s:%s@%s", *secure ? "sips" : "sip",
                                      account->user, account->domain);
    }
  su_home_unref (home);
  return ok;
}

static gboolean
read_transport (DtSipAccount  *account,
                const char    *transport,
                gboolean       secure,
                GError       **error)
{
  if (is_blank (transport))
    transport = secure ? "tls" : "udp";

  if (g_ascii_strcasecmp (transport, "udp") != 0 && g_ascii_strcasecmp (transport, "tcp") != 0 &&
      g_ascii_strcasecmp (transport, "tls") != 0)
    return invalid (error, _("The transport must be UDP, TCP or TLS."));

  account->transport = g_ascii_strdown (transport, -1);
  if (secure && g_strcmp0 (account->transport, "tls") != 0)
    return invalid (error, _("A sips: address can only be reached over TLS."));
  return TRUE;
}

static gboolean
read_proxy (DtSipAccount  *account,
            const char    *proxy,
            gboolean       secure,
            GError       **error)
{
  g_autofree char *uri = NULL;
  su_home_t *home;
  url_t *url;
  gboolean ok;

  if (is_blank (proxy))
    {
      account->proxy = g_strdup (account->registrar);
      return TRUE;
    }

  uri = g_str_has_prefix (proxy, "sip:") || g_str_has_prefix (proxy, "sips:")
        ? g_strdup (proxy) : g_strconcat (secure ? "sips:" : "sip:", proxy, NULL);
  home = su_home_new (sizeof (su_home_t));
  url = url_make (home, uri);
  ok = url != NULL && url->url_host != NULL && host_is_valid (url->url_host) &&
       url->url_user == NULL && (!secure || url->url_type == url_sips);
  su_home_unref (home);
  if (!ok)
    return invalid (error, _("The outbound proxy must be a host name with an optional port, such as proxy.example.org:5060."));

  account->proxy = with_transport (uri, account->transport, secure);
  return TRUE;
}

DtSipAccount *
dt_sip_account_new (const DtSipAccountSettings  *settings,
                    GError                     **error)
{
  g_autoptr(DtSipAccount) account = g_rc_box_new0 (DtSipAccount);
  g_autofree char *base = NULL;
  gboolean secure = FALSE;

  g_return_val_if_fail (settings != NULL, NULL);

  if (!read_aor (account, settings->aor, &secure, error) ||
      !read_transport (account, settings->transport, secure, error))
    return NULL;

  account->secure = secure;
  base = g_strdup_printf ("%s:%s", secure ? "sips" : "sip", account->domain);
  account->registrar = with_transport (base, account->transport, secure);
  if (!read_proxy (account, settings->outbound_proxy, secure, error))
    return NULL;

  if (is_blank (settings->dtmf_mode) || g_ascii_strcasecmp (settings->dtmf_mode, "auto") == 0)
    account->dtmf_mode = DT_SIP_DTMF_AUTO;
  else if (g_ascii_strcasecmp (settings->dtmf_mode, "rfc4733") == 0)
    account->dtmf_mode = DT_SIP_DTMF_RFC4733;
  else if (g_ascii_strcasecmp (settings->dtmf_mode, "info") == 0)
    account->dtmf_mode = DT_SIP_DTMF_INFO;
  else
    {
      invalid (error, _("Dial tones must be sent automatically, in the audio or as SIP INFO."));
      return NULL;
    }

  if (!fits_credentials (settings->auth_user) || !fits_credentials (settings->password))
    {
      invalid (error, _("User names and passwords containing “:” are not supported yet."));
      return NULL;
    }
  if (settings->ca_file != NULL && !g_file_test (settings->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      invalid (error, _("The certificate file for the account cannot be found."));
      return NULL;
    }

  account->auth_user = g_strdup (is_blank (settings->auth_user) ? account->user
                                                                  : settings->auth_user);
  account->password = g_strdup (settings->password);
  account->display_name = is_blank (settings->display_name) ? NULL
                                                             : g_strdup (settings->display_name);
  if (account->display_name != NULL)
    {
      g_autoptr(GString) quoted = g_string_new ("\"");

      for (const char *p = account->display_name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *p);
        }
      account->from = g_strdup_printf ("%s\" <%s>", quoted->str, account->aor);
    }
  else
    {
      account->from = g_strdup_printf ("<%s>", account->aor);
    }
  account->ca_file = g_strdup (settings->ca_file);
  account->expires = settings->expires != 0 ? settings->expires : DEFAULT_EXPIRES;
  /* Several accounts may share a user name: a parameter of our own tells
   * whose Contact an incoming INVITE was sent to */
  account->contact_params = g_strdup_printf ("dtline=%08x%08x", g_random_int (), g_random_int ());

  return g_steal_pointer (&account);
}

DtSipAccount *
dt_sip_account_ref (DtSipAccount *account)
{
  return g_rc_box_acquire (account);
}

void
dt_sip_account_unref (DtSipAccount *account)
{
  g_rc_box_release_full (account, account_clear);
}

gboolean
dt_sip_account_owns (DtSipAccount *account,
                     url_t const  *request_uri)
{
  const char *mark = strchr (account->contact_params, '=') + 1;
  char value[64];

  if (request_uri == NULL || request_uri->url_params == NULL)
    return FALSE;
  if (url_param (request_uri->url_params, "dtline", value, sizeof value) <= 0)
    return FALSE;
  return strcmp (value, mark) == 0;
}

gboolean
dt_sip_account_authenticate (DtSipAccount *account,
                             nua_handle_t *nh,
                             sip_t const  *sip)
{
  msg_auth_t const *challenges[] = {
    sip != NULL ? sip->sip_www_authenticate : NULL,
    sip != NULL ? sip->sip_proxy_authenticate : NULL,
  };
  char *credentials[MAX_CHALLENGES] = { NULL, };
  tagi_t tags[MAX_CHALLENGES + 1];
  guint n = 0;

  if (account->password == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (challenges); i++)
    {
      for (msg_auth_t const *au = challenges[i]; au != NULL && n < MAX_CHALLENGES; au = au->au_next)
        {
          const char *realm = msg_header_find_param (au->au_common, "realm=");

          /* sofia wants the realm quoted as the challenge has it */
          if (au->au_scheme == NULL || g_ascii_strcasecmp (au->au_scheme, "Digest") != 0 ||
              realm == NULL || realm[0] != '"')
            continue;
          credentials[n++] = g_strdup_printf ("%s:%s:%s:%s", au->au_scheme, realm,
                                              account->auth_user, account->password);
        }
    }

  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      tags[i].t_tag = nutag_auth;
      tags[i].t_value = (tag_value_t) credentials[i];
    }
  tags[n].t_tag = NULL;
  tags[n].t_value = 0;

  /* nua copies the tags before this returns */
  nua_authenticate (nh, TAG_NEXT (tags));

  for (guint i = 0; i < n; i++)
    wipe (credentials[i]);
  return TRUE;
}
