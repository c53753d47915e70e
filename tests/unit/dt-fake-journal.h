/* dt-fake-journal.h: the ordered log of every request the fake backends got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_FAKE_JOURNAL (dt_fake_journal_get_type ())
G_DECLARE_FINAL_TYPE (DtFakeJournal, dt_fake_journal, DT, FAKE_JOURNAL, GObject)

/*
 * One journal is shared by every fake of a test, so the order of requests
 * across calls ("a:hold" before "b:answer") can be asserted. An entry reads
 * "LABEL:OPERATION" or "LABEL:OPERATION(ARGS)"; a request that was made to
 * fail ends in "!".
 */

DtFakeJournal *dt_fake_journal_new       (void);

/* Records the request and returns FALSE with the planned error when the
 * test asked for the next @op of @label to fail. */
gboolean       dt_fake_journal_request   (DtFakeJournal *self,
                                          const char    *label,
                                          const char    *op,
                                          const char    *args,
                                          GError       **error);
/* The next request @op made to the fake @label fails with @code/@message */
void           dt_fake_journal_fail_next (DtFakeJournal *self,
                                          const char    *label,
                                          const char    *op,
                                          GQuark         domain,
                                          int            code,
                                          const char    *message);

guint          dt_fake_journal_get_n_entries (DtFakeJournal *self);
const char    *dt_fake_journal_get_entry     (DtFakeJournal *self,
                                              guint          index);
/* Every entry joined by ";" ("" when none) */
char          *dt_fake_journal_join          (DtFakeJournal *self);
void           dt_fake_journal_clear         (DtFakeJournal *self);
void           dt_fake_journal_remove_first  (DtFakeJournal *self);

G_END_DECLS
