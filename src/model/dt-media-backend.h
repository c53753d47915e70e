/* dt-media-backend.h: what the model needs from the media layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_BACKEND (dt_media_backend_get_type ())
G_DECLARE_INTERFACE (DtMediaBackend, dt_media_backend, DT, MEDIA_BACKEND, GObject)

/**
 * DtMediaBackendInterface:
 *
 * One per application, implemented by the GStreamer layer and by the tests'
 * fake. It owns the audio devices and the per-call operations that touch
 * only media (no signalling): mute, recording. The media layer finds a
 * call's pipeline by the DtCall; the SIP layer creates that pipeline
 * through the session API the media issue adds here.
 *
 * get_devices() returns a live GListModel of DtAudioDevice that the backend
 * updates when devices come and go (items-changed is the change event).
 */
struct _DtMediaBackendInterface
{
  GTypeInterface parent_iface;

  GListModel * (*get_devices)     (DtMediaBackend  *self);
  /* @input_id / @output_id: a device id, or %NULL to keep the current one.
   * Applies to every call in progress without dropping it. */
  gboolean     (*set_devices)     (DtMediaBackend  *self,
                                   const char      *input_id,
                                   const char      *output_id,
                                   GError         **error);
  gboolean     (*set_muted)       (DtMediaBackend  *self,
                                   DtCall          *call,
                                   gboolean         muted,
                                   GError         **error);
  /* Starting again after a pause appends to the same @path. */
  gboolean     (*start_recording) (DtMediaBackend  *self,
                                   DtCall          *call,
                                   const char      *path,
                                   GError         **error);
  gboolean     (*pause_recording) (DtMediaBackend  *self,
                                   DtCall          *call,
                                   GError         **error);
};

GListModel *dt_media_backend_get_devices     (DtMediaBackend  *self);
gboolean    dt_media_backend_set_devices     (DtMediaBackend  *self,
                                              const char      *input_id,
                                              const char      *output_id,
                                              GError         **error);
gboolean    dt_media_backend_set_muted       (DtMediaBackend  *self,
                                              DtCall          *call,
                                              gboolean         muted,
                                              GError         **error);
gboolean    dt_media_backend_start_recording (DtMediaBackend  *self,
                                              DtCall          *call,
                                              const char      *path,
                                              GError         **error);
gboolean    dt_media_backend_pause_recording (DtMediaBackend  *self,
                                              DtCall          *call,
                                              GError         **error);

G_END_DECLS
