/* dt-test-peer.h: real SIP peers (sipp, baresip) for the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-test-spin.h"

G_BEGIN_DECLS

/* A port free for both UDP and TCP on 127.0.0.1 right now */
guint16   dt_test_free_port         (void);
/* Whether something has bound UDP @port on 127.0.0.1 */
gboolean  dt_test_udp_port_in_use   (guint16   port);
/* The ports the kernel hands out for a bind to port 0: where a peer that
 * picks its own ports at random (baresip's RTP) must pick them, away
 * from dt_test_free_port()'s */
void      dt_test_ephemeral_range   (guint16  *low,
                                     guint16  *high);

/* @name's path: on PATH, or in /usr/sbin where kamailio goes; NULL when
 * it is not installed */
char     *dt_test_find_program      (const char *name);
/* Call after g_test_init(): whether the peer @program is installed; if
 * not, prints the TAP plan that skips the whole test program, naming the
 * Debian @package when it has another name (NULL when not) */
gboolean  dt_test_require_peer      (const char *program,
                                     const char *package);

typedef struct _DtTestPeer DtTestPeer;

/* Starts @argv[0] (looked up in PATH) in a fresh temporary directory,
 * stdout and stderr into files there */
DtTestPeer *dt_test_peer_spawn      (const char * const *argv,
                                     GError            **error);
/* The same in @dir, a temporary directory the peer then owns */
DtTestPeer *dt_test_peer_spawn_in   (char               *dir,
                                     const char * const *argv,
                                     GError            **error);
/* Waits at most @timeout_ms for the peer to exit by itself; FALSE on a
 * timeout. @exit_status may be NULL. */
gboolean    dt_test_peer_wait       (DtTestPeer         *peer,
                                     guint               timeout_ms,
                                     int                *exit_status);
/* SIGTERM, then SIGKILL after 2 s */
void        dt_test_peer_stop       (DtTestPeer         *peer);
const char *dt_test_peer_get_dir    (DtTestPeer         *peer);
/* Its process id, 0 once it has exited */
GPid        dt_test_peer_get_pid    (DtTestPeer         *peer);
gboolean    dt_test_peer_has_exited (DtTestPeer         *peer);
/* What the peer printed, for a failing test's log */
char       *dt_test_peer_dup_output (DtTestPeer         *peer);
void        dt_test_peer_free       (DtTestPeer         *peer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestPeer, dt_test_peer_free)

/* sipp running tests/sip/scenarios/@scenario on 127.0.0.1:@port for one
 * call; @remote "127.0.0.1:PORT" for a client scenario, NULL for a server
 * (then it returns once sipp listens). @extra: more sipp arguments or NULL. */
DtTestPeer *dt_test_sipp_start      (const char         *scenario,
                                     guint16             port,
                                     const char         *remote,
                                     const char * const *extra,
                                     GError            **error);
/* Whether sipp has logged @text in a message it received or sent so far */
gboolean    dt_test_sipp_logged     (DtTestPeer         *peer,
                                     const char         *text);
/* Waits for sipp to finish its scenario and asserts that it succeeded */
void        dt_test_sipp_assert_ok  (DtTestPeer         *peer,
                                     guint               timeout_ms);

G_END_DECLS
