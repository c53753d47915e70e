/* dt-account-handler.h: what AddAccount and RemoveAccount need from the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dt-line.h"

G_BEGIN_DECLS

#define DT_TYPE_ACCOUNT_HANDLER (dt_account_handler_get_type ())
G_DECLARE_INTERFACE (DtAccountHandler, dt_account_handler, DT, ACCOUNT_HANDLER, GObject)

/*
 * Accounts need the store (keyfile and keyring) and the SIP layer, which the
 * D-Bus layer may not call. The application implements this interface and
 * hands it to DtDbusService (account-handler); without one, AddAccount and
 * RemoveAccount fail with org.dialtone.Error.Failed.
 *
 * Errors: a DT_CALL_ERROR keeps its org.dialtone.Error.* name on the bus (map a
 * locked or missing keyring to DT_CALL_ERROR_KEYRING_UNAVAILABLE, a bad URI to
 * DT_CALL_ERROR_INVALID_URI, a bad value to DT_CALL_ERROR_INVALID_ARGUMENT);
 * any other domain goes out as .Failed with its message. A failure must leave
 * nothing behind: no keyfile entry, no secret, no line.
 */
struct _DtAccountHandlerInterface
{
  GTypeInterface parent_iface;

  /* @settings: a{sv} with the keys of the contract, types already checked by
   * the service (uri present). Persists the account, the password into the
   * keyring only, adds its line to the call manager (so the service exports
   * it) and starts registering when "register" is absent or true. */
  void      (*add_account)           (DtAccountHandler     *self,
                                      GVariant             *settings,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  /* transfer full: the new account's line, already in the call manager */
  DtLine   *(*add_account_finish)    (DtAccountHandler     *self,
                                      GAsyncResult         *result,
                                      GError              **error);

  /* @line is an account line of the manager (never the direct line).
   * Unregisters, removes the line from the manager, forgets the account and
   * deletes its secret. */
  void      (*remove_account)        (DtAccountHandler     *self,
                                      DtLine               *line,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  gboolean  (*remove_account_finish) (DtAccountHandler     *self,
                                      GAsyncResult         *result,
                                      GError              **error);
};

void      dt_account_handler_add_account           (DtAccountHandler     *self,
                                                    GVariant             *settings,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DtLine   *dt_account_handler_add_account_finish    (DtAccountHandler     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void      dt_account_handler_remove_account        (DtAccountHandler     *self,
                                                    DtLine               *line,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean  dt_account_handler_remove_account_finish (DtAccountHandler     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* The keys and value types of the contract (uri, password, auth-user,
 * display-name, proxy, transport, srtp: s; register: b; retry-limit, expires: u),
 * transport one of udp, tcp, tls, srtp one of off, optional, mandatory, and a
 * sip: or sips: uri. DT_CALL_ERROR_INVALID_ARGUMENT (an unknown key, a wrong
 * type or value) or DT_CALL_ERROR_INVALID_URI otherwise. What the values mean
 * (a reachable registrar, say) is the handler's to check. */
gboolean  dt_account_handler_check_settings        (GVariant             *settings,
                                                    GError              **error);

G_END_DECLS
