/* dt-media-session-recording.c: recording a call, and the recording's end
 * when its pipeline stops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-media-recorder.h"
#include "dt-media-session-private.h"

/* The file of a stopped pipeline is complete: a running pipeline (rebuilt
 * for a new codec or key) goes on recording into it */
static void
on_recorder_closed (gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DtMediaSession) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;

  self->recorder_closing = FALSE;
  if (self->pipeline != NULL && self->recording_path != NULL && self->recorder == NULL &&
      !dt_media_session_attach_recorder (self, TRUE, &error))
    g_warning ("The recording of the call stopped: %s", error->message);
}

void
dt_media_session_drop_pipeline (DtMediaSession *self)
{
  GstElement *recorder = g_steal_pointer (&self->recorder);
  GWeakRef *ref;

  if (self->pipeline == NULL)
    return;
  if (recorder == NULL)
    {
      g_clear_pointer (&self->pipeline, dt_media_pipeline_free);
      return;
    }

  /* The session may be gone by the time the file is complete */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->recorder_closing = TRUE;
  dt_media_pipeline_close (g_steal_pointer (&self->pipeline), recorder, on_recorder_closed, ref);
}

gboolean
dt_media_session_attach_recorder (DtMediaSession  *self,
                                  gboolean         append,
                                  GError         **error)
{
  self->recorder = dt_media_recorder_attach (dt_media_pipeline_get_element (self->pipeline),
                                             dt_media_pipeline_get_tap (self->pipeline, TRUE),
                                             dt_media_pipeline_get_tap (self->pipeline, FALSE),
                                             self->recording_path, append, error);
  if (self->recorder == NULL)
    return FALSE;
  dt_media_recorder_set_paused (self->recorder, self->recording_paused);
  return TRUE;
}

gboolean
dt_media_session_start_recording (DtMediaSession  *self,
                                  const char      *path,
                                  GError         **error)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->recording_path != NULL)
    {
      self->recording_paused = FALSE;
      if (self->recorder != NULL)
        dt_media_recorder_set_paused (self->recorder, FALSE);
      return TRUE;
    }
  if (self->pipeline == NULL)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The call has no audio to record yet."));
      return FALSE;
    }

  self->recording_path = g_strdup (path);
  self->recording_paused = FALSE;
  if (!dt_media_session_attach_recorder (self, FALSE, error))
    {
      g_clear_pointer (&self->recording_path, g_free);
      return FALSE;
    }
  return TRUE;
}

void
dt_media_session_pause_recording (DtMediaSession *self)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  self->recording_paused = TRUE;
  if (self->recorder != NULL)
    dt_media_recorder_set_paused (self->recorder, TRUE);
}

guint
dt_media_session_get_n_closing_recordings (void)
{
  return dt_media_pipeline_get_n_closing ();
}
