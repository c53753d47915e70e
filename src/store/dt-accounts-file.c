/* dt-accounts-file.c: the accounts keyfile: parsed whole or not at all,
 * written atomically off the main thread, set aside when broken
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-store-error.h"
#include "dt-store-private.h"

/* Reads one account's keys; after the first failure every read is a no-op
 * and @error says what was wrong */
typedef struct {
  GKeyFile   *file;
  const char *group;
  GError     *error;
} Reader;

static char *
read_string (Reader     *reader,
             const char *key)
{
  if (reader->error != NULL)
    return NULL;

  return g_key_file_get_string (reader->file, reader->group, key, &reader->error);
}

static guint
read_uint (Reader     *reader,
           const char *key)
{
  guint64 value;

  if (reader->error != NULL)
    return 0;

  value = g_key_file_get_uint64 (reader->file, reader->group, key, &reader->error);
  if (reader->error == NULL && value > G_MAXUINT)
    g_set_error (&reader->error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 _("the value of “%s” is too large"), key);
  return value;
}

static gboolean
read_boolean (Reader     *reader,
              const char *key)
{
  if (reader->error != NULL)
    return FALSE;

  return g_key_file_get_boolean (reader->file, reader->group, key, &reader->error);
}

static void
read_enum (Reader     *reader,
           const char *key,
           gboolean  (*parse) (const char *text, int *value),
           int        *value)
{
  g_autofree char *text = read_string (reader, key);

  if (reader->error == NULL && !parse (text, value))
    g_set_error (&reader->error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 _("“%s” is not a valid value of “%s”"), text, key);
}

static gboolean
parse_transport (const char *text,
                 int        *value)
{
  DtAccountTransport transport;

  if (!dt_account_transport_from_string (text, &transport))
    return FALSE;

  *value = transport;
  return TRUE;
}

static gboolean
parse_srtp (const char *text,
            int        *value)
{
  DtAccountSrtp srtp;

  if (!dt_account_srtp_from_string (text, &srtp))
    return FALSE;

  *value = srtp;
  return TRUE;
}

static gboolean
parse_dtmf (const char *text,
            int        *value)
{
  DtAccountDtmf dtmf;

  if (!dt_account_dtmf_from_string (text, &dtmf))
    return FALSE;

  *value = dtmf;
  return TRUE;
}

DtAccount *
dt_account_new_from_keyfile (GKeyFile    *file,
                             const char  *group,
                             GError     **error)
{
  Reader reader = { file, group, NULL };
  g_autoptr(DtAccount) account = NULL;
  g_autofree char *aor = NULL;
  g_autofree char *auth_user = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *proxy = NULL;
  int transport = DT_ACCOUNT_TRANSPORT_UDP;
  int srtp = DT_ACCOUNT_SRTP_OPTIONAL;
  int dtmf_mode = DT_ACCOUNT_DTMF_AUTO;
  guint retry_limit, expires;
  gboolean enabled;

  if (!dt_account_id_is_valid (group))
    {
      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                   _("“%s” is not an account id"), group);
      return NULL;
    }

  aor = read_string (&reader, "aor");
  auth_user = read_string (&reader, "auth-user");
  display_name = read_string (&reader, "display-name");
  read_enum (&reader, "transport", parse_transport, &transport);
  proxy = read_string (&reader, "proxy");
  read_enum (&reader, "srtp", parse_srtp, &srtp);
  /* Newer than the first accounts files: missing means auto */
  if (g_key_file_has_key (file, group, "dtmf-mode", NULL))
    read_enum (&reader, "dtmf-mode", parse_dtmf, &dtmf_mode);
  retry_limit = read_uint (&reader, "retry-limit");
  expires = read_uint (&reader, "expires");
  enabled = read_boolean (&reader, "enabled");

  account = dt_account_new (group, aor);
  dt_account_set_auth_user (account, auth_user);
  dt_account_set_display_name (account, display_name);
  dt_account_set_transport (account, transport);
  dt_account_set_proxy (account, proxy);
  dt_account_set_srtp (account, srtp);
  dt_account_set_dtmf_mode (account, dtmf_mode);
  dt_account_set_retry_limit (account, retry_limit);
  dt_account_set_expires (account, expires);
  dt_account_set_enabled (account, enabled);

  if (reader.error == NULL)
    dt_account_validate (account, &reader.error);
  if (reader.error != NULL)
    {
      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                   _("account “%s”: %s"), group, reader.error->message);
      g_error_free (reader.error);
      return NULL;
    }

  return g_steal_pointer (&account);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

void
dt_account_to_keyfile (DtAccount *self,
                       GKeyFile  *file)
{
  const char *group = dt_account_get_id (self);

  g_key_file_set_string (file, group, "aor", or_empty (dt_account_get_aor (self)));
  g_key_file_set_string (file, group, "auth-user", or_empty (dt_account_get_auth_user (self)));
  g_key_file_set_string (file, group, "display-name",
                         or_empty (dt_account_get_display_name (self)));
  g_key_file_set_string (file, group, "transport",
                         dt_account_transport_to_string (dt_account_get_transport (self)));
  g_key_file_set_string (file, group, "proxy", or_empty (dt_account_get_proxy (self)));
  g_key_file_set_string (file, group, "srtp",
                         dt_account_srtp_to_string (dt_account_get_srtp (self)));
  g_key_file_set_string (file, group, "dtmf-mode",
                         dt_account_dtmf_to_string (dt_account_get_dtmf_mode (self)));
  g_key_file_set_uint64 (file, group, "retry-limit", dt_account_get_retry_limit (self));
  g_key_file_set_uint64 (file, group, "expires", dt_account_get_expires (self));
  g_key_file_set_boolean (file, group, "enabled", dt_account_get_enabled (self));
}

GKeyFile *
dt_accounts_file_parse (const char  *contents,
                        gsize        length,
                        GPtrArray  **accounts,
                        GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  int version;

  if (!g_key_file_load_from_data (file, contents, length,
                                  G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      g_set_error_literal (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT, local_error->message);
      return NULL;
    }

  version = g_key_file_get_integer (file, DT_ACCOUNTS_FILE_GROUP, "version", &local_error);
  if (local_error != NULL)
    {
      /* Written last, so its absence means the file was cut short */
      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                   _("the file is incomplete (%s)"), local_error->message);
      return NULL;
    }
  if (version != DT_ACCOUNTS_FILE_VERSION)
    {
      g_set_error (error, DT_STORE_ERROR, DT_STORE_ERROR_CORRUPT,
                   _("the file has format version %d, which this version of Dialtone does not know"),
                   version);
      return NULL;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      DtAccount *account;

      if (g_str_equal (groups[i], DT_ACCOUNTS_FILE_GROUP))
        continue;

      account = dt_account_new_from_keyfile (file, groups[i], error);
      if (account == NULL)
        return NULL;
      g_ptr_array_add (found, account);
    }

  *accounts = g_steal_pointer (&found);
  return g_steal_pointer (&file);
}

GBytes *
dt_accounts_file_to_bytes (GKeyFile *file)
{
  gsize length;
  char *data;

  /* The group that proves the file complete must stay the last one, after
   * any account group added since */
  g_key_file_remove_group (file, DT_ACCOUNTS_FILE_GROUP, NULL);
  g_key_file_set_integer (file, DT_ACCOUNTS_FILE_GROUP, "version", DT_ACCOUNTS_FILE_VERSION);
  data = g_key_file_to_data (file, &length, NULL);

  return g_bytes_new_take (data, length);
}

GKeyFile *
dt_accounts_file_copy (GKeyFile *file)
{
  g_autoptr(GKeyFile) copy = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  data = g_key_file_to_data (file, &length, NULL);
  if (length > 0 && !g_key_file_load_from_data (copy, data, length, G_KEY_FILE_KEEP_COMMENTS, NULL))
    g_return_val_if_reached (NULL);

  return g_steal_pointer (&copy);
}

char *
dt_accounts_file_set_aside (const char  *path,
                            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.broken-%s", path, stamp);

  /* Never overwrite what an earlier start set aside */
  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.broken-%s-%u", path, stamp, n);
    }

  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s", g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&aside);
}

/* g_file_set_contents_full() writes to "<path>.XXXXXX" and renames it over
 * the file: a process killed before the rename leaves that behind, and the
 * file itself is still whole */
static gboolean
is_leftover (const char *name,
             const char *base)
{
  gsize length = strlen (base);

  if (strncmp (name, base, length) != 0 || name[length] != '.' || strlen (name) != length + 7)
    return FALSE;

  for (const char *p = name + length + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

void
dt_accounts_file_remove_leftovers (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *leftover = NULL;

      if (!is_leftover (name, base))
        continue;

      leftover = g_build_filename (dir, name, NULL);
      if (g_unlink (leftover) == 0)
        g_debug ("Removed %s, left by an interrupted save", leftover);
    }
}

typedef struct {
  char   *path;
  GBytes *bytes;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->path);
  g_bytes_unref (save->bytes);
  g_free (save);
}

/* Touches nothing but its task data: no object of ours is used off the
 * main thread */
static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveData *save = task_data;
  g_autofree char *dir = g_path_get_dirname (save->path);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (save->bytes, &length);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
    }
  else
    {
      /* A new file next to the old one, synced, then renamed over it: a
       * crash at any moment leaves the old file or the new one */
      g_file_set_contents_full (save->path, data, length,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                0600, &error);
    }

  if (error != NULL)
    g_task_return_new_error (task, DT_STORE_ERROR, DT_STORE_ERROR_IO,
                             _("Your accounts could not be saved: %s."), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

void
dt_accounts_file_save_async (gpointer             source_object,
                             const char          *path,
                             GBytes              *bytes,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, NULL, callback, user_data);
  SaveData *save = g_new0 (SaveData, 1);

  save->path = g_strdup (path);
  save->bytes = g_bytes_ref (bytes);
  g_task_set_source_tag (task, dt_accounts_file_save_async);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
dt_accounts_file_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
