/* dt-media-recorder.h: a call's recording, mixed from both ways of its audio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. A bin inside the call's pipeline:
 *
 *   send tee → queue → convert → resample ─┐
 *                                           audiomixer → valve → opusenc → oggmux → filesink
 *   recv tee → queue → convert → resample ─┘
 *
 * Pausing closes the valve: the file stays open and nothing more is written,
 * and the encoder numbers its samples on as if the pause had not been, so
 * the parts join up in one Ogg Opus stream. A pipeline rebuilt for a new
 * codec gets a new recorder that appends a chained Ogg stream to the file.
 * At the end of the call the muxer must see EOS, or the last pages (up to
 * its page delay, plus what the mixer holds) never reach the file and the
 * stream has no end.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Adds a recorder writing to @path (@append: after what is there) to
 * @pipeline, fed from @send_tap and @recv_tap, and starts it. transfer none:
 * the pipeline owns it. NULL with a DT_MEDIA_ERROR when an element is
 * missing or the file cannot be opened. */
GstElement *dt_media_recorder_attach     (GstElement  *pipeline,
                                          GstElement  *send_tap,
                                          GstElement  *recv_tap,
                                          const char  *path,
                                          gboolean     append,
                                          GError     **error);
void        dt_media_recorder_set_paused (GstElement  *recorder,
                                          gboolean     paused);
/* Ends the file: the recorder is cut off from the taps and EOS goes
 * through its mixer, encoder and muxer, which writes the last pages. Call
 * on the main context; the pipeline must keep running until
 * dt_media_recorder_is_finished() matches a message of its bus. */
void        dt_media_recorder_finish      (GstElement  *recorder);
/* Whether @message (from the bus of the recorder's pipeline) says the file
 * is complete: its sink took the EOS */
gboolean    dt_media_recorder_is_finished (GstElement  *recorder,
                                           GstMessage  *message);

G_END_DECLS
