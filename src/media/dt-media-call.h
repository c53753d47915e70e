/* dt-media-call.h: the audio of one DtCall, as DtGstMediaBackend keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. Its session, our last SDP offer, the call's SRTP
 * policy and codec order, and the reports its audio makes to the DtCall.
 * Failures come as DT_CALL_ERROR, mapped as dt-media-backend.h documents.
 */
#pragma once

#include "dt-call.h"
#include "dt-media-session.h"

G_BEGIN_DECLS

typedef struct _DtMediaCall DtMediaCall;

/* How a new session starts: PulseAudio names (NULL: the default device) */
typedef struct {
  const char *input_device;
  const char *output_device;
  gboolean    echo_cancellation;
  guint       latency_ms;
} DtMediaCallConfig;

/* @call is not referenced: the owner frees this before the call goes */
DtMediaCall    *dt_media_call_new              (DtCall              *call);
void            dt_media_call_free             (DtMediaCall         *self);
/* NULL until prepared */
DtMediaSession *dt_media_call_get_session      (DtMediaCall         *self);

/* Binds the ports of a new session set up as @config says */
gboolean        dt_media_call_prepare          (DtMediaCall         *self,
                                                const char          *local_address,
                                                const char          *srtp,
                                                const char * const  *codecs,
                                                const DtMediaCallConfig *config,
                                                GError             **error);
char           *dt_media_call_create_offer     (DtMediaCall         *self,
                                                gboolean             hold,
                                                GError             **error);
char           *dt_media_call_answer_offer     (DtMediaCall         *self,
                                                const char          *offer,
                                                gboolean             hold,
                                                GError             **error);
gboolean        dt_media_call_set_remote_answer (DtMediaCall        *self,
                                                const char          *answer,
                                                GError             **error);
gboolean        dt_media_call_send_dtmf        (DtMediaCall         *self,
                                                const char          *digits,
                                                GError             **error);
/* Remembered when the audio has not started yet */
void            dt_media_call_set_muted        (DtMediaCall         *self,
                                                gboolean             muted);
gboolean        dt_media_call_start_recording  (DtMediaCall         *self,
                                                const char          *path,
                                                GError             **error);
gboolean        dt_media_call_pause_recording  (DtMediaCall         *self,
                                                GError             **error);

G_END_DECLS
