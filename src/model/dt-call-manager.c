/* dt-call-manager.c: the calls and lines of the app, and the current call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-audio-device.h"
#include "dt-call-error.h"
#include "dt-call-manager-private.h"

G_DEFINE_FINAL_TYPE (DtCallManager, dt_call_manager, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
dt_call_manager_notify (DtCallManager *self,
                        guint          prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* For the borrowed call and line pointers */
static void
set_pointer (DtCallManager *self,
             gpointer      *field,
             gpointer       value,
             guint          prop_id)
{
  if (*field == value)
    return;

  *field = value;
  dt_call_manager_notify (self, prop_id);
}

static void
remove_from (GListStore *store,
             gpointer    item)
{
  guint position;

  if (g_list_store_find (store, item, &position))
    g_list_store_remove (store, position);
}

DtCall *
dt_call_manager_find_active_call (DtCallManager *self,
                                  DtCall        *besides)
{
  for (guint i = n_items (self->calls); i > 0; i--)
    {
      DtCall *call = item_at (self->calls, i - 1);

      if (call != besides && dt_call_is_active (call))
        return call;
    }

  return NULL;
}

static void
update_connected_call (DtCallManager *self)
{
  set_pointer (self, (gpointer *) &self->connected_call,
               dt_call_manager_find_active_call (self, NULL), PROP_CONNECTED_CALL);
}

static void
update_default_line (DtCallManager *self)
{
  DtLine *line = self->direct_line;

  for (guint i = 0; i < n_items (self->lines); i++)
    {
      DtLine *candidate = item_at (self->lines, i);

      if (!dt_line_get_direct (candidate) && dt_line_get_registered (candidate))
        {
          line = candidate;
          break;
        }
    }

  set_pointer (self, (gpointer *) &self->default_line, line, PROP_DEFAULT_LINE);
}

static void
on_call_state (DtCallManager *self,
               GParamSpec    *pspec,
               DtCall        *call)
{
  gboolean active = dt_call_is_active (call);
  gboolean became_active = active && g_hash_table_add (self->active_calls, call);

  if (!active)
    g_hash_table_remove (self->active_calls, call);
  if (dt_call_get_state (call) != DT_CALL_STATE_RINGING)
    remove_from (self->incoming, call);

  update_connected_call (self);

  if (became_active)
    dt_call_manager_hold_others (self, call);
}

static void
dt_call_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtCallManager *self = DT_CALL_MANAGER (object);

  switch (prop_id)
    {
    case PROP_MEDIA_BACKEND: g_value_set_object (value, self->media_backend); break;
    case PROP_MAX_CALLS: g_value_set_uint (value, self->max_calls); break;
    case PROP_N_CALLS: g_value_set_uint (value, n_items (self->calls)); break;
    case PROP_CONNECTED_CALL: g_value_set_object (value, self->connected_call); break;
    case PROP_CURRENT_CALL: g_value_set_object (value, self->current_call); break;
    case PROP_DIRECT_LINE: g_value_set_object (value, self->direct_line); break;
    case PROP_DEFAULT_LINE: g_value_set_object (value, self->default_line); break;
    case PROP_INPUT_DEVICE: g_value_set_string (value, self->input_device); break;
    case PROP_OUTPUT_DEVICE: g_value_set_string (value, self->output_device); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_manager_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DtCallManager *self = DT_CALL_MANAGER (object);

  switch (prop_id)
    {
    case PROP_MEDIA_BACKEND: self->media_backend = g_value_dup_object (value); break;
    case PROP_MAX_CALLS: dt_call_manager_set_max_calls (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_manager_constructed (GObject *object)
{
  DtCallManager *self = DT_CALL_MANAGER (object);
  GListModel *devices = NULL;

  G_OBJECT_CLASS (dt_call_manager_parent_class)->constructed (object);

  if (self->media_backend != NULL)
    devices = dt_media_backend_get_devices (self->media_backend);

  if (devices != NULL)
    self->devices = g_object_ref (devices);
  else
    self->devices = G_LIST_MODEL (g_list_store_new (DT_TYPE_AUDIO_DEVICE));

  g_signal_connect_object (self->devices, "items-changed",
                           G_CALLBACK (dt_call_manager_devices_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
dt_call_manager_dispose (GObject *object)
{
  DtCallManager *self = DT_CALL_MANAGER (object);

  g_clear_pointer (&self->waits, g_ptr_array_unref);
  g_clear_pointer (&self->active_calls, g_hash_table_unref);

  for (guint i = 0; self->lines != NULL && i < n_items (self->lines); i++)
    {
      DtLine *line = item_at (self->lines, i);

      g_signal_handlers_disconnect_by_data (line, self);
      dt_line_set_manager (line, NULL);
    }
  for (guint i = 0; self->calls != NULL && i < n_items (self->calls); i++)
    g_signal_handlers_disconnect_by_data (item_at (self->calls, i), self);
  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);

  self->connected_call = self->current_call = NULL;
  self->direct_line = self->default_line = NULL;
  g_clear_object (&self->incoming);
  g_clear_object (&self->calls);
  g_clear_object (&self->lines);
  g_clear_object (&self->devices);
  g_clear_object (&self->media_backend);

  G_OBJECT_CLASS (dt_call_manager_parent_class)->dispose (object);
}

static void
dt_call_manager_finalize (GObject *object)
{
  DtCallManager *self = DT_CALL_MANAGER (object);

  g_free (self->input_device);
  g_free (self->output_device);

  G_OBJECT_CLASS (dt_call_manager_parent_class)->finalize (object);
}

#define NEW_SIGNAL(name, type) \
  g_signal_new (name, DT_TYPE_CALL_MANAGER, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, \
                G_TYPE_NONE, 1, type)
#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
dt_call_manager_class_init (DtCallManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_call_manager_get_property;
  object_class->set_property = dt_call_manager_set_property;
  object_class->constructed = dt_call_manager_constructed;
  object_class->dispose = dt_call_manager_dispose;
  object_class->finalize = dt_call_manager_finalize;

  properties[PROP_MEDIA_BACKEND] =
    g_param_spec_object ("media-backend", NULL, NULL, DT_TYPE_MEDIA_BACKEND,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CALLS] =
    g_param_spec_uint ("max-calls", NULL, NULL, 0, G_MAXUINT, 4,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CALLS] =
    g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 0, RO_FLAGS);
  properties[PROP_CONNECTED_CALL] =
    g_param_spec_object ("connected-call", NULL, NULL, DT_TYPE_CALL, RO_FLAGS);
  properties[PROP_CURRENT_CALL] =
    g_param_spec_object ("current-call", NULL, NULL, DT_TYPE_CALL, RO_FLAGS);
  properties[PROP_DIRECT_LINE] =
    g_param_spec_object ("direct-line", NULL, NULL, DT_TYPE_LINE, RO_FLAGS);
  properties[PROP_DEFAULT_LINE] =
    g_param_spec_object ("default-line", NULL, NULL, DT_TYPE_LINE, RO_FLAGS);
  properties[PROP_INPUT_DEVICE] =
    g_param_spec_string ("input-device", NULL, NULL, "", RO_FLAGS);
  properties[PROP_OUTPUT_DEVICE] =
    g_param_spec_string ("output-device", NULL, NULL, "", RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[INCOMING_CALL] = NEW_SIGNAL ("incoming-call", DT_TYPE_CALL);
  signals[CALL_ADDED] = NEW_SIGNAL ("call-added", DT_TYPE_CALL);
  signals[CALL_REMOVED] = NEW_SIGNAL ("call-removed", DT_TYPE_CALL);
  signals[LINE_ADDED] = NEW_SIGNAL ("line-added", DT_TYPE_LINE);
  signals[LINE_REMOVED] = NEW_SIGNAL ("line-removed", DT_TYPE_LINE);
}

static void
dt_call_manager_init (DtCallManager *self)
{
  self->lines = g_list_store_new (DT_TYPE_LINE);
  self->calls = g_list_store_new (DT_TYPE_CALL);
  self->incoming = g_list_store_new (DT_TYPE_CALL);
  self->waits = g_ptr_array_new_with_free_func (dt_call_manager_hold_wait_free);
  self->active_calls = g_hash_table_new (NULL, NULL);
  self->input_device = g_strdup ("");
  self->output_device = g_strdup ("");
  self->max_calls = 4;
}

DtCallManager *
dt_call_manager_new (DtMediaBackend *media_backend)
{
  g_return_val_if_fail (media_backend == NULL || DT_IS_MEDIA_BACKEND (media_backend), NULL);

  return g_object_new (DT_TYPE_CALL_MANAGER, "media-backend", media_backend, NULL);
}

void
dt_call_manager_add_line (DtCallManager *self,
                          DtLine        *line)
{
  g_return_if_fail (DT_IS_CALL_MANAGER (self));
  g_return_if_fail (DT_IS_LINE (line));

  if (g_list_store_find (self->lines, line, NULL))
    return;

  g_list_store_append (self->lines, line);
  dt_line_set_manager (line, self);
  g_signal_connect_object (line, "notify::registered",
                           G_CALLBACK (update_default_line), self, G_CONNECT_SWAPPED);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->direct_line == NULL && dt_line_get_direct (line))
    set_pointer (self, (gpointer *) &self->direct_line, line, PROP_DIRECT_LINE);
  update_default_line (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[LINE_ADDED], 0, line);
}

void
dt_call_manager_remove_line (DtCallManager *self,
                             DtLine        *line)
{
  g_autoptr(DtLine) hold = NULL;
  GListModel *calls;
  DtLine *direct = NULL;

  g_return_if_fail (DT_IS_CALL_MANAGER (self));
  g_return_if_fail (DT_IS_LINE (line));

  if (!g_list_store_find (self->lines, line, NULL))
    return;

  hold = g_object_ref (line);
  g_signal_handlers_disconnect_by_data (line, self);

  /* Its calls hang up and end here, whatever the network answers later:
   * each still leaves the usual way, disconnect then call-removed */
  calls = dt_line_get_calls (line);
  for (guint i = g_list_model_get_n_items (calls); i > 0; i--)
    {
      g_autoptr(DtCall) call = g_list_model_get_item (calls, i - 1);

      dt_call_end (call, NULL);
      dt_call_report_disconnected (call, "line-removed");
    }

  remove_from (self->lines, line);
  dt_line_set_manager (line, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; direct == NULL && i < n_items (self->lines); i++)
    if (dt_line_get_direct (item_at (self->lines, i)))
      direct = item_at (self->lines, i);
  set_pointer (self, (gpointer *) &self->direct_line, direct, PROP_DIRECT_LINE);
  update_default_line (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[LINE_REMOVED], 0, line);
}

#define DEFINE_GETTER(ret, name, fallback, expr) \
  DT_DEFINE_GETTER (DtCallManager, dt_call_manager, DT_IS_CALL_MANAGER, ret, name, fallback, expr)

DEFINE_GETTER (GListModel *, lines, NULL, G_LIST_MODEL (self->lines))
DEFINE_GETTER (GListModel *, calls, NULL, G_LIST_MODEL (self->calls))
DEFINE_GETTER (GListModel *, incoming_calls, NULL, G_LIST_MODEL (self->incoming))
DEFINE_GETTER (DtCall *, connected_call, NULL, self->connected_call)
DEFINE_GETTER (DtCall *, current_call, NULL, self->current_call)
DEFINE_GETTER (guint, max_calls, 0, self->max_calls)
DEFINE_GETTER (guint, n_calls, 0, n_items (self->calls))
DEFINE_GETTER (gboolean, is_max_calls, FALSE,
               self->max_calls != 0 && n_items (self->calls) >= self->max_calls)
DEFINE_GETTER (DtLine *, direct_line, NULL, self->direct_line)
DEFINE_GETTER (DtLine *, default_line, NULL, self->default_line)
DEFINE_GETTER (DtMediaBackend *, media_backend, NULL, self->media_backend)
DEFINE_GETTER (GListModel *, audio_devices, NULL, self->devices)
DEFINE_GETTER (const char *, input_device, NULL, self->input_device)
DEFINE_GETTER (const char *, output_device, NULL, self->output_device)

#undef DEFINE_GETTER

DtLine *
dt_call_manager_get_line (DtCallManager *self,
                          const char    *id)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), NULL);

  for (guint i = 0; id != NULL && i < n_items (self->lines); i++)
    {
      DtLine *line = item_at (self->lines, i);

      if (g_strcmp0 (dt_line_get_id (line), id) == 0)
        return line;
    }

  return NULL;
}

DtCall *
dt_call_manager_get_call (DtCallManager *self,
                          const char    *correlation_id)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), NULL);

  for (guint i = 0; correlation_id != NULL && i < n_items (self->calls); i++)
    {
      DtCall *call = item_at (self->calls, i);

      if (g_strcmp0 (dt_call_get_correlation_id (call), correlation_id) == 0)
        return call;
    }

  return NULL;
}

GHashTable *
dt_call_manager_get_active_calls (DtCallManager *self)
{
  GHashTable *table;

  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), NULL);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n_items (self->calls); i++)
    {
      DtCall *call = item_at (self->calls, i);
      DtLine *line = dt_call_get_line (call);
      GPtrArray *calls;

      if (line == NULL)
        continue;

      calls = g_hash_table_lookup (table, dt_line_get_id (line));
      if (calls == NULL)
        {
          calls = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (table, g_strdup (dt_line_get_id (line)), calls);
        }
      g_ptr_array_add (calls, g_object_ref (call));
    }

  return table;
}

gboolean
dt_call_manager_set_current_call (DtCallManager  *self,
                                  DtCall         *call,
                                  GError        **error)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), FALSE);
  g_return_val_if_fail (call == NULL || DT_IS_CALL (call), FALSE);

  if (!dt_check (call != NULL && g_list_store_find (self->calls, call, NULL),
                 DT_CALL_ERROR_NO_SUCH_CALL, _("That call does not exist anymore."), error))
    return FALSE;

  set_pointer (self, (gpointer *) &self->current_call, call, PROP_CURRENT_CALL);

  return TRUE;
}

void
dt_call_manager_set_max_calls (DtCallManager *self,
                               guint          max_calls)
{
  g_return_if_fail (DT_IS_CALL_MANAGER (self));

  if (self->max_calls == max_calls)
    return;

  self->max_calls = max_calls;
  dt_call_manager_notify (self, PROP_MAX_CALLS);
}

DtCall *
dt_call_manager_dial (DtCallManager  *self,
                      const char     *target,
                      GError        **error)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), NULL);

  if (!dt_check (self->default_line != NULL, DT_CALL_ERROR_NO_SUCH_LINE,
                 _("There is no line to call from."), error))
    return NULL;

  return dt_line_dial (self->default_line, target, error);
}

void
dt_call_manager_end_all (DtCallManager *self)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (DT_IS_CALL_MANAGER (self));

  /* Ending a call can remove it from the list we walk */
  for (guint i = 0; i < n_items (self->calls); i++)
    g_ptr_array_add (calls, g_object_ref (item_at (self->calls, i)));

  for (guint i = 0; i < calls->len; i++)
    {
      DtCall *call = g_ptr_array_index (calls, i);
      g_autoptr(GError) error = NULL;

      if (dt_call_get_state (call) == DT_CALL_STATE_DISCONNECTED || dt_call_end (call, &error))
        continue;

      /* Nothing more can reach the network for it: drop it here */
      g_debug ("Could not end call %s: %s", dt_call_get_correlation_id (call), error->message);
      dt_call_report_disconnected (call, "failed");
    }
}

gboolean
dt_call_manager_check_capacity (DtCallManager  *self,
                                GError        **error)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), FALSE);

  return dt_check (!dt_call_manager_get_is_max_calls (self), DT_CALL_ERROR_MAX_CALLS,
                   _("No more calls are possible: the maximum number of calls is reached."),
                   error);
}

void
dt_call_manager_track_call (DtCallManager *self,
                            DtCall        *call)
{
  gboolean ringing;

  g_return_if_fail (DT_IS_CALL_MANAGER (self));
  g_return_if_fail (DT_IS_CALL (call));

  if (g_list_store_find (self->calls, call, NULL))
    return;

  ringing = dt_call_get_state (call) == DT_CALL_STATE_RINGING;
  g_list_store_append (self->calls, call);
  if (dt_call_is_active (call))
    g_hash_table_add (self->active_calls, call);
  if (ringing)
    g_list_store_append (self->incoming, call);
  g_signal_connect_object (call, "notify::state",
                           G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);

  g_object_freeze_notify (G_OBJECT (self));
  dt_call_manager_notify (self, PROP_N_CALLS);
  if (self->current_call == NULL)
    set_pointer (self, (gpointer *) &self->current_call, call, PROP_CURRENT_CALL);
  update_connected_call (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CALL_ADDED], 0, call);
  if (ringing)
    g_signal_emit (self, signals[INCOMING_CALL], 0, call);
}

void
dt_call_manager_untrack_call (DtCallManager *self,
                              DtCall        *call)
{
  g_autoptr(DtCall) hold = NULL;
  guint n;

  g_return_if_fail (DT_IS_CALL_MANAGER (self));
  g_return_if_fail (DT_IS_CALL (call));

  if (!g_list_store_find (self->calls, call, NULL))
    return;

  hold = g_object_ref (call);
  g_signal_handlers_disconnect_by_func (call, on_call_state, self);
  g_hash_table_remove (self->active_calls, call);
  remove_from (self->calls, call);
  remove_from (self->incoming, call);

  g_object_freeze_notify (G_OBJECT (self));
  dt_call_manager_notify (self, PROP_N_CALLS);
  n = n_items (self->calls);
  if (self->current_call == call)
    set_pointer (self, (gpointer *) &self->current_call,
                 n > 0 ? item_at (self->calls, n - 1) : NULL, PROP_CURRENT_CALL);
  update_connected_call (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CALL_REMOVED], 0, call);
}
