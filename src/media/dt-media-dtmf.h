/* dt-media-dtmf.h: RFC 4733 telephone events, sent and received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define DT_MEDIA_DTMF_TONE_MS 100
#define DT_MEDIA_DTMF_GAP_MS   60

/* 0-9, *, #, A-D (case-insensitive) → event 0-15; anything else → -1 */
gint      dt_media_dtmf_event_from_digit (char digit);
char      dt_media_dtmf_digit_from_event (guint event);

typedef struct _DtMediaDtmfSender DtMediaDtmfSender;

/* Drives @source (an rtpdtmfsrc in a running pipeline) from timers on the
 * thread-default main context: one digit at a time, each 100 ms long, end
 * packets sent three times. */
DtMediaDtmfSender *dt_media_dtmf_sender_new   (GstElement        *source);
void               dt_media_dtmf_sender_queue (DtMediaDtmfSender *sender,
                                               char               digit);
void               dt_media_dtmf_sender_free  (DtMediaDtmfSender *sender);

/* Parses the telephone-event RTP packets passing @pad (on the streaming
 * thread) and posts one element message per event, from @pad's element, on
 * the bus: the main context learns the digit from there */
void      dt_media_dtmf_watch_pad         (GstPad             *pad);
/* The digit of a message posted by a watched pad; FALSE for any other */
gboolean  dt_media_dtmf_parse_message     (GstMessage         *message,
                                           char               *digit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMediaDtmfSender, dt_media_dtmf_sender_free)

G_END_DECLS
