/* dt-call-record.c: one call in the history, as it ended
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-call-record.h"
#include "dt-model-enums.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_INCOMING,
  PROP_REMOTE_URI,
  PROP_REMOTE_NAME,
  PROP_LINE_ID,
  PROP_OUTCOME,
  PROP_REASON,
  PROP_STARTED,
  PROP_ANSWERED,
  PROP_ENDED,
  N_PROPS
};

struct _DtCallRecord
{
  GObject        parent_instance;

  gint64         id;
  gboolean       incoming;
  char          *remote_uri;
  char          *remote_name;
  char          *line_id;
  DtCallOutcome  outcome;
  char          *reason;
  gint64         started;
  gint64         answered;
  gint64         ended;
};

G_DEFINE_FINAL_TYPE (DtCallRecord, dt_call_record, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* "" and NULL both mean "not known" */
static char *
dup_or_null (const GValue *value)
{
  const char *text = g_value_get_string (value);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
dt_call_record_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DtCallRecord *self = DT_CALL_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_INCOMING: g_value_set_boolean (value, self->incoming); break;
    case PROP_REMOTE_URI: g_value_set_string (value, self->remote_uri); break;
    case PROP_REMOTE_NAME: g_value_set_string (value, self->remote_name); break;
    case PROP_LINE_ID: g_value_set_string (value, self->line_id); break;
    case PROP_OUTCOME: g_value_set_enum (value, self->outcome); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_STARTED: g_value_set_int64 (value, self->started); break;
    case PROP_ANSWERED: g_value_set_int64 (value, self->answered); break;
    case PROP_ENDED: g_value_set_int64 (value, self->ended); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_record_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DtCallRecord *self = DT_CALL_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_INCOMING: self->incoming = g_value_get_boolean (value); break;
    case PROP_REMOTE_URI: self->remote_uri = g_value_dup_string (value); break;
    case PROP_REMOTE_NAME: self->remote_name = dup_or_null (value); break;
    case PROP_LINE_ID: self->line_id = dup_or_null (value); break;
    case PROP_OUTCOME: self->outcome = g_value_get_enum (value); break;
    case PROP_REASON: self->reason = dup_or_null (value); break;
    case PROP_STARTED: self->started = g_value_get_int64 (value); break;
    case PROP_ANSWERED: self->answered = g_value_get_int64 (value); break;
    case PROP_ENDED: self->ended = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_call_record_finalize (GObject *object)
{
  DtCallRecord *self = DT_CALL_RECORD (object);

  g_free (self->remote_uri);
  g_free (self->remote_name);
  g_free (self->line_id);
  g_free (self->reason);

  G_OBJECT_CLASS (dt_call_record_parent_class)->finalize (object);
}

static void
dt_call_record_class_init (DtCallRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                      G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dt_call_record_get_property;
  object_class->set_property = dt_call_record_set_property;
  object_class->finalize = dt_call_record_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_INCOMING] = g_param_spec_boolean ("incoming", NULL, NULL, FALSE, flags);
  properties[PROP_REMOTE_URI] = g_param_spec_string ("remote-uri", NULL, NULL, "", flags);
  properties[PROP_REMOTE_NAME] = g_param_spec_string ("remote-name", NULL, NULL, NULL, flags);
  properties[PROP_LINE_ID] = g_param_spec_string ("line-id", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, DT_TYPE_CALL_OUTCOME,
                       DT_CALL_OUTCOME_ANSWERED, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ANSWERED] = g_param_spec_int64 ("answered", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDED] = g_param_spec_int64 ("ended", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_call_record_init (DtCallRecord *self)
{
}

DtCallRecord *
dt_call_record_new (gboolean       incoming,
                    const char    *remote_uri,
                    const char    *remote_name,
                    const char    *line_id,
                    DtCallOutcome  outcome,
                    const char    *reason,
                    gint64         started,
                    gint64         answered,
                    gint64         ended)
{
  g_return_val_if_fail (remote_uri != NULL, NULL);

  return g_object_new (DT_TYPE_CALL_RECORD,
                       "incoming", incoming,
                       "remote-uri", remote_uri,
                       "remote-name", remote_name,
                       "line-id", line_id,
                       "outcome", outcome,
                       "reason", reason,
                       "started", MAX (started, 0),
                       "answered", MAX (answered, 0),
                       "ended", MAX (ended, 0),
                       NULL);
}

DtCallRecord *
dt_call_record_with_id (DtCallRecord *self,
                        gint64        id)
{
  DtCallRecord *copy;

  g_return_val_if_fail (DT_IS_CALL_RECORD (self), NULL);

  copy = dt_call_record_new (self->incoming, self->remote_uri, self->remote_name,
                             self->line_id, self->outcome, self->reason,
                             self->started, self->answered, self->ended);
  copy->id = id;
  return copy;
}

#define GETTER(type, name, fallback) \
  type dt_call_record_get_##name (DtCallRecord *self) \
  { \
    g_return_val_if_fail (DT_IS_CALL_RECORD (self), fallback); \
    return self->name; \
  }

GETTER (gint64, id, 0)
GETTER (gboolean, incoming, FALSE)
GETTER (const char *, remote_uri, NULL)
GETTER (const char *, remote_name, NULL)
GETTER (const char *, line_id, NULL)
GETTER (DtCallOutcome, outcome, DT_CALL_OUTCOME_ANSWERED)
GETTER (const char *, reason, NULL)
GETTER (gint64, started, 0)
GETTER (gint64, answered, 0)
GETTER (gint64, ended, 0)

#undef GETTER

gint64
dt_call_record_get_duration (DtCallRecord *self)
{
  g_return_val_if_fail (DT_IS_CALL_RECORD (self), 0);

  if (self->answered == 0 || self->ended < self->answered)
    return 0;
  return self->ended - self->answered;
}

const char *
dt_call_outcome_to_string (DtCallOutcome outcome)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DT_TYPE_CALL_OUTCOME);
  GEnumValue *value = g_enum_get_value (klass, outcome);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
dt_call_outcome_from_string (const char    *string,
                             DtCallOutcome *outcome)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DT_TYPE_CALL_OUTCOME);
  GEnumValue *value = string != NULL ? g_enum_get_value_by_nick (klass, string) : NULL;

  if (value == NULL)
    return FALSE;
  *outcome = value->value;
  return TRUE;
}
