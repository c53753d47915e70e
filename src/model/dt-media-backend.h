/* dt-media-backend.h: what the model needs from the media layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_MEDIA_BACKEND (dt_media_backend_get_type ())
G_DECLARE_INTERFACE (DtMediaBackend, dt_media_backend, DT, MEDIA_BACKEND, GObject)

/**
 * DtMediaBackendInterface:
 *
 * One per application, implemented by the GStreamer layer and by the tests'
 * fake. It owns the audio devices and the per-call operations that touch
 * only media (no signalling): mute, recording. The media layer finds a
 * call's audio by the DtCall.
 *
 * get_devices() returns a live GListModel of DtAudioDevice that the backend
 * updates when devices come and go (items-changed is the change event).
 *
 * The session API is what the signalling layer drives; SDP travels as
 * strings, so neither side needs the other's headers:
 *
 *   prepare_call       binds the call's RTP/RTCP ports on @local_address (the
 *                      address the SIP layer signals from), before any SDP.
 *                      @srtp is "off", "optional" or "mandatory" (the D-Bus
 *                      line's Srtp property; %NULL = "optional"); @codecs are
 *                      SDP encoding names in preference order (%NULL: the
 *                      backend's default). Once per call; later calls fail.
 *   create_offer       our offer (outgoing INVITE, or our re-INVITE: @hold
 *                      offers sendonly). The next set_remote_answer reads
 *                      the answer against it.
 *   answer_offer       the answer to the peer's offer (incoming INVITE or
 *                      re-INVITE; @hold keeps our side held), and the audio
 *                      starts or changes at once. An offer we cannot accept
 *                      (no common codec, SRTP policy, not SDP) fails with
 *                      DT_CALL_ERROR_INVALID_ARGUMENT: reply 488. Any other
 *                      failure is DT_CALL_ERROR_FAILED: reply 500.
 *                      Our own audio failing to start (an element missing,
 *                      no sound server) refuses nothing: the SDP is
 *                      returned and the failure reported on the call
 *                      (dt_call_report_error(), kind media), so the call
 *                      goes on without sound rather than not at all.
 *   set_remote_answer  the peer's answer to our last offer (183 early media
 *                      or 200); the audio starts or changes. The same answer
 *                      twice (183 then 200) changes nothing. An unacceptable
 *                      answer is DT_CALL_ERROR_INVALID_ARGUMENT: end the call.
 *                      Our own audio failing is reported as for answer_offer.
 *   send_dtmf          RFC 4733 events, 100 ms each. DT_CALL_ERROR_INVALID_STATE
 *                      when no telephone-event was negotiated (or there is
 *                      no audio yet): the caller may fall back to SIP INFO.
 *   release_call       stops the audio and frees the ports. The backend also
 *                      does this by itself once the call emits disconnect.
 *
 * What the audio does comes back as reports on the DtCall, on the main
 * context: dt_call_report_media_info() when a codec is agreed,
 * dt_call_report_remote_media() at the first RTP packet from the peer,
 * dt_call_report_established() once the call is connected and the peer's
 * RTP has arrived since, dt_call_report_dtmf() per RFC 4733 digit, and
 * dt_call_report_error() (kind media) when the audio fails.
 */
struct _DtMediaBackendInterface
{
  GTypeInterface parent_iface;

  GListModel * (*get_devices)     (DtMediaBackend  *self);
  /* @input_id / @output_id: a device id, or %NULL to keep the current one.
   * Applies to every call in progress without dropping it. */
  gboolean     (*set_devices)     (DtMediaBackend  *self,
                                   const char      *input_id,
                                   const char      *output_id,
                                   GError         **error);
  gboolean     (*set_muted)       (DtMediaBackend  *self,
                                   DtCall          *call,
                                   gboolean         muted,
                                   GError         **error);
  /* Starting again after a pause appends to the same @path. */
  gboolean     (*start_recording) (DtMediaBackend  *self,
                                   DtCall          *call,
                                   const char      *path,
                                   GError         **error);
  gboolean     (*pause_recording) (DtMediaBackend  *self,
                                   DtCall          *call,
                                   GError         **error);

  gboolean     (*prepare_call)      (DtMediaBackend      *self,
                                     DtCall              *call,
                                     const char          *local_address,
                                     const char          *srtp,
                                     const char * const  *codecs,
                                     GError             **error);
  char *       (*create_offer)      (DtMediaBackend      *self,
                                     DtCall              *call,
                                     gboolean             hold,
                                     GError             **error);
  char *       (*answer_offer)      (DtMediaBackend      *self,
                                     DtCall              *call,
                                     const char          *offer,
                                     gboolean             hold,
                                     GError             **error);
  gboolean     (*set_remote_answer) (DtMediaBackend      *self,
                                     DtCall              *call,
                                     const char          *answer,
                                     GError             **error);
  gboolean     (*send_dtmf)         (DtMediaBackend      *self,
                                     DtCall              *call,
                                     const char          *digits,
                                     GError             **error);
  void         (*release_call)      (DtMediaBackend      *self,
                                     DtCall              *call);
};

GListModel *dt_media_backend_get_devices     (DtMediaBackend  *self);
gboolean    dt_media_backend_set_devices     (DtMediaBackend  *self,
                                              const char      *input_id,
                                              const char      *output_id,
                                              GError         **error);
gboolean    dt_media_backend_set_muted       (DtMediaBackend  *self,
                                              DtCall          *call,
                                              gboolean         muted,
                                              GError         **error);
gboolean    dt_media_backend_start_recording (DtMediaBackend  *self,
                                              DtCall          *call,
                                              const char      *path,
                                              GError         **error);
gboolean    dt_media_backend_pause_recording (DtMediaBackend  *self,
                                              DtCall          *call,
                                              GError         **error);

gboolean    dt_media_backend_prepare_call      (DtMediaBackend      *self,
                                                DtCall              *call,
                                                const char          *local_address,
                                                const char          *srtp,
                                                const char * const  *codecs,
                                                GError             **error);
/* transfer full: the SDP text */
char       *dt_media_backend_create_offer      (DtMediaBackend      *self,
                                                DtCall              *call,
                                                gboolean             hold,
                                                GError             **error);
/* transfer full: the SDP text */
char       *dt_media_backend_answer_offer      (DtMediaBackend      *self,
                                                DtCall              *call,
                                                const char          *offer,
                                                gboolean             hold,
                                                GError             **error);
gboolean    dt_media_backend_set_remote_answer (DtMediaBackend      *self,
                                                DtCall              *call,
                                                const char          *answer,
                                                GError             **error);
gboolean    dt_media_backend_send_dtmf         (DtMediaBackend      *self,
                                                DtCall              *call,
                                                const char          *digits,
                                                GError             **error);
void        dt_media_backend_release_call      (DtMediaBackend      *self,
                                                DtCall              *call);

G_END_DECLS
