/* dt-media-sdp-lines.c: the lines of an SDP message, written from what
 * we decided and read into a DtMediaDescription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "dt-media-error.h"
#include "dt-media-sdp-private.h"
#include "dt-media-srtp.h"

/* Writing */

static const char *
address_type (const char *address)
{
  return strchr (address, ':') != NULL ? "IP6" : "IP4";
}

GstSDPMessage *
dt_media_sdp_new_message (const DtMediaSdpLocal *local)
{
  GstSDPMessage *msg = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, local->session_id);
  g_autofree char *version = g_strdup_printf ("%" G_GUINT64_FORMAT, local->session_version);
  const char *type = address_type (local->address);

  gst_sdp_message_new (&msg);
  gst_sdp_message_set_version (msg, "0");
  gst_sdp_message_set_origin (msg, "-", id, version, "IN", type, local->address);
  gst_sdp_message_set_session_name (msg, "Dialtone");
  gst_sdp_message_set_connection (msg, "IN", type, local->address, 0, 0);
  gst_sdp_message_add_time (msg, "0", "0", NULL);
  return msg;
}

void
dt_media_sdp_add_rtpmap (GstSDPMedia        *media,
                         const DtMediaCodec *codec,
                         guint               pt)
{
  g_autofree char *format = g_strdup_printf ("%u", pt);
  g_autofree char *rtpmap = NULL;

  rtpmap = codec->channels > 1
    ? g_strdup_printf ("%u %s/%u/%u", pt, codec->name, codec->clock_rate, codec->channels)
    : g_strdup_printf ("%u %s/%u", pt, codec->name, codec->clock_rate);
  gst_sdp_media_add_format (media, format);
  gst_sdp_media_add_attribute (media, "rtpmap", rtpmap);
  if (codec->fmtp != NULL)
    {
      g_autofree char *fmtp = g_strdup_printf ("%u %s", pt, codec->fmtp);

      gst_sdp_media_add_attribute (media, "fmtp", fmtp);
    }
}

void
dt_media_sdp_add_event (GstSDPMedia *media,
                        guint        pt,
                        guint        clock_rate)
{
  g_autofree char *format = g_strdup_printf ("%u", pt);
  g_autofree char *rtpmap = g_strdup_printf ("%u telephone-event/%u", pt, clock_rate);
  g_autofree char *fmtp = g_strdup_printf ("%u 0-15", pt);

  gst_sdp_media_add_format (media, format);
  gst_sdp_media_add_attribute (media, "rtpmap", rtpmap);
  gst_sdp_media_add_attribute (media, "fmtp", fmtp);
}

void
dt_media_sdp_add_crypto (GstSDPMedia         *media,
                         guint                tag,
                         const DtMediaCrypto *crypto)
{
  g_autofree char *key = dt_media_srtp_encode_key (crypto);
  g_autofree char *line = g_strdup_printf ("%u %s inline:%s", tag,
                                           dt_media_crypto_suite_to_sdp (crypto->suite), key);

  gst_sdp_media_add_attribute (media, "crypto", line);
  explicit_bzero (key, strlen (key));
  explicit_bzero (line, strlen (line));
}

/* @rtcp_mux: offered, or accepted in an answer. An offer keeps its RTCP
 * port for a peer that does not know RFC 5761. */
void
dt_media_sdp_add_common (GstSDPMedia            *media,
                         const DtMediaSdpLocal  *local,
                         DtMediaDirection        direction,
                         guint                   ptime,
                         gboolean                rtcp_mux)
{
  g_autofree char *rtcp = g_strdup_printf ("%u", local->rtcp_port);
  g_autofree char *ptime_text = g_strdup_printf ("%u", ptime);

  gst_sdp_media_add_attribute (media, "ptime", ptime_text);
  gst_sdp_media_add_attribute (media, "rtcp", rtcp);
  if (rtcp_mux)
    gst_sdp_media_add_attribute (media, "rtcp-mux", NULL);
  gst_sdp_media_add_attribute (media, dt_media_direction_to_sdp (direction), NULL);
}

char *
dt_media_sdp_finish (GstSDPMessage *msg,
                     GstSDPMedia   *media)
{
  gst_sdp_message_add_media (msg, media);
  gst_sdp_media_free (media);
  return gst_sdp_message_as_text (msg);
}

/* Reading */

GstSDPMessage *
dt_media_sdp_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GstSDPMessage) msg = NULL;

  gst_sdp_message_new (&msg);
  if (text == NULL || !g_str_has_prefix (text, "v=0") ||
      gst_sdp_message_parse_buffer ((const guint8 *) text, strlen (text), msg) != GST_SDP_OK)
    {
      g_set_error_literal (error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID,
                           _("The other side sent an audio description that cannot be read."));
      return NULL;
    }
  return g_steal_pointer (&msg);
}

const GstSDPMedia *
dt_media_sdp_find_audio (const GstSDPMessage *msg)
{
  for (guint i = 0; i < gst_sdp_message_medias_len (msg); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (msg, i);

      if (g_strcmp0 (gst_sdp_media_get_media (media), "audio") == 0)
        return media;
    }
  return NULL;
}

/* The rtpmap of @pt, or the RFC 3551 static mapping when it has none */
gboolean
dt_media_sdp_lookup_rtpmap (const GstSDPMedia *media,
                            guint              pt,
                            char              *name,
                            gsize              name_size,
                            guint             *clock_rate)
{
  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, i);
      char format[64];
      guint map_pt, rate;

      if (g_strcmp0 (attr->key, "rtpmap") != 0 || attr->value == NULL ||
          sscanf (attr->value, "%u %63[^/]/%u", &map_pt, format, &rate) != 3 || map_pt != pt)
        continue;
      g_strlcpy (name, format, name_size);
      *clock_rate = rate;
      return TRUE;
    }

  if (pt == 0 || pt == 8 || pt == 9)
    {
      g_strlcpy (name, pt == 0 ? "PCMU" : pt == 8 ? "PCMA" : "G722", name_size);
      *clock_rate = 8000;
      return TRUE;
    }
  return FALSE;
}

static gint
find_event_pt (const GstSDPMedia *media,
               guint              clock_rate)
{
  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++)
    {
      guint pt = (guint) atoi (gst_sdp_media_get_format (media, i));
      char name[64];
      guint rate;

      if (dt_media_sdp_lookup_rtpmap (media, pt, name, sizeof name, &rate) &&
          g_ascii_strcasecmp (name, "telephone-event") == 0 && rate == clock_rate && pt <= 127)
        return (gint) pt;
    }
  return -1;
}

static DtMediaDirection
read_direction (const GstSDPMessage *msg,
                const GstSDPMedia   *media)
{
  static const DtMediaDirection directions[] = {
    DT_MEDIA_DIRECTION_SENDRECV, DT_MEDIA_DIRECTION_SENDONLY,
    DT_MEDIA_DIRECTION_RECVONLY, DT_MEDIA_DIRECTION_INACTIVE,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (directions); i++)
    if (gst_sdp_media_get_attribute_val (media, dt_media_direction_to_sdp (directions[i])) != NULL)
      return directions[i];
  for (gsize i = 0; i < G_N_ELEMENTS (directions); i++)
    if (gst_sdp_message_get_attribute_val (msg, dt_media_direction_to_sdp (directions[i])) != NULL)
      return directions[i];
  return DT_MEDIA_DIRECTION_SENDRECV;
}

/* Fills the remote half of @desc; FALSE when the stream has no usable address */
gboolean
dt_media_sdp_read_remote (const GstSDPMessage *msg,
                          const GstSDPMedia   *media,
                          DtMediaDescription  *desc,
                          DtMediaDirection    *peer_direction)
{
  const GstSDPConnection *connection = NULL;
  const char *rtcp = gst_sdp_media_get_attribute_val (media, "rtcp");
  const char *ptime = gst_sdp_media_get_attribute_val (media, "ptime");
  g_autoptr(GInetAddress) address = NULL;
  guint port = gst_sdp_media_get_port (media);

  if (gst_sdp_media_connections_len (media) > 0)
    connection = gst_sdp_media_get_connection (media, 0);
  else
    connection = gst_sdp_message_get_connection (msg);
  if (connection == NULL || connection->address == NULL || port == 0 || port > G_MAXUINT16)
    return FALSE;
  address = g_inet_address_new_from_string (connection->address);
  if (address == NULL)
    return FALSE;

  *peer_direction = read_direction (msg, media);
  /* RFC 2543 hold: an unspecified address means "send me nothing" */
  if (g_inet_address_get_is_any (address))
    *peer_direction &= DT_MEDIA_DIRECTION_SENDONLY;

  desc->remote_address = g_strdup (connection->address);
  desc->remote_rtp_port = (guint16) port;
  desc->remote_rtcp_port = rtcp != NULL && atoi (rtcp) > 0 && atoi (rtcp) <= G_MAXUINT16
                           ? (guint16) atoi (rtcp) : (guint16) (port + 1);
  if (ptime != NULL && atoi (ptime) >= 10 && atoi (ptime) <= 120)
    desc->ptime = (guint) atoi (ptime);
  return TRUE;
}

void
dt_media_sdp_set_codec (DtMediaDescription *desc,
                        const DtMediaCodec *codec,
                        guint               pt,
                        const GstSDPMedia  *media)
{
  g_free (desc->codec);
  desc->codec = g_strdup (codec->name);
  desc->payload_type = (guint8) pt;
  desc->clock_rate = codec->clock_rate;
  desc->channels = codec->channels;
  desc->telephone_event_pt = find_event_pt (media, codec->clock_rate);
}

/* Reads "TAG SUITE inline:KEY…" into @tag and @crypto */
gboolean
dt_media_sdp_read_crypto_line (const char    *value,
                               guint         *tag,
                               DtMediaCrypto *crypto)
{
  g_auto(GStrv) fields = value != NULL ? g_strsplit_set (value, " \t", 4) : NULL;
  guint64 number;

  if (fields == NULL || g_strv_length (fields) < 3 ||
      !g_ascii_string_to_unsigned (fields[0], 10, 1, 999999999, &number, NULL))
    return FALSE;
  *tag = (guint) number;
  return dt_media_srtp_decode_key (crypto, dt_media_crypto_suite_from_sdp (fields[1]), fields[2]);
}
