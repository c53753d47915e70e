/* dt-account.h: one SIP account's settings (never its password)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nicks ("udp", "optional", …) are the strings of the accounts file
 * and of the D-Bus contract */
typedef enum {
  DT_ACCOUNT_TRANSPORT_UDP,
  DT_ACCOUNT_TRANSPORT_TCP,
  DT_ACCOUNT_TRANSPORT_TLS,
} DtAccountTransport;

typedef enum {
  DT_ACCOUNT_SRTP_OFF,
  DT_ACCOUNT_SRTP_OPTIONAL,
  DT_ACCOUNT_SRTP_MANDATORY,
} DtAccountSrtp;

/* How dial tones are sent: in the audio (RFC 4733) when the peer takes
 * telephone-event, else SIP INFO (auto); or always one of them */
typedef enum {
  DT_ACCOUNT_DTMF_AUTO,
  DT_ACCOUNT_DTMF_RFC4733,
  DT_ACCOUNT_DTMF_INFO,
} DtAccountDtmf;

#define DT_ACCOUNT_DEFAULT_EXPIRES     600
#define DT_ACCOUNT_DEFAULT_RETRY_LIMIT 5

#define DT_TYPE_ACCOUNT (dt_account_get_type ())
G_DECLARE_FINAL_TYPE (DtAccount, dt_account, DT, ACCOUNT, GObject)

/*
 * Properties: id (s, construct-only; NULL until a store gives it one),
 *   aor (s, sip:alice@example.org), auth-user (s, NULL: the AOR's user),
 *   display-name (s), transport (DtAccountTransport, default udp),
 *   proxy (s, outbound proxy: host[:port] or a sip:/sips: URI; NULL: none),
 *   srtp (DtAccountSrtp, default optional), dtmf-mode (DtAccountDtmf,
 *   default auto), retry-limit (u, default 5),
 *   expires (u, seconds, default 600), enabled (b, default TRUE: register
 *   at start)
 *
 * Empty strings are stored as NULL. The accounts in a DtAccountStore's list
 * are the store's and read-only (setters refuse them): to edit one, change a
 * dt_account_copy() and pass it to dt_account_store_update_async().
 */

DtAccount          *dt_account_new              (const char *id,
                                                 const char *aor);
/* A writable copy with every setting, the id included */
DtAccount          *dt_account_copy             (DtAccount  *self);
/* Whether every setting (the id included) is the same */
gboolean            dt_account_equal            (DtAccount  *self,
                                                 DtAccount  *other);
/* Checks every setting, as adding or updating the account would;
 * DT_STORE_ERROR_INVALID_URI or DT_STORE_ERROR_INVALID otherwise */
gboolean            dt_account_validate         (DtAccount  *self,
                                                 GError    **error);

const char         *dt_account_get_id           (DtAccount  *self);
const char         *dt_account_get_aor          (DtAccount  *self);
void                dt_account_set_aor          (DtAccount  *self,
                                                 const char *aor);
const char         *dt_account_get_auth_user    (DtAccount  *self);
void                dt_account_set_auth_user    (DtAccount  *self,
                                                 const char *auth_user);
const char         *dt_account_get_display_name (DtAccount  *self);
void                dt_account_set_display_name (DtAccount  *self,
                                                 const char *display_name);
DtAccountTransport  dt_account_get_transport    (DtAccount  *self);
void                dt_account_set_transport    (DtAccount  *self,
                                                 DtAccountTransport transport);
const char         *dt_account_get_proxy        (DtAccount  *self);
void                dt_account_set_proxy        (DtAccount  *self,
                                                 const char *proxy);
DtAccountSrtp       dt_account_get_srtp         (DtAccount  *self);
void                dt_account_set_srtp         (DtAccount  *self,
                                                 DtAccountSrtp srtp);
DtAccountDtmf       dt_account_get_dtmf_mode    (DtAccount  *self);
void                dt_account_set_dtmf_mode    (DtAccount  *self,
                                                 DtAccountDtmf dtmf_mode);
guint               dt_account_get_retry_limit  (DtAccount  *self);
void                dt_account_set_retry_limit  (DtAccount  *self,
                                                 guint       retry_limit);
guint               dt_account_get_expires      (DtAccount  *self);
void                dt_account_set_expires      (DtAccount  *self,
                                                 guint       expires);
gboolean            dt_account_get_enabled      (DtAccount  *self);
void                dt_account_set_enabled      (DtAccount  *self,
                                                 gboolean    enabled);

/* "udp", "tcp", "tls" / "off", "optional", "mandatory" / "auto",
 * "rfc4733", "info" */
const char         *dt_account_transport_to_string   (DtAccountTransport  transport);
gboolean            dt_account_transport_from_string (const char         *text,
                                                      DtAccountTransport *transport);
const char         *dt_account_srtp_to_string        (DtAccountSrtp       srtp);
gboolean            dt_account_srtp_from_string      (const char         *text,
                                                      DtAccountSrtp      *srtp);
const char         *dt_account_dtmf_to_string        (DtAccountDtmf       dtmf);
gboolean            dt_account_dtmf_from_string      (const char         *text,
                                                      DtAccountDtmf      *dtmf);

G_END_DECLS
