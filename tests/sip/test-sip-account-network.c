/* test-sip-account-network.c: account lines re-register when the network
 * changes, against kamailio
 *
 * The network is GIO's: this program installs its own GNetworkMonitor as
 * the default, so the stack hears the same "network-changed" a laptop
 * moving from Wi-Fi to a cable would make GIO emit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dt-test-account.h"

#define DT_TYPE_TEST_NETWORK (dt_test_network_get_type ())
G_DECLARE_FINAL_TYPE (DtTestNetwork, dt_test_network, DT, TEST_NETWORK, GObject)

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

struct _DtTestNetwork
{
  GObject  parent_instance;
  gboolean available;
};

static void dt_test_network_monitor_init (GNetworkMonitorInterface *iface);
static void dt_test_network_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtTestNetwork, dt_test_network, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      dt_test_network_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      dt_test_network_monitor_init))

static gboolean
dt_test_network_can_reach (GNetworkMonitor     *monitor,
                           GSocketConnectable  *connectable,
                           GCancellable        *cancellable,
                           GError             **error)
{
  return TRUE;
}

static gboolean
dt_test_network_initable_init_func (GInitable     *initable,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return TRUE;
}

static void
dt_test_network_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtTestNetwork *self = DT_TEST_NETWORK (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_test_network_class_init (DtTestNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dt_test_network_get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
dt_test_network_init (DtTestNetwork *self)
{
}

static void
dt_test_network_monitor_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = dt_test_network_can_reach;
}

static void
dt_test_network_initable_init (GInitableIface *iface)
{
  iface->init = dt_test_network_initable_init_func;
}

static const char *const REGISTERS = "DT-REQ REGISTER alice alice ";

/* What GIO's own monitors do when a route comes or goes */
static void
set_online (gboolean online)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  DtTestNetwork *self;

  g_assert_true (DT_IS_TEST_NETWORK (monitor));
  self = DT_TEST_NETWORK (monitor);
  self->available = online;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit (self, g_signal_lookup ("network-changed", G_TYPE_NETWORK_MONITOR), 0, online);
}

static void
test_renew_binding (AccountFixture *f,
                    gconstpointer   data)
{
  guint before;

  set_online (FALSE);
  make_account (f, "alice", "alice-secret", "udp", 600, 5);
  register_line (f);
  before = dt_test_kamailio_count (f->kamailio, REGISTERS);

  /* Losing the network sends nothing: there is no route to send it on,
   * and the binding is renewed when one comes back */
  set_online (FALSE);
  g_assert_false (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, REGISTERS) > before,
                                      2000));

  set_online (TRUE);
  g_assert_true (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, REGISTERS) > before,
                                     RUN_MS));
  g_assert_true (dt_test_spin_until (has_binding (f, "alice"), STEP_MS));
  /* Renewed in place: the line never stopped being usable */
  assert_seen (f, "registering:1 registered ");
  g_assert_true (dt_line_get_usable (f->line));
}

static void
test_after_giving_up (AccountFixture *f,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  set_online (FALSE);
  /* Nobody listens: one retry, then the line gives up */
  dt_test_kamailio_stop (f->kamailio);
  make_account (f, "alice", "alice-secret", "tcp", 600, 1);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_line_get_attempt (f->line) == 2 &&
                                     dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     RUN_MS));

  /* The registrar is back, but a line that gave up does not find out… */
  g_assert_true (dt_test_kamailio_restart (f->kamailio, &error));
  g_assert_no_error (error);
  g_assert_false (dt_test_spin_until (dt_line_get_state (f->line) != DT_LINE_STATE_FAILED, 2500));

  /* …until the network changes */
  set_online (TRUE);
  g_assert_true (dt_test_spin_until (dt_line_get_registered (f->line), RUN_MS));
  g_test_message ("line went through: %s", f->seen->str);
  g_assert_true (g_str_has_prefix (f->seen->str, "registering:1 failed:503 registering:2 failed:503 "
                                     "registering:1 "));
  g_assert_true (g_str_has_suffix (f->seen->str, " registered "));
  g_assert_true (has_binding (f, "alice"));
}

static void
test_wrong_password_stays (AccountFixture *f,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  set_online (FALSE);
  make_account (f, "alice", "not-the-password", "udp", 600, 5);
  g_assert_true (dt_line_register (f->line, &error));
  g_assert_no_error (error);
  g_assert_true (dt_test_spin_until (dt_line_get_state (f->line) == DT_LINE_STATE_FAILED,
                                     STEP_MS));

  /* A refused password is no better on another network */
  set_online (TRUE);
  g_assert_false (dt_test_spin_until (dt_test_kamailio_count (f->kamailio, REGISTERS) > 2, 2500));
  g_assert_cmpuint (dt_test_kamailio_count (f->kamailio, REGISTERS), ==, 2);
  g_assert_cmpint (dt_line_get_state (f->line), ==, DT_LINE_STATE_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything asks GIO for its network monitor */
  g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME,
                                  DT_TYPE_TEST_NETWORK, "dt-test", G_MAXINT);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "dt-test", TRUE);

  if (!account_test_init (&argc, &argv))
    return 0;

#define ADD(path, func, data) \
  g_test_add (path, AccountFixture, data, account_set_up, func, account_tear_down)

  ADD ("/sip/account/network/renew-binding", test_renew_binding, NULL);
  ADD ("/sip/account/network/after-giving-up", test_after_giving_up, NULL);
  ADD ("/sip/account/network/wrong-password-stays", test_wrong_password_stays, NULL);

#undef ADD

  return g_test_run ();
}
