/* dt-media-dtmf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gst/rtp/rtp.h>

#include "dt-media-dtmf.h"

#define MESSAGE_NAME "dt-media-dtmf"
/* RFC 4733 §2.5: the sender repeats the end packet three times */
#define END_PACKETS 3
/* -10 dBm0, the level RFC 4733 examples and most phones use */
#define EVENT_VOLUME 10
#define RETRY_MS     20

static const char digits[] = "0123456789*#ABCD";

struct _DtMediaDtmfSender
{
  GstElement *source;
  GQueue      pending;
  guint       timer_id;
  gboolean    playing;
};

typedef struct {
  guint32  last_timestamp;
  gboolean seen;
} Watch;

gint
dt_media_dtmf_event_from_digit (char digit)
{
  const char *at;

  if (digit == '\0')
    return -1;
  at = strchr (digits, g_ascii_toupper (digit));
  return at != NULL ? (gint) (at - digits) : -1;
}

char
dt_media_dtmf_digit_from_event (guint event)
{
  return event < sizeof digits - 1 ? digits[event] : '\0';
}

/* rtpdtmfsrc takes the event only on its src pad (GstBaseSrc drops custom
 * events given to the element) and only once it is PLAYING */
static gboolean
send_event (DtMediaDtmfSender *sender,
            gint               event,
            gboolean           start)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (sender->source, "src");
  GstStructure *structure;

  structure = gst_structure_new ("dtmf-event",
                                 "type", G_TYPE_INT, 1,
                                 "start", G_TYPE_BOOLEAN, start,
                                 NULL);
  if (start)
    gst_structure_set (structure,
                       "number", G_TYPE_INT, event,
                       "volume", G_TYPE_INT, EVENT_VOLUME,
                       NULL);
  return gst_pad_send_event (pad, gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM, structure));
}

static gboolean on_timer (gpointer user_data);

static void
schedule (DtMediaDtmfSender *sender,
          guint              ms)
{
  sender->timer_id = g_timeout_add (ms, on_timer, sender);
}

static gboolean
on_timer (gpointer user_data)
{
  DtMediaDtmfSender *sender = user_data;
  gint event;

  sender->timer_id = 0;
  if (sender->playing)
    {
      send_event (sender, 0, FALSE);
      sender->playing = FALSE;
      if (!g_queue_is_empty (&sender->pending))
        schedule (sender, DT_MEDIA_DTMF_GAP_MS);
      return G_SOURCE_REMOVE;
    }

  if (g_queue_is_empty (&sender->pending))
    return G_SOURCE_REMOVE;

  event = GPOINTER_TO_INT (g_queue_peek_head (&sender->pending));
  if (send_event (sender, event, TRUE))
    {
      g_queue_pop_head (&sender->pending);
      sender->playing = TRUE;
      schedule (sender, DT_MEDIA_DTMF_TONE_MS);
    }
  else
    {
      /* The pipeline is still on its way to PLAYING */
      schedule (sender, RETRY_MS);
    }
  return G_SOURCE_REMOVE;
}

DtMediaDtmfSender *
dt_media_dtmf_sender_new (GstElement *source)
{
  DtMediaDtmfSender *sender;

  g_return_val_if_fail (GST_IS_ELEMENT (source), NULL);

  g_object_set (source, "packet-redundancy", END_PACKETS, NULL);
  sender = g_new0 (DtMediaDtmfSender, 1);
  sender->source = gst_object_ref (source);
  g_queue_init (&sender->pending);
  return sender;
}

void
dt_media_dtmf_sender_queue (DtMediaDtmfSender *sender,
                            char               digit)
{
  gint event = dt_media_dtmf_event_from_digit (digit);

  g_return_if_fail (sender != NULL);
  g_return_if_fail (event >= 0);

  g_queue_push_tail (&sender->pending, GINT_TO_POINTER (event));
  if (sender->timer_id == 0 && !sender->playing)
    on_timer (sender);
}

void
dt_media_dtmf_sender_free (DtMediaDtmfSender *sender)
{
  if (sender == NULL)
    return;

  if (sender->playing)
    send_event (sender, 0, FALSE);
  g_clear_handle_id (&sender->timer_id, g_source_remove);
  g_queue_clear (&sender->pending);
  gst_object_unref (sender->source);
  g_free (sender);
}

static GstPadProbeReturn
on_event_packet (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  Watch *watch = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  g_autoptr(GstObject) parent = NULL;
  guint32 timestamp;
  guint8 *payload;
  guint event;

  if (buffer == NULL || !gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp))
    return GST_PAD_PROBE_OK;

  if (gst_rtp_buffer_get_payload_len (&rtp) < 4)
    {
      gst_rtp_buffer_unmap (&rtp);
      return GST_PAD_PROBE_OK;
    }
  payload = gst_rtp_buffer_get_payload (&rtp);
  event = payload[0];
  timestamp = gst_rtp_buffer_get_timestamp (&rtp);
  gst_rtp_buffer_unmap (&rtp);

  /* Every packet of one event, its end packets included, carries the
   * event's start timestamp: report the first one that arrives */
  if (dt_media_dtmf_digit_from_event (event) == '\0' ||
      (watch->seen && watch->last_timestamp == timestamp))
    return GST_PAD_PROBE_OK;
  watch->seen = TRUE;
  watch->last_timestamp = timestamp;

  parent = gst_pad_get_parent (pad);
  if (parent != NULL)
    gst_element_post_message (GST_ELEMENT (parent),
                              gst_message_new_element (parent,
                                                       gst_structure_new (MESSAGE_NAME,
                                                                          "event", G_TYPE_UINT, event,
                                                                          NULL)));
  return GST_PAD_PROBE_OK;
}

void
dt_media_dtmf_watch_pad (GstPad *pad)
{
  g_return_if_fail (GST_IS_PAD (pad));

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_event_packet,
                     g_new0 (Watch, 1), g_free);
}

gboolean
dt_media_dtmf_parse_message (GstMessage *message,
                             char       *digit)
{
  const GstStructure *structure;
  guint event;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT)
    return FALSE;
  structure = gst_message_get_structure (message);
  if (structure == NULL || !gst_structure_has_name (structure, MESSAGE_NAME) ||
      !gst_structure_get_uint (structure, "event", &event))
    return FALSE;

  *digit = dt_media_dtmf_digit_from_event (event);
  return *digit != '\0';
}
