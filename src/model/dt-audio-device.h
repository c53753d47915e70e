/* dt-audio-device.h: one microphone or speaker the media layer can use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_AUDIO_DEVICE (dt_audio_device_get_type ())
G_DECLARE_FINAL_TYPE (DtAudioDevice, dt_audio_device, DT, AUDIO_DEVICE, GObject)

DtAudioDevice *dt_audio_device_new          (const char    *id,
                                             const char    *name,
                                             gboolean       is_input);
const char    *dt_audio_device_get_id       (DtAudioDevice *self);
const char    *dt_audio_device_get_name     (DtAudioDevice *self);
gboolean       dt_audio_device_get_is_input (DtAudioDevice *self);

G_END_DECLS
