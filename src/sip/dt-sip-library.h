/* dt-sip-library.h: process-wide set-up of sofia-sip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call first thing in main(), before any thread exists. */
void dt_sip_library_init (void);

G_END_DECLS
