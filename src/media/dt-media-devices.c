/* dt-media-devices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "dt-audio-device.h"
#include "dt-media-devices.h"

struct _DtMediaDevices
{
  GstDeviceMonitor *monitor;
  GListStore       *store;
  guint             bus_watch;
};

/* The name the microphone and the speaker take: pulse devices carry it as
 * "internal-name"; other providers have no such name and are left out */
static char *
device_id (GstDevice *device)
{
  char *id = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &id, NULL);
  return id;
}

static gboolean
find (DtMediaDevices *self,
      const char     *id,
      gboolean        is_input,
      guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtAudioDevice) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (dt_audio_device_get_is_input (item) == is_input &&
          g_strcmp0 (dt_audio_device_get_id (item), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_device (DtMediaDevices *self,
            GstDevice      *device)
{
  g_autofree char *id = device_id (device);
  g_autofree char *name = gst_device_get_display_name (device);
  gboolean is_input = gst_device_has_classes (device, "Audio/Source");
  g_autoptr(DtAudioDevice) item = NULL;

  if (id == NULL || find (self, id, is_input, NULL))
    return;

  item = dt_audio_device_new (id, name, is_input);
  g_list_store_append (self->store, item);
}

static void
remove_device (DtMediaDevices *self,
               GstDevice      *device)
{
  g_autofree char *id = device_id (device);
  guint position;

  if (id != NULL && find (self, id, gst_device_has_classes (device, "Audio/Source"), &position))
    g_list_store_remove (self->store, position);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  DtMediaDevices *self = user_data;
  g_autoptr(GstDevice) device = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      add_device (self, device);
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      remove_device (self, device);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

DtMediaDevices *
dt_media_devices_new (void)
{
  DtMediaDevices *self = g_new0 (DtMediaDevices, 1);
  g_autoptr(GstBus) bus = NULL;
  GList *devices;

  gst_init (NULL, NULL);
  self->store = g_list_store_new (DT_TYPE_AUDIO_DEVICE);
  self->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (self->monitor, "Audio/Source", NULL);
  gst_device_monitor_add_filter (self->monitor, "Audio/Sink", NULL);

  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  /* Without a sound server there is nothing to list, which is no error */
  if (!gst_device_monitor_start (self->monitor))
    {
      g_debug ("No audio device monitor could start");
      return self;
    }

  devices = gst_device_monitor_get_devices (self->monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);

  return self;
}

void
dt_media_devices_free (DtMediaDevices *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  gst_device_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_free (self);
}

GListModel *
dt_media_devices_get_model (DtMediaDevices *self)
{
  return G_LIST_MODEL (self->store);
}

gboolean
dt_media_devices_has (DtMediaDevices *self,
                      const char     *id,
                      gboolean        is_input)
{
  return find (self, id, is_input, NULL);
}
