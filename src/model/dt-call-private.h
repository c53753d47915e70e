/* dt-call-private.h: what the files of DtCall share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtCall is written in several files: dt-call.c (the object, answering,
 * ending, hold), dt-call-media.c (muting and recording through the media
 * backend), dt-call-transfer.c (transfers either way) and dt-call-report.c
 * (what the backend reports).
 */
#pragma once

#include "dt-model-private.h"

G_BEGIN_DECLS

enum {
  PROP_0, PROP_ID, PROP_CORRELATION_ID, PROP_LINE, PROP_DIRECTION, PROP_STATE,
  PROP_REMOTE_URI, PROP_REMOTE_NAME, PROP_COMPANY, PROP_AVATAR, PROP_MANUAL_INFO,
  PROP_CONNECTED, PROP_HELD, PROP_REMOTE_HELD, PROP_MUTED, PROP_EARLY_MEDIA, PROP_SECURE,
  PROP_CODEC, PROP_RECORDING, PROP_RECORDING_PATH, PROP_START_TIME,
  PROP_DISCONNECT_REASON, PROP_TRANSFER_TARGET, PROP_CONSULTATION_FOR,
  N_PROPS
};

enum {
  CALLER_ID, PROGRESS, CONNECT, ESTABLISHED, REMOTE_MEDIA,
  HELD, RESUMED, REMOTE_HELD, DISCONNECT,
  DTMF_RECEIVED, TRANSFER_REQUESTED, TRANSFER_PROGRESS, ERROR,
  N_SIGNALS
};

struct _DtCall
{
  GObject           parent_instance;

  DtCallBackend    *backend;
  DtLine           *line;
  DtCall           *consultation_for;

  char             *id, *correlation_id;
  char             *remote_uri, *remote_name, *company, *avatar;
  char             *codec, *recording_path, *disconnect_reason, *transfer_target;
  gint64            start_time;

  DtCallDirection   direction;
  /* How far signalling got (dialing … established, disconnected); the
   * state property puts the hold flags on top of it once answered */
  DtCallState       phase;
  DtCallState       state;
  DtRecordingState  recording;

  gboolean          manual_info, connected, held, remote_held, muted, early_media, secure;
  /* An answer, hold or resume is on its way: see send_invite() in dt-call.c */
  gboolean          invite_pending;
};

extern GParamSpec *dt_call_properties[N_PROPS];
extern guint dt_call_signals[N_SIGNALS];

#define STATE(s) (1u << (s))
#define ACTIVE (STATE (DT_CALL_STATE_CONNECTED) | STATE (DT_CALL_STATE_ESTABLISHED) | \
                STATE (DT_CALL_STATE_REMOTE_HELD))
#define ANSWERED (ACTIVE | STATE (DT_CALL_STATE_HELD))
#define LIVE (~STATE (DT_CALL_STATE_DISCONNECTED))
#define DTMF_DIGITS "0123456789*#ABCD"

#define NOTIFY(self, prop_id) \
  g_object_notify_by_pspec (G_OBJECT (self), dt_call_properties[prop_id])

void     dt_call_update_string (DtCall      *self,
                                char       **field,
                                const char  *value,
                                guint        prop_id);
void     dt_call_update_flag   (DtCall      *self,
                                gboolean    *field,
                                gboolean     value,
                                guint        prop_id);
/* Local hold wins over remote hold; both only count once answered (connected) */
void     dt_call_update_state  (DtCall      *self);
/* Every request checks the instance, then its state, then a backend to send it */
gboolean dt_call_can_request   (DtCall      *self,
                                guint        states,
                                const char  *message,
                                GError     **error);

G_END_DECLS
