/* dt-fake-media-backend.h: a DtMediaBackend with devices the test controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-fake-journal.h"
#include "dt-media-backend.h"

G_BEGIN_DECLS

#define DT_TYPE_FAKE_MEDIA_BACKEND (dt_fake_media_backend_get_type ())
G_DECLARE_FINAL_TYPE (DtFakeMediaBackend, dt_fake_media_backend, DT, FAKE_MEDIA_BACKEND, GObject)

/*
 * Journal entries, labelled "media": set_devices(IN,OUT) with "-" for
 * %NULL, set_muted(CALL,on|off), start_recording(CALL,PATH),
 * pause_recording(CALL). CALL is the label of the call's fake call backend.
 */

DtFakeMediaBackend *dt_fake_media_backend_new           (DtFakeJournal      *journal);
void                dt_fake_media_backend_add_device    (DtFakeMediaBackend *self,
                                                         const char         *id,
                                                         const char         *name,
                                                         gboolean            is_input);
/* Unplugs the device @id; FALSE when there was none */
gboolean            dt_fake_media_backend_remove_device (DtFakeMediaBackend *self,
                                                         const char         *id);
/* The next request @op (set_devices, set_muted, …) fails */
void                dt_fake_media_backend_fail_next     (DtFakeMediaBackend *self,
                                                         const char         *op,
                                                         int                 code,
                                                         const char         *message);

G_END_DECLS
