/* dt-media-voice.h: the echo canceller, noise suppressor and gain control
 * of a call's microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. WebRTC's audio processing library (0.3, the
 * version Debian 12 ships) used directly, behind a C interface (the library
 * has only a C++ one). GStreamer's webrtcdsp cannot configure it on
 * Debian 12: the plugin is built with hidden symbols, so the keys of the
 * options it sets are not the library's, and every option falls back to
 * its default (docs/traps.md). That left the "experimental" gain control
 * manager on, two thirds of the element's CPU, and delay-agnostic echo
 * cancellation off.
 *
 * Mono S16 at 8, 16, 32 or 48 kHz, in frames of 10 ms. Two threads use one
 * DtMediaVoice: the speaker's hands on what is played
 * (dt_media_voice_render()), the microphone's cleans what is captured
 * (dt_media_voice_capture()); the library locks between them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DtMediaVoice DtMediaVoice;

DtMediaVoice *dt_media_voice_new     (guint          rate,
                                      GError       **error);
DtMediaVoice *dt_media_voice_ref     (DtMediaVoice  *self);
void          dt_media_voice_unref   (DtMediaVoice  *self);

/* Samples played on the speaker, as they are handed to it; a part of a
 * frame waits for the rest */
void          dt_media_voice_render  (DtMediaVoice  *self,
                                      const gint16  *samples,
                                      gsize          n_samples);
/* Cleans @samples from the microphone in place, in whole frames; returns
 * how many samples were processed (a part of a frame at the end is left
 * as it was). @delay_ms: how long, about, from a sample's
 * dt_media_voice_render() to its echo's dt_media_voice_capture() */
gsize         dt_media_voice_capture (DtMediaVoice  *self,
                                      gint16        *samples,
                                      gsize          n_samples,
                                      guint          delay_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaVoice, dt_media_voice_unref)

G_END_DECLS
