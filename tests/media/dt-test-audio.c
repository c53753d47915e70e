/* dt-test-audio.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "dt-media-codecs.h"
#include "dt-test-audio.h"
#include "dt-test-spin.h"

#define METER_RATE  16000
#define BLOCK       1600
#define IN_A_ROW    5
#define MIC_B       "dt_test_mic_b"

struct _DtTestTone
{
  GstElement *pipeline;
};

struct _DtTestMeter
{
  GstElement *pipeline;
  GstAppSink *sink;
  gint16      block[BLOCK];
  guint       filled;
  /* The unread rest of the last pulled buffer */
  GstBuffer  *pending;
  gsize       pending_offset;
};

gboolean
dt_test_wait_until (gboolean  (*done) (gpointer data),
                    gpointer    data,
                    double      timeout_s)
{
  return dt_test_spin (done, data, (guint) (timeout_s * 1000));
}

char *
dt_test_pactl (const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "pactl");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_strstrip (output);
}

static guint
count_readers (void)
{
  g_autofree char *list = dt_test_pactl ("list", "short", "source-outputs", NULL);
  guint count = 0;

  for (const char *at = list; (at = strstr (at, "protocol-native")) != NULL; at++)
    count++;
  return count;
}

/* Dies with this process (PR_SET_PDEATHSIG), so no test leaves one behind */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* As tests/lib/dt-harness does for its sinks: an idle null sink renders
 * 2 s blocks, and a stream started on it waited that long. A 20 ms reader
 * on its monitor and a restart make it render 20 ms blocks at once */
static void
keep_awake (const char *name)
{
  g_autofree char *monitor = g_strdup_printf ("--device=%s.monitor", name);
  const char *argv[] = {
    "parec", monitor, "--latency-msec=20", "--raw", "--format=s16le", "--rate=48000",
    "--channels=2", NULL
  };
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint before = count_readers ();

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  reader = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (count_readers () > before,
                                         (guint) (DT_TEST_DEADLINE_S * 1000)));
  g_free (dt_test_pactl ("suspend-sink", name, "1", NULL));
  g_free (dt_test_pactl ("suspend-sink", name, "0", NULL));
}

void
dt_test_pulse_add_sink (const char *name)
{
  g_autofree char *argument = g_strdup_printf ("sink_name=%s", name);
  g_free (dt_test_pactl ("load-module", "module-null-sink", argument, "rate=48000", NULL));
  keep_awake (name);
}

static GstElement *
launch (const char *description)
{
  g_autoptr(GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  return pipeline;
}

static gboolean
no_recording_closing (gpointer data)
{
  return dt_media_session_get_n_closing_recordings () == 0;
}

DtTestTone *
dt_test_tone_new (const char *sink,
                  double      frequency)
{
  DtTestTone *tone = g_new0 (DtTestTone, 1);
  g_autofree char *description = NULL;

  description = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%g volume=0.3 ! "
                                 "audio/x-raw,rate=48000,channels=1 ! "
                                 "pulsesink device=%s buffer-time=60000 latency-time=10000",
                                 frequency, sink);
  tone->pipeline = launch (description);
  return tone;
}

void
dt_test_tone_free (DtTestTone *tone)
{
  if (tone == NULL)
    return;
  gst_element_set_state (tone->pipeline, GST_STATE_NULL);
  gst_object_unref (tone->pipeline);
  g_free (tone);
}

DtTestMeter *
dt_test_meter_new (const char *source)
{
  DtTestMeter *meter = g_new0 (DtTestMeter, 1);
  g_autofree char *description = NULL;

  description = g_strdup_printf ("pulsesrc device=%s buffer-time=60000 latency-time=10000 ! "
                                 "audioconvert ! audioresample ! "
                                 "audio/x-raw,format=S16LE,rate=%d,channels=1 ! "
                                 "appsink name=meter sync=false max-buffers=500 drop=true",
                                 source, METER_RATE);
  meter->pipeline = launch (description);
  meter->sink = GST_APP_SINK (gst_bin_get_by_name (GST_BIN (meter->pipeline), "meter"));
  return meter;
}

void
dt_test_meter_free (DtTestMeter *meter)
{
  if (meter == NULL)
    return;
  gst_element_set_state (meter->pipeline, GST_STATE_NULL);
  gst_clear_buffer (&meter->pending);
  gst_object_unref (meter->sink);
  gst_object_unref (meter->pipeline);
  g_free (meter);
}

/* Fills meter->block from what the appsink has, without blocking */
static gboolean
next_block (DtTestMeter *meter)
{
  while (meter->filled < BLOCK)
    {
      GstMapInfo map;
      gsize samples, take;

      if (meter->pending == NULL)
        {
          GstSample *sample = gst_app_sink_try_pull_sample (meter->sink, 0);

          if (sample == NULL)
            return FALSE;
          meter->pending = gst_buffer_ref (gst_sample_get_buffer (sample));
          meter->pending_offset = 0;
          gst_sample_unref (sample);
        }

      gst_buffer_map (meter->pending, &map, GST_MAP_READ);
      samples = map.size / sizeof (gint16) - meter->pending_offset;
      take = MIN (samples, BLOCK - meter->filled);
      memcpy (meter->block + meter->filled,
              (const gint16 *) map.data + meter->pending_offset, take * sizeof (gint16));
      gst_buffer_unmap (meter->pending, &map);
      meter->filled += take;
      meter->pending_offset += take;
      if (take == samples)
        gst_clear_buffer (&meter->pending);
    }

  meter->filled = 0;
  return TRUE;
}

static void
flush (DtTestMeter *meter)
{
  while (next_block (meter))
    ;
}

GstCaps *
dt_test_mono_caps (guint rate)
{
  return gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "S16LE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "rate", G_TYPE_INT, (gint) rate,
                              "channels", G_TYPE_INT, 1,
                              NULL);
}

double
dt_test_goertzel_db (const gint16 *samples,
                     gsize         n,
                     double        rate,
                     double        frequency)
{
  double coeff = 2.0 * cos (2.0 * G_PI * frequency / rate);
  double s1 = 0.0, s2 = 0.0, window_sum = 0.0, power, amplitude;

  for (gsize i = 0; i < n; i++)
    {
      double w = 0.5 - 0.5 * cos (2.0 * G_PI * i / (n - 1));
      double s = w * samples[i] / 32768.0 + coeff * s1 - s2;

      window_sum += w;
      s2 = s1;
      s1 = s;
    }

  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  amplitude = 2.0 * sqrt (MAX (power, 0.0)) / window_sum;
  return 20.0 * log10 (MAX (amplitude, 1e-9));
}

static double
block_level (const gint16 *block,
             double        frequency)
{
  return dt_test_goertzel_db (block, BLOCK, METER_RATE, frequency);
}

typedef struct {
  DtTestMeter *meter;
  double       frequency;
  double       min_db;
  double       level;
  guint        in_a_row;
} ToneWait;

static gboolean
tone_heard (ToneWait *wait)
{
  while (wait->in_a_row < IN_A_ROW && next_block (wait->meter))
    {
      wait->level = block_level (wait->meter->block, wait->frequency);
      wait->in_a_row = wait->level >= wait->min_db ? wait->in_a_row + 1 : 0;
    }
  return wait->in_a_row >= IN_A_ROW;
}

static gboolean
tones_heard (gpointer data)
{
  ToneWait *waits = data;
  /* Both meters are read on every pass, so neither queue backs up */
  gboolean first = tone_heard (&waits[0]);
  gboolean second = waits[1].meter == NULL || tone_heard (&waits[1]);

  return first && second;
}

gboolean
dt_test_meter_wait_tone (DtTestMeter *meter,
                         double       frequency,
                         double       min_db,
                         double      *level)
{
  ToneWait waits[2] = { { meter, frequency, min_db, -180.0, 0 }, { NULL } };
  gboolean heard;

  flush (meter);
  heard = dt_test_wait_until (tones_heard, waits, DT_TEST_DEADLINE_S);
  if (level != NULL)
    *level = waits[0].level;
  return heard;
}

GArray *
dt_test_ogg_levels (const char *path,
                    double      frequency,
                    gboolean   *complete)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) error = NULL;
  GArray *levels = g_array_new (FALSE, FALSE, sizeof (double));
  DtTestMeter meter = { 0 };
  GstSample *sample;

  description = g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! opusdec ! "
                                 "audioconvert ! audioresample ! "
                                 "audio/x-raw,format=S16LE,rate=%d,channels=1 ! "
                                 "appsink name=meter sync=false", path, METER_RATE);
  pipeline = launch (description);
  meter.sink = GST_APP_SINK (gst_bin_get_by_name (GST_BIN (pipeline), "meter"));

  /* The whole file, as fast as it decodes; a file cut off mid-page ends
   * in an error rather than EOS, hence the timeout */
  while ((sample = gst_app_sink_try_pull_sample (meter.sink, 5 * GST_SECOND)) != NULL)
    {
      meter.pending = gst_buffer_ref (gst_sample_get_buffer (sample));
      meter.pending_offset = 0;
      gst_sample_unref (sample);
      while (next_block (&meter))
        {
          double level = block_level (meter.block, frequency);

          g_array_append_val (levels, level);
        }
    }

  bus = gst_element_get_bus (pipeline);
  error = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (error != NULL)
    dt_test_note ("decoding %s ended with an error", path);
  if (complete != NULL)
    *complete = error == NULL && gst_app_sink_is_eos (meter.sink);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_clear_buffer (&meter.pending);
  gst_object_unref (meter.sink);
  return levels;
}

double
dt_test_ogg_max_level (const char *path,
                       double      frequency)
{
  g_autoptr(GArray) levels = dt_test_ogg_levels (path, frequency, NULL);
  double max_db = -180.0;

  for (guint i = 0; i < levels->len; i++)
    max_db = MAX (max_db, g_array_index (levels, double, i));
  return max_db;
}

gboolean
dt_test_ogg_is_finished (const char *path)
{
  g_autofree guint8 *data = NULL;
  gsize length = 0, offset = 0;
  guint8 last_flags = 0;

  if (!g_file_get_contents (path, (char **) &data, &length, NULL))
    return FALSE;

  /* RFC 3533: "OggS", version, flags (4: last page of its stream), granule
   * position, serial, sequence, CRC, segment count, lacing values */
  while (offset < length)
    {
      gsize body = 0;
      guint segments;

      if (length - offset < 27 || memcmp (data + offset, "OggS", 4) != 0)
        return FALSE;
      segments = data[offset + 26];
      if (length - offset < 27 + (gsize) segments)
        return FALSE;
      for (guint i = 0; i < segments; i++)
        body += data[offset + 27 + i];
      last_flags = data[offset + 5];
      offset += 27 + segments + body;
    }

  return offset == length && (last_flags & 0x04) != 0;
}

typedef struct {
  DtTestMeter *meter;
  double       frequency;
  double       max_db;
  guint        in_a_row;
} GoneWait;

static gboolean
tone_gone (gpointer data)
{
  GoneWait *wait = data;

  while (wait->in_a_row < IN_A_ROW && next_block (wait->meter))
    wait->in_a_row = block_level (wait->meter->block, wait->frequency) < wait->max_db
                     ? wait->in_a_row + 1 : 0;
  return wait->in_a_row >= IN_A_ROW;
}

gboolean
dt_test_meter_wait_tone_gone (DtTestMeter *meter,
                              double       frequency,
                              double       max_db)
{
  GoneWait wait = { meter, frequency, max_db, 0 };

  flush (meter);
  return dt_test_wait_until (tone_gone, &wait, DT_TEST_DEADLINE_S);
}

typedef struct {
  DtTestMeter *meter;
  double       frequency;
  guint        blocks_left;
  double       max_db;
} Measure;

static gboolean
measured (gpointer data)
{
  Measure *m = data;

  while (m->blocks_left > 0 && next_block (m->meter))
    {
      m->max_db = MAX (m->max_db, block_level (m->meter->block, m->frequency));
      m->blocks_left--;
    }
  return m->blocks_left == 0;
}

void
dt_test_meter_measure (DtTestMeter *meter,
                       double       frequency,
                       double       seconds,
                       double      *max_db)
{
  Measure m = { meter, frequency, (guint) ceil (seconds * METER_RATE / BLOCK), -180.0 };

  flush (meter);
  g_assert_true (dt_test_wait_until (measured, &m, seconds + DT_TEST_DEADLINE_S));
  *max_db = m.max_db;
}

static void
describe (DtMediaDescription *desc,
          const char         *codec_name,
          DtMediaSession     *remote)
{
  const DtMediaCodec *codec = dt_media_codecs_lookup (codec_name);

  g_assert_nonnull (codec);
  dt_media_description_init (desc);
  desc->codec = g_strdup (codec->name);
  desc->payload_type = codec->static_pt >= 0 ? (guint8) codec->static_pt : 96;
  desc->clock_rate = codec->clock_rate;
  desc->channels = codec->channels;
  desc->telephone_event_pt = 101;
  desc->remote_address = g_strdup ("127.0.0.1");
  desc->remote_rtp_port = dt_media_session_get_rtp_port (remote);
  desc->remote_rtcp_port = dt_media_session_get_rtcp_port (remote);
}

void
dt_test_call_init (DtTestCall *call,
                   const char *codec,
                   gboolean    echo_cancellation)
{
  static gboolean have_mic_b;
  g_autoptr(GError) error = NULL;

  if (!have_mic_b)
    {
      dt_test_pulse_add_sink (MIC_B);
      have_mic_b = TRUE;
    }

  memset (call, 0, sizeof *call);
  call->a = dt_media_session_new ("127.0.0.1", &error);
  g_assert_no_error (error);
  call->b = dt_media_session_new ("127.0.0.1", &error);
  g_assert_no_error (error);
  g_object_set (call->a, "input-device", "dt_mic", "output-device", "dt_speaker_a",
                "echo-cancellation", echo_cancellation, NULL);
  g_object_set (call->b, "input-device", MIC_B ".monitor", "output-device", "dt_speaker_b",
                "echo-cancellation", echo_cancellation, NULL);

  describe (&call->desc_a, codec, call->b);
  describe (&call->desc_b, codec, call->a);

  call->meter_a = dt_test_meter_new ("dt_speaker_a.monitor");
  call->meter_b = dt_test_meter_new ("dt_speaker_b.monitor");
}

void
dt_test_call_start (DtTestCall *call)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dt_media_session_set_description (call->a, &call->desc_a, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  ok = dt_media_session_set_description (call->b, &call->desc_b, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

void
dt_test_call_play_tones (DtTestCall *call)
{
  g_assert_null (call->tone_a);
  call->tone_a = dt_test_tone_new ("dt_mic_feed", DT_TEST_TONE_A);
  call->tone_b = dt_test_tone_new (MIC_B, DT_TEST_TONE_B);
}

void
dt_test_wait_recordings_closed (void)
{
  g_assert_true (dt_test_wait_until (no_recording_closing, NULL, DT_TEST_DEADLINE_S));
}

void
dt_test_call_clear (DtTestCall *call)
{
  g_clear_object (&call->a);
  g_clear_object (&call->b);
  dt_test_wait_recordings_closed ();
  dt_media_description_clear (&call->desc_a);
  dt_media_description_clear (&call->desc_b);
  g_clear_pointer (&call->tone_a, dt_test_tone_free);
  g_clear_pointer (&call->tone_b, dt_test_tone_free);
  g_clear_pointer (&call->meter_a, dt_test_meter_free);
  g_clear_pointer (&call->meter_b, dt_test_meter_free);
}

void
dt_test_call_assert_two_way (DtTestCall *call)
{
  /* Both ways at once: a noise suppressor fades a steady tone after a
   * second or two, so the onsets are what must be heard */
  ToneWait waits[2] = {
    { call->meter_b, DT_TEST_TONE_A, DT_TEST_HEARD_DB, -180.0, 0 },
    { call->meter_a, DT_TEST_TONE_B, DT_TEST_HEARD_DB, -180.0, 0 },
  };
  double wrong_b, wrong_a;

  flush (call->meter_a);
  flush (call->meter_b);
  g_assert_true (dt_test_wait_until (tones_heard, waits, DT_TEST_DEADLINE_S));
  dt_test_meter_measure (call->meter_b, DT_TEST_TONE_B, 0.5, &wrong_b);
  dt_test_meter_measure (call->meter_a, DT_TEST_TONE_A, 0.5, &wrong_a);
  dt_test_note ("A->B: %.0f Hz at %.1f dBFS, %.0f Hz at most %.1f dBFS",
                DT_TEST_TONE_A, waits[0].level, DT_TEST_TONE_B, wrong_b);
  dt_test_note ("B->A: %.0f Hz at %.1f dBFS, %.0f Hz at most %.1f dBFS",
                DT_TEST_TONE_B, waits[1].level, DT_TEST_TONE_A, wrong_a);
  g_assert_cmpfloat (wrong_b, <, DT_TEST_HEARD_DB - DT_TEST_MARGIN_DB);
  g_assert_cmpfloat (wrong_a, <, DT_TEST_HEARD_DB - DT_TEST_MARGIN_DB);
}

typedef struct {
  GstBus     *bus;
  GstMessage *error;
} ErrorWait;

static gboolean
error_posted (gpointer data)
{
  ErrorWait *wait = data;

  wait->error = gst_bus_pop_filtered (wait->bus, GST_MESSAGE_ERROR);
  return wait->error != NULL;
}

void
dt_test_assert_pipeline_error (GstElement *pipeline,
                               const char *message)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GError) error = NULL;
  ErrorWait wait = { .bus = bus };

  g_assert_true (dt_test_wait_until (error_posted, &wait, DT_TEST_DEADLINE_S));
  gst_message_parse_error (wait.error, &error, NULL);
  gst_message_unref (wait.error);
  dt_test_note ("error: %s", error->message);
  g_assert_cmpstr (error->message, ==, message);
}

void
dt_test_note (const char *format,
              ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("%s", text);
}
