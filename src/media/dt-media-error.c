/* dt-media-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-media-error.h"

G_DEFINE_QUARK (dt-media-error-quark, dt_media_error)
