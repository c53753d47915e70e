/* dt-test-baresip.h: baresip as the remote softphone, driven by ctrl_tcp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DtTestBaresip DtTestBaresip;

/* What dt_test_baresip_start_with() changes of the defaults */
typedef struct {
  /* Its account's audio_codecs ("PCMU", "opus,PCMU"); NULL: PCMU */
  const char *audio_codecs;
  /* Its account's mediaenc: NULL (plain RTP), "srtp" (RTP/AVP with crypto
   * lines) or "srtp-mand" (RTP/SAVP) */
  const char *mediaenc;
  /* RFC 5761: offers and accepts a=rtcp-mux */
  gboolean    rtcp_mux;
  /* Plays what it hears to PulseAudio, as dt_test_baresip_start_audible() */
  gboolean    audible;
  /* Its microphone: NULL for ausine at 440 Hz, else an audio_source line
   * ("aufile,/path/to.wav", or "alsa,pulse": PulseAudio's $PULSE_SOURCE) */
  const char *audio_source;
} DtTestBaresipOptions;

/* baresip on free ports of 127.0.0.1, one account sip:bob@127.0.0.1:PORT
 * with no registrar that answers every call itself, PCMU with a sine tone
 * as its microphone; returns once its ctrl_tcp socket accepts us */
DtTestBaresip *dt_test_baresip_start        (GError        **error);
/* The same, playing what it hears to PulseAudio (through ALSA's pulse
 * plugin): on the sink $PULSE_SINK names, else the default one */
DtTestBaresip *dt_test_baresip_start_audible (GError        **error);
/* The same with the account @aor, which registers with @password at the
 * registrar of its domain; it may register before ctrl_tcp is connected,
 * so ask the registrar when it has */
DtTestBaresip *dt_test_baresip_start_registered (const char  *aor,
                                                 const char  *password,
                                                 GError     **error);
/* bob at its own address with @options */
DtTestBaresip *dt_test_baresip_start_with   (const DtTestBaresipOptions *options,
                                             GError        **error);
guint16        dt_test_baresip_get_sip_port (DtTestBaresip  *self);
GPid           dt_test_baresip_get_pid      (DtTestBaresip  *self);
/* One ctrl_tcp command ("dial", "hangup", …) */
gboolean       dt_test_baresip_command      (DtTestBaresip  *self,
                                             const char     *command,
                                             const char     *params,
                                             GError        **error);
/* Waits for an event of @type ("CALL_ESTABLISHED", …) not waited for yet */
gboolean       dt_test_baresip_wait_event   (DtTestBaresip  *self,
                                             const char     *type,
                                             guint           timeout_ms);
/* What baresip printed, for a failing test's log */
char          *dt_test_baresip_dup_output   (DtTestBaresip  *self);
void           dt_test_baresip_free         (DtTestBaresip  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestBaresip, dt_test_baresip_free)

/* For the D-Bus end-to-end tests: */
/* baresip with @account as its accounts line (NULL: bob at its own
 * address, as dt_test_baresip_start), audible or not */
DtTestBaresip *dt_test_baresip_start_account    (const char     *account,
                                                 gboolean        audible,
                                                 GError        **error);
/* As dt_test_baresip_wait_event(), returning the event's "param" (a DTMF
 * digit, a peer URI, …); NULL when none came */
char          *dt_test_baresip_wait_event_param (DtTestBaresip  *self,
                                                 const char     *type,
                                                 guint           timeout_ms);

G_END_DECLS
