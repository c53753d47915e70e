/* dt-application-private.h: what the files of DtApplication share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtApplication is written in three files: dt-application.c (the object,
 * start-up, the bus, the window), dt-application-sip.c (the SIP stack, from
 * start to a clean quit) and dt-application-command-line.c (options,
 * command lines and links to call).
 */
#pragma once

#include "dt-account-controller.h"
#include "dt-application.h"
#include "dt-dbus-service.h"
#include "dt-history-recorder.h"
#include "dt-notifier.h"
#include "dt-sip-stack.h"
#include "dt-window.h"

G_BEGIN_DECLS

struct _DtApplication
{
  AdwApplication  parent_instance;

  DtCallManager  *manager;
  /* The stored accounts' lines; the D-Bus service's account handler */
  DtAccountController *accounts;
  DtCallHistory  *history;
  DtHistoryRecorder *recorder;
  GSettings      *settings;
  DtSipStack     *sip_stack;
  /* org.dialtone.Dialtone on the session bus, from dbus_register on */
  DtDbusService  *dbus_service;
  /* Incoming calls as desktop notifications, whenever there is a bus */
  DtNotifier     *notifier;
  GCancellable   *cancellable;
  /* Targets asked for before the SIP stack was up */
  GPtrArray      *pending_targets;

  /* -1 unless --sip-port gave one */
  int             sip_port;
  guint           sigterm_source;
  guint           sigint_source;
  gboolean        headless;
  gboolean        sip_starting;
  gboolean        quitting;
  /* The window told the user that the accounts file was set aside */
  gboolean        load_error_shown;
};

/* dt-application.c */
/* A broken accounts file was set aside at start: the window says so, once,
 * in the store's own sentence, which names the file it was kept as.
 * Headless, the controller's warning is all there is. */
void dt_application_show_load_error      (DtApplication           *self);

/* dt-application-sip.c */
void dt_application_start_sip            (DtApplication           *self);
/* Calls end with BYE/CANCEL and accounts unregister before the process
 * goes: the app stays held while sofia finishes, without a nested loop. */
void dt_application_quit_cleanly         (DtApplication           *self);
/* SIGTERM and SIGINT quit cleanly */
void dt_application_watch_quit_signals   (DtApplication           *self);
void dt_application_unwatch_quit_signals (DtApplication           *self);

/* dt-application-command-line.c */
/* The options and the help text */
void dt_application_add_options          (DtApplication           *self);
int  dt_application_handle_local_options (GApplication            *app,
                                          GVariantDict            *options);
void dt_application_open                 (GApplication            *app,
                                          GFile                  **files,
                                          int                      n_files,
                                          const char              *hint);
int  dt_application_command_line         (GApplication            *app,
                                          GApplicationCommandLine *cmdline);

G_END_DECLS
