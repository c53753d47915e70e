/* dt-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-store-enums.h"
#include "dt-store-private.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_AOR,
  PROP_AUTH_USER,
  PROP_DISPLAY_NAME,
  PROP_TRANSPORT,
  PROP_PROXY,
  PROP_SRTP,
  PROP_DTMF_MODE,
  PROP_RETRY_LIMIT,
  PROP_EXPIRES,
  PROP_ENABLED,
  N_PROPS
};

struct _DtAccount
{
  GObject             parent_instance;

  char               *id;
  char               *aor;
  char               *auth_user;
  char               *display_name;
  char               *proxy;
  DtAccountTransport  transport;
  DtAccountSrtp       srtp;
  DtAccountDtmf       dtmf_mode;
  guint               retry_limit;
  guint               expires;
  gboolean            enabled;
  /* A store's own account: only the store changes it */
  gboolean            sealed;
};

G_DEFINE_FINAL_TYPE (DtAccount, dt_account, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
update_string (DtAccount   *self,
               char       **field,
               const char  *value,
               guint        prop_id)
{
  /* "" and NULL both mean "not set", and are stored as NULL */
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_uint (DtAccount *self,
             guint     *field,
             guint      value,
             guint      prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

static void
dt_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DtAccount *self = DT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_AOR: g_value_set_string (value, self->aor); break;
    case PROP_AUTH_USER: g_value_set_string (value, self->auth_user); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_TRANSPORT: g_value_set_enum (value, self->transport); break;
    case PROP_PROXY: g_value_set_string (value, self->proxy); break;
    case PROP_SRTP: g_value_set_enum (value, self->srtp); break;
    case PROP_DTMF_MODE: g_value_set_enum (value, self->dtmf_mode); break;
    case PROP_RETRY_LIMIT: g_value_set_uint (value, self->retry_limit); break;
    case PROP_EXPIRES: g_value_set_uint (value, self->expires); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DtAccount *self = DT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      {
        const char *id = g_value_get_string (value);

        self->id = id != NULL && *id != '\0' ? g_strdup (id) : NULL;
        break;
      }
    case PROP_AOR: dt_account_set_aor (self, g_value_get_string (value)); break;
    case PROP_AUTH_USER: dt_account_set_auth_user (self, g_value_get_string (value)); break;
    case PROP_DISPLAY_NAME: dt_account_set_display_name (self, g_value_get_string (value)); break;
    case PROP_TRANSPORT: dt_account_set_transport (self, g_value_get_enum (value)); break;
    case PROP_PROXY: dt_account_set_proxy (self, g_value_get_string (value)); break;
    case PROP_SRTP: dt_account_set_srtp (self, g_value_get_enum (value)); break;
    case PROP_DTMF_MODE: dt_account_set_dtmf_mode (self, g_value_get_enum (value)); break;
    case PROP_RETRY_LIMIT: dt_account_set_retry_limit (self, g_value_get_uint (value)); break;
    case PROP_EXPIRES: dt_account_set_expires (self, g_value_get_uint (value)); break;
    case PROP_ENABLED: dt_account_set_enabled (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_account_finalize (GObject *object)
{
  DtAccount *self = DT_ACCOUNT (object);

  g_free (self->id);
  g_free (self->aor);
  g_free (self->auth_user);
  g_free (self->display_name);
  g_free (self->proxy);

  G_OBJECT_CLASS (dt_account_parent_class)->finalize (object);
}

#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
dt_account_class_init (DtAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_account_get_property;
  object_class->set_property = dt_account_set_property;
  object_class->finalize = dt_account_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, RW_FLAGS | G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_AOR] = g_param_spec_string ("aor", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_AUTH_USER] = g_param_spec_string ("auth-user", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, DT_TYPE_ACCOUNT_TRANSPORT,
                       DT_ACCOUNT_TRANSPORT_UDP, RW_FLAGS);
  properties[PROP_PROXY] = g_param_spec_string ("proxy", NULL, NULL, NULL, RW_FLAGS);
  properties[PROP_SRTP] =
    g_param_spec_enum ("srtp", NULL, NULL, DT_TYPE_ACCOUNT_SRTP,
                       DT_ACCOUNT_SRTP_OPTIONAL, RW_FLAGS);
  properties[PROP_DTMF_MODE] =
    g_param_spec_enum ("dtmf-mode", NULL, NULL, DT_TYPE_ACCOUNT_DTMF,
                       DT_ACCOUNT_DTMF_AUTO, RW_FLAGS);
  properties[PROP_RETRY_LIMIT] =
    g_param_spec_uint ("retry-limit", NULL, NULL, 0, G_MAXUINT,
                       DT_ACCOUNT_DEFAULT_RETRY_LIMIT, RW_FLAGS);
  properties[PROP_EXPIRES] =
    g_param_spec_uint ("expires", NULL, NULL, 0, G_MAXUINT,
                       DT_ACCOUNT_DEFAULT_EXPIRES, RW_FLAGS);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, RW_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_account_init (DtAccount *self)
{
  self->transport = DT_ACCOUNT_TRANSPORT_UDP;
  self->srtp = DT_ACCOUNT_SRTP_OPTIONAL;
  self->retry_limit = DT_ACCOUNT_DEFAULT_RETRY_LIMIT;
  self->expires = DT_ACCOUNT_DEFAULT_EXPIRES;
  self->enabled = TRUE;
}

DtAccount *
dt_account_new (const char *id,
                const char *aor)
{
  return g_object_new (DT_TYPE_ACCOUNT, "id", id, "aor", aor, NULL);
}

DtAccount *
dt_account_copy_with_id (DtAccount  *self,
                         const char *id)
{
  DtAccount *copy;

  g_return_val_if_fail (DT_IS_ACCOUNT (self), NULL);

  copy = dt_account_new (id, NULL);
  dt_account_assign (copy, self);
  return copy;
}

DtAccount *
dt_account_copy (DtAccount *self)
{
  g_return_val_if_fail (DT_IS_ACCOUNT (self), NULL);

  return dt_account_copy_with_id (self, self->id);
}

gboolean
dt_account_equal (DtAccount *self,
                  DtAccount *other)
{
  g_return_val_if_fail (DT_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (DT_IS_ACCOUNT (other), FALSE);

  return g_strcmp0 (self->id, other->id) == 0 &&
         g_strcmp0 (self->aor, other->aor) == 0 &&
         g_strcmp0 (self->auth_user, other->auth_user) == 0 &&
         g_strcmp0 (self->display_name, other->display_name) == 0 &&
         g_strcmp0 (self->proxy, other->proxy) == 0 &&
         self->transport == other->transport && self->srtp == other->srtp &&
         self->dtmf_mode == other->dtmf_mode &&
         self->retry_limit == other->retry_limit && self->expires == other->expires &&
         self->enabled == other->enabled;
}

void
dt_account_seal (DtAccount *self)
{
  self->sealed = TRUE;
}

void
dt_account_assign (DtAccount *self,
                   DtAccount *source)
{
  gboolean sealed = self->sealed;

  g_object_freeze_notify (G_OBJECT (self));
  self->sealed = FALSE;
  dt_account_set_aor (self, source->aor);
  dt_account_set_auth_user (self, source->auth_user);
  dt_account_set_display_name (self, source->display_name);
  dt_account_set_transport (self, source->transport);
  dt_account_set_proxy (self, source->proxy);
  dt_account_set_srtp (self, source->srtp);
  dt_account_set_dtmf_mode (self, source->dtmf_mode);
  dt_account_set_retry_limit (self, source->retry_limit);
  dt_account_set_expires (self, source->expires);
  dt_account_set_enabled (self, source->enabled);
  self->sealed = sealed;
  g_object_thaw_notify (G_OBJECT (self));
}

#define GETTER(type, name, fallback)                  \
  type                                                \
  dt_account_get_##name (DtAccount *self)             \
  {                                                   \
    g_return_val_if_fail (DT_IS_ACCOUNT (self), fallback); \
    return self->name;                                \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, aor, NULL)
GETTER (const char *, auth_user, NULL)
GETTER (const char *, display_name, NULL)
GETTER (DtAccountTransport, transport, DT_ACCOUNT_TRANSPORT_UDP)
GETTER (const char *, proxy, NULL)
GETTER (DtAccountSrtp, srtp, DT_ACCOUNT_SRTP_OPTIONAL)
GETTER (DtAccountDtmf, dtmf_mode, DT_ACCOUNT_DTMF_AUTO)
GETTER (guint, retry_limit, 0)
GETTER (guint, expires, 0)
GETTER (gboolean, enabled, FALSE)

#define STRING_SETTER(name, prop)                                 \
  void                                                            \
  dt_account_set_##name (DtAccount  *self,                        \
                         const char *name)                        \
  {                                                               \
    g_return_if_fail (DT_IS_ACCOUNT (self));                      \
    g_return_if_fail (!self->sealed);                             \
    update_string (self, &self->name, name, prop);                \
  }

STRING_SETTER (aor, PROP_AOR)
STRING_SETTER (auth_user, PROP_AUTH_USER)
STRING_SETTER (display_name, PROP_DISPLAY_NAME)
STRING_SETTER (proxy, PROP_PROXY)

void
dt_account_set_transport (DtAccount          *self,
                          DtAccountTransport  transport)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  if (self->transport == transport)
    return;

  self->transport = transport;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
}

void
dt_account_set_srtp (DtAccount     *self,
                     DtAccountSrtp  srtp)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  if (self->srtp == srtp)
    return;

  self->srtp = srtp;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRTP]);
}

void
dt_account_set_dtmf_mode (DtAccount     *self,
                          DtAccountDtmf  dtmf_mode)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  if (self->dtmf_mode == dtmf_mode)
    return;

  self->dtmf_mode = dtmf_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DTMF_MODE]);
}

void
dt_account_set_retry_limit (DtAccount *self,
                            guint      retry_limit)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  update_uint (self, &self->retry_limit, retry_limit, PROP_RETRY_LIMIT);
}

void
dt_account_set_expires (DtAccount *self,
                        guint      expires)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  update_uint (self, &self->expires, expires, PROP_EXPIRES);
}

void
dt_account_set_enabled (DtAccount *self,
                        gboolean   enabled)
{
  g_return_if_fail (DT_IS_ACCOUNT (self));
  g_return_if_fail (!self->sealed);

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

const char *
dt_account_transport_to_string (DtAccountTransport transport)
{
  return enum_to_nick (DT_TYPE_ACCOUNT_TRANSPORT, transport);
}

gboolean
dt_account_transport_from_string (const char         *text,
                                  DtAccountTransport *transport)
{
  int value;

  if (!enum_from_nick (DT_TYPE_ACCOUNT_TRANSPORT, text, &value))
    return FALSE;

  *transport = value;
  return TRUE;
}

const char *
dt_account_srtp_to_string (DtAccountSrtp srtp)
{
  return enum_to_nick (DT_TYPE_ACCOUNT_SRTP, srtp);
}

gboolean
dt_account_srtp_from_string (const char    *text,
                             DtAccountSrtp *srtp)
{
  int value;

  if (!enum_from_nick (DT_TYPE_ACCOUNT_SRTP, text, &value))
    return FALSE;

  *srtp = value;
  return TRUE;
}

const char *
dt_account_dtmf_to_string (DtAccountDtmf dtmf)
{
  return enum_to_nick (DT_TYPE_ACCOUNT_DTMF, dtmf);
}

gboolean
dt_account_dtmf_from_string (const char    *text,
                             DtAccountDtmf *dtmf)
{
  int value;

  if (!enum_from_nick (DT_TYPE_ACCOUNT_DTMF, text, &value))
    return FALSE;

  *dtmf = value;
  return TRUE;
}
