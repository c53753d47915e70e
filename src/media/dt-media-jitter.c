/* dt-media-jitter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dt-media-jitter.h"

#define CHECK_MS        1000
#define MAX_MS          200
#define MIN_MS          10
#define MIN_GROW_MS     20
/* Shrinking must gain at least this much to be worth a skip in the sound */
#define MIN_SHRINK_MS   10
#define SETTLE_CHECKS   2
#define QUIET_CHECKS    10

struct _DtMediaJitter
{
  GstElement *rtpbin;
  guint       base_ms;
  guint       latency_ms;
  guint64     late;
  guint       quiet_checks;
  guint       quiet_needed;
  guint       timeout_id;
};

typedef struct {
  guint64 late;
  guint64 jitter_ns;
} Stats;

static void
add_stats (const GValue *item,
           gpointer      user_data)
{
  GstElement *element = g_value_get_object (item);
  GstElementFactory *factory = gst_element_get_factory (element);
  g_autoptr(GstStructure) stats = NULL;
  Stats *sum = user_data;
  guint64 late = 0, jitter = 0;

  if (factory == NULL || strcmp (GST_OBJECT_NAME (factory), "rtpjitterbuffer") != 0)
    return;
  g_object_get (element, "stats", &stats, NULL);
  if (stats == NULL)
    return;
  gst_structure_get_uint64 (stats, "num-late", &late);
  gst_structure_get_uint64 (stats, "avg-jitter", &jitter);
  sum->late += late;
  sum->jitter_ns = MAX (sum->jitter_ns, jitter);
}

static void
set_latency (DtMediaJitter *self,
             guint          latency_ms)
{
  if (latency_ms == self->latency_ms)
    return;

  g_debug ("Jitter buffer: %u ms -> %u ms", self->latency_ms, latency_ms);
  self->latency_ms = latency_ms;
  /* rtpbin hands it to every jitter buffer, which posts a LATENCY message:
   * the session has the pipeline recompute its latency */
  g_object_set (self->rtpbin, "latency", latency_ms, NULL);
}

static gboolean
check (gpointer user_data)
{
  DtMediaJitter *self = user_data;
  g_autoptr(GstIterator) children = gst_bin_iterate_recurse (GST_BIN (self->rtpbin));
  Stats stats = { 0 };
  guint jitter_ms, target_ms, ceiling = MAX (MAX_MS, self->base_ms);

  /* A resync (children added meanwhile) only makes this check partial */
  gst_iterator_foreach (children, add_stats, &stats);
  jitter_ms = (guint) (stats.jitter_ns / GST_MSECOND);

  target_ms = MAX (MIN_MS, 4 * jitter_ms);

  if (stats.late > self->late)
    {
      self->quiet_checks = 0;
      self->quiet_needed = QUIET_CHECKS;
      set_latency (self, MIN (ceiling, self->latency_ms + MAX (MIN_GROW_MS, 2 * jitter_ms)));
    }
  else if (++self->quiet_checks >= self->quiet_needed &&
           self->latency_ms >= target_ms + MIN_SHRINK_MS)
    {
      self->quiet_checks = 0;
      set_latency (self, target_ms);
    }
  self->late = stats.late;

  return G_SOURCE_CONTINUE;
}

DtMediaJitter *
dt_media_jitter_new (GstElement *rtpbin,
                     guint       base_ms)
{
  DtMediaJitter *self;

  g_return_val_if_fail (GST_IS_BIN (rtpbin), NULL);

  self = g_new0 (DtMediaJitter, 1);
  self->rtpbin = rtpbin;
  self->base_ms = base_ms;
  self->latency_ms = base_ms;
  self->quiet_needed = SETTLE_CHECKS;
  self->timeout_id = g_timeout_add (CHECK_MS, check, self);
  return self;
}

void
dt_media_jitter_free (DtMediaJitter *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self);
}

guint
dt_media_jitter_get_latency (DtMediaJitter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->latency_ms;
}
