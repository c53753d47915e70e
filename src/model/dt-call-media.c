/* dt-call-media.c: what a call asks of the media backend: muting, recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-call-private.h"

static DtMediaBackend *
get_media_backend (DtCall *self)
{
  DtCallManager *manager = self->line != NULL ? dt_line_get_manager (self->line) : NULL;

  return manager != NULL ? dt_call_manager_get_media_backend (manager) : NULL;
}

gboolean
dt_call_set_muted (DtCall    *self,
                   gboolean   muted,
                   GError   **error)
{
  DtMediaBackend *media;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  /* Without a media layer there is nothing to mute but the flag */
  if (!dt_check (self->state != DT_CALL_STATE_DISCONNECTED, DT_CALL_ERROR_INVALID_STATE,
                 _("The call has already ended."), error) ||
      (self->muted != !!muted && media != NULL &&
       !dt_media_backend_set_muted (media, self, muted, error)))
    return FALSE;

  dt_call_update_flag (self, &self->muted, muted, PROP_MUTED);

  return TRUE;
}

gboolean
dt_call_start_recording (DtCall      *self,
                         const char  *path,
                         GError     **error)
{
  DtMediaBackend *media;
  g_autofree char *file = NULL;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  if (!dt_check ((STATE (self->state) & ANSWERED) != 0, DT_CALL_ERROR_INVALID_STATE,
                 _("Only an answered call can be recorded."), error) ||
      !dt_check (self->recording != DT_RECORDING_STATE_RECORDING, DT_CALL_ERROR_INVALID_STATE,
                 _("The call is already being recorded."), error) ||
      !dt_check (media != NULL, DT_CALL_ERROR_FAILED, _("Recording is not available."), error))
    return FALSE;

  /* After a pause the recording goes on in the same file */
  if (self->recording == DT_RECORDING_STATE_PAUSED)
    file = g_strdup (self->recording_path);
  else if (path != NULL && *path != '\0')
    file = g_strdup (path);
  else
    file = dt_media_backend_default_recording_path (self->correlation_id, error);

  if (file == NULL || !dt_media_backend_start_recording (media, self, file, error))
    return FALSE;

  dt_call_update_string (self, &self->recording_path, file, PROP_RECORDING_PATH);
  self->recording = DT_RECORDING_STATE_RECORDING;
  NOTIFY (self, PROP_RECORDING);

  return TRUE;
}

gboolean
dt_call_pause_recording (DtCall  *self,
                         GError **error)
{
  DtMediaBackend *media;

  g_return_val_if_fail (DT_IS_CALL (self), FALSE);

  media = get_media_backend (self);
  if (!dt_check (self->recording == DT_RECORDING_STATE_RECORDING &&
                 self->state != DT_CALL_STATE_DISCONNECTED, DT_CALL_ERROR_INVALID_STATE,
                 _("The call is not being recorded."), error) ||
      !dt_check (media != NULL, DT_CALL_ERROR_FAILED, _("Recording is not available."), error) ||
      !dt_media_backend_pause_recording (media, self, error))
    return FALSE;

  self->recording = DT_RECORDING_STATE_PAUSED;
  NOTIFY (self, PROP_RECORDING);

  return TRUE;
}
