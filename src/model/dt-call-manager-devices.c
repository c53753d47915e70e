/* dt-call-manager-devices.c: the microphone and speaker that calls use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-audio-device.h"
#include "dt-call-error.h"
#include "dt-call-manager-private.h"

static gboolean
has_device (DtCallManager *self,
            const char    *id,
            gboolean       is_input)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->devices); i++)
    {
      g_autoptr(DtAudioDevice) device = g_list_model_get_item (self->devices, i);

      if (dt_audio_device_get_is_input (device) == !!is_input &&
          g_strcmp0 (dt_audio_device_get_id (device), id) == 0)
        return TRUE;
    }

  return FALSE;
}

void
dt_call_manager_devices_changed (DtCallManager *self)
{
  if (*self->input_device != '\0' && !has_device (self, self->input_device, TRUE) &&
      dt_set_string (&self->input_device, ""))
    dt_call_manager_notify (self, PROP_INPUT_DEVICE);
  if (*self->output_device != '\0' && !has_device (self, self->output_device, FALSE) &&
      dt_set_string (&self->output_device, ""))
    dt_call_manager_notify (self, PROP_OUTPUT_DEVICE);
}

gboolean
dt_call_manager_set_audio_devices (DtCallManager  *self,
                                   const char     *input_id,
                                   const char     *output_id,
                                   GError        **error)
{
  g_return_val_if_fail (DT_IS_CALL_MANAGER (self), FALSE);

  /* "" keeps the current device, like NULL */
  if (input_id != NULL && *input_id == '\0')
    input_id = NULL;
  if (output_id != NULL && *output_id == '\0')
    output_id = NULL;

  if (!dt_check (input_id == NULL || has_device (self, input_id, TRUE),
                 DT_CALL_ERROR_INVALID_ARGUMENT,
                 _("The chosen microphone is not available."), error) ||
      !dt_check (output_id == NULL || has_device (self, output_id, FALSE),
                 DT_CALL_ERROR_INVALID_ARGUMENT,
                 _("The chosen speaker is not available."), error))
    return FALSE;

  if (input_id == NULL && output_id == NULL)
    return TRUE;

  if (self->media_backend != NULL &&
      !dt_media_backend_set_devices (self->media_backend, input_id, output_id, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (input_id != NULL && dt_set_string (&self->input_device, input_id))
    dt_call_manager_notify (self, PROP_INPUT_DEVICE);
  if (output_id != NULL && dt_set_string (&self->output_device, output_id))
    dt_call_manager_notify (self, PROP_OUTPUT_DEVICE);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}
