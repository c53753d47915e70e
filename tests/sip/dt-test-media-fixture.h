/* dt-test-media-fixture.h: the SIP tests' fixture with audio, and baresip
 * heard through it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-test-audio.h"
#include "dt-test-baresip.h"
#include "dt-test-fixture.h"

G_BEGIN_DECLS

/* What baresip's ausine sends */
#define BARESIP_TONE 440.0

/* g_test_init() for a program of these tests: the locale, baresip's sink
 * (PULSE_SINK, which baresip inherits; set before any thread runs, as
 * every pulse element of ours names its device) and GStreamer */
void media_test_init             (int           *argc,
                                  char        ***argv);
/* fixture_set_up() with the GStreamer media backend on the manager: our
 * side speaks into dt_mic and listens on dt_speaker_a, without echo
 * cancellation (its noise suppressor fades steady test tones). Tear down
 * with fixture_tear_down(). */
void media_fixture_set_up        (Fixture       *fixture,
                                  gconstpointer  data);
/* Asserts that baresip reports an event of @type within @timeout_ms; its
 * output goes to the log otherwise */
void assert_baresip_event        (DtTestBaresip *baresip,
                                  const char    *type,
                                  guint          timeout_ms);
/* baresip's tone at our speaker and our DT_TEST_TONE_A at its speaker
 * (dt_speaker_b), each at a heard level; the levels go to the log */
void assert_two_way_with_baresip (void);

G_END_DECLS
