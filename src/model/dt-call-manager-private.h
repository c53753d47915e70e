/* dt-call-manager-private.h: what the files of DtCallManager share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtCallManager is written in several files: dt-call-manager.c (the object,
 * its lines and calls), dt-call-manager-hold.c (one active call at a time)
 * and dt-call-manager-devices.c (the chosen microphone and speaker).
 */
#pragma once

#include "dt-model-private.h"

G_BEGIN_DECLS

enum {
  PROP_0,
  PROP_MEDIA_BACKEND,
  PROP_MAX_CALLS,
  PROP_N_CALLS,
  PROP_CONNECTED_CALL,
  PROP_CURRENT_CALL,
  PROP_DIRECT_LINE,
  PROP_DEFAULT_LINE,
  PROP_INPUT_DEVICE,
  PROP_OUTPUT_DEVICE,
  N_PROPS
};

enum {
  INCOMING_CALL,
  CALL_ADDED,
  CALL_REMOVED,
  LINE_ADDED,
  LINE_REMOVED,
  N_SIGNALS
};

struct _DtCallManager
{
  GObject          parent_instance;

  DtMediaBackend  *media_backend;
  GListModel      *devices;
  GListStore      *lines;
  GListStore      *calls;
  GListStore      *incoming;
  GPtrArray       *waits;
  /* The calls that were active at their last state change (not owned) */
  GHashTable      *active_calls;

  /* Borrowed: each is in lines or calls, and cleared when it leaves */
  DtCall          *connected_call;
  DtCall          *current_call;
  DtLine          *direct_line;
  DtLine          *default_line;

  char            *input_device;
  char            *output_device;
  guint            max_calls;
};

static inline guint
n_items (GListStore *store)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

/* Borrowed: the store keeps its own reference */
static inline gpointer
item_at (GListStore *store,
         guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), position);

  return item;
}

/* dt-call-manager.c */
void     dt_call_manager_notify            (DtCallManager *self,
                                            guint          prop_id);
/* The most recent one: after a failed hold two calls can be active, and the
 * user talks on the newer one */
DtCall  *dt_call_manager_find_active_call  (DtCallManager *self,
                                            DtCall        *besides);

/* dt-call-manager-hold.c */
/* Two calls can still become active each on its own: one dialed earlier is
 * answered while the user resumed another, say. The one that became active
 * last is the one the user hears, so the others are held. */
void     dt_call_manager_hold_others       (DtCallManager *self,
                                            DtCall        *call);
/* For the waits array: a call waiting for another's hold */
void     dt_call_manager_hold_wait_free    (gpointer       wait);

/* dt-call-manager-devices.c */
/* An unplugged device leaves the media layer on the system default */
void     dt_call_manager_devices_changed   (DtCallManager *self);

G_END_DECLS
