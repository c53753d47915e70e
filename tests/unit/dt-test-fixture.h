/* dt-test-fixture.h: the world every model test starts from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-audio-device.h"
#include "dt-call-error.h"
#include "dt-call-manager.h"
#include "dt-fake-call-backend.h"
#include "dt-fake-journal.h"
#include "dt-fake-line-backend.h"
#include "dt-fake-media-backend.h"
#include "dt-model-enums.h"
#include "dt-model-private.h"
#include "dt-signal-recorder.h"
#include "dt-test-spin.h"

G_BEGIN_DECLS

/*
 * A manager with a fake media backend (inputs mic1, mic2; outputs spk1,
 * spk2), an account line "acct" (sip:alice@example.org, not registered) and
 * the direct line "direct", all sharing one journal. The recorder watches
 * the manager ("mgr:"), both lines ("acct:", "direct:") and every call the
 * helpers create (prefixed with its backend label).
 */
typedef struct
{
  DtFakeJournal      *journal;
  DtSignalRecorder   *rec;
  DtFakeMediaBackend *media;
  DtCallManager      *manager;
  DtFakeLineBackend  *acct_backend;
  DtLine             *acct;
  DtFakeLineBackend  *direct_backend;
  DtLine             *direct;
  /* fake backends of incoming calls, owned here */
  GPtrArray          *incoming_backends;
  /* GWeakRef * to every model object: all must be gone after teardown */
  GPtrArray          *watched;
} DtTestFixture;

/* g_test_init() with fresh HOME and XDG_* folders; dt_test_run() runs the
 * tests and removes those folders */
void        dt_test_init             (int           *argc,
                                      char        ***argv);
int         dt_test_run              (void);
void        dt_test_fixture_setup    (DtTestFixture *f,
                                      gconstpointer  data);
void        dt_test_fixture_teardown (DtTestFixture *f,
                                      gconstpointer  data);

#define DT_TEST_ADD(path, func) \
  g_test_add ((path), DtTestFixture, NULL, dt_test_fixture_setup, (func), \
              dt_test_fixture_teardown)

/* Iterates the main context until @cond (@data) holds or 5 s passed */
gboolean    dt_test_wait             (gboolean     (*cond) (gpointer data),
                                      gpointer       data);

/* The helpers return a new reference the test drops (g_autoptr), start
 * watching the call and assert that the model accepted the request. */
DtCall     *dt_test_dial             (DtTestFixture *f,
                                      DtLine        *line,
                                      const char    *target);
DtCall     *dt_test_incoming         (DtTestFixture *f,
                                      DtLine        *line,
                                      const char    *label,
                                      const char    *remote_uri,
                                      const char    *remote_name);
/* An outbound call on the direct line, connected and established, with
 * journal and recorder cleared */
DtCall     *dt_test_active_call      (DtTestFixture *f,
                                      const char    *target);
/* An inbound call ringing on the direct line, journal and recorder cleared */
DtCall     *dt_test_ringing_call     (DtTestFixture *f,
                                      const char    *label);
/* Puts an active call on hold through the model (request + report) */
void        dt_test_hold             (DtTestFixture *f,
                                      DtCall        *call);
void        dt_test_register         (DtTestFixture *f,
                                      DtLine        *line);
DtFakeCallBackend *dt_test_backend_of (DtCall       *call);
/* The call whose fake backend has @label, %NULL when none is alive */
DtCall     *dt_test_call_by_label    (DtTestFixture *f,
                                      const char    *label);
/* Plays a network that grants every request in the journal, oldest first
 * (start and answer connect, hold holds, resume resumes, end and reject
 * disconnect), including those the model makes meanwhile; clears it */
void        dt_test_settle           (DtTestFixture *f);
/* How many calls of the manager are active */
guint       dt_test_count_active     (DtTestFixture *f);
void        dt_test_forget           (DtTestFixture *f);

/* Every readable property of the call (when not NULL), the manager and the
 * lines, and the manager's lists: equal before and after means unchanged */
char       *dt_test_snapshot         (DtTestFixture *f,
                                      DtCall        *call);

void        dt_test_assert_journal   (DtTestFixture *f,
                                      const char    *expected,
                                      gboolean       sorted,
                                      const char    *file,
                                      int            line);
void        dt_test_assert_events    (DtTestFixture *f,
                                      const char    *expected,
                                      gboolean       sorted,
                                      const char    *file,
                                      int            line);

/* The journal holds exactly @expected (entries joined by ";"); then cleared */
#define dt_assert_journal(f, expected) \
  dt_test_assert_journal ((f), (expected), FALSE, __FILE__, __LINE__)
/* The same, in any order */
#define dt_assert_journal_set(f, expected) \
  dt_test_assert_journal ((f), (expected), TRUE, __FILE__, __LINE__)
/* The recorder holds exactly @expected, in order; then cleared */
#define dt_assert_events(f, expected) \
  dt_test_assert_events ((f), (expected), FALSE, __FILE__, __LINE__)
/* The recorder holds exactly @expected, in any order; then cleared */
#define dt_assert_events_set(f, expected) \
  dt_test_assert_events ((f), (expected), TRUE, __FILE__, __LINE__)
#define dt_assert_has_event(f, entry) \
  g_assert_true (dt_signal_recorder_has ((f)->rec, (entry)))
#define dt_assert_no_event(f, entry) \
  g_assert_false (dt_signal_recorder_has ((f)->rec, (entry)))

/* Runs @expr, which must fail (FALSE or NULL) with DT_CALL_ERROR @code and a
 * message, and change nothing: same properties, no signal, no request.
 * @expr passes &error_ as its GError **. */
#define DT_ASSERT_REFUSED(f, call, code, expr) G_STMT_START {                \
    g_autofree char *before_ = NULL;                                        \
    g_autofree char *after_ = NULL;                                         \
    g_autoptr(GError) error_ = NULL;                                        \
    dt_test_spin_drain ();                                                       \
    dt_fake_journal_clear ((f)->journal);                                   \
    dt_signal_recorder_clear ((f)->rec);                                    \
    before_ = dt_test_snapshot ((f), (call));                               \
    g_assert_false (!!(expr));                                              \
    g_assert_error (error_, DT_CALL_ERROR, (code));                         \
    g_assert_cmpstr (error_->message, !=, "");                              \
    after_ = dt_test_snapshot ((f), (call));                                \
    g_assert_cmpstr (after_, ==, before_);                                  \
    dt_assert_journal ((f), "");                                            \
    dt_assert_events ((f), "");                                             \
  } G_STMT_END

G_END_DECLS
