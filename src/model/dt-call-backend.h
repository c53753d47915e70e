/* dt-call-backend.h: what a call needs from the signalling layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dt-types.h"

G_BEGIN_DECLS

#define DT_TYPE_CALL_BACKEND (dt_call_backend_get_type ())
G_DECLARE_INTERFACE (DtCallBackend, dt_call_backend, DT, CALL_BACKEND, GObject)

/**
 * DtCallBackendInterface:
 *
 * One per call, implemented by the SIP layer (DtSipCall) and by the fake
 * backend of the tests. The model has already checked the call's state and
 * the arguments before it calls any of these, so an implementation only
 * refuses what it cannot do now (a socket error, an unsupported method).
 *
 * Every request is asynchronous on the wire: the vfunc returns once the
 * request is on its way and the backend later reports the outcome on the
 * DtCall it was created for (dt_call_report_held(), dt_call_report_error()
 * with DT_CALL_ERROR_KIND_HOLD, …). A %FALSE return with @error set means
 * nothing was sent and the model changes nothing.
 */
struct _DtCallBackendInterface
{
  GTypeInterface parent_iface;

  /* Outbound only: send the request (INVITE). Called once, after the model
   * has held the previously connected call. */
  gboolean (*start)             (DtCallBackend  *self,
                                 GError        **error);
  gboolean (*answer)            (DtCallBackend  *self,
                                 GError        **error);
  /* @busy: 486 Busy Here when %TRUE, 603 Decline when %FALSE */
  gboolean (*reject)            (DtCallBackend  *self,
                                 gboolean        busy,
                                 GError        **error);
  /* CANCEL before an answer, BYE after */
  gboolean (*end)               (DtCallBackend  *self,
                                 GError        **error);
  /* @digits is already validated: only 0-9 * # A-D */
  gboolean (*send_dtmf)         (DtCallBackend  *self,
                                 const char     *digits,
                                 GError        **error);
  gboolean (*hold)              (DtCallBackend  *self,
                                 GError        **error);
  gboolean (*resume)            (DtCallBackend  *self,
                                 GError        **error);
  gboolean (*blind_transfer)    (DtCallBackend  *self,
                                 const char     *target,
                                 GError        **error);
  /* Replace this call's remote party with @consultation's remote party */
  gboolean (*attended_transfer) (DtCallBackend  *self,
                                 DtCallBackend  *consultation,
                                 GError        **error);
  /* Answer the remote party's request (REFER) to call someone else */
  gboolean (*accept_transfer)   (DtCallBackend  *self,
                                 GError        **error);
  gboolean (*refuse_transfer)   (DtCallBackend  *self,
                                 GError        **error);
};

gboolean dt_call_backend_start             (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_answer            (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_reject            (DtCallBackend  *self,
                                            gboolean        busy,
                                            GError        **error);
gboolean dt_call_backend_end               (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_send_dtmf         (DtCallBackend  *self,
                                            const char     *digits,
                                            GError        **error);
gboolean dt_call_backend_hold              (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_resume            (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_blind_transfer    (DtCallBackend  *self,
                                            const char     *target,
                                            GError        **error);
gboolean dt_call_backend_attended_transfer (DtCallBackend  *self,
                                            DtCallBackend  *consultation,
                                            GError        **error);
gboolean dt_call_backend_accept_transfer   (DtCallBackend  *self,
                                            GError        **error);
gboolean dt_call_backend_refuse_transfer   (DtCallBackend  *self,
                                            GError        **error);

G_END_DECLS
