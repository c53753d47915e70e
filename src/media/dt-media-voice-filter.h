/* dt-media-voice-filter.h: a call's microphone cleaned of the speaker's echo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. An in-place filter of mono S16 audio at one rate
 * (8, 16, 32 or 48 kHz) that cancels the echo of what the speaker plays,
 * suppresses noise and controls the gain (dt-media-voice.h), in whole
 * 10 ms frames: DtMediaPulseSource hands on 20 ms. What the speaker plays
 * is taken from the pad that feeds it (dt_media_voice_filter_listen()), on
 * the speaker's thread, as it goes by: there is no second element and no
 * copy kept to align, and the microphone's buffers leave in the size they
 * came (webrtcdsp pushed two 10 ms buffers for each).
 */
#pragma once

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_VOICE_FILTER (dt_media_voice_filter_get_type ())

G_DECLARE_FINAL_TYPE (DtMediaVoiceFilter, dt_media_voice_filter, DT, MEDIA_VOICE_FILTER,
                      GstBaseTransform)

GstElement *dt_media_voice_filter_new    (guint                rate,
                                          GError             **error);
/* What goes through @pad, the speaker's sink pad, is the echo to cancel */
void        dt_media_voice_filter_listen (DtMediaVoiceFilter  *self,
                                          GstPad              *pad);

G_END_DECLS
