/* dt-sip-registration.c: an account's binding at its registrar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-private.h"

/* Backoff between attempts: 1, 2, 4 … s, never more than 5 min */
#define MAX_BACKOFF_S 300
/* Keepalives: OPTIONS on UDP (sofia's outbound), and CRLF on TCP and TLS
 * (the stack's transports) keep a NAT binding open and notice a dead
 * registrar before the next refresh does */
#define KEEPALIVE_MS  30000
/* rport and the Contact corrected from received/rport are sofia's
 * "natify"; validating the Contact through the registrar is left out,
 * since many registrars do not route OPTIONS to their own users */
#define OUTBOUND_OPTIONS "natify use-rport options-keepalive no-validate"
/* A change of network comes in bursts (links, addresses, routes); one
 * re-REGISTER follows once it has settled */
#define NETWORK_SETTLE_MS 500

typedef enum {
  REG_IDLE,          /* no binding, nothing under way */
  REG_REGISTERING,   /* a REGISTER is under way */
  REG_REGISTERED,    /* bound; sofia refreshes it */
  REG_WAITING,       /* failed; the next attempt is scheduled */
  REG_UNREGISTERING, /* an un-REGISTER is under way */
  REG_FAILED,        /* failed for good, until asked again */
} RegState;

struct _DtSipRegistration
{
  GObject       parent_instance;

  DtSipStack   *stack;
  DtSipAccount *account;
  DtSipLine    *owner;     /* unowned; NULL once the line let go */
  nua_handle_t *nh;

  RegState      state;
  guint         attempt;   /* of the current run of attempts, from 1 */
  guint         retry_id;
  guint         network_id;
  gboolean      auth_sent; /* credentials went out since the last answer
                            * that took them */
  gboolean      gave_up_transient; /* failed for good, but for a reason
                                    * another network may cure */
};

G_DEFINE_FINAL_TYPE (DtSipRegistration, dt_sip_registration, G_TYPE_OBJECT)

static void send_register (DtSipRegistration *self);

static guint
backoff_seconds (guint attempt)
{
  return attempt > 9 ? MAX_BACKOFF_S : MIN (1u << (attempt - 1), (guint) MAX_BACKOFF_S);
}

/* Failures that another attempt may get past: the registrar or the path
 * to it is down or busy, or sofia could not send */
static gboolean
is_transient (int status)
{
  return status == 408 || status == 429 || status == 480 ||
         (status >= 500 && status < 600) || status >= 900;
}

static void
report_registering (DtSipRegistration *self)
{
  g_autoptr(DtLine) line = self->owner != NULL ? dt_sip_line_dup_line (self->owner) : NULL;

  if (line != NULL)
    dt_line_report_registering (line, self->attempt);
}

static void
report_registered (DtSipRegistration *self)
{
  g_autoptr(DtLine) line = self->owner != NULL ? dt_sip_line_dup_line (self->owner) : NULL;

  if (line != NULL)
    dt_line_report_registered (line);
}

static void
report_unregistered (DtSipRegistration *self)
{
  g_autoptr(DtLine) line = self->owner != NULL ? dt_sip_line_dup_line (self->owner) : NULL;

  if (line != NULL)
    dt_line_report_unregistered (line);
}

static void
report_failed (DtSipRegistration *self,
               int                status,
               const char        *phrase)
{
  g_autoptr(DtLine) line = self->owner != NULL ? dt_sip_line_dup_line (self->owner) : NULL;

  if (line != NULL)
    dt_line_report_registration_failed (line, (guint) status, phrase != NULL ? phrase : "");
}

static guint
retry_limit (DtSipRegistration *self)
{
  g_autoptr(DtLine) line = self->owner != NULL ? dt_sip_line_dup_line (self->owner) : NULL;

  return line != NULL ? dt_line_get_retry_limit (line) : 0;
}

/* May drop the stack's reference, the last one of a detached registration */
static void
release_handle (DtSipRegistration *self)
{
  if (self->nh == NULL)
    return;

  nua_handle_bind (self->nh, NULL);
  nua_handle_destroy (self->nh);
  self->nh = NULL;
  dt_sip_stack_untrack_registration (self->stack, self);
}

static gboolean
on_retry (gpointer data)
{
  DtSipRegistration *self = data;

  self->retry_id = 0;
  send_register (self);
  return G_SOURCE_REMOVE;
}

static void
fail (DtSipRegistration *self,
      int                status,
      const char        *phrase,
      gboolean           transient)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);

  /* A refresh that failed starts a new run of attempts */
  if (self->attempt == 0)
    self->attempt = 1;

  if (transient && self->attempt <= retry_limit (self) && dt_sip_stack_is_running (self->stack))
    {
      guint delay = backoff_seconds (self->attempt);

      g_debug ("registration of %s failed (%d %s); attempt %u in %u s",
               self->account->aor, status, phrase, self->attempt + 1, delay);
      self->state = REG_WAITING;
      self->retry_id = g_timeout_add (delay * 1000, on_retry, self);
    }
  else
    {
      g_debug ("registration of %s failed for good (%d %s) after %u attempts",
               self->account->aor, status, phrase, self->attempt);
      self->state = REG_FAILED;
      self->gave_up_transient = transient;
      /* A handle left waiting for credentials would never finish */
      release_handle (self);
    }

  report_failed (self, status, phrase);
}

/* Sends a REGISTER on the handle; sofia keeps refreshing it from then on */
static void
put_register (DtSipRegistration *self)
{
  g_autofree char *expires = g_strdup_printf ("%u", self->account->expires);
  g_autofree char *contact = dt_sip_stack_dup_contact (self->stack, self->account->user,
                                                       self->account->transport,
                                                       self->account->secure);
  g_autofree char *contact_header = NULL;

  /* sofia makes the Contact (and corrects it from received/rport), except
   * on loopback where the stack knows better */
  if (contact != NULL)
    contact_header = g_strdup_printf ("<%s;%s>", contact, self->account->contact_params);
  /* The next hop is a handle parameter that only requests set */
  nua_register (self->nh,
                NUTAG_PROXY (self->account->proxy),
                NUTAG_REGISTRAR (self->account->registrar),
                TAG_IF (contact_header != NULL, SIPTAG_CONTACT_STR (contact_header)),
                NUTAG_M_USERNAME (self->account->user),
                NUTAG_M_PARAMS (self->account->contact_params),
                NUTAG_OUTBOUND (OUTBOUND_OPTIONS),
                NUTAG_KEEPALIVE (KEEPALIVE_MS),
                SIPTAG_EXPIRES_STR (expires),
                TAG_END ());
}

static void
send_register (DtSipRegistration *self)
{
  nua_t *nua = dt_sip_stack_get_nua (self->stack);

  if (nua == NULL || !dt_sip_stack_is_running (self->stack))
    return;

  if (self->nh == NULL)
    {
      self->nh = nua_handle (nua, G_OBJECT (self),
                             SIPTAG_TO_STR (self->account->aor),
                             SIPTAG_FROM_STR (self->account->from),
                             TAG_END ());
      if (self->nh == NULL)
        {
          fail (self, 900, _("The SIP stack could not start the registration."), FALSE);
          return;
        }
      dt_sip_stack_track_registration (self->stack, self);
    }

  self->attempt++;
  self->auth_sent = FALSE;
  self->state = REG_REGISTERING;
  g_debug ("registering %s at %s, attempt %u", self->account->aor,
           self->account->registrar, self->attempt);
  report_registering (self);

  put_register (self);
}

static void
on_register_response (DtSipRegistration *self,
                      int                status,
                      const char        *phrase,
                      sip_t const       *sip)
{
  /* 1xx, and responses sofia answers itself (a cached credential, a
   * corrected Contact or expiry) */
  if (status < 200)
    return;

  /* An answer to a REGISTER sent before we asked to unregister */
  if (self->state != REG_REGISTERING && self->state != REG_REGISTERED)
    return;

  if (status < 300)
    {
      self->attempt = 0;
      self->auth_sent = FALSE;
      if (self->state != REG_REGISTERED)
        {
          g_debug ("registered %s", self->account->aor);
          self->state = REG_REGISTERED;
          report_registered (self);
        }
      return;
    }

  if ((status == 401 || status == 407) && !self->auth_sent &&
      dt_sip_account_authenticate (self->account, self->nh, sip))
    {
      self->auth_sent = TRUE;
      return;
    }

  /* A second challenge means the password was refused; like a 403 it will
   * not change by asking again */
  fail (self, status, phrase, is_transient (status));
}

static void
on_unregister_response (DtSipRegistration *self,
                        int                status,
                        const char        *phrase,
                        sip_t const       *sip)
{
  if (status < 200 || self->state != REG_UNREGISTERING)
    return;

  if ((status == 401 || status == 407) && !self->auth_sent &&
      dt_sip_account_authenticate (self->account, self->nh, sip))
    {
      self->auth_sent = TRUE;
      return;
    }

  /* A binding the registrar kept after a failed un-REGISTER expires */
  g_debug ("unregistered %s: %d %s", self->account->aor, status, phrase);
  self->state = REG_IDLE;
  self->attempt = 0;
  release_handle (self);
  report_unregistered (self);
}

static void
on_outbound (DtSipRegistration *self,
             int                status,
             const char        *phrase)
{
  g_debug ("outbound of %s: %d %s", self->account->aor, status, phrase);

  /* The keepalive found the registrar gone: the binding is as good as lost */
  if (status >= 300 && self->state == REG_REGISTERED)
    {
      self->attempt = 0;
      report_failed (self, status, phrase);
      send_register (self);
    }
}

static gboolean
on_network_settled (gpointer data)
{
  DtSipRegistration *self = data;

  self->network_id = 0;
  if (!dt_sip_stack_is_running (self->stack))
    return G_SOURCE_REMOVE;

  switch (self->state)
    {
    case REG_REGISTERED:
      /* The binding may name an address that is gone. The line stays
       * registered while it is renewed: a failure will say otherwise. */
      g_debug ("network changed: renewing the binding of %s", self->account->aor);
      self->auth_sent = FALSE;
      put_register (self);
      break;
    case REG_WAITING:
    case REG_FAILED:
      if (self->state == REG_FAILED && !self->gave_up_transient)
        break;
      /* What failed on the old network may work now: a fresh run of
       * attempts, without waiting out the backoff */
      g_debug ("network changed: registering %s again", self->account->aor);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->attempt = 0;
      send_register (self);
      break;
    case REG_IDLE:
    case REG_REGISTERING:
    case REG_UNREGISTERING:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Only a change to a usable network counts. Its absence is not acted on:
 * with no route but loopback the monitor says "unavailable" while a
 * registrar on this machine answers, and pausing would strand it. */
static void
on_network_changed (GNetworkMonitor   *monitor,
                    gboolean           available,
                    DtSipRegistration *self)
{
  if (!available)
    return;
  g_clear_handle_id (&self->network_id, g_source_remove);
  self->network_id = g_timeout_add (NETWORK_SETTLE_MS, on_network_settled, self);
}

static void
dt_sip_registration_dispose (GObject *object)
{
  DtSipRegistration *self = DT_SIP_REGISTRATION (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->network_id, g_source_remove);
  if (self->nh != NULL)
    {
      nua_handle_bind (self->nh, NULL);
      nua_handle_destroy (self->nh);
      self->nh = NULL;
    }
  g_clear_object (&self->stack);

  G_OBJECT_CLASS (dt_sip_registration_parent_class)->dispose (object);
}

static void
dt_sip_registration_finalize (GObject *object)
{
  DtSipRegistration *self = DT_SIP_REGISTRATION (object);

  g_clear_pointer (&self->account, dt_sip_account_unref);

  G_OBJECT_CLASS (dt_sip_registration_parent_class)->finalize (object);
}

static void
dt_sip_registration_class_init (DtSipRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_sip_registration_dispose;
  object_class->finalize = dt_sip_registration_finalize;
}

static void
dt_sip_registration_init (DtSipRegistration *self)
{
}

DtSipRegistration *
dt_sip_registration_new (DtSipStack   *stack,
                         DtSipAccount *account,
                         DtSipLine    *owner)
{
  DtSipRegistration *self = g_object_new (DT_TYPE_SIP_REGISTRATION, NULL);

  self->stack = g_object_ref (stack);
  self->account = dt_sip_account_ref (account);
  self->owner = owner;
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, 0);
  return self;
}

gboolean
dt_sip_registration_start (DtSipRegistration  *self,
                           GError            **error)
{
  if (!dt_sip_stack_is_running (self->stack))
    {
      g_set_error_literal (error, DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                           _("Accounts cannot register while Dialtone shuts down."));
      return FALSE;
    }

  if (self->state == REG_REGISTERING || self->state == REG_REGISTERED)
    return TRUE;

  /* Asked again: a fresh run of attempts, starting now */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->attempt = 0;
  send_register (self);
  return TRUE;
}

void
dt_sip_registration_stop (DtSipRegistration *self)
{
  g_autoptr(DtSipRegistration) guard = g_object_ref (self);

  g_clear_handle_id (&self->retry_id, g_source_remove);

  switch (self->state)
    {
    case REG_REGISTERING:
    case REG_REGISTERED:
      /* nua queues it behind a REGISTER still under way */
      self->state = REG_UNREGISTERING;
      self->auth_sent = FALSE;
      nua_unregister (self->nh, TAG_END ());
      break;
    case REG_UNREGISTERING:
      break;
    case REG_IDLE:
    case REG_WAITING:
    case REG_FAILED:
    default:
      self->state = REG_IDLE;
      self->attempt = 0;
      release_handle (self);
      report_unregistered (self);
      break;
    }
}

void
dt_sip_registration_detach (DtSipRegistration *self)
{
  self->owner = NULL;
  dt_sip_registration_stop (self);
}

void
dt_sip_registration_close (DtSipRegistration *self)
{
  g_autoptr(DtSipRegistration) guard = g_object_ref (self);
  gboolean was_idle = self->state == REG_IDLE;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->state = REG_IDLE;
  self->attempt = 0;
  release_handle (self);
  if (!was_idle)
    report_unregistered (self);
}

gboolean
dt_sip_registration_is_registered (DtSipRegistration *self)
{
  return self->state == REG_REGISTERED;
}

void
dt_sip_registration_handle_event (DtSipRegistration *self,
                                  nua_event_t        event,
                                  int                status,
                                  const char        *phrase,
                                  sip_t const       *sip,
                                  tagi_t             tags[])
{
  g_autoptr(DtSipRegistration) guard = g_object_ref (self);

  switch ((int) event)
    {
    case nua_r_register:
      on_register_response (self, status, phrase, sip);
      break;
    case nua_r_unregister:
      on_unregister_response (self, status, phrase, sip);
      break;
    case nua_i_outbound:
      on_outbound (self, status, phrase);
      break;
    default:
      break;
    }
}
