/* dt-sip-call-private.h: what the files of DtSipCall share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DtSipCall is one dialog, written in several files: dt-sip-call.c (the
 * object, the dialog's events, ending it), dt-sip-call-outgoing.c (our
 * INVITE) and dt-sip-call-incoming.c (theirs), beside the helpers that own
 * a part of its state (dt-sip-hold.c, dt-sip-dtmf.c).
 */
#pragma once

#include "dt-sip-dtmf.h"
#include "dt-sip-hold.h"
#include "dt-sip-media.h"
#include "dt-sip-private.h"
#include "dt-sip-referral.h"
#include "dt-sip-sdp.h"

G_BEGIN_DECLS

struct _DtSipCall
{
  GObject          parent_instance;

  DtSipStack      *stack;
  nua_handle_t    *nh;
  DtCall          *call;       /* weak: the model owns the call */
  DtCallDirection  direction;

  char            *target;     /* outbound: the URI to call */
  char            *replaces;   /* outbound: the Replaces header its URI carried */
  DtSipAccount    *account;    /* outbound on an account: From, route and
                                * credentials; NULL on the direct line */
  char            *remote_uri;
  char            *remote_name;
  char            *call_id;
  char            *reason;     /* why the dialog ends, once known */
  char            *redirect_to;
  char            *answer_codec;
  char            *contact;    /* ours, when sofia's would be wrong */
  DtSipMediaPorts  ports;
  /* The media backend's SDP, when the call's manager has one */
  DtSipMedia      *media;
  char            *remote_offer; /* inbound: the INVITE's SDP */
  DtSipHold       *hold;
  DtSipDtmf       *dtmf;         /* dial tones as SIP INFO */
  DtSipDtmfMode    dtmf_mode;

  guint            invited : 1;    /* outbound: INVITE sent */
  guint            redirected : 1; /* a 3xx has been followed already */
  guint            answered : 1;   /* inbound: 200 sent */
  guint            connected : 1;
  guint            ending : 1;     /* we are ending it (CANCEL, BYE, a final answer) */
  guint            auth_sent : 1;  /* outbound: a challenge was answered */

  /* The dialog, for a Replaces header naming it: tags as sofia keeps
   * them, and the peer's Contact */
  char            *local_tag;
  char            *remote_tag;
  char            *remote_target;

  /* Our transfer of the peer (REFER), while it runs */
  char            *refer_to;       /* waits for our hold before it goes */
  GWeakRef         consultation;   /* attended: the DtSipCall it replaces */
  guint            notify_timeout_id;
  guint            transferring : 1;      /* REFER sent or waiting for the hold */
  guint            held_for_transfer : 1; /* resumed if the transfer fails */
  guint            refer_auth_sent : 1;
  /* This is the consultation call of another's attended transfer: the
   * target ends it once it has taken the call over */
  guint            consulted : 1;
  /* The peer's REFER, asking us to call someone else */
  DtSipReferral   *referral;
};

/* Our description for soa, which derives the offer or the answer from it:
 * an answer follows the caller's codec order and keeps one codec plus
 * telephone-event; the origin line carries our address */
#define SOA_TAGS(self, sdp) \
  SOATAG_USER_SDP_STR (sdp), \
  SOATAG_ADDRESS (dt_sip_stack_get_bind_address ((self)->stack)), \
  SOATAG_RTP_SORT (SOA_RTP_SORT_REMOTE), \
  SOATAG_RTP_SELECT (SOA_RTP_SELECT_SINGLE), \
  SOATAG_AUDIO_AUX ("telephone-event")

/* dt-sip-call.c */
/* Binds the model's @call (weakly) and the helpers that report on it */
void      dt_sip_call_attach                (DtSipCall      *self,
                                             DtCall         *call);
/* The model's call, with a strong reference for the caller, or NULL */
DtCall   *dt_sip_call_dup_call              (DtSipCall      *self);
/* Keeps the first reason given */
void      dt_sip_call_set_reason            (DtSipCall      *self,
                                             const char     *reason);
/* Ends the model's call, once; the dialog itself is not touched */
void      dt_sip_call_report_disconnected   (DtSipCall      *self,
                                             const char     *reason);
/* A description of our audio on freshly reserved ports, or NULL */
char     *dt_sip_call_local_sdp             (DtSipCall      *self,
                                             GError        **error);
void      dt_sip_call_release_handle        (DtSipCall      *self);
/* CANCEL, BYE or 480, as the dialog's state asks; once */
void      dt_sip_call_end_dialog            (DtSipCall      *self);

/* dt-sip-call-outgoing.c */
gboolean  dt_sip_call_start                 (DtCallBackend  *backend,
                                             GError        **error);
void      dt_sip_call_take_invite_response  (DtSipCall      *self,
                                             int             status,
                                             const char     *phrase,
                                             sip_t const    *sip);
void      dt_sip_call_take_answer           (DtSipCall      *self,
                                             sip_t const    *sip,
                                             gboolean        final);
void      dt_sip_call_follow_redirect       (DtSipCall      *self);

/* dt-sip-call-incoming.c */
gboolean  dt_sip_call_answer                (DtCallBackend  *backend,
                                             GError        **error);
gboolean  dt_sip_call_reject                (DtCallBackend  *backend,
                                             gboolean        busy,
                                             GError        **error);
void      dt_sip_call_answer_reinvite       (DtSipCall      *self,
                                             sip_t const    *sip);

/* dt-sip-call-transfer.c */
gboolean  dt_sip_call_blind_transfer        (DtCallBackend  *backend,
                                             const char     *target,
                                             GError        **error);
gboolean  dt_sip_call_attended_transfer     (DtCallBackend  *backend,
                                             DtCallBackend  *consultation,
                                             GError        **error);
gboolean  dt_sip_call_accept_transfer       (DtCallBackend  *backend,
                                             GError        **error);
gboolean  dt_sip_call_refuse_transfer       (DtCallBackend  *backend,
                                             GError        **error);
/* Our hold re-INVITE has its outcome: a transfer waiting for it goes */
void      dt_sip_call_hold_settled          (DtSipCall      *self);
void      dt_sip_call_take_refer_response   (DtSipCall      *self,
                                             int             status,
                                             const char     *phrase,
                                             sip_t const    *sip);
void      dt_sip_call_take_notify           (DtSipCall      *self,
                                             sip_t const    *sip,
                                             tagi_t          tags[]);
/* The peer's REFER in this dialog, not yet answered */
void      dt_sip_call_take_refer            (DtSipCall      *self,
                                             sip_t const    *sip,
                                             tagi_t          tags[]);
/* The dialog is ending: no transfer goes on */
void      dt_sip_call_stop_transfer         (DtSipCall      *self);
/* Keeps the tags and the peer's Contact of the dialog from @sip, a
 * message in it (outbound: a response; inbound: the INVITE) */
void      dt_sip_call_note_dialog           (DtSipCall      *self,
                                             sip_t const    *sip);

G_END_DECLS
