/* dt-sip-tls.c: the certificates sofia's TLS transport trusts
 *
 * sofia reads its trust from one directory: cafile.pem, loaded when the
 * transport starts, and the directory itself, looked up by OpenSSL's
 * subject-hash file names whenever a chain is verified. cafile.pem links to
 * the system's CA bundle; the CA files of accounts made later are added as
 * hash-named files, which OpenSSL finds from then on. agent.pem is what
 * the transport presents to those who connect to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <unistd.h>

#include "dt-sip-private.h"

/* Where distributions keep the CA bundle when OpenSSL's default (or
 * $SSL_CERT_FILE) does not exist */
static const char *const system_bundles[] = {
  "/etc/ssl/certs/ca-certificates.crt", /* Debian, Ubuntu, Arch, Flatpak runtimes */
  "/etc/pki/tls/certs/ca-bundle.crt",   /* Fedora, RHEL */
  "/etc/ssl/ca-bundle.pem",             /* openSUSE */
  "/etc/ssl/cert.pem",                  /* Alpine */
};

static const char *
find_system_bundle (void)
{
  const char *from_env = g_getenv (X509_get_default_cert_file_env ());

  if (from_env != NULL && g_file_test (from_env, G_FILE_TEST_IS_REGULAR))
    return from_env;
  if (g_file_test (X509_get_default_cert_file (), G_FILE_TEST_IS_REGULAR))
    return X509_get_default_cert_file ();
  for (guint i = 0; i < G_N_ELEMENTS (system_bundles); i++)
    {
      if (g_file_test (system_bundles[i], G_FILE_TEST_IS_REGULAR))
        return system_bundles[i];
    }
  return NULL;
}

/* Registrars and proxies open their own TLS connection to the Contact of
 * a binding to deliver a call, and a TLS server must show a certificate.
 * Nobody can verify one a desktop makes for itself, and they do not try
 * (the binding is what they trust): a fresh key for each run, written
 * only into the private folder, is enough and never goes stale. */
static gboolean
write_identity (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "agent.pem", NULL);
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *cert = X509_new ();
  X509_NAME *name = NULL;
  BIO *out = NULL;
  FILE *file = NULL;
  int fd = -1;
  gboolean ok;

  ok = key != NULL && cert != NULL &&
       X509_set_version (cert, 2) == 1 &&
       ASN1_INTEGER_set (X509_get_serialNumber (cert), (long) g_random_int_range (1, G_MAXINT32)) == 1 &&
       X509_gmtime_adj (X509_getm_notBefore (cert), -60 * 60) != NULL &&
       X509_gmtime_adj (X509_getm_notAfter (cert), 365L * 24 * 60 * 60) != NULL &&
       X509_set_pubkey (cert, key) == 1;
  if (ok)
    {
      name = X509_get_subject_name (cert);
      ok = X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                       (const unsigned char *) g_get_host_name (), -1, -1, 0) == 1 &&
           X509_set_issuer_name (cert, name) == 1 &&
           X509_sign (cert, key, EVP_sha256 ()) > 0;
    }
  if (ok)
    {
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      file = fd >= 0 ? fdopen (fd, "w") : NULL;
      if (file == NULL && fd >= 0)
        close (fd);
      out = file != NULL ? BIO_new_fp (file, BIO_CLOSE) : NULL;
      if (out == NULL && file != NULL)
        fclose (file);
      ok = out != NULL &&
           PEM_write_bio_PrivateKey (out, key, NULL, NULL, 0, NULL, NULL) == 1 &&
           PEM_write_bio_X509 (out, cert) == 1;
    }

  if (out != NULL)
    BIO_free (out);
  X509_free (cert);
  EVP_PKEY_free (key);
  if (!ok)
    {
      ERR_clear_error ();
      g_unlink (path);
    }
  return ok;
}

char *
dt_sip_tls_dir_new (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "dialtone-tls-XXXXXX", NULL);
  g_autofree char *cafile = NULL;
  const char *bundle = find_system_bundle ();

  if (g_mkdtemp_full (dir, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make a folder for TLS certificates: %s"), g_strerror (saved));
      return NULL;
    }

  /* Calls still go out over TLS without it; only calls in need it */
  if (!write_identity (dir))
    g_debug ("no TLS certificate of our own: calls over TLS can only go out");

  /* Without a bundle only the accounts' own CA files are trusted */
  if (bundle == NULL)
    {
      g_debug ("no system CA bundle found");
      return g_steal_pointer (&dir);
    }

  cafile = g_build_filename (dir, "cafile.pem", NULL);
  if (symlink (bundle, cafile) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not use the system’s TLS certificates: %s"), g_strerror (saved));
      dt_sip_tls_dir_remove (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* Stores @cert under the file name OpenSSL looks it up by: the hash of its
 * subject and the first free index */
static gboolean
store (const char  *dir,
       X509        *cert,
       GError     **error)
{
  g_autofree char *path = NULL;
  unsigned long hash = X509_subject_name_hash (cert);
  BIO *out;
  gboolean ok;

  for (guint i = 0; path == NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%08lx.%u", hash, i);
      g_autofree char *candidate = g_build_filename (dir, name, NULL);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        path = g_steal_pointer (&candidate);
    }

  out = BIO_new_file (path, "w");
  ok = out != NULL && PEM_write_bio_X509 (out, cert) == 1;
  if (out != NULL)
    BIO_free (out);
  if (!ok)
    g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT,
                         _("Could not store the account’s TLS certificate."));
  return ok;
}

gboolean
dt_sip_tls_dir_trust (const char  *dir,
                      const char  *ca_file,
                      GError     **error)
{
  BIO *in = BIO_new_file (ca_file, "r");
  X509 *cert;
  guint n = 0;
  gboolean ok = TRUE;

  if (in == NULL)
    {
      g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT,
                           _("The account’s certificate file cannot be read."));
      return FALSE;
    }

  while (ok && (cert = PEM_read_bio_X509 (in, NULL, NULL, NULL)) != NULL)
    {
      ok = store (dir, cert, error);
      X509_free (cert);
      n++;
    }
  BIO_free (in);
  /* The end of the file is an error to OpenSSL; sofia would log it later
   * as its own */
  ERR_clear_error ();

  if (ok && n == 0)
    {
      g_set_error_literal (error, DT_SIP_ERROR, DT_SIP_ERROR_INVALID_ACCOUNT,
                           _("The account’s certificate file holds no PEM certificate."));
      return FALSE;
    }
  return ok;
}

void
dt_sip_tls_dir_remove (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}
