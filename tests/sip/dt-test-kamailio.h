/* dt-test-kamailio.h: kamailio as the registrar and proxy of the SIP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DtTestKamailio DtTestKamailio;

/*
 * kamailio on free ports of 127.0.0.1, UDP and TCP on one port (and TLS on
 * another, with a self-signed certificate for 127.0.0.1 made now, when
 * @tls), from a configuration generated in a directory of its own:
 * - users alice and bob, each with the password "NAME-secret": a
 *   REGISTER is challenged (401, qop=auth), an unknown user gets 403;
 * - requests from those users are challenged too (407); one to the user
 *   "challenger" always is, credentials or not;
 * - requests to its domain go to the registered contact (lookup), in-dialog
 *   requests follow the Record-Route it adds;
 * - OPTIONS to itself are answered 200 Keepalive (its readiness probe);
 * - every request is logged as "DT-REQ METHOD FROM-USER TO-USER PROTO
 *   creds=yes" (or creds=no: without credentials), every binding saved as
 *   "DT-SAVED USER".
 * Returns once it answers OPTIONS.
 */
DtTestKamailio *dt_test_kamailio_start       (gboolean         tls,
                                              GError         **error);
/* Whether kamailio's TLS module is installed (Debian: kamailio-tls-modules) */
gboolean        dt_test_kamailio_has_tls     (void);
guint16         dt_test_kamailio_get_port    (DtTestKamailio  *self);
guint16         dt_test_kamailio_get_tls_port (DtTestKamailio *self);
/* The PEM certificate it presents on TLS */
const char     *dt_test_kamailio_get_ca_file (DtTestKamailio  *self);
/* "sip:USER@127.0.0.1:PORT" */
char           *dt_test_kamailio_aor         (DtTestKamailio  *self,
                                              const char      *user);
/* Stops it by PID and waits until its ports are free again */
void            dt_test_kamailio_stop        (DtTestKamailio  *self);
/* Starts it again, on the same ports with the same configuration (and no
 * bindings: they live in memory) */
gboolean        dt_test_kamailio_restart     (DtTestKamailio  *self,
                                              GError         **error);
/* Log lines of the running instance that contain @needle */
guint           dt_test_kamailio_count       (DtTestKamailio  *self,
                                              const char      *needle);
/* The contacts bound to @user (kamcmd ul.lookup), NULL when none */
char           *dt_test_kamailio_lookup      (DtTestKamailio  *self,
                                              const char      *user);
/* What it logged, for a failing test's log */
char           *dt_test_kamailio_dup_output  (DtTestKamailio  *self);
void            dt_test_kamailio_free        (DtTestKamailio  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestKamailio, dt_test_kamailio_free)

/* Runs @argv to its end while the main loop keeps turning; its stdout, or
 * NULL when it could not run or took longer than @timeout_ms */
char           *dt_test_run_command          (const char * const *argv,
                                              guint               timeout_ms);

G_END_DECLS
