/* dt-fake-call-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-call-error.h"
#include "dt-fake-call-backend.h"

struct _DtFakeCallBackend
{
  GObject        parent_instance;

  DtFakeJournal *journal;
  char          *label;
  GWeakRef       call;
};

static void dt_fake_call_backend_iface_init (DtCallBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtFakeCallBackend, dt_fake_call_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_CALL_BACKEND,
                                                      dt_fake_call_backend_iface_init))

static gboolean
request (DtCallBackend  *backend,
         const char     *op,
         const char     *args,
         GError        **error)
{
  DtFakeCallBackend *self = DT_FAKE_CALL_BACKEND (backend);

  /* A model that still asks while dropping its call must not crash us */
  if (self->journal == NULL)
    return TRUE;

  return dt_fake_journal_request (self->journal, self->label, op, args, error);
}

static gboolean
fake_start (DtCallBackend  *backend,
            GError        **error)
{
  return request (backend, "start", NULL, error);
}

static gboolean
fake_answer (DtCallBackend  *backend,
             GError        **error)
{
  return request (backend, "answer", NULL, error);
}

static gboolean
fake_reject (DtCallBackend  *backend,
             gboolean        busy,
             GError        **error)
{
  return request (backend, "reject", busy ? "busy" : "decline", error);
}

static gboolean
fake_end (DtCallBackend  *backend,
          GError        **error)
{
  return request (backend, "end", NULL, error);
}

static gboolean
fake_send_dtmf (DtCallBackend  *backend,
                const char     *digits,
                GError        **error)
{
  return request (backend, "send_dtmf", digits, error);
}

static gboolean
fake_hold (DtCallBackend  *backend,
           GError        **error)
{
  return request (backend, "hold", NULL, error);
}

static gboolean
fake_resume (DtCallBackend  *backend,
             GError        **error)
{
  return request (backend, "resume", NULL, error);
}

static gboolean
fake_blind_transfer (DtCallBackend  *backend,
                     const char     *target,
                     GError        **error)
{
  return request (backend, "blind_transfer", target, error);
}

static gboolean
fake_attended_transfer (DtCallBackend  *backend,
                        DtCallBackend  *consultation,
                        GError        **error)
{
  const char *other = "?";

  if (DT_IS_FAKE_CALL_BACKEND (consultation))
    other = DT_FAKE_CALL_BACKEND (consultation)->label;

  return request (backend, "attended_transfer", other, error);
}

static gboolean
fake_accept_transfer (DtCallBackend  *backend,
                      GError        **error)
{
  return request (backend, "accept_transfer", NULL, error);
}

static gboolean
fake_refuse_transfer (DtCallBackend  *backend,
                      GError        **error)
{
  return request (backend, "refuse_transfer", NULL, error);
}

static void
dt_fake_call_backend_iface_init (DtCallBackendInterface *iface)
{
  iface->start = fake_start;
  iface->answer = fake_answer;
  iface->reject = fake_reject;
  iface->end = fake_end;
  iface->send_dtmf = fake_send_dtmf;
  iface->hold = fake_hold;
  iface->resume = fake_resume;
  iface->blind_transfer = fake_blind_transfer;
  iface->attended_transfer = fake_attended_transfer;
  iface->accept_transfer = fake_accept_transfer;
  iface->refuse_transfer = fake_refuse_transfer;
}

static void
dt_fake_call_backend_dispose (GObject *object)
{
  DtFakeCallBackend *self = DT_FAKE_CALL_BACKEND (object);

  g_clear_object (&self->journal);

  G_OBJECT_CLASS (dt_fake_call_backend_parent_class)->dispose (object);
}

static void
dt_fake_call_backend_finalize (GObject *object)
{
  DtFakeCallBackend *self = DT_FAKE_CALL_BACKEND (object);

  g_weak_ref_clear (&self->call);
  g_free (self->label);

  G_OBJECT_CLASS (dt_fake_call_backend_parent_class)->finalize (object);
}

static void
dt_fake_call_backend_class_init (DtFakeCallBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_fake_call_backend_dispose;
  object_class->finalize = dt_fake_call_backend_finalize;
}

static void
dt_fake_call_backend_init (DtFakeCallBackend *self)
{
  g_weak_ref_init (&self->call, NULL);
}

DtFakeCallBackend *
dt_fake_call_backend_new (DtFakeJournal *journal,
                          const char    *label)
{
  DtFakeCallBackend *self = g_object_new (DT_TYPE_FAKE_CALL_BACKEND, NULL);

  self->journal = g_object_ref (journal);
  self->label = g_strdup (label);

  return self;
}

const char *
dt_fake_call_backend_get_label (DtFakeCallBackend *self)
{
  g_return_val_if_fail (DT_IS_FAKE_CALL_BACKEND (self), NULL);

  return self->label;
}

DtCall *
dt_fake_call_backend_get_call (DtFakeCallBackend *self)
{
  DtCall *call;

  g_return_val_if_fail (DT_IS_FAKE_CALL_BACKEND (self), NULL);

  /* The model owns the call; hand back a borrowed pointer like the model does */
  call = g_weak_ref_get (&self->call);
  if (call != NULL)
    g_object_unref (call);

  return call;
}

void
dt_fake_call_backend_set_call (DtFakeCallBackend *self,
                               DtCall            *call)
{
  g_return_if_fail (DT_IS_FAKE_CALL_BACKEND (self));

  g_weak_ref_set (&self->call, call);
}

void
dt_fake_call_backend_fail_next (DtFakeCallBackend *self,
                                const char        *op,
                                int                code,
                                const char        *message)
{
  g_return_if_fail (DT_IS_FAKE_CALL_BACKEND (self));

  dt_fake_journal_fail_next (self->journal, self->label, op,
                             DT_CALL_ERROR, code, message);
}
