/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dt-application.h"
#include "dt-sip-library.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DtApplication) app = NULL;

  dt_sip_library_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
