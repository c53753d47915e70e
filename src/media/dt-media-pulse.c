/* dt-media-pulse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-media-pulse.h"

/* Messages from the server handled at once without waiting: more than a
 * call's stream sends between two blocks */
#define MAX_ROUNDS 64

void
dt_media_pulse_settings_clear (DtMediaPulseSettings *self)
{
  g_clear_pointer (&self->device, g_free);
  g_clear_pointer (&self->stream_properties, gst_structure_free);
}

void
dt_media_pulse_install_properties (GObjectClass  *klass,
                                   GParamSpec   **properties)
{
  properties[DT_MEDIA_PULSE_PROP_DEVICE] =
    g_param_spec_string ("device", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[DT_MEDIA_PULSE_PROP_STREAM_PROPERTIES] =
    g_param_spec_boxed ("stream-properties", NULL, NULL,
                        GST_TYPE_STRUCTURE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (klass, DT_MEDIA_PULSE_N_PROPS, properties);
}

void
dt_media_pulse_get_property (GObject              *object,
                             DtMediaPulseSettings *settings,
                             guint                 prop_id,
                             GValue               *value,
                             GParamSpec           *pspec)
{
  GST_OBJECT_LOCK (object);
  switch (prop_id)
    {
    case DT_MEDIA_PULSE_PROP_DEVICE:
      g_value_set_string (value, settings->device);
      break;
    case DT_MEDIA_PULSE_PROP_STREAM_PROPERTIES:
      g_value_set_boxed (value, settings->stream_properties);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (object);
}

static gboolean
set_device (DtMediaPulseSettings *self,
            const char           *device)
{
  if (g_strcmp0 (self->device, device) == 0)
    return FALSE;
  g_free (self->device);
  self->device = g_strdup (device);
  /* NULL, the server's default, leaves a running stream where it is */
  self->move_pending = device != NULL;
  return TRUE;
}

static gboolean
set_stream_properties (DtMediaPulseSettings *self,
                       const GstStructure   *properties)
{
  gboolean same = self->stream_properties == NULL || properties == NULL
                    ? self->stream_properties == properties
                    : gst_structure_is_equal (self->stream_properties, properties);

  if (same)
    return FALSE;
  g_clear_pointer (&self->stream_properties, gst_structure_free);
  if (properties != NULL)
    self->stream_properties = gst_structure_copy (properties);
  return TRUE;
}

void
dt_media_pulse_set_property (GObject              *object,
                             DtMediaPulseSettings *settings,
                             guint                 prop_id,
                             const GValue         *value,
                             GParamSpec           *pspec)
{
  gboolean changed = FALSE;

  GST_OBJECT_LOCK (object);
  switch (prop_id)
    {
    case DT_MEDIA_PULSE_PROP_DEVICE:
      changed = set_device (settings, g_value_get_string (value));
      break;
    case DT_MEDIA_PULSE_PROP_STREAM_PROPERTIES:
      changed = set_stream_properties (settings, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (object);

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static gboolean
connect_context (DtMediaPulse *self)
{
  pa_proplist *list = pa_proplist_new ();
  pa_context_state_t state;

  pa_proplist_sets (list, PA_PROP_APPLICATION_ID, APP_ID);
  pa_proplist_sets (list, PA_PROP_APPLICATION_ICON_NAME, APP_ID);
  self->mainloop = pa_mainloop_new ();
  self->context = pa_context_new_with_proplist (pa_mainloop_get_api (self->mainloop),
                                                g_get_application_name (), list);
  pa_proplist_free (list);

  if (pa_context_connect (self->context, NULL, PA_CONTEXT_NOFLAGS, NULL) < 0)
    return FALSE;
  while ((state = pa_context_get_state (self->context)) != PA_CONTEXT_READY)
    if (!PA_CONTEXT_IS_GOOD (state) || !dt_media_pulse_iterate (self))
      return FALSE;
  return TRUE;
}

gboolean
dt_media_pulse_open (DtMediaPulse *self,
                     GstElement   *element)
{
  if (connect_context (self))
    return TRUE;
  GST_ELEMENT_ERROR (element, RESOURCE, OPEN_READ_WRITE,
                     (_("The sound server could not be reached.")),
                     ("%s", dt_media_pulse_error (self)));
  dt_media_pulse_close (self);
  return FALSE;
}

void
dt_media_pulse_close (DtMediaPulse *self)
{
  if (self->context != NULL)
    {
      pa_context_disconnect (self->context);
      g_clear_pointer (&self->context, pa_context_unref);
    }
  g_clear_pointer (&self->mainloop, pa_mainloop_free);
}

const char *
dt_media_pulse_error (DtMediaPulse *self)
{
  return pa_strerror (self->context != NULL ? pa_context_errno (self->context)
                                            : PA_ERR_CONNECTIONREFUSED);
}

gboolean
dt_media_pulse_iterate (DtMediaPulse *self)
{
  return pa_mainloop_iterate (self->mainloop, TRUE, NULL) >= 0;
}

/* A round handles one message, and what stays in the socket is newer than
 * what was handled: a stream read or written without this would fall
 * behind the server for good */
gboolean
dt_media_pulse_catch_up (DtMediaPulse *self)
{
  int dispatched = 0;

  for (guint round = 0; round < MAX_ROUNDS; round++)
    if ((dispatched = pa_mainloop_iterate (self->mainloop, FALSE, NULL)) <= 0)
      break;
  return dispatched >= 0;
}

gboolean
dt_media_pulse_send (DtMediaPulse *self)
{
  return pa_mainloop_iterate (self->mainloop, FALSE, NULL) >= 0;
}

void
dt_media_pulse_wakeup (DtMediaPulse *self)
{
  if (self->mainloop != NULL)
    pa_mainloop_wakeup (self->mainloop);
}

gboolean
dt_media_pulse_wait_ready (DtMediaPulse *self,
                           pa_stream    *stream)
{
  pa_stream_state_t state;

  while ((state = pa_stream_get_state (stream)) != PA_STREAM_READY)
    if (!PA_STREAM_IS_GOOD (state) || !dt_media_pulse_iterate (self))
      return FALSE;
  return TRUE;
}

static gboolean
add_property (GQuark        field,
              const GValue *value,
              gpointer      user_data)
{
  pa_proplist *list = user_data;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    pa_proplist_sets (list, g_quark_to_string (field), g_value_get_string (value));
  return TRUE;
}

/* The string fields of @properties (may be NULL) as a property list */
static pa_proplist *
to_proplist (const GstStructure *properties)
{
  pa_proplist *list = pa_proplist_new ();

  if (properties != NULL)
    gst_structure_foreach (properties, add_property, list);
  return list;
}

void
dt_media_pulse_operation_clear (pa_operation **operation)
{
  if (*operation == NULL)
    return;
  if (pa_operation_get_state (*operation) == PA_OPERATION_RUNNING)
    pa_operation_cancel (*operation);
  g_clear_pointer (operation, pa_operation_unref);
}

static void
on_moved (pa_context *context,
          int         success,
          gpointer    user_data)
{
  if (!success)
    g_debug ("Moving a sound stream to %s failed: %s", (const char *) user_data,
             pa_strerror (pa_context_errno (context)));
}

pa_stream *
dt_media_pulse_stream_new (DtMediaPulse         *self,
                           GstObject            *element,
                           DtMediaPulseSettings *settings,
                           const GstAudioInfo   *info,
                           char                **device)
{
  pa_sample_spec spec = {
    .format = PA_SAMPLE_S16LE,
    .rate = (uint32_t) GST_AUDIO_INFO_RATE (info),
    .channels = (uint8_t) GST_AUDIO_INFO_CHANNELS (info),
  };
  pa_proplist *list;
  pa_stream *stream;

  GST_OBJECT_LOCK (element);
  *device = g_strdup (settings->device);
  settings->move_pending = FALSE;
  list = to_proplist (settings->stream_properties);
  GST_OBJECT_UNLOCK (element);

  stream = pa_stream_new_with_proplist (self->context, _("Call"), &spec, NULL, list);
  pa_proplist_free (list);
  return stream;
}

gboolean
dt_media_pulse_follow_device (DtMediaPulse          *self,
                              GstObject             *element,
                              DtMediaPulseSettings  *settings,
                              pa_stream             *stream,
                              pa_stream_direction_t  direction,
                              pa_operation         **move)
{
  const char *name = NULL;
  guint32 index;

  GST_OBJECT_LOCK (element);
  /* Interned: the answer may come after the stream and its element */
  if (settings->move_pending)
    name = g_intern_string (settings->device);
  settings->move_pending = FALSE;
  GST_OBJECT_UNLOCK (element);

  if (name == NULL)
    return FALSE;
  index = pa_stream_get_index (stream);
  dt_media_pulse_operation_clear (move);
  if (direction == PA_STREAM_PLAYBACK)
    *move = pa_context_move_sink_input_by_name (self->context, index, name, on_moved,
                                                (gpointer) name);
  else
    *move = pa_context_move_source_output_by_name (self->context, index, name, on_moved,
                                                   (gpointer) name);
  return TRUE;
}

void
dt_media_pulse_stream_clear (pa_stream    **stream,
                             pa_operation **move)
{
  dt_media_pulse_operation_clear (move);
  if (*stream == NULL)
    return;
  pa_stream_disconnect (*stream);
  g_clear_pointer (stream, pa_stream_unref);
}
