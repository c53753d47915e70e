/* dt-sip-log.c: sofia-sip's process-wide start, and its log in ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sofia-sip/su_log.h>

#include "dt-sip-private.h"

/* sofia logs whole lines in pieces; they are joined here and handed to
 * g_debug. Credentials never reach the log: a line carrying a digest
 * header or its parameters is cut after the header name. */
static GMutex   log_mutex;
static GString *log_line;

static void
log_flush_line (const char *line)
{
  static const char *const secret_markers[] = {
    "authorization:", "authenticate:", "response=", "nonce=", "cnonce=",
    "password", "auth_pass",
  };
  g_autofree char *lower = g_ascii_strdown (line, -1);

  for (guint i = 0; i < G_N_ELEMENTS (secret_markers); i++)
    {
      const char *hit = strstr (lower, secret_markers[i]);

      if (hit != NULL)
        {
          g_debug ("sofia: %.*s [redacted]", (int) (hit - lower), line);
          return;
        }
    }

  g_debug ("sofia: %s", line);
}

static void
log_from_sofia (void *stream, const char *fmt, va_list ap)
{
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  const char *p = text;
  const char *nl;

  g_mutex_lock (&log_mutex);
  if (log_line == NULL)
    log_line = g_string_new (NULL);

  while ((nl = strchr (p, '\n')) != NULL)
    {
      g_string_append_len (log_line, p, nl - p);
      if (log_line->len > 0)
        log_flush_line (log_line->str);
      g_string_truncate (log_line, 0);
      p = nl + 1;
    }
  g_string_append (log_line, p);
  g_mutex_unlock (&log_mutex);
}

void
dt_sip_sofia_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* su_init is process-wide and never undone: several stacks (tests)
       * may come and go */
      su_init ();
      su_log_redirect (NULL, log_from_sofia, NULL);
      g_once_init_leave (&once, 1);
    }
}
