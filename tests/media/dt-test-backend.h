/* dt-test-backend.h: two media backends calling each other through the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dt-call-manager.h"
#include "dt-fake-journal.h"
#include "dt-gst-media-backend.h"
#include "dt-test-audio.h"

G_BEGIN_DECLS

/* Side A speaks into dt_mic and listens on dt_speaker_a; side B speaks into
 * dt_test_mic_b and listens on dt_speaker_b. Each side is a manager with
 * its own DtGstMediaBackend and a direct line with a fake SIP backend, and
 * one outbound call on it; the SDP goes between the backends directly. */
typedef struct {
  DtFakeJournal     *journal;
  DtGstMediaBackend *backend_a;
  DtGstMediaBackend *backend_b;
  DtCallManager     *manager_a;
  DtCallManager     *manager_b;
  /* Owned by their lines; cleared when they disconnect */
  DtCall            *call_a;
  DtCall            *call_b;
  DtTestTone        *tone_a;
  DtTestTone        *tone_b;
  DtTestMeter       *meter_a;
  DtTestMeter       *meter_b;
} DtTestPair;

/* Both calls prepared on 127.0.0.1 with @srtp_a / @srtp_b; no SDP yet */
void     dt_test_pair_init      (DtTestPair *pair,
                                 const char *srtp_a,
                                 const char *srtp_b);
/* The same, plain RTP, each backend's codecs setting set first */
void     dt_test_pair_init_with_codecs (DtTestPair          *pair,
                                        const char * const  *codecs_a,
                                        const char * const  *codecs_b);
/* A offers, B answers, A takes the answer; both calls connected */
void     dt_test_pair_negotiate (DtTestPair *pair);
/* Starts TONE_A into A's microphone and TONE_B into B's */
void     dt_test_pair_play_tones (DtTestPair *pair);
void     dt_test_pair_clear     (DtTestPair *pair);

G_END_DECLS
