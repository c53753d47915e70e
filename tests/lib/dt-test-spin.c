/* dt-test-spin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-spin.h"

/* A blocking iteration returns only when some source fires: this one makes
 * sure that happens, so the deadline and conditions no source announces
 * (a file's size, a meter's level, a peer's port) are seen in time */
static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
dt_test_spin_begin (DtTestSpin *spin,
                    guint       timeout_ms)
{
  spin->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  spin->wake_id = g_timeout_add (10, wake, NULL);
}

gboolean
dt_test_spin_step (DtTestSpin *spin)
{
  if (g_get_monotonic_time () >= spin->deadline)
    return FALSE;
  g_main_context_iteration (NULL, TRUE);
  return TRUE;
}

void
dt_test_spin_end (DtTestSpin *spin)
{
  g_clear_handle_id (&spin->wake_id, g_source_remove);
}

gboolean
dt_test_spin (gboolean (*cond) (gpointer data),
              gpointer   data,
              guint      timeout_ms)
{
  return dt_test_spin_until (cond (data), timeout_ms);
}

void
dt_test_spin_drain (void)
{
  /* Bounded so a source that re-arms itself shows up as a failure, not a hang */
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}
