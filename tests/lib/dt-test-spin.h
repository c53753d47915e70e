/* dt-test-spin.h: running the main context until something holds, with a deadline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the default main context until @expr holds or @timeout_ms passes,
 * waking at least every 10 ms; evaluates to whether @expr held when last
 * evaluated (it is never evaluated after it held). */
#define dt_test_spin_until(expr, timeout_ms) \
  ({ DtTestSpin _dt_spin; \
     gboolean _dt_holds; \
     dt_test_spin_begin (&_dt_spin, (timeout_ms)); \
     while (!(_dt_holds = !!(expr)) && dt_test_spin_step (&_dt_spin)) \
       ; \
     dt_test_spin_end (&_dt_spin); \
     _dt_holds; })

typedef struct {
  gint64 deadline;
  guint  wake_id;
} DtTestSpin;

void      dt_test_spin_begin        (DtTestSpin *spin,
                                     guint       timeout_ms);
/* One main context iteration; FALSE once the deadline has passed */
gboolean  dt_test_spin_step         (DtTestSpin *spin);
void      dt_test_spin_end          (DtTestSpin *spin);

/* dt_test_spin_until() for a callback: until @cond (@data) holds or
 * @timeout_ms passed; whether it held */
gboolean  dt_test_spin              (gboolean  (*cond) (gpointer data),
                                     gpointer    data,
                                     guint       timeout_ms);

/* Dispatches what is ready on the default main context, without waiting */
void      dt_test_spin_drain        (void);

G_END_DECLS
