/* dt-audio-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-audio-device.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_IS_INPUT,
  N_PROPS
};

struct _DtAudioDevice
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  gboolean  is_input;
};

G_DEFINE_FINAL_TYPE (DtAudioDevice, dt_audio_device, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dt_audio_device_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtAudioDevice *self = DT_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_IS_INPUT:
      g_value_set_boolean (value, self->is_input);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_audio_device_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DtAudioDevice *self = DT_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_IS_INPUT:
      self->is_input = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_audio_device_finalize (GObject *object)
{
  DtAudioDevice *self = DT_AUDIO_DEVICE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (dt_audio_device_parent_class)->finalize (object);
}

static void
dt_audio_device_class_init (DtAudioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_audio_device_get_property;
  object_class->set_property = dt_audio_device_set_property;
  object_class->finalize = dt_audio_device_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_INPUT] =
    g_param_spec_boolean ("is-input", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_audio_device_init (DtAudioDevice *self)
{
}

DtAudioDevice *
dt_audio_device_new (const char *id,
                     const char *name,
                     gboolean    is_input)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (DT_TYPE_AUDIO_DEVICE,
                       "id", id,
                       "name", name,
                       "is-input", is_input,
                       NULL);
}

const char *
dt_audio_device_get_id (DtAudioDevice *self)
{
  g_return_val_if_fail (DT_IS_AUDIO_DEVICE (self), NULL);

  return self->id;
}

const char *
dt_audio_device_get_name (DtAudioDevice *self)
{
  g_return_val_if_fail (DT_IS_AUDIO_DEVICE (self), NULL);

  return self->name;
}

gboolean
dt_audio_device_get_is_input (DtAudioDevice *self)
{
  g_return_val_if_fail (DT_IS_AUDIO_DEVICE (self), FALSE);

  return self->is_input;
}
