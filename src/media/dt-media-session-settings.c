/* dt-media-session-settings.c: what the user chooses of a call's audio:
 * muting, devices, echo cancellation, latency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-media-session-private.h"

/* Whether @str changed (g_set_str is newer than our GLib) */
static gboolean
replace_string (char       **str,
                const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

gboolean
dt_media_session_get_muted (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  return self->muted;
}

void
dt_media_session_set_muted (DtMediaSession *self,
                            gboolean        muted)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  muted = !!muted;
  if (self->muted == muted)
    return;

  self->muted = muted;
  if (self->pipeline != NULL)
    dt_media_pipeline_set_muted (self->pipeline, muted);
  dt_media_session_notify (self, PROP_MUTED);
}

const char *
dt_media_session_get_input_device (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), NULL);

  return self->input_device;
}

void
dt_media_session_set_input_device (DtMediaSession *self,
                                   const char     *device)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  if (!replace_string (&self->input_device, device))
    return;

  if (self->pipeline != NULL)
    dt_media_pipeline_set_devices (self->pipeline, self->input_device, self->output_device);
  dt_media_session_notify (self, PROP_INPUT_DEVICE);
}

const char *
dt_media_session_get_output_device (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), NULL);

  return self->output_device;
}

void
dt_media_session_set_output_device (DtMediaSession *self,
                                    const char     *device)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  if (!replace_string (&self->output_device, device))
    return;

  if (self->pipeline != NULL)
    dt_media_pipeline_set_devices (self->pipeline, self->input_device, self->output_device);
  dt_media_session_notify (self, PROP_OUTPUT_DEVICE);
}

gboolean
dt_media_session_get_echo_cancellation (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), FALSE);

  return self->echo_cancellation;
}

void
dt_media_session_set_echo_cancellation (DtMediaSession *self,
                                        gboolean        enabled)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));

  enabled = !!enabled;
  if (self->echo_cancellation == enabled)
    return;

  self->echo_cancellation = enabled;
  dt_media_session_notify (self, PROP_ECHO_CANCELLATION);
}

guint
dt_media_session_get_latency (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->latency_ms;
}

void
dt_media_session_set_latency (DtMediaSession *self,
                              guint           latency_ms)
{
  g_return_if_fail (DT_IS_MEDIA_SESSION (self));
  g_return_if_fail (latency_ms <= MAX_LATENCY_MS);

  if (self->latency_ms == latency_ms)
    return;

  self->latency_ms = latency_ms;
  dt_media_session_notify (self, PROP_LATENCY);
}

guint
dt_media_session_get_current_latency (DtMediaSession *self)
{
  g_return_val_if_fail (DT_IS_MEDIA_SESSION (self), 0);

  return self->pipeline != NULL ? dt_media_pipeline_get_latency (self->pipeline) : 0;
}
