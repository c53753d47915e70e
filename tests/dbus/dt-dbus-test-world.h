/* dt-dbus-test-world.h: `dialtone --headless`, kamailio and baresip on
 * 127.0.0.1, for the end-to-end tests that drive dialtone through D-Bus only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-dbus-test-client.h"
#include "dt-test-baresip.h"
#include "dt-test-kamailio.h"
#include "dt-test-peer.h"

G_BEGIN_DECLS

/* How long dialtone may take to own its name and bind its SIP port: generous
 * for a sanitizer build on a loaded machine, never reached otherwise */
#define DT_DBUS_TEST_STARTUP_MS 30000
/* What baresip sends: its ausine source */
#define DT_DBUS_TEST_BOB_TONE 440.0
/* Where baresip plays what it hears; dialtone keeps the default sink */
#define DT_DBUS_TEST_BOB_SINK "dt_speaker_b"

/*
 * The world of one test program, shared by its subtests:
 * - kamailio, the registrar, with alice and bob (dt-test-kamailio.h);
 * - baresip registered there as bob ("Bob"), answering every call itself,
 *   its 440 Hz tone as its microphone, playing on DT_DBUS_TEST_BOB_SINK
 *   (the program sets PULSE_SINK to it before anything else runs);
 * - dialtone --headless on the harness's session bus, with the account
 *   alice ("Alice") added through AddAccount once
 *   dt_dbus_test_world_add_alice ran.
 */
typedef struct
{
  DtTestKamailio   *kamailio;
  DtTestBaresip    *bob;
  DtTestPeer       *dialtone;
  GDBusConnection  *connection;
  DtDbusTestClient *client;
  /* dialtone's unique name and process while it runs */
  char             *owner;
  guint             pid;
  char             *alice_aor;
  char             *bob_aor;
  /* alice's line, relative ("lines/2"), once added */
  char             *line;
  guint             watch;
  /* Set once the name vanished after having had an owner */
  gboolean          vanished;
} DtDbusTestWorld;

/* The start of main() of a program that makes worlds: locale, GStreamer,
 * GTest, and PULSE_SINK for baresip set before any thread runs */
void             dt_dbus_test_world_init       (int              *argc,
                                                char           ***argv);
DtDbusTestWorld *dt_dbus_test_world_new        (void);
void             dt_dbus_test_world_free       (DtDbusTestWorld *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtDbusTestWorld, dt_dbus_test_world_free)

/* *@world, made and with alice added when NULL, its events forgotten: the
 * start of each subtest of a program that shares one world */
DtDbusTestWorld *dt_dbus_test_world_ensure     (DtDbusTestWorld **world);

/* AddAccount of alice with her password (into the harness's keyring), and
 * waits until her line is registered at kamailio */
void             dt_dbus_test_world_add_alice  (DtDbusTestWorld *self);

/* "PATH:WHAT", the event WHAT of the object at @path (relative) */
char            *dt_dbus_test_world_event      (const char      *path,
                                                const char      *what);
/* Waits for the event WHAT of @path; its position */
int              dt_dbus_test_world_wait       (DtDbusTestWorld *self,
                                                const char      *path,
                                                const char      *what);
/* Waits for an event starting with @prefix; the first such event */
const char      *dt_dbus_test_world_wait_prefix (DtDbusTestWorld *self,
                                                 const char      *prefix);
/* The same, returning NULL when none came within @timeout_ms */
const char      *dt_dbus_test_world_poll_prefix (DtDbusTestWorld *self,
                                                 const char      *prefix,
                                                 guint            timeout_ms);
/* Asserts that the event WHAT of @path came before THEN of @path */
void             dt_dbus_test_world_assert_order (DtDbusTestWorld *self,
                                                  const char      *path,
                                                  const char      *what,
                                                  const char      *then);
/* A string or object path property of @path */
char            *dt_dbus_test_world_get_string (DtDbusTestWorld *self,
                                                const char      *path,
                                                const char      *property);
void             dt_dbus_test_world_assert_string (DtDbusTestWorld *self,
                                                   const char      *path,
                                                   const char      *property,
                                                   const char      *expected);
gboolean         dt_dbus_test_world_get_boolean (DtDbusTestWorld *self,
                                                 const char      *path,
                                                 const char      *property);
/* A method answering nothing, asserting success */
void             dt_dbus_test_world_ok         (DtDbusTestWorld *self,
                                                const char      *path,
                                                const char      *method,
                                                GVariant        *args);

/* Waits for the baresip event @type, failing the test with its log when
 * none comes */
void             dt_dbus_test_world_bob_event  (DtDbusTestWorld *self,
                                                const char      *type);
/* Manager.Dial of bob at kamailio; waits until the call is established
 * on both ends. Its path, relative. */
char            *dt_dbus_test_world_dial_bob   (DtDbusTestWorld *self);
/* Call.End; waits until the object is gone and bob saw the call close */
void             dt_dbus_test_world_end_call   (DtDbusTestWorld *self,
                                                const char      *path);

/* A tone of @frequency heard on the PulseAudio source @source (a
 * speaker's monitor), or gone from it; the level measured is noted in the
 * TAP output with @what */
void             dt_dbus_test_assert_heard     (const char      *source,
                                                double           frequency,
                                                const char      *what);
void             dt_dbus_test_assert_silent    (const char      *source,
                                                double           frequency,
                                                const char      *what);

/* Manager.Quit: dialtone and every process it started are gone, exit
 * status 0, its name vanished and alice is no longer bound at kamailio */
void             dt_dbus_test_world_quit       (DtDbusTestWorld *self);

G_END_DECLS
