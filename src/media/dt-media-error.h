/* dt-media-error.h: the media layer's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_MEDIA_ERROR (dt_media_error_quark ())

typedef enum {
  /* A GStreamer element is not installed; the message names it and its package */
  DT_MEDIA_ERROR_MISSING_ELEMENT,
  /* No RTP/RTCP port pair could be bound on the local address */
  DT_MEDIA_ERROR_NETWORK,
  /* A description or SDP the media layer cannot use (bad address, unknown codec) */
  DT_MEDIA_ERROR_INVALID,
  /* The remote offer has nothing we accept (no common codec, SRTP policy): 488 */
  DT_MEDIA_ERROR_NOT_ACCEPTABLE,
  /* The pipeline failed while running */
  DT_MEDIA_ERROR_FAILED,
} DtMediaError;

GQuark dt_media_error_quark (void);

G_END_DECLS
