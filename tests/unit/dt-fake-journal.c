/* dt-fake-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-fake-journal.h"

struct _DtFakeJournal
{
  GObject     parent_instance;

  GPtrArray  *entries;
  /* "label:op" → GError to fail the next such request with */
  GHashTable *failures;
};

G_DEFINE_FINAL_TYPE (DtFakeJournal, dt_fake_journal, G_TYPE_OBJECT)

static void
dt_fake_journal_finalize (GObject *object)
{
  DtFakeJournal *self = DT_FAKE_JOURNAL (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);

  G_OBJECT_CLASS (dt_fake_journal_parent_class)->finalize (object);
}

static void
dt_fake_journal_class_init (DtFakeJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_fake_journal_finalize;
}

static void
dt_fake_journal_init (DtFakeJournal *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_free);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_error_free);
}

DtFakeJournal *
dt_fake_journal_new (void)
{
  return g_object_new (DT_TYPE_FAKE_JOURNAL, NULL);
}

gboolean
dt_fake_journal_request (DtFakeJournal *self,
                         const char    *label,
                         const char    *op,
                         const char    *args,
                         GError       **error)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", label, op);
  g_autofree char *stolen_key = NULL;
  GError *failure = NULL;
  GString *entry = g_string_new (key);

  g_return_val_if_fail (DT_IS_FAKE_JOURNAL (self), FALSE);

  if (args != NULL)
    g_string_append_printf (entry, "(%s)", args);

  if (g_hash_table_steal_extended (self->failures, key,
                                   (gpointer *) &stolen_key,
                                   (gpointer *) &failure))
    {
      g_string_append_c (entry, '!');
      g_ptr_array_add (self->entries, g_string_free (entry, FALSE));
      g_propagate_error (error, failure);
      return FALSE;
    }

  g_ptr_array_add (self->entries, g_string_free (entry, FALSE));
  return TRUE;
}

void
dt_fake_journal_fail_next (DtFakeJournal *self,
                           const char    *label,
                           const char    *op,
                           GQuark         domain,
                           int            code,
                           const char    *message)
{
  g_return_if_fail (DT_IS_FAKE_JOURNAL (self));

  g_hash_table_replace (self->failures,
                        g_strdup_printf ("%s:%s", label, op),
                        g_error_new_literal (domain, code, message));
}

guint
dt_fake_journal_get_n_entries (DtFakeJournal *self)
{
  g_return_val_if_fail (DT_IS_FAKE_JOURNAL (self), 0);

  return self->entries->len;
}

const char *
dt_fake_journal_get_entry (DtFakeJournal *self,
                           guint          index)
{
  g_return_val_if_fail (DT_IS_FAKE_JOURNAL (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

char *
dt_fake_journal_join (DtFakeJournal *self)
{
  GString *joined = g_string_new (NULL);

  g_return_val_if_fail (DT_IS_FAKE_JOURNAL (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ';');
      g_string_append (joined, g_ptr_array_index (self->entries, i));
    }

  return g_string_free (joined, FALSE);
}

void
dt_fake_journal_clear (DtFakeJournal *self)
{
  g_return_if_fail (DT_IS_FAKE_JOURNAL (self));

  g_ptr_array_set_size (self->entries, 0);
}

void
dt_fake_journal_remove_first (DtFakeJournal *self)
{
  g_return_if_fail (DT_IS_FAKE_JOURNAL (self));

  if (self->entries->len > 0)
    g_ptr_array_remove_index (self->entries, 0);
}
