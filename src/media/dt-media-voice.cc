/* dt-media-voice.cc: WebRTC's audio processing behind a C interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include "dt-media-error.h"
#include "dt-media-voice.h"

/* webrtcdsp's settings, which the tests and benchmarks were measured with:
 * the gain control aims at 3 dB below full scale with up to 9 dB of gain */
#define TARGET_LEVEL_DBFS    3
#define COMPRESSION_GAIN_DB  9

struct _DtMediaVoice
{
  webrtc::AudioProcessing *apm;
  gsize                    frame_samples;
  guint                    rate;

  /* The speaker's thread only */
  webrtc::AudioFrame       render;
  gsize                    render_filled;

  /* The microphone's thread only */
  webrtc::AudioFrame       capture;
};

static void
frame_init (webrtc::AudioFrame *frame,
            guint               rate,
            gsize               frame_samples)
{
  frame->sample_rate_hz_ = (int) rate;
  frame->num_channels_ = 1;
  frame->samples_per_channel_ = frame_samples;
}

static void
voice_clear (DtMediaVoice *self)
{
  delete self->apm;
  self->render.~AudioFrame ();
  self->capture.~AudioFrame ();
}

static gboolean
configure (DtMediaVoice *self)
{
  webrtc::AudioProcessing *apm = self->apm;
  webrtc::StreamConfig stream (self->rate, 1, false);
  webrtc::ProcessingConfig processing = { { stream, stream, stream, stream } };

  return apm->Initialize (processing) == webrtc::AudioProcessing::kNoError &&
         apm->high_pass_filter ()->Enable (true) == 0 &&
         apm->echo_cancellation ()->enable_drift_compensation (false) == 0 &&
         apm->echo_cancellation ()->set_suppression_level (webrtc::EchoCancellation::kModerateSuppression) == 0 &&
         apm->echo_cancellation ()->Enable (true) == 0 &&
         apm->noise_suppression ()->set_level (webrtc::NoiseSuppression::kModerate) == 0 &&
         apm->noise_suppression ()->Enable (true) == 0 &&
         apm->gain_control ()->set_mode (webrtc::GainControl::kAdaptiveDigital) == 0 &&
         apm->gain_control ()->set_target_level_dbfs (TARGET_LEVEL_DBFS) == 0 &&
         apm->gain_control ()->set_compression_gain_db (COMPRESSION_GAIN_DB) == 0 &&
         apm->gain_control ()->enable_limiter (true) == 0 &&
         apm->gain_control ()->Enable (true) == 0;
}

DtMediaVoice *
dt_media_voice_new (guint    rate,
                    GError **error)
{
  webrtc::Config config;
  DtMediaVoice *self;

  if (rate != 8000 && rate != 16000 && rate != 32000 && rate != 48000)
    {
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                   _("Echo cancellation does not work at %u Hz."), rate);
      return NULL;
    }

  /* The gain control manager's voice detector (pitch analysis) would be
   * two thirds of the processing, for a microphone level we never set. The
   * delay between speaker and microphone is estimated, not reported: ours
   * is a guess that moves with the sound server's queues */
  config.Set<webrtc::ExperimentalAgc> (new webrtc::ExperimentalAgc (false));
  config.Set<webrtc::DelayAgnostic> (new webrtc::DelayAgnostic (true));

  self = (DtMediaVoice *) g_atomic_rc_box_alloc0 (sizeof (DtMediaVoice));
  new (&self->render) webrtc::AudioFrame ();
  new (&self->capture) webrtc::AudioFrame ();
  self->rate = rate;
  self->frame_samples = rate / 100;
  self->apm = webrtc::AudioProcessing::Create (config);
  if (self->apm == NULL || !configure (self))
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                           _("Echo cancellation could not be started."));
      g_atomic_rc_box_release_full (self, (GDestroyNotify) voice_clear);
      return NULL;
    }
  frame_init (&self->render, rate, self->frame_samples);
  frame_init (&self->capture, rate, self->frame_samples);
  return self;
}

DtMediaVoice *
dt_media_voice_ref (DtMediaVoice *self)
{
  return (DtMediaVoice *) g_atomic_rc_box_acquire (self);
}

void
dt_media_voice_unref (DtMediaVoice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) voice_clear);
}

void
dt_media_voice_render (DtMediaVoice *self,
                       const gint16 *samples,
                       gsize         n_samples)
{
  while (n_samples > 0)
    {
      gsize take = MIN (n_samples, self->frame_samples - self->render_filled);

      memcpy (self->render.data_ + self->render_filled, samples, take * sizeof (gint16));
      self->render_filled += take;
      samples += take;
      n_samples -= take;
      if (self->render_filled == self->frame_samples)
        {
          if (self->apm->ProcessReverseStream (&self->render) != webrtc::AudioProcessing::kNoError)
            g_warning_once ("The echo canceller refused the speaker's sound");
          self->render_filled = 0;
        }
    }
}

gsize
dt_media_voice_capture (DtMediaVoice *self,
                        gint16       *samples,
                        gsize         n_samples,
                        guint         delay_ms)
{
  gsize done = 0;
  gsize frame_bytes = self->frame_samples * sizeof (gint16);

  for (; done + self->frame_samples <= n_samples; done += self->frame_samples)
    {
      memcpy (self->capture.data_, samples + done, frame_bytes);
      self->apm->set_stream_delay_ms ((int) delay_ms);
      if (self->apm->ProcessStream (&self->capture) != webrtc::AudioProcessing::kNoError)
        g_warning_once ("The echo canceller refused the microphone's sound");
      memcpy (samples + done, self->capture.data_, frame_bytes);
    }
  return done;
}
