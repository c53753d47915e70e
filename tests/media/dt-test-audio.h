/* dt-test-audio.h: tones into PulseAudio, Goertzel meters on its monitors,
 * and two sessions calling each other on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "dt-media-session.h"

G_BEGIN_DECLS

/* Tone frequencies: A's microphone hears TONE_A, B's hears TONE_B. Both sit
 * on a 10 Hz bin of the meter's 100 ms block. */
#define DT_TEST_TONE_A 1000.0
#define DT_TEST_TONE_B 1600.0
/* audiotestsrc at volume 0.3 is -10.5 dBFS; a tone counts as heard 20 dB
 * below that and as silent 40 dB below. A frequency that was not sent must
 * stay MARGIN under the heard threshold: codec noise (G.711, G.722) and
 * playback glitches put -45 to -50 dBFS into any bin next to a loud tone,
 * while the wrong tone itself would be near -10. */
#define DT_TEST_HEARD_DB   (-30.0)
#define DT_TEST_SILENT_DB  (-50.0)
#define DT_TEST_MARGIN_DB  10.0
/* Deadlines, generous for a loaded two-core machine */
#define DT_TEST_DEADLINE_S 20.0

/* Polls the main context until @done returns TRUE or @timeout_s passes */
gboolean dt_test_wait_until (gboolean  (*done) (gpointer data),
                             gpointer    data,
                             double      timeout_s);
/* Mono S16LE audio at @rate: what a call's microphone and speaker carry */
GstCaps *dt_test_mono_caps   (guint         rate);
/* Goertzel on @n Hann-windowed samples: @frequency's amplitude in dBFS */
double   dt_test_goertzel_db (const gint16 *samples,
                              gsize         n,
                              double        rate,
                              double        frequency);
/* Runs pactl with the arguments (asserting it succeeds): its output, stripped */
char    *dt_test_pactl (const char *first,
                        ...) G_GNUC_NULL_TERMINATED;
/* Loads a null sink (and its monitor) into the test's PulseAudio */
void     dt_test_pulse_add_sink (const char *name);

typedef struct _DtTestTone DtTestTone;
DtTestTone *dt_test_tone_new  (const char *sink, double frequency);
void        dt_test_tone_free (DtTestTone *tone);

typedef struct _DtTestMeter DtTestMeter;
DtTestMeter *dt_test_meter_new  (const char *source);
void         dt_test_meter_free (DtTestMeter *meter);
/* Waits for five 100 ms blocks in a row where @frequency is at or above
 * @min_db; *@level gets the last block's level */
gboolean     dt_test_meter_wait_tone (DtTestMeter *meter,
                                      double       frequency,
                                      double       min_db,
                                      double      *level);
/* Waits for five 100 ms blocks in a row where @frequency is below @max_db */
gboolean     dt_test_meter_wait_tone_gone (DtTestMeter *meter,
                                           double       frequency,
                                           double       max_db);
/* Measures @frequency over @seconds; *@max_db is the loudest block */
void         dt_test_meter_measure   (DtTestMeter *meter,
                                      double       frequency,
                                      double       seconds,
                                      double      *max_db);

/* The loudest 100 ms block of @frequency in the Ogg Opus file @path,
 * decoded as far as it is written; -180 when it holds no audio */
double       dt_test_ogg_max_level   (const char  *path,
                                      double       frequency);
/* The level of @frequency in each 100 ms block of the Ogg Opus file @path
 * (double dBFS), decoded as far as it is written; *@complete: whether the
 * decoding reached the end without an error */
GArray      *dt_test_ogg_levels      (const char  *path,
                                      double       frequency,
                                      gboolean    *complete);
/* Whether @path is whole Ogg pages whose last one ends its stream (the
 * muxer saw EOS) */
gboolean     dt_test_ogg_is_finished (const char  *path);
/* Waits until the recordings of stopped sessions are complete */
void         dt_test_wait_recordings_closed (void);

/* A call between two sessions: A speaks into dt_mic and listens on
 * dt_speaker_a, B speaks into dt_test_mic_b and listens on dt_speaker_b */
typedef struct {
  DtMediaSession     *a;
  DtMediaSession     *b;
  DtMediaDescription  desc_a;
  DtMediaDescription  desc_b;
  DtTestTone         *tone_a;
  DtTestTone         *tone_b;
  DtTestMeter        *meter_a;
  DtTestMeter        *meter_b;
} DtTestCall;

/* The sessions (not started) and the meters */
void     dt_test_call_init     (DtTestCall *call,
                                const char *codec,
                                gboolean    echo_cancellation);
/* Sets the descriptions on both sessions */
void     dt_test_call_start    (DtTestCall *call);
/* Starts TONE_A into A's microphone and TONE_B into B's */
void     dt_test_call_play_tones (DtTestCall *call);
void     dt_test_call_clear    (DtTestCall *call);
/* Both tones heard at the other end at the right frequency, and the other
 * frequency 25 dB under the threshold; prints the levels as TAP comments */
void     dt_test_call_assert_two_way (DtTestCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestTone, dt_test_tone_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestMeter, dt_test_meter_free)

/* One TAP line per test, so the log shows what was measured */
void     dt_test_note (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Waits for an error on @pipeline's bus and asserts its message */
void     dt_test_assert_pipeline_error (GstElement *pipeline,
                                        const char *message);

G_END_DECLS
