/* dt-gst-media-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-call.h"
#include "dt-gst-media-backend.h"
#include "dt-media-codecs.h"
#include "dt-media-call.h"
#include "dt-media-devices.h"

#define DEFAULT_LATENCY_MS 40

enum {
  PROP_0,
  PROP_INPUT_DEVICE,
  PROP_OUTPUT_DEVICE,
  PROP_ECHO_CANCELLATION,
  PROP_LATENCY,
  PROP_CODECS,
  N_PROPS
};

struct _DtGstMediaBackend
{
  GObject         parent_instance;

  DtMediaDevices *devices;
  char           *input_device;
  char           *output_device;
  gboolean        echo_cancellation;
  guint           latency_ms;
  /* Known codec names only, most preferred first; NULL: the default order */
  char          **codecs;
  /* DtCall * (weak) → DtMediaCall * */
  GHashTable     *calls;
};

static void dt_gst_media_backend_iface_init (DtMediaBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtGstMediaBackend, dt_gst_media_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_MEDIA_BACKEND,
                                                      dt_gst_media_backend_iface_init))

static GParamSpec *properties[N_PROPS];

/* A call that went away without a disconnect signal */
static void
on_call_finalized (gpointer  data,
                   GObject  *where_the_call_was)
{
  DtGstMediaBackend *self = data;
  DtMediaCall *media = NULL;

  /* Its handlers are already gone; the audio goes now */
  g_hash_table_steal_extended (self->calls, where_the_call_was, NULL, (gpointer *) &media);
  dt_media_call_free (media);
}

static void
release (DtGstMediaBackend *self,
         DtCall            *call)
{
  if (!g_hash_table_contains (self->calls, call))
    return;
  g_signal_handlers_disconnect_by_data (call, self);
  g_object_weak_unref (G_OBJECT (call), on_call_finalized, self);
  g_hash_table_remove (self->calls, call);
}

static void
on_call_disconnect (DtCall            *call,
                    const char        *reason,
                    DtGstMediaBackend *self)
{
  release (self, call);
}

static DtMediaCall *
lookup (DtGstMediaBackend *self,
        DtCall            *call,
        gboolean           create)
{
  DtMediaCall *media = g_hash_table_lookup (self->calls, call);

  if (media != NULL || !create)
    return media;

  media = dt_media_call_new (call);
  g_object_weak_ref (G_OBJECT (call), on_call_finalized, self);
  g_signal_connect (call, "disconnect", G_CALLBACK (on_call_disconnect), self);
  g_hash_table_insert (self->calls, call, media);
  return media;
}

/* The call's audio, or an error saying it has none */
static DtMediaCall *
lookup_prepared (DtGstMediaBackend  *self,
                 DtCall             *call,
                 GError            **error)
{
  DtMediaCall *media = lookup (self, call, FALSE);

  if (media == NULL || dt_media_call_get_session (media) == NULL)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("The call has no audio."));
      return NULL;
    }
  return media;
}

static GListModel *
backend_get_devices (DtMediaBackend *backend)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (backend);

  return dt_media_devices_get_model (self->devices);
}

static void
set_device (DtGstMediaBackend *self,
            gboolean           input,
            const char        *id)
{
  GHashTableIter iter;
  DtMediaCall *media;
  char **field = input ? &self->input_device : &self->output_device;

  if (id == NULL || g_strcmp0 (*field, id) == 0)
    return;

  g_free (*field);
  *field = g_strdup (id);

  /* Every call moves at once; the microphone and the speaker move their
   * streams live */
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &media))
    {
      DtMediaSession *session = dt_media_call_get_session (media);

      if (session != NULL && input)
        dt_media_session_set_input_device (session, id);
      else if (session != NULL)
        dt_media_session_set_output_device (session, id);
    }

  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[input ? PROP_INPUT_DEVICE : PROP_OUTPUT_DEVICE]);
}

static gboolean
backend_set_devices (DtMediaBackend  *backend,
                     const char      *input_id,
                     const char      *output_id,
                     GError         **error)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (backend);

  set_device (self, TRUE, input_id);
  set_device (self, FALSE, output_id);
  return TRUE;
}

static gboolean
backend_set_muted (DtMediaBackend  *backend,
                   DtCall          *call,
                   gboolean         muted,
                   GError         **error)
{
  /* Remembered for audio that starts later */
  dt_media_call_set_muted (lookup (DT_GST_MEDIA_BACKEND (backend), call, TRUE), muted);
  return TRUE;
}

static gboolean
backend_start_recording (DtMediaBackend  *backend,
                         DtCall          *call,
                         const char      *path,
                         GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL && dt_media_call_start_recording (media, path, error);
}

static gboolean
backend_pause_recording (DtMediaBackend  *backend,
                         DtCall          *call,
                         GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL && dt_media_call_pause_recording (media, error);
}

/* Keeps the names of codecs we have, in their order: a setting that names
 * none of them leaves the default order rather than no codec at all */
static char **
known_codecs (const char * const *names)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) known = NULL;

  for (gsize i = 0; names != NULL && names[i] != NULL; i++)
    if (dt_media_codecs_lookup (names[i]) != NULL)
      g_strv_builder_add (builder, names[i]);
  known = g_strv_builder_end (builder);
  return known[0] != NULL ? g_steal_pointer (&known) : NULL;
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  return (a == NULL || b == NULL) ? a == b : g_strv_equal (a, b);
}

static gboolean
backend_prepare_call (DtMediaBackend      *backend,
                      DtCall              *call,
                      const char          *local_address,
                      const char          *srtp,
                      const char * const  *codecs,
                      GError             **error)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (backend);
  DtMediaCallConfig config = {
    .input_device = self->input_device,
    .output_device = self->output_device,
    .echo_cancellation = self->echo_cancellation,
    .latency_ms = self->latency_ms,
  };

  return dt_media_call_prepare (lookup (self, call, TRUE), local_address, srtp,
                                codecs != NULL ? codecs : (const char * const *) self->codecs,
                                &config, error);
}

static char *
backend_create_offer (DtMediaBackend  *backend,
                      DtCall          *call,
                      gboolean         hold,
                      GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL ? dt_media_call_create_offer (media, hold, error) : NULL;
}

static char *
backend_answer_offer (DtMediaBackend  *backend,
                      DtCall          *call,
                      const char      *offer,
                      gboolean         hold,
                      GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL ? dt_media_call_answer_offer (media, offer, hold, error) : NULL;
}

static gboolean
backend_set_remote_answer (DtMediaBackend  *backend,
                           DtCall          *call,
                           const char      *answer,
                           GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL && dt_media_call_set_remote_answer (media, answer, error);
}

static gboolean
backend_send_dtmf (DtMediaBackend  *backend,
                   DtCall          *call,
                   const char      *digits,
                   GError         **error)
{
  DtMediaCall *media = lookup_prepared (DT_GST_MEDIA_BACKEND (backend), call, error);

  return media != NULL && dt_media_call_send_dtmf (media, digits, error);
}

static void
backend_release_call (DtMediaBackend *backend,
                      DtCall         *call)
{
  release (DT_GST_MEDIA_BACKEND (backend), call);
}

static void
dt_gst_media_backend_iface_init (DtMediaBackendInterface *iface)
{
  iface->get_devices = backend_get_devices;
  iface->set_devices = backend_set_devices;
  iface->set_muted = backend_set_muted;
  iface->start_recording = backend_start_recording;
  iface->pause_recording = backend_pause_recording;
  iface->prepare_call = backend_prepare_call;
  iface->create_offer = backend_create_offer;
  iface->answer_offer = backend_answer_offer;
  iface->set_remote_answer = backend_set_remote_answer;
  iface->send_dtmf = backend_send_dtmf;
  iface->release_call = backend_release_call;
}

static void
dt_gst_media_backend_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (object);

  switch (prop_id)
    {
    case PROP_INPUT_DEVICE:
      g_value_set_string (value, self->input_device);
      break;
    case PROP_OUTPUT_DEVICE:
      g_value_set_string (value, self->output_device);
      break;
    case PROP_ECHO_CANCELLATION:
      g_value_set_boolean (value, self->echo_cancellation);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency_ms);
      break;
    case PROP_CODECS:
      g_value_set_boxed (value, self->codecs);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_gst_media_backend_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (object);

  switch (prop_id)
    {
    case PROP_INPUT_DEVICE:
      set_device (self, TRUE, g_value_get_string (value));
      break;
    case PROP_OUTPUT_DEVICE:
      set_device (self, FALSE, g_value_get_string (value));
      break;
    case PROP_ECHO_CANCELLATION:
      if (self->echo_cancellation != g_value_get_boolean (value))
        {
          self->echo_cancellation = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_LATENCY:
      if (self->latency_ms != g_value_get_uint (value))
        {
          self->latency_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CODECS:
      {
        g_auto(GStrv) codecs = known_codecs (g_value_get_boxed (value));

        if (!strv_equal ((const char * const *) codecs, (const char * const *) self->codecs))
          {
            g_strfreev (self->codecs);
            self->codecs = g_steal_pointer (&codecs);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_gst_media_backend_dispose (GObject *object)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (object);
  GHashTableIter iter;
  gpointer call;

  if (self->calls != NULL)
    {
      g_hash_table_iter_init (&iter, self->calls);
      while (g_hash_table_iter_next (&iter, &call, NULL))
        {
          g_signal_handlers_disconnect_by_data (call, self);
          g_object_weak_unref (call, on_call_finalized, self);
        }
      g_clear_pointer (&self->calls, g_hash_table_unref);
    }
  g_clear_pointer (&self->devices, dt_media_devices_free);

  G_OBJECT_CLASS (dt_gst_media_backend_parent_class)->dispose (object);
}

static void
dt_gst_media_backend_finalize (GObject *object)
{
  DtGstMediaBackend *self = DT_GST_MEDIA_BACKEND (object);

  g_free (self->input_device);
  g_free (self->output_device);
  g_strfreev (self->codecs);

  G_OBJECT_CLASS (dt_gst_media_backend_parent_class)->finalize (object);
}

static void
dt_gst_media_backend_class_init (DtGstMediaBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dt_gst_media_backend_get_property;
  object_class->set_property = dt_gst_media_backend_set_property;
  object_class->dispose = dt_gst_media_backend_dispose;
  object_class->finalize = dt_gst_media_backend_finalize;

  properties[PROP_INPUT_DEVICE] =
    g_param_spec_string ("input-device", NULL, NULL, NULL, rw);
  properties[PROP_OUTPUT_DEVICE] =
    g_param_spec_string ("output-device", NULL, NULL, NULL, rw);
  properties[PROP_ECHO_CANCELLATION] =
    g_param_spec_boolean ("echo-cancellation", NULL, NULL, TRUE, rw | G_PARAM_CONSTRUCT);
  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL, 0, 1000, DEFAULT_LATENCY_MS,
                       rw | G_PARAM_CONSTRUCT);
  properties[PROP_CODECS] =
    g_param_spec_boxed ("codecs", NULL, NULL, G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_gst_media_backend_init (DtGstMediaBackend *self)
{
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) dt_media_call_free);
  self->devices = dt_media_devices_new ();
}

DtGstMediaBackend *
dt_gst_media_backend_new (void)
{
  return g_object_new (DT_TYPE_GST_MEDIA_BACKEND, NULL);
}

DtMediaSession *
dt_gst_media_backend_get_session (DtGstMediaBackend *self,
                                  DtCall            *call)
{
  DtMediaCall *media;

  g_return_val_if_fail (DT_IS_GST_MEDIA_BACKEND (self), NULL);
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  media = lookup (self, call, FALSE);
  return media != NULL ? dt_media_call_get_session (media) : NULL;
}
