/* dt-sip-library.c: process-wide set-up of sofia-sip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sofia-sip/su_uniqueid.h>

#include "dt-sip-library.h"

void
dt_sip_library_init (void)
{
  /* libsofia-sip-ua's destructor deletes the thread key of its random
   * generator even when nothing created it; that key number is then
   * another library's (GLib's first GPrivate), and a GDBus thread still
   * running at exit aborts in pthread_setspecific. A process that never
   * starts a stack, such as a second launch handing its command line to
   * the running instance, hits it about one exit in two. Drawing one
   * random number creates sofia's own key, so the destructor deletes that. */
  (void) su_random ();
}
