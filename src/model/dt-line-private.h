/* dt-line-private.h: what the files of DtLine share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtLine is written in two files: dt-line.c (the object, its account
 * settings and registration) and dt-line-calls.c (the calls placed and
 * taken on it).
 */
#pragma once

#include "dt-model-private.h"

G_BEGIN_DECLS

enum {
  PROP_0,
  PROP_ID,
  PROP_URI,
  PROP_DIRECT,
  PROP_DISPLAY_NAME,
  PROP_TRANSPORT,
  PROP_SRTP,
  PROP_STATE,
  PROP_REGISTERED,
  PROP_USABLE,
  PROP_LAST_ERROR,
  PROP_LAST_STATUS,
  PROP_RETRY_LIMIT,
  PROP_ATTEMPT,
  PROP_MANAGER,
  PROP_N_CALLS,
  N_PROPS
};

struct _DtLine
{
  GObject         parent_instance;

  DtLineBackend  *backend;
  DtCallManager  *manager;
  GListStore     *calls;

  char           *id;
  char           *uri;
  char           *display_name;
  char           *transport;
  char           *srtp;
  char           *last_error;
  DtLineState     state;
  guint           last_status;
  guint           retry_limit;
  guint           attempt;
  gboolean        direct;

  /* The call dt_line_dial() is starting and where its start error goes, so
   * that a backend refusing the INVITE at once fails the dial itself */
  DtCall         *starting;
  GError        **start_error;
};

void dt_line_notify (DtLine *self,
                     guint   prop_id);

G_END_DECLS
