/* dt-fake-line-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-call-error.h"
#include "dt-fake-line-backend.h"

struct _DtFakeLineBackend
{
  GObject        parent_instance;

  DtFakeJournal *journal;
  char          *label;
  GPtrArray     *created;
  /* label → one of created, for tests that make thousands of calls */
  GHashTable    *by_label;
};

static void dt_fake_line_backend_iface_init (DtLineBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtFakeLineBackend, dt_fake_line_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DT_TYPE_LINE_BACKEND,
                                                      dt_fake_line_backend_iface_init))

static char *
label_for_target (DtFakeLineBackend *self,
                  const char        *target)
{
  const char *user = target;
  const char *colon = strchr (target, ':');
  g_autofree char *base = NULL;
  char *label;

  if (colon != NULL)
    user = colon + 1;
  base = g_strndup (user, strcspn (user, "@;"));
  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup ("call");
    }

  label = g_strdup (base);
  for (guint n = 2; dt_fake_line_backend_find (self, label) != NULL; n++)
    {
      g_free (label);
      label = g_strdup_printf ("%s%u", base, n);
    }

  return label;
}

static gboolean
fake_register_line (DtLineBackend  *backend,
                    GError        **error)
{
  DtFakeLineBackend *self = DT_FAKE_LINE_BACKEND (backend);

  return dt_fake_journal_request (self->journal, self->label, "register", NULL, error);
}

static gboolean
fake_unregister_line (DtLineBackend  *backend,
                      GError        **error)
{
  DtFakeLineBackend *self = DT_FAKE_LINE_BACKEND (backend);

  return dt_fake_journal_request (self->journal, self->label, "unregister", NULL, error);
}

static DtCallBackend *
fake_create_call (DtLineBackend  *backend,
                  DtCall         *call,
                  const char     *target,
                  GError        **error)
{
  DtFakeLineBackend *self = DT_FAKE_LINE_BACKEND (backend);
  g_autofree char *label = NULL;
  DtFakeCallBackend *call_backend;

  g_assert (DT_IS_CALL (call));
  g_assert (target != NULL);

  if (!dt_fake_journal_request (self->journal, self->label, "create_call", target, error))
    return NULL;

  label = label_for_target (self, target);
  call_backend = dt_fake_call_backend_new (self->journal, label);
  dt_fake_call_backend_set_call (call_backend, call);
  g_ptr_array_add (self->created, call_backend);
  g_hash_table_insert (self->by_label, g_strdup (label), call_backend);

  return DT_CALL_BACKEND (g_object_ref (call_backend));
}

static void
dt_fake_line_backend_iface_init (DtLineBackendInterface *iface)
{
  iface->register_line = fake_register_line;
  iface->unregister_line = fake_unregister_line;
  iface->create_call = fake_create_call;
}

static void
dt_fake_line_backend_dispose (GObject *object)
{
  DtFakeLineBackend *self = DT_FAKE_LINE_BACKEND (object);

  g_hash_table_remove_all (self->by_label);
  g_ptr_array_set_size (self->created, 0);

  G_OBJECT_CLASS (dt_fake_line_backend_parent_class)->dispose (object);
}

static void
dt_fake_line_backend_finalize (GObject *object)
{
  DtFakeLineBackend *self = DT_FAKE_LINE_BACKEND (object);

  g_clear_object (&self->journal);
  g_clear_pointer (&self->by_label, g_hash_table_unref);
  g_clear_pointer (&self->created, g_ptr_array_unref);
  g_free (self->label);

  G_OBJECT_CLASS (dt_fake_line_backend_parent_class)->finalize (object);
}

static void
dt_fake_line_backend_class_init (DtFakeLineBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_fake_line_backend_dispose;
  object_class->finalize = dt_fake_line_backend_finalize;
}

static void
dt_fake_line_backend_init (DtFakeLineBackend *self)
{
  self->created = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

DtFakeLineBackend *
dt_fake_line_backend_new (DtFakeJournal *journal,
                          const char    *label)
{
  DtFakeLineBackend *self = g_object_new (DT_TYPE_FAKE_LINE_BACKEND, NULL);

  self->journal = g_object_ref (journal);
  self->label = g_strdup (label);

  return self;
}

const char *
dt_fake_line_backend_get_label (DtFakeLineBackend *self)
{
  g_return_val_if_fail (DT_IS_FAKE_LINE_BACKEND (self), NULL);

  return self->label;
}

guint
dt_fake_line_backend_get_n_created (DtFakeLineBackend *self)
{
  g_return_val_if_fail (DT_IS_FAKE_LINE_BACKEND (self), 0);

  return self->created->len;
}

DtFakeCallBackend *
dt_fake_line_backend_get_created (DtFakeLineBackend *self,
                                  guint              index)
{
  g_return_val_if_fail (DT_IS_FAKE_LINE_BACKEND (self), NULL);
  g_return_val_if_fail (index < self->created->len, NULL);

  return g_ptr_array_index (self->created, index);
}

DtFakeCallBackend *
dt_fake_line_backend_find (DtFakeLineBackend *self,
                           const char        *label)
{
  g_return_val_if_fail (DT_IS_FAKE_LINE_BACKEND (self), NULL);

  return g_hash_table_lookup (self->by_label, label);
}

void
dt_fake_line_backend_fail_next (DtFakeLineBackend *self,
                                const char        *op,
                                int                code,
                                const char        *message)
{
  g_return_if_fail (DT_IS_FAKE_LINE_BACKEND (self));

  dt_fake_journal_fail_next (self->journal, self->label, op,
                             DT_CALL_ERROR, code, message);
}
