/* dt-media-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dt-call-error.h"
#include "dt-media-call.h"
#include "dt-media-sdp.h"

struct _DtMediaCall
{
  DtCall            *call;
  DtMediaSession    *session;
  /* Our last offer, which the next answer is read against */
  DtMediaSdpOffer   *offer;
  DtMediaSrtpPolicy  srtp;
  GStrv              codecs;
  guint64            sdp_session_id;
  guint64            sdp_version;
  gboolean           muted;
  /* The peer's RTP reached us since the audio started */
  gboolean           media_received;
};

/* The model's codes for what the SIP layer must tell apart: a peer's SDP
 * we refuse (488) and our own failure (500). @from_peer: the failure came
 * from reading what the peer sent. */
static gboolean
to_call_error (GError   **error,
               GError    *media_error,
               gboolean   from_peer)
{
  int code = DT_CALL_ERROR_FAILED;

  if (from_peer && media_error->domain == DT_MEDIA_ERROR &&
      (media_error->code == DT_MEDIA_ERROR_NOT_ACCEPTABLE ||
       media_error->code == DT_MEDIA_ERROR_INVALID))
    code = DT_CALL_ERROR_INVALID_ARGUMENT;

  g_set_error_literal (error, DT_CALL_ERROR, code, media_error->message);
  g_error_free (media_error);
  return FALSE;
}

static gboolean
no_audio (GError **error)
{
  g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                       _("The call has no audio."));
  return FALSE;
}

static void
check_established (DtMediaCall *self)
{
  if (self->media_received && dt_call_get_state (self->call) == DT_CALL_STATE_CONNECTED)
    dt_call_report_established (self->call);
}

static void
on_call_connect (DtCall      *call,
                 DtMediaCall *self)
{
  check_established (self);
}

static void
on_dtmf_received (DtMediaSession *session,
                  gchar           digit,
                  DtMediaCall    *self)
{
  dt_call_report_dtmf (self->call, digit);
}

static void
on_media_received (DtMediaSession *session,
                   DtMediaCall    *self)
{
  self->media_received = TRUE;
  dt_call_report_remote_media (self->call);
  check_established (self);
}

static void
on_session_error (DtMediaSession *session,
                  const GError   *error,
                  DtMediaCall    *self)
{
  self->media_received = FALSE;
  dt_call_report_error (self->call, DT_CALL_ERROR_KIND_MEDIA, error);
}

static gboolean
parse_srtp (const char        *name,
            DtMediaSrtpPolicy *policy)
{
  if (name == NULL || g_str_equal (name, "optional"))
    *policy = DT_MEDIA_SRTP_POLICY_OPTIONAL;
  else if (g_str_equal (name, "off"))
    *policy = DT_MEDIA_SRTP_POLICY_OFF;
  else if (g_str_equal (name, "mandatory"))
    *policy = DT_MEDIA_SRTP_POLICY_MANDATORY;
  else
    return FALSE;
  return TRUE;
}

static DtMediaSdpLocal
next_local (DtMediaCall *self,
            gboolean     hold)
{
  self->sdp_version++;
  return (DtMediaSdpLocal) {
    .address = dt_media_session_get_local_address (self->session),
    .rtp_port = dt_media_session_get_rtp_port (self->session),
    .rtcp_port = dt_media_session_get_rtcp_port (self->session),
    .codecs = (const char * const *) self->codecs,
    .direction = hold ? DT_MEDIA_DIRECTION_SENDONLY : DT_MEDIA_DIRECTION_SENDRECV,
    .srtp = self->srtp,
    .session_id = self->sdp_session_id,
    .session_version = self->sdp_version,
  };
}

/* Starts or changes the audio and tells the call what was agreed. A
 * description the session refuses is the peer's fault (FALSE); our own
 * audio failing (an element missing, no sound server) is reported on the
 * call instead, and the offer/answer exchange still completes. */
static gboolean
apply (DtMediaCall               *self,
       const DtMediaDescription  *desc,
       GError                   **error)
{
  g_autofree char *codec = NULL;
  g_autoptr(GError) media_error = NULL;
  gboolean started;

  /* A pipeline that was not running has received nothing yet */
  if (!dt_media_session_get_running (self->session))
    self->media_received = FALSE;

  started = dt_media_session_set_description (self->session, desc, &media_error);
  if (!started && g_error_matches (media_error, DT_MEDIA_ERROR, DT_MEDIA_ERROR_INVALID))
    return to_call_error (error, g_steal_pointer (&media_error), TRUE);

  codec = desc->channels > 1
    ? g_strdup_printf ("%s/%u/%u", desc->codec, desc->clock_rate, desc->channels)
    : g_strdup_printf ("%s/%u", desc->codec, desc->clock_rate);
  dt_call_report_media_info (self->call, codec,
                             desc->send_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE &&
                             desc->recv_crypto.suite != DT_MEDIA_CRYPTO_SUITE_NONE);
  if (!started)
    dt_call_report_error (self->call, DT_CALL_ERROR_KIND_MEDIA, media_error);
  return TRUE;
}

DtMediaCall *
dt_media_call_new (DtCall *call)
{
  DtMediaCall *self = g_new0 (DtMediaCall, 1);

  self->call = call;
  self->srtp = DT_MEDIA_SRTP_POLICY_OPTIONAL;
  g_signal_connect (call, "connect", G_CALLBACK (on_call_connect), self);
  return self;
}

void
dt_media_call_free (DtMediaCall *self)
{
  if (self == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->call, self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  g_clear_pointer (&self->offer, dt_media_sdp_offer_free);
  g_strfreev (self->codecs);
  g_free (self);
}

DtMediaSession *
dt_media_call_get_session (DtMediaCall *self)
{
  return self->session;
}

gboolean
dt_media_call_prepare (DtMediaCall              *self,
                       const char               *local_address,
                       const char               *srtp,
                       const char * const       *codecs,
                       const DtMediaCallConfig  *config,
                       GError                  **error)
{
  GError *media_error = NULL;

  if (!parse_srtp (srtp, &self->srtp))
    {
      g_set_error (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an SRTP setting."), srtp);
      return FALSE;
    }
  if (self->session != NULL)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("The audio of the call is already set up."));
      return FALSE;
    }

  self->session = dt_media_session_new (local_address, &media_error);
  if (self->session == NULL)
    return to_call_error (error, media_error, FALSE);

  self->codecs = g_strdupv ((char **) codecs);
  /* RFC 4566: a numeric id that stays for the whole call */
  self->sdp_session_id = ((guint64) g_random_int_range (1, G_MAXINT32) << 32) | g_random_int ();
  g_object_set (self->session,
                "input-device", config->input_device,
                "output-device", config->output_device,
                "echo-cancellation", config->echo_cancellation,
                "latency", config->latency_ms,
                "muted", self->muted,
                NULL);
  g_signal_connect (self->session, "dtmf-received", G_CALLBACK (on_dtmf_received), self);
  g_signal_connect (self->session, "media-received", G_CALLBACK (on_media_received), self);
  g_signal_connect (self->session, "error", G_CALLBACK (on_session_error), self);
  return TRUE;
}

char *
dt_media_call_create_offer (DtMediaCall  *self,
                            gboolean      hold,
                            GError      **error)
{
  DtMediaSdpLocal local;
  DtMediaSdpOffer *offer;
  GError *media_error = NULL;

  if (self->session == NULL)
    {
      no_audio (error);
      return NULL;
    }

  local = next_local (self, hold);
  offer = dt_media_sdp_offer_new (&local, &media_error);
  if (offer == NULL)
    {
      to_call_error (error, media_error, FALSE);
      return NULL;
    }

  g_clear_pointer (&self->offer, dt_media_sdp_offer_free);
  self->offer = offer;
  return g_strdup (dt_media_sdp_offer_get_text (offer));
}

char *
dt_media_call_answer_offer (DtMediaCall  *self,
                            const char   *offer,
                            gboolean      hold,
                            GError      **error)
{
  g_auto(DtMediaDescription) desc = { 0 };
  g_autofree char *answer = NULL;
  DtMediaSdpLocal local;
  GError *media_error = NULL;

  if (self->session == NULL)
    {
      no_audio (error);
      return NULL;
    }

  local = next_local (self, hold);
  answer = dt_media_sdp_answer (&local, offer, &desc, &media_error);
  if (answer == NULL)
    {
      to_call_error (error, media_error, TRUE);
      return NULL;
    }
  if (!apply (self, &desc, error))
    return NULL;
  return g_steal_pointer (&answer);
}

gboolean
dt_media_call_set_remote_answer (DtMediaCall  *self,
                                 const char   *answer,
                                 GError      **error)
{
  g_auto(DtMediaDescription) desc = { 0 };
  GError *media_error = NULL;

  if (self->session == NULL)
    return no_audio (error);
  if (self->offer == NULL)
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                           _("No offer of ours waits for an answer."));
      return FALSE;
    }
  if (!dt_media_sdp_offer_parse_answer (self->offer, answer, &desc, &media_error))
    return to_call_error (error, media_error, TRUE);
  return apply (self, &desc, error);
}

gboolean
dt_media_call_send_dtmf (DtMediaCall  *self,
                         const char   *digits,
                         GError      **error)
{
  g_autoptr(GError) media_error = NULL;

  if (self->session == NULL)
    return no_audio (error);
  if (dt_media_session_send_dtmf (self->session, digits, &media_error))
    return TRUE;

  /* Bad digits, or no telephone-event in the call's audio: the caller may
   * send them in signalling instead */
  g_set_error_literal (error, DT_CALL_ERROR,
                       dt_media_session_get_running (self->session) &&
                       media_error->code == DT_MEDIA_ERROR_INVALID
                         ? DT_CALL_ERROR_INVALID_DTMF : DT_CALL_ERROR_INVALID_STATE,
                       media_error->message);
  return FALSE;
}

void
dt_media_call_set_muted (DtMediaCall *self,
                         gboolean     muted)
{
  self->muted = muted;
  if (self->session != NULL)
    dt_media_session_set_muted (self->session, muted);
}

gboolean
dt_media_call_start_recording (DtMediaCall  *self,
                               const char   *path,
                               GError      **error)
{
  GError *media_error = NULL;

  if (self->session == NULL)
    return no_audio (error);
  if (!dt_media_session_start_recording (self->session, path, &media_error))
    return to_call_error (error, media_error, FALSE);
  return TRUE;
}

gboolean
dt_media_call_pause_recording (DtMediaCall  *self,
                               GError      **error)
{
  if (self->session == NULL)
    return no_audio (error);
  dt_media_session_pause_recording (self->session);
  return TRUE;
}
