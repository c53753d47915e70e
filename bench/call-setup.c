/* call-setup.c: call set-up time of Dialtone against baresip, from the wire
 *
 * One run on loopback: kamailio as registrar and proxy with digest auth,
 * sipp registered there as bob answering every call at once, Dialtone
 * (DtSipStack, an account line and a DtCallManager, no media) and baresip
 * both registered as alice. The same call to bob is placed CALLS times,
 * alternately by Dialtone and by baresip, and hung up once connected. A
 * packet socket on lo timestamps every SIP message in the kernel; a call's
 * set-up time is its caller's first INVITE sent to its ACK of the 200 sent,
 * the 407 challenge and the second INVITE included.
 *
 * Needs CAP_NET_RAW for the packet socket: without it the run is skipped
 * (exit 77).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dt-sip-line.h"
#include "dt-sip-stack.h"
#include "model/dt-call-manager.h"

#include "dt-test-baresip.h"
#include "dt-test-kamailio.h"
#include "dt-test-peer.h"

#define CALLS   20    /* per side */
#define STEP_MS 10000

typedef enum {
  SIDE_DIALTONE,
  SIDE_BARESIP,
  N_SIDES
} Side;

static const char *const side_names[N_SIDES] = { "dialtone", "baresip" };

/* What the wire showed of one call, times in µs (0: not seen) */
typedef struct {
  guint16 caller_port;
  guint   n_invites;
  gint64  first_invite;
  gint64  challenge;    /* the proxy's 407 to it */
  gint64  retry;        /* the INVITE with credentials */
  gint64  ok;           /* the 200 to the INVITE, as the proxy sent it */
  gint64  ack;          /* the caller's ACK of that 200 */
} Wire;

/* The capture runs in a thread of its own so that reading every packet on
 * lo does not slow down Dialtone's main loop, which it measures */
typedef struct {
  int         fd;
  GThread    *thread;
  gint        stop;
  GMutex      lock;        /* guards what follows */
  guint16     proxy_port;
  GHashTable *calls;       /* Call-ID → Wire */
  GPtrArray  *order;       /* Call-IDs in the order their INVITE went out */
} Capture;

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("call-setup: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* Capture */

/* A header's value in a SIP message, full or compact name */
static char *
header (const char *message,
        const char *name,
        const char *compact)
{
  g_auto(GStrv) lines = g_strsplit (message, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *colon = strchr (lines[i], ':');
      g_autofree char *key = NULL;

      if (colon == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], colon - lines[i]));
      if (g_ascii_strcasecmp (key, name) == 0 ||
          (compact != NULL && g_ascii_strcasecmp (key, compact) == 0))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

static void
record_message (Capture    *capture,
                const char *message,
                guint16     from_port,
                guint16     to_port,
                gint64      when)
{
  g_autofree char *call_id = header (message, "Call-ID", "i");
  g_autofree char *cseq = header (message, "CSeq", NULL);
  Wire *wire;

  if (call_id == NULL || cseq == NULL)
    return;
  wire = g_hash_table_lookup (capture->calls, call_id);

  /* Requests from a caller to the proxy, responses back to it */
  if (to_port == capture->proxy_port && g_str_has_prefix (message, "INVITE "))
    {
      if (wire == NULL)
        {
          wire = g_new0 (Wire, 1);
          wire->caller_port = from_port;
          wire->first_invite = when;
          g_hash_table_insert (capture->calls, g_strdup (call_id), wire);
          g_ptr_array_add (capture->order, g_strdup (call_id));
        }
      if (wire->caller_port == from_port && ++wire->n_invites == 2)
        wire->retry = when;
    }
  else if (wire == NULL)
    return;
  else if (from_port == capture->proxy_port && to_port == wire->caller_port &&
           g_str_has_prefix (message, "SIP/2.0 407") && wire->challenge == 0)
    wire->challenge = when;
  else if (from_port == capture->proxy_port && to_port == wire->caller_port &&
           g_str_has_prefix (message, "SIP/2.0 200") && g_str_has_suffix (cseq, "INVITE") &&
           wire->ok == 0)
    wire->ok = when;
  else if (from_port == wire->caller_port && g_str_has_prefix (message, "ACK ") &&
           wire->ok != 0 && wire->ack == 0)
    wire->ack = when;
}

/* One packet as it left its sender on lo (the copy arriving is skipped);
 * FALSE when none was waiting */
static gboolean
read_packet (Capture *capture)
{
  guint8 data[65536];
  union {
    struct cmsghdr align;
    char           space[CMSG_SPACE (sizeof (struct timespec))];
  } control;
  struct sockaddr_ll from = { 0 };
  struct iovec iov = { data, sizeof data };
  struct msghdr msg = {
    .msg_name = &from, .msg_namelen = sizeof from,
    .msg_iov = &iov, .msg_iovlen = 1,
    .msg_control = &control, .msg_controllen = sizeof control,
  };
  const struct iphdr *ip = (const struct iphdr *) data;
  const struct udphdr *udp;
  gint64 when = 0;
  gssize n;
  gsize header_len;
  g_autofree char *message = NULL;

  n = recvmsg (capture->fd, &msg, MSG_DONTWAIT);
  if (n < 0)
    return FALSE;
  if (from.sll_pkttype != PACKET_OUTGOING || (gsize) n < sizeof *ip || ip->version != 4 ||
      ip->protocol != IPPROTO_UDP)
    return TRUE;
  header_len = ip->ihl * 4u;
  if ((gsize) n < header_len + sizeof *udp)
    return TRUE;
  udp = (const struct udphdr *) (data + header_len);
  if (ntohs (udp->source) != capture->proxy_port && ntohs (udp->dest) != capture->proxy_port)
    return TRUE;

  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
    {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS)
        {
          struct timespec ts;

          memcpy (&ts, CMSG_DATA (c), sizeof ts);
          when = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
        }
    }
  if (when == 0)
    when = g_get_real_time ();

  message = g_strndup ((const char *) udp + sizeof *udp, n - header_len - sizeof *udp);
  g_mutex_lock (&capture->lock);
  record_message (capture, message, ntohs (udp->source), ntohs (udp->dest), when);
  g_mutex_unlock (&capture->lock);
  return TRUE;
}

static gpointer
run_capture (gpointer data)
{
  Capture *capture = data;

  while (!g_atomic_int_get (&capture->stop))
    {
      struct pollfd poll_fd = { capture->fd, POLLIN, 0 };

      /* Wakes now and then to see whether it should stop; the kernel's
       * timestamps make reading late harmless */
      if (poll (&poll_fd, 1, 50) > 0)
        while (read_packet (capture))
          ;
    }
  return NULL;
}

/* A packet socket on lo, or -1 with errno set */
static int
open_capture (void)
{
  struct sockaddr_ll address = {
    .sll_family = AF_PACKET,
    .sll_protocol = htons (ETH_P_ALL),
    .sll_ifindex = (int) if_nametoindex ("lo"),
  };
  int on = 1;
  int size = 8 << 20;
  int fd;

  /* ETH_P_ALL: only taps on every protocol see outgoing packets */
  fd = socket (AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons (ETH_P_ALL));
  if (fd < 0)
    return -1;
  if (address.sll_ifindex == 0 ||
      setsockopt (fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0 ||
      bind (fd, (struct sockaddr *) &address, sizeof address) < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  return fd;
}

/* Lets only UDP to or from the proxy's port through, so that the thread
 * wakes for nothing else (RTP, other programs' traffic on lo) */
static gboolean
filter_capture (Capture *capture)
{
  struct sock_filter code[] = {
    BPF_STMT (BPF_LD | BPF_B | BPF_ABS, 0),
    BPF_STMT (BPF_ALU | BPF_AND | BPF_K, 0xf0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, 0x40, 0, 8),           /* IPv4 */
    BPF_STMT (BPF_LD | BPF_B | BPF_ABS, 9),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 6),
    BPF_STMT (BPF_LDX | BPF_B | BPF_MSH, 0),                    /* X: IP header length */
    BPF_STMT (BPF_LD | BPF_H | BPF_IND, 0),                     /* source port */
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, capture->proxy_port, 2, 0),
    BPF_STMT (BPF_LD | BPF_H | BPF_IND, 2),                     /* destination port */
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, capture->proxy_port, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, 65535),
    BPF_STMT (BPF_RET | BPF_K, 0),
  };
  struct sock_fprog program = { G_N_ELEMENTS (code), code };

  return setsockopt (capture->fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) == 0;
}

static void
capture_free (Capture *capture)
{
  if (capture->thread != NULL)
    {
      g_atomic_int_set (&capture->stop, TRUE);
      g_thread_join (capture->thread);
    }
  if (capture->fd >= 0)
    close (capture->fd);
  g_mutex_clear (&capture->lock);
  g_clear_pointer (&capture->calls, g_hash_table_unref);
  g_clear_pointer (&capture->order, g_ptr_array_unref);
  g_free (capture);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

static guint
n_captured (Capture *capture)
{
  guint n;

  g_mutex_lock (&capture->lock);
  n = capture->order->len;
  g_mutex_unlock (&capture->lock);
  return n;
}

/* The call the capture saw go out last; lock held */
static Wire *
last_call (Capture *capture)
{
  if (capture->order->len == 0)
    return NULL;
  return g_hash_table_lookup (capture->calls,
                              g_ptr_array_index (capture->order, capture->order->len - 1));
}

static gboolean
acked (Capture *capture,
       guint    n_calls)
{
  Wire *wire;
  gboolean seen;

  g_mutex_lock (&capture->lock);
  wire = last_call (capture);
  seen = capture->order->len == n_calls && wire != NULL && wire->ack != 0;
  g_mutex_unlock (&capture->lock);
  return seen;
}

/* Peers */

static void
on_stack_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static DtSipStack *
start_stack (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DtSipStack *stack;

  dt_sip_stack_new_async ("127.0.0.1", 0, NULL, on_stack_ready, &result);
  if (!dt_test_spin_until (result != NULL, STEP_MS))
    die ("the SIP stack did not start", NULL);
  stack = dt_sip_stack_new_finish (result, &error);
  if (stack == NULL)
    die ("the SIP stack did not start", error);
  return stack;
}

static void
stop_stack (DtSipStack *stack)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_sip_stack_shutdown_async (stack, 5000, NULL, on_stack_ready, &result);
  dt_test_spin_until (result != NULL, STEP_MS);
  if (result != NULL)
    dt_sip_stack_shutdown_finish (stack, result, NULL);
}

/* sipp answering on @port, registered at kamailio as bob */
static DtTestPeer *
start_answerer (DtTestKamailio *kamailio)
{
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", dt_test_kamailio_get_port (kamailio));
  guint16 port = dt_test_free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *answer_args[] = { "-m", "1000", NULL };
  const char *register_args[] = { "-key", "peer_port", port_text, "-s", "bob", NULL };
  g_autoptr(DtTestPeer) registrar_client = NULL;
  g_autoptr(GError) error = NULL;
  DtTestPeer *answerer;
  int status = -1;

  answerer = dt_test_sipp_start ("uas-auto.xml", port, NULL, answer_args, &error);
  if (answerer == NULL)
    die ("sipp did not start", error);
  registrar_client = dt_test_sipp_start ("register-peer.xml", dt_test_free_port (), proxy,
                                         register_args, &error);
  if (registrar_client == NULL)
    die ("sipp did not start", error);
  if (!dt_test_peer_wait (registrar_client, STEP_MS, &status) || status != 0 ||
      !dt_test_spin_until (dt_test_kamailio_count (kamailio, "DT-SAVED bob") > 0, STEP_MS))
    {
      g_autofree char *output = dt_test_peer_dup_output (registrar_client);

      g_printerr ("%s\n", output);
      die ("sipp did not register bob", NULL);
    }
  return answerer;
}

static DtLine *
start_dialtone (DtSipStack     *stack,
                DtCallManager  *manager,
                DtTestKamailio *kamailio)
{
  g_autofree char *aor = dt_test_kamailio_aor (kamailio, "alice");
  g_autoptr(GError) error = NULL;
  DtSipAccountSettings settings = {
    .aor = aor,
    .password = "alice-secret",
    .transport = "udp",
  };
  DtLine *line;

  line = dt_sip_line_create_account_line (stack, "alice", &settings, &error);
  if (line == NULL)
    die ("no account line", error);
  dt_call_manager_add_line (manager, line);
  if (!dt_line_register (line, &error))
    die ("the account line did not register", error);
  if (!dt_test_spin_until (dt_line_get_registered (line), STEP_MS))
    die ("the account line did not register", NULL);
  return line;
}

/* Calls */

static gboolean
call_connected (DtCall *call)
{
  DtCallState state = dt_call_get_state (call);

  return state == DT_CALL_STATE_CONNECTED || state == DT_CALL_STATE_ESTABLISHED ||
         state == DT_CALL_STATE_DISCONNECTED;
}

static void
call_by_dialtone (DtLine     *line,
                  DtSipStack *stack,
                  Capture    *capture,
                  const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCall) call = NULL;
  guint n_calls = n_captured (capture) + 1;
  DtCall *dialled;

  dialled = dt_line_dial (line, target, &error);
  if (dialled == NULL)
    die ("Dialtone could not dial", error);
  /* The line lets go of it once it is over */
  call = g_object_ref (dialled);
  if (!dt_test_spin_until (call_connected (call), STEP_MS) ||
      dt_call_get_state (call) == DT_CALL_STATE_DISCONNECTED)
    die ("Dialtone's call did not connect", NULL);
  if (!dt_test_spin_until (acked (capture, n_calls), STEP_MS))
    die ("no ACK from Dialtone on the wire", NULL);
  if (!dt_call_end (call, &error))
    die ("Dialtone could not hang up", error);
  if (!dt_test_spin_until (dt_call_get_state (call) == DT_CALL_STATE_DISCONNECTED &&
                           dt_sip_stack_get_n_dialogs (stack) == 0, STEP_MS))
    die ("Dialtone's call did not end", NULL);
}

static void
call_by_baresip (DtTestBaresip *baresip,
                 Capture       *capture,
                 const char    *target)
{
  g_autoptr(GError) error = NULL;
  guint n_calls = n_captured (capture) + 1;

  if (!dt_test_baresip_command (baresip, "dial", target, &error))
    die ("baresip could not dial", error);
  if (!dt_test_baresip_wait_event (baresip, "CALL_ESTABLISHED", STEP_MS))
    die ("baresip's call did not connect", NULL);
  if (!dt_test_spin_until (acked (capture, n_calls), STEP_MS))
    die ("no ACK from baresip on the wire", NULL);
  if (!dt_test_baresip_command (baresip, "hangup", NULL, &error))
    die ("baresip could not hang up", error);
  if (!dt_test_baresip_wait_event (baresip, "CALL_CLOSED", STEP_MS))
    die ("baresip's call did not end", NULL);
}

/* Results */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_doubles);
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(DtTestKamailio) kamailio = NULL;
  g_autoptr(DtTestPeer) answerer = NULL;
  g_autoptr(DtTestBaresip) baresip = NULL;
  g_autoptr(DtSipStack) stack = NULL;
  g_autoptr(DtCallManager) manager = NULL;
  g_autoptr(DtLine) line = NULL;
  g_autoptr(Capture) capture = g_new0 (Capture, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *target = NULL;
  GArray *setup[N_SIDES];
  /* The four legs of a set-up: INVITE → 407 (the proxy), 407 → INVITE
   * with credentials (the caller), that INVITE → 200 (the proxy and the
   * answering peer), 200 → ACK (the caller) */
  GArray *legs[N_SIDES][4];
  guint16 ports[N_SIDES];
  double medians[N_SIDES];

  g_mutex_init (&capture->lock);
  capture->fd = open_capture ();
  if (capture->fd < 0)
    {
      g_print ("call-setup: skipped: no packet socket on lo (%s); it needs CAP_NET_RAW\n",
               g_strerror (errno));
      return 77;
    }
  capture->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  capture->order = g_ptr_array_new_with_free_func (g_free);

  kamailio = dt_test_kamailio_start (FALSE, &error);
  if (kamailio == NULL)
    die ("kamailio did not start", error);
  capture->proxy_port = dt_test_kamailio_get_port (kamailio);
  if (!filter_capture (capture))
    die ("the capture filter was refused", NULL);
  answerer = start_answerer (kamailio);

  stack = start_stack ();
  manager = dt_call_manager_new (NULL);
  line = start_dialtone (stack, manager, kamailio);

  alice = dt_test_kamailio_aor (kamailio, "alice");
  baresip = dt_test_baresip_start_registered (alice, "alice-secret", &error);
  if (baresip == NULL)
    die ("baresip did not start", error);
  if (!dt_test_spin_until (dt_test_kamailio_count (kamailio, "DT-SAVED alice") >= 2, STEP_MS))
    die ("baresip did not register", NULL);

  ports[SIDE_DIALTONE] = dt_sip_stack_get_port (stack);
  ports[SIDE_BARESIP] = dt_test_baresip_get_sip_port (baresip);
  target = dt_test_kamailio_aor (kamailio, "bob");
  capture->thread = g_thread_new ("capture", run_capture, capture);

  for (guint i = 0; i < 2 * CALLS; i++)
    {
      if (i % 2 == SIDE_DIALTONE)
        call_by_dialtone (line, stack, capture, target);
      else
        call_by_baresip (baresip, capture, target);
    }
  /* Every ACK has been seen: nothing the thread reads now counts */
  g_atomic_int_set (&capture->stop, TRUE);
  g_clear_pointer (&capture->thread, g_thread_join);

  for (Side side = 0; side < N_SIDES; side++)
    {
      setup[side] = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint leg = 0; leg < 4; leg++)
        legs[side][leg] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  for (guint i = 0; i < capture->order->len; i++)
    {
      Wire *wire = g_hash_table_lookup (capture->calls, g_ptr_array_index (capture->order, i));
      Side side = wire->caller_port == ports[SIDE_DIALTONE] ? SIDE_DIALTONE : SIDE_BARESIP;
      double total = (wire->ack - wire->first_invite) / 1000.0;
      double leg_times[4] = {
        (wire->challenge - wire->first_invite) / 1000.0,
        (wire->retry - wire->challenge) / 1000.0,
        (wire->ok - wire->retry) / 1000.0,
        (wire->ack - wire->ok) / 1000.0,
      };

      if (wire->caller_port != ports[side])
        die ("a call on the wire came from neither caller", NULL);
      if (wire->n_invites != 2 || wire->challenge == 0)
        die ("a call was not challenged exactly once", NULL);
      g_array_append_val (setup[side], total);
      for (guint leg = 0; leg < 4; leg++)
        g_array_append_val (legs[side][leg], leg_times[leg]);
    }

  for (Side side = 0; side < N_SIDES; side++)
    {
      double lowest, highest;

      medians[side] = median (setup[side]);
      lowest = setup[side]->len > 0 ? g_array_index (setup[side], double, 0) : 0;
      highest = setup[side]->len > 0 ? g_array_index (setup[side], double, setup[side]->len - 1) : 0;
      g_print ("call-setup: %-8s median %.2f ms over %u calls (min %.2f, max %.2f)\n",
               side_names[side], medians[side], setup[side]->len, lowest, highest);
      g_print ("call-setup: %-8s legs, medians in ms: INVITE->407 %.2f, 407->INVITE %.2f "
               "(caller), INVITE->200 %.2f, 200->ACK %.2f (caller)\n",
               side_names[side], median (legs[side][0]), median (legs[side][1]),
               median (legs[side][2]), median (legs[side][3]));
    }
  g_print ("call-setup: ratio dialtone/baresip %.3f\n",
           medians[SIDE_BARESIP] > 0 ? medians[SIDE_DIALTONE] / medians[SIDE_BARESIP] : 0);
  g_print ("call-setup: target dialtone <= 5 ms and <= 0.3 x baresip: %s\n",
           medians[SIDE_DIALTONE] <= 5 && medians[SIDE_DIALTONE] <= 0.3 * medians[SIDE_BARESIP]
           ? "met" : "not met");

  for (Side side = 0; side < N_SIDES; side++)
    {
      g_array_unref (setup[side]);
      for (guint leg = 0; leg < 4; leg++)
        g_array_unref (legs[side][leg]);
    }
  dt_call_manager_end_all (manager);
  stop_stack (stack);
  return 0;
}
