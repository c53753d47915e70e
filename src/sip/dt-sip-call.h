/* dt-sip-call.h: one SIP dialog behind a DtCall (DtCallBackend)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_SIP_CALL (dt_sip_call_get_type ())
G_DECLARE_FINAL_TYPE (DtSipCall, dt_sip_call, DT, SIP_CALL, GObject)

/*
 * Created by DtSipLine: dt_line_backend_create_call() for an outbound call,
 * an incoming INVITE for an inbound one. It reports on its DtCall:
 *   id (the SIP Call-ID), caller-id (P-Asserted-Identity, else
 *   Remote-Party-ID, else From), progress (1xx; early media when a 1xx
 *   carries SDP), connected (2xx and ACK), media-info (the negotiated codec)
 *   and disconnected with one of these reasons:
 *     "hangup"          we ended the answered call (BYE)
 *     "remote-hangup"   the remote party ended it (BYE)
 *     "cancelled"       we ended our call before it was answered (CANCEL)
 *     "missed"          the caller gave up before we answered (CANCEL)
 *     "NNN Phrase"      a final failure response, received or sent by us
 *                       ("486 Busy Here", "603 Decline", "408 Request Timeout")
 *     "transferred"     a transfer (ours or the peer's REFER) succeeded
 *     "replaced"        an INVITE with Replaces took the call over
 *
 * Hold and resume are re-INVITEs (dt-sip-hold.c), dial tones go as SIP
 * INFO when the media does not carry them (dt-sip-dtmf.c), transfers are
 * REFER and NOTIFY (dt-sip-call-transfer.c, dt-sip-referral.c).
 */

G_END_DECLS
