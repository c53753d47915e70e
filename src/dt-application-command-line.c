/* dt-application-command-line.c: options, command lines and links to call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "dt-application-private.h"

static const GOptionEntry option_entries[] = {
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window until stopped"), NULL },
  { "sip-port", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Take direct calls on PORT (0: any free port)"), N_("PORT") },
  { "dial", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Call TARGET: a SIP address, a tel: URI or a number"), N_("TARGET") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
  { NULL }
};

static gboolean
is_call_uri (const char *arg)
{
  const char *scheme = g_uri_peek_scheme (arg);

  if (scheme == NULL || arg[strlen (scheme) + 1] == '\0')
    return FALSE;

  return g_str_equal (scheme, "sip") || g_str_equal (scheme, "sips") || g_str_equal (scheme, "tel");
}

void
dt_application_add_options (DtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[URI…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Make and take phone calls over SIP."));
}

int
dt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  DtApplication *self = DT_APPLICATION (app);
  g_autofree const char **uris = NULL;
  const char *port;

  if (g_variant_dict_lookup (options, "sip-port", "&s", &port))
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (port, 10, 0, G_MAXUINT16, &value, NULL))
        {
          g_printerr (_("“%s” is not a port: give a number from 0 to 65535.\n"), port);
          return EXIT_FAILURE;
        }

      self->sip_port = (int) value;
    }

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris))
    {
      for (guint i = 0; uris[i] != NULL; i++)
        {
          if (!is_call_uri (uris[i]))
            {
              g_printerr (_("“%s” is not a sip: or tel: address; use --dial for a number.\n"), uris[i]);
              return EXIT_FAILURE;
            }
        }
    }

  self->headless = g_variant_dict_contains (options, "headless");

  /* Started by D-Bus activation (--gapplication-service, see the .service
   * file) where there is no display: be the headless service rather than
   * die in gtk_init. */
  if ((g_application_get_flags (app) & G_APPLICATION_IS_SERVICE) != 0 &&
      g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    self->headless = TRUE;

  return -1;
}

/* sip:, sips: and tel: links opened from the desktop (the .desktop file is
 * DBusActivatable and handles those schemes) arrive here */
void
dt_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  DtApplication *self = DT_APPLICATION (app);

  g_application_activate (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      dt_application_dial (self, uri, NULL);
    }
}

/* Runs in the primary instance for its own command line and for every later
 * launch, which GApplication hands over on the bus and then ends with the
 * status returned here. */
int
dt_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  DtApplication *self = DT_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  gboolean remote = g_application_command_line_get_is_remote (cmdline);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autofree const char **uris = NULL;
  const char *dial;

  if (g_variant_dict_lookup (options, "dial", "&s", &dial))
    g_ptr_array_add (targets, (gpointer) dial);

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris))
    {
      for (guint i = 0; uris[i] != NULL; i++)
        g_ptr_array_add (targets, (gpointer) uris[i]);
    }

  if (remote && g_variant_dict_contains (options, "sip-port"))
    g_application_command_line_printerr (cmdline,
                                         _("Dialtone is already running; --sip-port only applies when it starts.\n"));

  if (self->headless)
    {
      if (remote && targets->len == 0 && !g_variant_dict_contains (options, "headless"))
        g_application_command_line_print (cmdline,
                                          _("Dialtone is running without a window (it was started with --headless).\n"));
    }
  else if (!g_variant_dict_contains (options, "headless"))
    {
      g_application_activate (app);
    }

  for (guint i = 0; i < targets->len; i++)
    {
      const char *target = g_ptr_array_index (targets, i);
      g_autoptr(GError) error = NULL;

      if (dt_application_dial (self, target, &error) == NULL && remote &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
        g_application_command_line_printerr (cmdline, _("Could not call “%s”: %s\n"), target, error->message);
    }

  return EXIT_SUCCESS;
}
