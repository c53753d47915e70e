/* dt-media-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-media-codecs.h"
#include "dt-media-error.h"
#include "dt-media-recorder.h"

#define CORE_PACKAGE "libgstreamer1.0-0"
#define BASE_PACKAGE "gstreamer1.0-plugins-base"
#define RATE         48000
/* An Ogg page at least every 200 ms: what a hang-up can cut off */
#define PAGE_DELAY_NS (200 * GST_MSECOND)
#define MIXER_LATENCY_NS (200 * GST_MSECOND)

static GstElement *
add (GstBin      *bin,
     const char  *factory,
     const char  *package,
     const char  *name,
     GError     **error)
{
  GstElement *element = dt_media_make_element (factory, package, error);

  if (element == NULL)
    return NULL;
  if (name != NULL)
    gst_object_set_name (GST_OBJECT (element), name);
  gst_bin_add (bin, element);
  return element;
}

static gboolean
link_failed (GError **error)
{
  g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                       _("The recording of the call could not be set up."));
  return FALSE;
}

/* queue → convert → resample → caps, ghosted as @name, into @mixer */
static gboolean
add_input (GstBin      *bin,
           GstElement  *mixer,
           const char  *name,
           GError     **error)
{
  GstElement *queue, *convert, *resample, *filter;
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw",
                                                 "format", G_TYPE_STRING, "S16LE",
                                                 "rate", G_TYPE_INT, RATE,
                                                 "channels", G_TYPE_INT, 1,
                                                 NULL);
  g_autoptr(GstPad) target = NULL;

  if ((queue = add (bin, "queue", CORE_PACKAGE, NULL, error)) == NULL ||
      (convert = add (bin, "audioconvert", BASE_PACKAGE, NULL, error)) == NULL ||
      (resample = add (bin, "audioresample", BASE_PACKAGE, NULL, error)) == NULL ||
      (filter = add (bin, "capsfilter", CORE_PACKAGE, NULL, error)) == NULL)
    return FALSE;

  /* A slow disk must never hold up the call: drop rather than block */
  g_object_set (queue, "leaky", 2, "max-size-time", (guint64) GST_SECOND, NULL);
  g_object_set (filter, "caps", caps, NULL);
  if (!gst_element_link_many (queue, convert, resample, filter, NULL) ||
      !gst_element_link_pads (filter, "src", mixer, "sink_%u"))
    return link_failed (error);

  target = gst_element_get_static_pad (queue, "sink");
  gst_element_add_pad (GST_ELEMENT (bin), gst_ghost_pad_new (name, target));
  return TRUE;
}

static GstElement *
build (const char  *path,
       gboolean     append,
       GError     **error)
{
  g_autoptr(GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *mixer, *valve, *convert, *encoder, *mux, *sink;

  if ((mixer = add (GST_BIN (bin), "audiomixer", BASE_PACKAGE, NULL, error)) == NULL ||
      (valve = add (GST_BIN (bin), "valve", CORE_PACKAGE, "valve", error)) == NULL ||
      (convert = add (GST_BIN (bin), "audioconvert", BASE_PACKAGE, NULL, error)) == NULL ||
      (encoder = add (GST_BIN (bin), "opusenc", BASE_PACKAGE, NULL, error)) == NULL ||
      (mux = add (GST_BIN (bin), "oggmux", BASE_PACKAGE, NULL, error)) == NULL ||
      (sink = add (GST_BIN (bin), "filesink", CORE_PACKAGE, NULL, error)) == NULL)
    return NULL;

  /* Start at the first sample rather than at running time 0: no leading
   * silence for the time the call ran before the recording */
  gst_util_set_object_arg (G_OBJECT (mixer), "start-time-selection", "first");
  /* The heard way comes through the jitter buffer, later than the spoken
   * way: room for it, or the mixer would drop it as late */
  g_object_set (mixer, "latency", (guint64) MIXER_LATENCY_NS, NULL);
  gst_util_set_object_arg (G_OBJECT (valve), "drop-mode", "forward-sticky-events");
  g_object_set (mux, "max-delay", (guint64) PAGE_DELAY_NS,
                "max-page-delay", (guint64) PAGE_DELAY_NS, NULL);
  g_object_set (sink, "location", path, "append", append,
                "sync", FALSE, "async", FALSE, NULL);

  /* Its sink's EOS would be swallowed by the pipeline, which waits for
   * all its sinks: forwarded, it tells when the file is complete */
  g_object_set (bin, "message-forward", TRUE, NULL);
  if (!gst_element_link_many (mixer, valve, convert, encoder, mux, sink, NULL))
    {
      link_failed (error);
      return NULL;
    }
  if (!add_input (GST_BIN (bin), mixer, "send", error) ||
      !add_input (GST_BIN (bin), mixer, "recv", error))
    return NULL;

  return g_steal_pointer (&bin);
}

static gboolean
link_tap (GstElement *tap,
          GstElement *recorder,
          const char *name)
{
  g_autoptr(GstPad) src = gst_element_request_pad_simple (tap, "src_%u");
  g_autoptr(GstPad) sink = gst_element_get_static_pad (recorder, name);

  return src != NULL && gst_pad_link (src, sink) == GST_PAD_LINK_OK;
}

GstElement *
dt_media_recorder_attach (GstElement  *pipeline,
                          GstElement  *send_tap,
                          GstElement  *recv_tap,
                          const char  *path,
                          gboolean     append,
                          GError     **error)
{
  g_autoptr(GstElement) recorder = build (path, append, error);

  if (recorder == NULL)
    return NULL;

  /* The file opens (or fails) before the recorder joins the call: a file
   * sink's error on the call's bus would end the call's audio */
  if (gst_element_set_state (recorder, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (recorder, GST_STATE_NULL);
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                   _("The recording could not be written to “%s”."), path);
      return NULL;
    }

  gst_bin_add (GST_BIN (pipeline), recorder);
  /* Started before it is fed */
  if (gst_element_set_state (recorder, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (recorder, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (pipeline), recorder);
      g_set_error (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_FAILED,
                   _("The recording could not be written to “%s”."), path);
      return NULL;
    }

  if (!link_tap (send_tap, recorder, "send") || !link_tap (recv_tap, recorder, "recv"))
    {
      gst_element_set_state (recorder, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (pipeline), recorder);
      link_failed (error);
      return NULL;
    }

  return recorder;
}

void
dt_media_recorder_set_paused (GstElement *recorder,
                              gboolean    paused)
{
  g_autoptr(GstElement) valve = gst_bin_get_by_name (GST_BIN (recorder), "valve");

  g_object_set (valve, "drop", paused, NULL);
}

/* On the tap's thread once it is between two buffers (or at once when it
 * is idle): nothing more reaches the input after the EOS, so the EOS is
 * the last thing the input sees */
static GstPadProbeReturn
cut_off_input (GstPad          *tap_pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  GstPad *input = user_data;

  gst_pad_unlink (tap_pad, input);
  gst_pad_send_event (input, gst_event_new_eos ());
  return GST_PAD_PROBE_REMOVE;
}

static void
finish_input (GstElement *recorder,
              const char *name)
{
  g_autoptr(GstPad) input = gst_element_get_static_pad (recorder, name);
  g_autoptr(GstPad) tap_pad = gst_pad_get_peer (input);

  if (tap_pad == NULL)
    {
      gst_pad_send_event (input, gst_event_new_eos ());
      return;
    }
  gst_pad_add_probe (tap_pad, GST_PAD_PROBE_TYPE_IDLE, cut_off_input,
                     gst_object_ref (input), gst_object_unref);
}

void
dt_media_recorder_finish (GstElement *recorder)
{
  g_return_if_fail (GST_IS_BIN (recorder));

  /* A paused recording ends too: its valve lets the EOS through */
  finish_input (recorder, "send");
  finish_input (recorder, "recv");
}

gboolean
dt_media_recorder_is_finished (GstElement *recorder,
                               GstMessage *message)
{
  const GstStructure *structure;
  g_autoptr(GstMessage) forwarded = NULL;

  g_return_val_if_fail (GST_IS_BIN (recorder), FALSE);

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT ||
      GST_MESSAGE_SRC (message) != GST_OBJECT (recorder))
    return FALSE;
  structure = gst_message_get_structure (message);
  if (!gst_structure_has_name (structure, "GstBinForwarded") ||
      !gst_structure_get (structure, "message", GST_TYPE_MESSAGE, &forwarded, NULL))
    return FALSE;
  return GST_MESSAGE_TYPE (forwarded) == GST_MESSAGE_EOS;
}
