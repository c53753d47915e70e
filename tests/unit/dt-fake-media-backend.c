/* dt-fake-media-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-audio-device.h"
#include "dt-call-error.h"
#include "dt-fake-call-backend.h"
#include "dt-fake-media-backend.h"
#include "dt-model-private.h"

struct _DtFakeMediaBackend
{
  GObject        parent_instance;

  DtFakeJournal *journal;
  GListStore    *devices;
};

static void dt_fake_media_backend_iface_init (DtMediaBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtFakeMediaBackend, dt_fake_media_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_MEDIA_BACKEND,
                                                      dt_fake_media_backend_iface_init))

static const char *
call_label (DtCall *call)
{
  DtCallBackend *backend;

  g_assert (DT_IS_CALL (call));

  backend = dt_call_get_backend (call);
  if (DT_IS_FAKE_CALL_BACKEND (backend))
    return dt_fake_call_backend_get_label (DT_FAKE_CALL_BACKEND (backend));

  return dt_call_get_correlation_id (call);
}

static GListModel *
fake_get_devices (DtMediaBackend *backend)
{
  return G_LIST_MODEL (DT_FAKE_MEDIA_BACKEND (backend)->devices);
}

static gboolean
fake_set_devices (DtMediaBackend  *backend,
                  const char      *input_id,
                  const char      *output_id,
                  GError         **error)
{
  DtFakeMediaBackend *self = DT_FAKE_MEDIA_BACKEND (backend);
  g_autofree char *args = g_strdup_printf ("%s,%s",
                                           input_id ? input_id : "-",
                                           output_id ? output_id : "-");

  return dt_fake_journal_request (self->journal, "media", "set_devices", args, error);
}

static gboolean
fake_set_muted (DtMediaBackend  *backend,
                DtCall          *call,
                gboolean         muted,
                GError         **error)
{
  DtFakeMediaBackend *self = DT_FAKE_MEDIA_BACKEND (backend);
  g_autofree char *args = g_strdup_printf ("%s,%s", call_label (call),
                                           muted ? "on" : "off");

  return dt_fake_journal_request (self->journal, "media", "set_muted", args, error);
}

static gboolean
fake_start_recording (DtMediaBackend  *backend,
                      DtCall          *call,
                      const char      *path,
                      GError         **error)
{
  DtFakeMediaBackend *self = DT_FAKE_MEDIA_BACKEND (backend);
  g_autofree char *args = g_strdup_printf ("%s,%s", call_label (call),
                                           path ? path : "-");

  return dt_fake_journal_request (self->journal, "media", "start_recording", args, error);
}

static gboolean
fake_pause_recording (DtMediaBackend  *backend,
                      DtCall          *call,
                      GError         **error)
{
  DtFakeMediaBackend *self = DT_FAKE_MEDIA_BACKEND (backend);

  return dt_fake_journal_request (self->journal, "media", "pause_recording",
                                  call_label (call), error);
}

static void
dt_fake_media_backend_iface_init (DtMediaBackendInterface *iface)
{
  iface->get_devices = fake_get_devices;
  iface->set_devices = fake_set_devices;
  iface->set_muted = fake_set_muted;
  iface->start_recording = fake_start_recording;
  iface->pause_recording = fake_pause_recording;
}

static void
dt_fake_media_backend_finalize (GObject *object)
{
  DtFakeMediaBackend *self = DT_FAKE_MEDIA_BACKEND (object);

  /* Kept to the end: the model may still read the devices while it goes */
  g_clear_object (&self->devices);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (dt_fake_media_backend_parent_class)->finalize (object);
}

static void
dt_fake_media_backend_class_init (DtFakeMediaBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_fake_media_backend_finalize;
}

static void
dt_fake_media_backend_init (DtFakeMediaBackend *self)
{
  self->devices = g_list_store_new (DT_TYPE_AUDIO_DEVICE);
}

DtFakeMediaBackend *
dt_fake_media_backend_new (DtFakeJournal *journal)
{
  DtFakeMediaBackend *self = g_object_new (DT_TYPE_FAKE_MEDIA_BACKEND, NULL);

  self->journal = g_object_ref (journal);

  return self;
}

void
dt_fake_media_backend_add_device (DtFakeMediaBackend *self,
                                  const char         *id,
                                  const char         *name,
                                  gboolean            is_input)
{
  g_autoptr(DtAudioDevice) device = NULL;

  g_return_if_fail (DT_IS_FAKE_MEDIA_BACKEND (self));

  device = dt_audio_device_new (id, name, is_input);
  g_list_store_append (self->devices, device);
}

gboolean
dt_fake_media_backend_remove_device (DtFakeMediaBackend *self,
                                     const char         *id)
{
  guint n;

  g_return_val_if_fail (DT_IS_FAKE_MEDIA_BACKEND (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtAudioDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      if (g_strcmp0 (dt_audio_device_get_id (device), id) == 0)
        {
          g_list_store_remove (self->devices, i);
          return TRUE;
        }
    }

  return FALSE;
}

void
dt_fake_media_backend_fail_next (DtFakeMediaBackend *self,
                                 const char         *op,
                                 int                 code,
                                 const char         *message)
{
  g_return_if_fail (DT_IS_FAKE_MEDIA_BACKEND (self));

  dt_fake_journal_fail_next (self->journal, "media", op,
                             DT_CALL_ERROR, code, message);
}
