/* dt-store-test.h: what the store tests share: waiting with a deadline,
 * synchronous wrappers, a log recorder, secret-tool and a password search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-account-store.h"
#include "dt-secret-store.h"
#include "dt-store-error.h"

G_BEGIN_DECLS

/* Seconds any single wait may take before the test fails */
#define DT_STORE_TEST_TIMEOUT_S 20

/* Call first in main(): G_MESSAGES_DEBUG=all, every log message of every
 * level recorded (and still printed, to stderr) */
void            dt_store_test_init_logging (void);
/* Whether any recorded log field so far contains @needle */
gboolean        dt_store_test_logs_contain (const char *needle);
/* How many messages of @domain were recorded so far */
guint           dt_store_test_count_logs   (const char *domain);

/* Iterates the main context until @done (@data) is TRUE, checking it at
 * least every 20 ms; fails the test after @timeout_s seconds */
void            dt_store_test_wait         (gboolean  (*done) (gpointer data),
                                            gpointer    data,
                                            guint       timeout_s);
/* A GAsyncReadyCallback that keeps the result in *(GAsyncResult **) user_data */
void            dt_store_test_keep_result  (GObject      *object,
                                            GAsyncResult *result,
                                            gpointer      user_data);
/* Waits for dt_store_test_keep_result() to have run; returns the result */
GAsyncResult   *dt_store_test_wait_result  (GAsyncResult **result);

DtAccount      *dt_store_test_add          (DtAccountStore  *store,
                                            DtAccount       *account,
                                            const char      *password,
                                            GError         **error);
gboolean        dt_store_test_update       (DtAccountStore  *store,
                                            DtAccount       *account,
                                            const char      *password,
                                            GError         **error);
gboolean        dt_store_test_remove       (DtAccountStore  *store,
                                            const char      *id,
                                            GError         **error);
char           *dt_store_test_lookup       (DtAccountStore  *store,
                                            const char      *id,
                                            GError         **error);

/* A store on @path (NULL: the default), loaded; asserts that loading
 * worked when @expect_ok */
DtAccountStore *dt_store_test_open         (DtSecretStore   *secrets,
                                            const char      *path,
                                            gboolean         expect_ok);

/* A launcher for helper processes: without this process's
 * G_MESSAGES_DEBUG, so that their stdout holds only what they print */
GSubprocessLauncher *dt_store_test_launcher (GSubprocessFlags flags);

/* A fresh folder under $XDG_CONFIG_HOME for one test */
char           *dt_store_test_dir          (const char      *name);
/* A password no test uses twice, with characters that need escaping */
char           *dt_store_test_password     (void);

/* `secret-tool lookup xdg:schema org.dialtone.Dialtone.Account account-id
 * ID [aor AOR]`: the password, or NULL when secret-tool finds none */
char           *dt_store_test_secret_tool  (const char      *id,
                                            const char      *aor);

/* Asserts that @password is in no file under $XDG_CONFIG_HOME,
 * $XDG_DATA_HOME and $HOME, in no log message, in neither the process's
 * arguments nor its environment */
void            dt_store_test_assert_nowhere (const char    *password);

/* Every regular file under @dir (recursively), absolute paths */
GPtrArray      *dt_store_test_list_files   (const char      *dir);

G_END_DECLS
