/* dt-sip-dtmf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "model/dt-call-error.h"

#include "dt-sip-dtmf.h"

#define DTMF_DIGITS "0123456789*#ABCD"

struct _DtSipDtmf
{
  GWeakRef      call;
  nua_handle_t *nh;
  GString      *queue;
  gboolean      in_flight;
};

static void
send_next (DtSipDtmf *self)
{
  g_autofree char *body = NULL;

  if (self->in_flight || self->nh == NULL || self->queue->len == 0)
    return;

  body = g_strdup_printf ("Signal=%c\r\nDuration=100\r\n", self->queue->str[0]);
  g_string_erase (self->queue, 0, 1);
  self->in_flight = TRUE;
  nua_info (self->nh,
            SIPTAG_CONTENT_TYPE_STR ("application/dtmf-relay"),
            SIPTAG_PAYLOAD_STR (body),
            TAG_END ());
}

/* One digit of DTMF_DIGITS from @value ("5", "#", "a"; "10" and "11" are
 * * and #, as some devices write them), or '\0' */
static char
parse_digit (const char *value)
{
  g_autofree char *text = g_strstrip (g_strdup (value));

  if (g_strcmp0 (text, "10") == 0)
    return '*';
  if (g_strcmp0 (text, "11") == 0)
    return '#';
  if (strlen (text) != 1 || strchr (DTMF_DIGITS, g_ascii_toupper (text[0])) == NULL)
    return '\0';
  return g_ascii_toupper (text[0]);
}

/* The Signal of an application/dtmf-relay body, or '\0' */
static char
parse_relay (const char *body)
{
  g_auto(GStrv) lines = g_strsplit_set (body, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], equals - lines[i]));
      if (g_ascii_strcasecmp (key, "Signal") == 0)
        return parse_digit (equals + 1);
    }
  return '\0';
}

DtSipDtmf *
dt_sip_dtmf_new (DtCall *call)
{
  DtSipDtmf *self = g_new0 (DtSipDtmf, 1);

  g_weak_ref_init (&self->call, call);
  self->queue = g_string_new (NULL);
  return self;
}

void
dt_sip_dtmf_free (DtSipDtmf *self)
{
  if (self == NULL)
    return;

  g_weak_ref_clear (&self->call);
  g_string_free (self->queue, TRUE);
  g_free (self);
}

void
dt_sip_dtmf_send (DtSipDtmf    *self,
                  nua_handle_t *nh,
                  const char   *digits)
{
  self->nh = nh;
  g_string_append (self->queue, digits);
  send_next (self);
}

void
dt_sip_dtmf_take_response (DtSipDtmf  *self,
                           int         status,
                           const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCall) call = NULL;

  if (self == NULL || status < 200 || !self->in_flight)
    return;

  self->in_flight = FALSE;
  if (status < 300)
    {
      send_next (self);
      return;
    }

  g_string_truncate (self->queue, 0);
  call = g_weak_ref_get (&self->call);
  if (call == NULL || self->nh == NULL)
    return;
  error = g_error_new (DT_CALL_ERROR, DT_CALL_ERROR_FAILED,
                       _("The dial tones could not be sent: the other party answered “%d %s”."),
                       status, phrase != NULL ? phrase : "");
  dt_call_report_error (call, DT_CALL_ERROR_KIND_DTMF, error);
}

void
dt_sip_dtmf_stop (DtSipDtmf *self)
{
  if (self == NULL)
    return;
  self->nh = NULL;
  g_string_truncate (self->queue, 0);
}

void
dt_sip_dtmf_take_info (DtSipDtmf    *self,
                       nua_t        *nua,
                       nua_handle_t *nh,
                       sip_t const  *sip)
{
  g_autoptr(DtCall) call = NULL;
  const char *type = sip != NULL && sip->sip_content_type != NULL ? sip->sip_content_type->c_type
                                                                   : NULL;
  g_autofree char *body = NULL;
  char digit = '\0';

  /* Before the call has its model (an early dialog) no digit can go anywhere */
  if (self == NULL)
    {
      nua_respond (nh, 481, "Call/Transaction Does Not Exist", NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }

  if (sip != NULL && sip->sip_payload != NULL)
    body = g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);

  /* An INFO without a body only checks that the dialog is there */
  if (body == NULL || *body == '\0')
    {
      nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }

  if (type != NULL && g_ascii_strcasecmp (type, "application/dtmf-relay") == 0)
    digit = parse_relay (body);
  else if (type != NULL && g_ascii_strcasecmp (type, "application/dtmf") == 0)
    digit = parse_digit (body);
  else
    {
      nua_respond (nh, SIP_415_UNSUPPORTED_MEDIA,
                   SIPTAG_ACCEPT_STR ("application/dtmf-relay, application/dtmf"),
                   NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }

  if (digit == '\0')
    {
      nua_respond (nh, 400, "Bad DTMF Body", NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }

  nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (nua), TAG_END ());
  call = g_weak_ref_get (&self->call);
  if (call != NULL)
    dt_call_report_dtmf (call, digit);
}
