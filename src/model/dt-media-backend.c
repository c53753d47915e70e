/* dt-media-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dt-call-error.h"
#include "dt-media-backend.h"
#include "dt-model-private.h"

G_DEFINE_INTERFACE (DtMediaBackend, dt_media_backend, G_TYPE_OBJECT)

/* A backend may leave out what its pipeline cannot do; the caller then gets
 * an error it can show instead of a crash. */
static gboolean
not_supported (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED, message);
  return FALSE;
}

static void
dt_media_backend_default_init (DtMediaBackendInterface *iface)
{
}

/* transfer none; %NULL when the backend lists no devices */
GListModel *
dt_media_backend_get_devices (DtMediaBackend *self)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), NULL);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->get_devices == NULL)
    return NULL;

  return iface->get_devices (self);
}

gboolean
dt_media_backend_set_devices (DtMediaBackend  *self,
                              const char      *input_id,
                              const char      *output_id,
                              GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->set_devices == NULL)
    return not_supported (error, _("Choosing audio devices is not supported."));

  return iface->set_devices (self, input_id, output_id, error);
}

gboolean
dt_media_backend_set_muted (DtMediaBackend  *self,
                            DtCall          *call,
                            gboolean         muted,
                            GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->set_muted == NULL)
    return not_supported (error, _("Muting calls is not supported."));

  return iface->set_muted (self, call, muted, error);
}

gboolean
dt_media_backend_start_recording (DtMediaBackend  *self,
                                  DtCall          *call,
                                  const char      *path,
                                  GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->start_recording == NULL)
    return not_supported (error, _("Recording calls is not supported."));

  return iface->start_recording (self, call, path, error);
}

gboolean
dt_media_backend_pause_recording (DtMediaBackend  *self,
                                  DtCall          *call,
                                  GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->pause_recording == NULL)
    return not_supported (error, _("Recording calls is not supported."));

  return iface->pause_recording (self, call, error);
}

gboolean
dt_media_backend_prepare_call (DtMediaBackend      *self,
                               DtCall              *call,
                               const char          *local_address,
                               const char          *srtp,
                               const char * const  *codecs,
                               GError             **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (local_address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->prepare_call == NULL)
    return not_supported (error, _("Calls with audio are not supported."));

  return iface->prepare_call (self, call, local_address, srtp, codecs, error);
}

char *
dt_media_backend_create_offer (DtMediaBackend  *self,
                               DtCall          *call,
                               gboolean         hold,
                               GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->create_offer == NULL)
    {
      not_supported (error, _("Calls with audio are not supported."));
      return NULL;
    }

  return iface->create_offer (self, call, hold, error);
}

char *
dt_media_backend_answer_offer (DtMediaBackend  *self,
                               DtCall          *call,
                               const char      *offer,
                               gboolean         hold,
                               GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (offer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->answer_offer == NULL)
    {
      not_supported (error, _("Calls with audio are not supported."));
      return NULL;
    }

  return iface->answer_offer (self, call, offer, hold, error);
}

gboolean
dt_media_backend_set_remote_answer (DtMediaBackend  *self,
                                    DtCall          *call,
                                    const char      *answer,
                                    GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->set_remote_answer == NULL)
    return not_supported (error, _("Calls with audio are not supported."));

  return iface->set_remote_answer (self, call, answer, error);
}

gboolean
dt_media_backend_send_dtmf (DtMediaBackend  *self,
                            DtCall          *call,
                            const char      *digits,
                            GError         **error)
{
  DtMediaBackendInterface *iface;

  g_return_val_if_fail (DT_IS_MEDIA_BACKEND (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->send_dtmf == NULL)
    {
      /* INVALID_STATE: the caller falls back to sending them in signalling */
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("Dial tones cannot be sent in the audio of this call."));
      return FALSE;
    }

  return iface->send_dtmf (self, call, digits, error);
}

void
dt_media_backend_release_call (DtMediaBackend *self,
                               DtCall         *call)
{
  DtMediaBackendInterface *iface;

  g_return_if_fail (DT_IS_MEDIA_BACKEND (self));
  g_return_if_fail (call != NULL);

  iface = DT_MEDIA_BACKEND_GET_IFACE (self);
  if (iface->release_call != NULL)
    iface->release_call (self, call);
}

char *
dt_media_backend_default_recording_path (const char  *correlation_id,
                                         GError     **error)
{
  const char *music = g_get_user_special_dir (G_USER_DIRECTORY_MUSIC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("call-%s-%s.ogg", stamp, correlation_id);
  g_autofree char *dir = NULL;

  if (music != NULL)
    dir = g_strdup (music);
  else
    dir = g_build_filename (g_get_user_data_dir (), "dialtone", "recordings", NULL);

  /* A backend only opens the file; the folder is the model's to provide */
  if (!dt_check (g_mkdir_with_parents (dir, 0700) == 0, DT_CALL_ERROR_FAILED,
                 _("The folder for call recordings could not be created."), error))
    return NULL;

  return g_build_filename (dir, name, NULL);
}
