/* dt-transfer-dialog.c: asks where to transfer a call, blind or after a
 * consultation call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-transfer-dialog"

#include "config.h"

#include "dt-call-manager.h"
#include "dt-transfer-dialog.h"

enum {
  PROP_0,
  PROP_CALL,
  N_PROPS
};

struct _DtTransferDialog
{
  AdwMessageDialog  parent_instance;

  DtCall           *call;

  GtkEditable      *entry;
};

G_DEFINE_FINAL_TYPE (DtTransferDialog, dt_transfer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GParamSpec *properties[N_PROPS];

static char *
dup_target (DtTransferDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (self->entry)));
}

static void
show_error (DtTransferDialog *self,
            const GError     *error)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent == NULL ||
      !gtk_widget_activate_action (GTK_WIDGET (parent), "window.toast", "s", error->message))
    g_warning ("%s", error->message);
}

static void
on_entry_changed (DtTransferDialog *self,
                  GtkEditable      *entry)
{
  g_autofree char *target = dup_target (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "consult", *target != '\0');
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "transfer", *target != '\0');
}

static void
dt_transfer_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  DtTransferDialog *self = DT_TRANSFER_DIALOG (dialog);
  g_autofree char *target = dup_target (self);
  g_autoptr(GError) error = NULL;

  if (ADW_MESSAGE_DIALOG_CLASS (dt_transfer_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (dt_transfer_dialog_parent_class)->response (dialog, response);

  if (g_str_equal (response, "transfer"))
    {
      if (!dt_call_blind_transfer (self->call, target, &error))
        show_error (self, error);
    }
  else if (g_str_equal (response, "consult"))
    {
      DtCall *consultation = dt_call_start_consultation (self->call, target, &error);
      DtLine *line = dt_call_get_line (self->call);

      /* The consultation call is the one to talk on now, and where the
       * transfer is completed */
      if (consultation == NULL)
        show_error (self, error);
      else if (line != NULL && dt_line_get_manager (line) != NULL)
        dt_call_manager_set_current_call (dt_line_get_manager (line), consultation, NULL);
    }
}

static void
dt_transfer_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DtTransferDialog *self = DT_TRANSFER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_transfer_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DtTransferDialog *self = DT_TRANSFER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CALL:
      self->call = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_transfer_dialog_constructed (GObject *object)
{
  DtTransferDialog *self = DT_TRANSFER_DIALOG (object);

  G_OBJECT_CLASS (dt_transfer_dialog_parent_class)->constructed (object);

  g_return_if_fail (DT_IS_CALL (self->call));

  /* Nothing is left to transfer once the call is over */
  g_signal_connect_object (self->call, "disconnect", G_CALLBACK (gtk_window_destroy),
                           self, G_CONNECT_SWAPPED);
}

static void
dt_transfer_dialog_dispose (GObject *object)
{
  DtTransferDialog *self = DT_TRANSFER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_TRANSFER_DIALOG);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (dt_transfer_dialog_parent_class)->dispose (object);
}

static void
dt_transfer_dialog_class_init (DtTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->get_property = dt_transfer_dialog_get_property;
  object_class->set_property = dt_transfer_dialog_set_property;
  object_class->constructed = dt_transfer_dialog_constructed;
  object_class->dispose = dt_transfer_dialog_dispose;

  dialog_class->response = dt_transfer_dialog_response;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         DT_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DtTransferDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
}

static void
dt_transfer_dialog_init (DtTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  on_entry_changed (self, self->entry);
}

GtkWidget *
dt_transfer_dialog_new (GtkWindow *parent,
                        DtCall    *call)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DT_IS_CALL (call), NULL);

  return g_object_new (DT_TYPE_TRANSFER_DIALOG,
                       "transient-for", parent,
                       "call", call,
                       NULL);
}

DtCall *
dt_transfer_dialog_get_call (DtTransferDialog *self)
{
  g_return_val_if_fail (DT_IS_TRANSFER_DIALOG (self), NULL);

  return self->call;
}
