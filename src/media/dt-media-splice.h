/* dt-media-splice.h: cutting a few milliseconds out of sound, unheard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to src/media. A microphone whose clock runs faster than the
 * system's hands over more sound than time passes, and the excess has to
 * go. Cut at an arbitrary point, even with a crossfade, a voice or a tone
 * jumps in phase: the two ends cancel in the fade, and the dip is heard as
 * a click and seen as splatter across the spectrum. The cut here is moved
 * by up to a few milliseconds to where the sound after it best matches the
 * sound it replaces (the best normalized cross-correlation, which for a
 * voice or a tone is a whole number of its periods), then crossfaded.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint channels;
  /* Frames of output */
  gsize block;
  /* Frames the cut should be, and how far it may move either way */
  gsize target;
  gsize search;
  /* Frames of the crossfade, and of the comparison that places the cut */
  gsize overlap;
} DtMediaSplice;

void  dt_media_splice_init   (DtMediaSplice *splice,
                              guint          rate,
                              guint          channels,
                              gsize          block,
                              gsize          target);

/* For a cut from all of @frames: the block is what is left of them after
 * the cut and the room to move it; FALSE when they are too few */
gboolean dt_media_splice_init_from (DtMediaSplice *splice,
                                    guint          rate,
                                    guint          channels,
                                    gsize          frames,
                                    gsize          target);

gsize dt_media_splice_needed (const DtMediaSplice *splice);

gsize dt_media_splice_cut    (const DtMediaSplice *splice,
                              const gint16        *in,
                              gint16              *out);
void  dt_media_splice_cut_at (const DtMediaSplice *splice,
                              const gint16        *in,
                              gsize                cut,
                              gint16              *out);

G_END_DECLS
