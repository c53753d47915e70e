/* dt-media-devices.h: the microphones and speakers, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media: a GstDeviceMonitor (Audio/Source, Audio/Sink) seen
 * as a GListModel of DtAudioDevice whose id is the PulseAudio device name
 * (what the microphone and the speaker take as "device") and whose name is the
 * device's description. Changes arrive on the thread-default main context.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DtMediaDevices DtMediaDevices;

DtMediaDevices *dt_media_devices_new       (void);
void            dt_media_devices_free      (DtMediaDevices *devices);
/* transfer none */
GListModel     *dt_media_devices_get_model (DtMediaDevices *devices);
/* Whether @id is a device of that kind now */
gboolean        dt_media_devices_has       (DtMediaDevices *devices,
                                            const char     *id,
                                            gboolean        is_input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaDevices, dt_media_devices_free)

G_END_DECLS
