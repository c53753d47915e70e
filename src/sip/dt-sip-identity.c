/* dt-sip-identity.c: who is calling, from the headers that say so
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sofia-sip/msg_header.h>

#include "dt-sip-private.h"

static char *
unquote_display (const char *display)
{
  g_autofree char *text = NULL;

  if (display == NULL || *display == '\0')
    return NULL;

  if (display[0] == '"')
    {
      text = g_malloc (strlen (display) + 1);
      msg_unquote (text, display);
    }
  else
    {
      text = g_strdup (display);
    }

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
dt_sip_identity_read (sip_t const  *sip,
               char        **uri,
               char        **name)
{
  sip_p_asserted_identity_t *paid = sip_p_asserted_identity (sip);
  sip_remote_party_id_t *rpid = sip_remote_party_id (sip);
  su_home_t *home = su_home_new (sizeof (su_home_t));
  url_t const *url = NULL;
  const char *display = NULL;
  char *text;

  if (paid != NULL)
    url = paid->paid_url, display = paid->paid_display;
  else if (rpid != NULL)
    url = rpid->rpid_url, display = rpid->rpid_display;
  else if (sip->sip_from != NULL)
    url = sip->sip_from->a_url, display = sip->sip_from->a_display;

  text = url != NULL ? url_as_string (home, url) : NULL;
  g_free (*uri);
  *uri = g_strdup (text);
  g_free (*name);
  *name = unquote_display (display);
  su_home_unref (home);
}
