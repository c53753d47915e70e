/* test-account-edit.c: editing a stored account builds its SIP line again
 * and registers it; the controller in-process with a real SIP stack,
 * kamailio on 127.0.0.1 and the harness's gnome-keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dt-account-controller.h"
#include "dt-account-handler.h"
#include "dt-sip-library.h"
#include "dt-test-kamailio.h"
#include "dt-test-peer.h"

/* kamailio's password for alice (dt-test-kamailio.h) */
#define PASSWORD "alice-secret"
#define DEADLINE_MS 30000

typedef struct {
  DtTestKamailio      *kamailio;
  DtSipStack          *stack;
  DtCallManager       *manager;
  DtAccountStore      *store;
  DtAccountController *controller;
  GAsyncResult        *result;
} Fixture;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Fixture *) data)->result != NULL;
}

/* The result of the call just started, once it came */
static GAsyncResult *
wait_result (Fixture *f)
{
  g_assert_true (dt_test_spin_until (has_result (f), DEADLINE_MS));

  return g_steal_pointer (&f->result);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DtSecretStore) secrets = dt_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->kamailio = dt_test_kamailio_start (FALSE, &error);
  g_assert_no_error (error);

  dt_sip_stack_new_async ("127.0.0.1", 0, NULL, store_result, f);
  result = wait_result (f);
  f->stack = dt_sip_stack_new_finish (result, &error);
  g_assert_no_error (error);

  f->manager = dt_call_manager_new (NULL);
  f->store = dt_account_store_new (secrets, NULL);
  f->controller = dt_account_controller_new (f->manager, f->store);
  dt_account_controller_start (f->controller, f->stack, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->controller);
  dt_call_manager_end_all (f->manager);
  dt_sip_stack_shutdown_async (f->stack, 5000, NULL, store_result, f);
  result = wait_result (f);
  dt_sip_stack_shutdown_finish (f->stack, result, &error);
  g_assert_no_error (error);

  g_clear_object (&f->manager);
  g_clear_object (&f->store);
  g_clear_object (&f->stack);
  g_clear_pointer (&f->kamailio, dt_test_kamailio_free);
}

typedef struct {
  Fixture     *f;
  const char  *id;
  /* A line the manager must no longer hold under that id */
  DtLine      *old;
  DtLineState  state;
} LineWait;

static gboolean
line_in_state (gpointer data)
{
  LineWait *wait = data;
  DtLine *line = dt_call_manager_get_line (wait->f->manager, wait->id);

  return line != NULL && line != wait->old && dt_line_get_state (line) == wait->state;
}

/* The manager's line of @id, once a line other than @old is in @state */
static DtLine *
wait_line (Fixture     *f,
           const char  *id,
           DtLine      *old,
           DtLineState  state)
{
  LineWait wait = { f, id, old, state };

  g_assert_true (dt_test_spin_until (line_in_state (&wait), DEADLINE_MS));

  return g_object_ref (dt_call_manager_get_line (f->manager, id));
}

static gboolean
holds_line (DtCallManager *manager,
            DtLine        *line)
{
  GListModel *lines = dt_call_manager_get_lines (manager);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DtLine) item = g_list_model_get_item (lines, i);

      if (item == line)
        return TRUE;
    }

  return FALSE;
}

static void
update (Fixture    *f,
        DtAccount  *edited,
        const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dt_account_controller_update_account_async (f->controller, edited, password, NULL, store_result, f);
  result = wait_result (f);
  g_assert_true (dt_account_controller_update_account_finish (f->controller, result, &error));
  g_assert_no_error (error);
}

typedef struct {
  DtTestKamailio *kamailio;
  const char     *needle;
  guint           at_least;
} LogWait;

static gboolean
logged (gpointer data)
{
  LogWait *wait = data;

  return dt_test_kamailio_count (wait->kamailio, wait->needle) >= wait->at_least;
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *aor = dt_test_kamailio_aor (f->kamailio, "alice");
  g_autofree char *proxy = g_strdup_printf ("sip:127.0.0.1:%u", dt_test_kamailio_get_port (f->kamailio));
  g_autofree char *binding = NULL;
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtLine) added = NULL;
  g_autoptr(DtLine) wrong = NULL;
  g_autoptr(DtLine) right = NULL;
  g_autoptr(DtLine) via_tcp = NULL;
  g_autoptr(DtAccount) edited = NULL;
  g_autoptr(GVariant) settings = NULL;
  LogWait tcp_register;
  const char *id;

  /* Added with a wrong password: kamailio refuses it */
  g_variant_builder_add (builder, "{sv}", "uri", g_variant_new_string (aor));
  g_variant_builder_add (builder, "{sv}", "password", g_variant_new_string ("not-" PASSWORD));
  g_variant_builder_add (builder, "{sv}", "retry-limit", g_variant_new_uint32 (0));
  settings = g_variant_ref_sink (g_variant_builder_end (builder));
  dt_account_handler_add_account (DT_ACCOUNT_HANDLER (f->controller),
                                  settings, NULL, store_result, f);
  result = wait_result (f);
  added = dt_account_handler_add_account_finish (DT_ACCOUNT_HANDLER (f->controller), result, &error);
  g_assert_no_error (error);
  id = dt_line_get_id (added);
  wrong = wait_line (f, id, NULL, DT_LINE_STATE_FAILED);
  g_assert_true (wrong == added);
  g_assert_cmpuint (dt_line_get_last_status (wrong), ==, 401);

  /* The right password: a new line in the old one's place registers */
  edited = dt_account_copy (dt_account_store_get_account (f->store, id));
  update (f, edited, PASSWORD);
  right = wait_line (f, id, wrong, DT_LINE_STATE_REGISTERED);
  g_assert_false (holds_line (f->manager, wrong));
  g_assert_true (holds_line (f->manager, right));
  binding = dt_test_kamailio_lookup (f->kamailio, "alice");
  g_assert_nonnull (binding);

  /* A new proxy and transport, the password kept: registers again, over
   * TCP now, and the UDP line is gone and unregistered */
  g_clear_object (&edited);
  edited = dt_account_copy (dt_account_store_get_account (f->store, id));
  dt_account_set_proxy (edited, proxy);
  dt_account_set_transport (edited, DT_ACCOUNT_TRANSPORT_TCP);
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, "DT-REQ REGISTER alice alice tcp"), ==, 0);
  update (f, edited, NULL);
  via_tcp = wait_line (f, id, right, DT_LINE_STATE_REGISTERED);
  g_assert_false (holds_line (f->manager, right));
  g_assert_cmpstr (dt_line_get_transport (via_tcp), ==, "tcp");
  g_assert_cmpint (dt_line_get_state (right), !=, DT_LINE_STATE_REGISTERED);
  tcp_register = (LogWait) { f->kamailio, "DT-REQ REGISTER alice alice tcp creds=yes", 1 };
  g_assert_true (dt_test_spin_until (logged (&tcp_register), DEADLINE_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dt_call_manager_get_lines (f->manager)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dt_sip_library_init ();
  /* stdout is the TAP stream */
  g_log_writer_default_set_use_stderr (TRUE);

  g_test_add ("/accounts/edit", Fixture, NULL, fixture_setup, test_edit, fixture_teardown);

  return g_test_run ();
}
