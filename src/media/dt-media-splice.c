/* dt-media-splice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "dt-media-splice.h"

/* A voice's period is at most about 10 ms (a pitch of 100 Hz): a cut that
 * may move 5 ms either way finds a whole number of periods of it */
#define SEARCH_MS  5
/* Long enough to tell one period of a voice from another */
#define OVERLAP_MS 10

void
dt_media_splice_init (DtMediaSplice *splice,
                      guint          rate,
                      guint          channels,
                      gsize          block,
                      gsize          target)
{
  g_return_if_fail (splice != NULL && rate > 0 && channels > 0 && block > 0);

  splice->channels = channels;
  splice->block = block;
  splice->target = MAX (target, 1);
  splice->search = (gsize) rate * SEARCH_MS / 1000;
  splice->overlap = MIN (block, (gsize) rate * OVERLAP_MS / 1000);
}

gboolean
dt_media_splice_init_from (DtMediaSplice *splice,
                           guint          rate,
                           guint          channels,
                           gsize          frames,
                           gsize          target)
{
  gsize reserved = MAX (target, 1) + (gsize) rate * SEARCH_MS / 1000;

  if (frames <= reserved)
    return FALSE;
  dt_media_splice_init (splice, rate, channels, frames - reserved, target);
  return TRUE;
}

/* Frames dt_media_splice_cut() reads */
gsize
dt_media_splice_needed (const DtMediaSplice *splice)
{
  return splice->block + splice->target + splice->search;
}

static double
dot (const gint16 *a,
     const gint16 *b,
     gsize         samples)
{
  double sum = 0.0;

  for (gsize i = 0; i < samples; i++)
    sum += (double) a[i] * (double) b[i];
  return sum;
}

/* Where the sound after the cut goes on most like the sound before it */
static gsize
place (const DtMediaSplice *splice,
       const gint16        *in)
{
  gsize channels = splice->channels;
  gsize samples = splice->overlap * channels;
  gsize first = splice->target > splice->search ? splice->target - splice->search : 1;
  gsize last = splice->target + splice->search;
  double before = dot (in, in, samples);
  double after = dot (in + first * channels, in + first * channels, samples);
  gsize best = splice->target;
  double best_score = -2.0;

  /* Silence before the cut matches anything */
  if (before <= 0.0)
    return splice->target;

  for (gsize cut = first; cut <= last; cut++)
    {
      const gint16 *candidate = in + cut * channels;
      double score = after > 0.0 ? dot (in, candidate, samples) / sqrt (before * after) : 0.0;
      gsize distance = cut > splice->target ? cut - splice->target : splice->target - cut;
      gsize best_distance = best > splice->target ? best - splice->target : splice->target - best;

      /* A tone matches at every period: the one nearest the target wins */
      if (score > best_score + 1e-6 ||
          (score > best_score - 1e-6 && distance < best_distance))
        {
          best = cut;
          best_score = MAX (score, best_score);
        }

      if (cut == last)
        break;
      /* The energy of the next candidate's window, slid by one frame */
      for (gsize c = 0; c < channels; c++)
        {
          double leaving = candidate[c];
          double coming = candidate[samples + c];

          after += coming * coming - leaving * leaving;
        }
      after = MAX (after, 0.0);
    }

  return best;
}

/* Writes splice->block frames to @out: @in, which holds
 * dt_media_splice_needed() frames, with @cut frames (at most splice->target
 * + splice->search) cut out just after its start, crossfaded */
void
dt_media_splice_cut_at (const DtMediaSplice *splice,
                        const gint16        *in,
                        gsize                cut,
                        gint16              *out)
{
  gsize channels = splice->channels;

  g_return_if_fail (cut <= splice->target + splice->search);

  for (gsize frame = 0; frame < splice->block; frame++)
    for (gsize c = 0; c < channels; c++)
      {
        gsize i = frame * channels + c;
        double kept = in[i + cut * channels];

        if (frame < splice->overlap)
          {
            double weight = 0.5 - 0.5 * cos (G_PI * ((double) frame + 0.5) / (double) splice->overlap);

            kept = (1.0 - weight) * in[i] + weight * kept;
          }
        out[i] = (gint16) CLAMP (lround (kept), G_MININT16, G_MAXINT16);
      }
}

/* dt_media_splice_cut_at() where the cut is least heard, about
 * splice->target frames; returns the frames cut */
gsize
dt_media_splice_cut (const DtMediaSplice *splice,
                     const gint16        *in,
                     gint16              *out)
{
  gsize cut = place (splice, in);

  dt_media_splice_cut_at (splice, in, cut, out);
  return cut;
}
