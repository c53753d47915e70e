/* dt-sip-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"
#include "model/dt-call-manager.h"

#include "dt-sip-media.h"

struct _DtSipMedia
{
  DtMediaBackend *backend;
  GWeakRef        call;
  char           *address;
  gboolean        prepared;
};

static DtCall *
dup_call (DtSipMedia  *self,
          GError     **error)
{
  DtCall *call = g_weak_ref_get (&self->call);

  if (call == NULL)
    g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_STATE,
                         _("The call is already over."));
  return call;
}

/* The ports are bound once, before the first SDP of the call */
static gboolean
prepare (DtSipMedia  *self,
         DtCall      *call,
         GError     **error)
{
  DtLine *line = dt_call_get_line (call);
  const char *srtp = line != NULL ? dt_line_get_srtp (line) : NULL;

  if (self->prepared)
    return TRUE;
  /* The line's SRTP policy; unset is optional: crypto offered, a plain
   * answer taken */
  if (srtp != NULL && *srtp == '\0')
    srtp = NULL;
  if (!dt_media_backend_prepare_call (self->backend, call, self->address, srtp, NULL, error))
    return FALSE;
  self->prepared = TRUE;
  return TRUE;
}

DtSipMedia *
dt_sip_media_new (DtCall     *call,
                  const char *address)
{
  DtLine *line = dt_call_get_line (call);
  DtCallManager *manager = line != NULL ? dt_line_get_manager (line) : NULL;
  DtMediaBackend *backend = manager != NULL ? dt_call_manager_get_media_backend (manager) : NULL;
  DtSipMedia *self;

  if (backend == NULL)
    return NULL;

  self = g_new0 (DtSipMedia, 1);
  self->backend = g_object_ref (backend);
  g_weak_ref_init (&self->call, call);
  self->address = g_strdup (address);
  return self;
}

void
dt_sip_media_free (DtSipMedia *self)
{
  g_autoptr(DtCall) call = NULL;

  if (self == NULL)
    return;

  call = g_weak_ref_get (&self->call);
  if (call != NULL && self->prepared)
    dt_media_backend_release_call (self->backend, call);
  g_weak_ref_clear (&self->call);
  g_object_unref (self->backend);
  g_free (self->address);
  g_free (self);
}

char *
dt_sip_media_create_offer (DtSipMedia  *self,
                           gboolean     hold,
                           GError     **error)
{
  g_autoptr(DtCall) call = dup_call (self, error);

  if (call == NULL || !prepare (self, call, error))
    return NULL;
  return dt_media_backend_create_offer (self->backend, call, hold, error);
}

char *
dt_sip_media_answer (DtSipMedia  *self,
                     const char  *offer,
                     gboolean     hold,
                     guint       *status,
                     GError     **error)
{
  g_autoptr(DtCall) call = dup_call (self, error);
  g_autoptr(GError) media_error = NULL;
  char *answer;

  *status = 500;
  if (call == NULL || !prepare (self, call, error))
    return NULL;

  answer = dt_media_backend_answer_offer (self->backend, call, offer, hold, &media_error);
  if (answer == NULL)
    {
      if (g_error_matches (media_error, DT_CALL_ERROR, DT_CALL_ERROR_INVALID_ARGUMENT))
        *status = 488;
      g_propagate_error (error, g_steal_pointer (&media_error));
    }
  return answer;
}

gboolean
dt_sip_media_take_answer (DtSipMedia   *self,
                          sip_t const  *sip,
                          GError      **error)
{
  g_autofree char *sdp = dt_sip_media_dup_sdp (sip);
  g_autoptr(DtCall) call = NULL;

  if (sdp == NULL || !self->prepared || (call = g_weak_ref_get (&self->call)) == NULL)
    return TRUE;
  return dt_media_backend_set_remote_answer (self->backend, call, sdp, error);
}

gboolean
dt_sip_media_send_dtmf (DtSipMedia  *self,
                        const char  *digits,
                        GError     **error)
{
  g_autoptr(DtCall) call = dup_call (self, error);

  return call != NULL && dt_media_backend_send_dtmf (self->backend, call, digits, error);
}

char *
dt_sip_media_dup_sdp (sip_t const *sip)
{
  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_len == 0 ||
      sip->sip_content_type == NULL || sip->sip_content_type->c_type == NULL ||
      g_ascii_strcasecmp (sip->sip_content_type->c_type, "application/sdp") != 0)
    return NULL;
  return g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}
