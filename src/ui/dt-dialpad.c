/* dt-dialpad.c: the number entry, the keypad and the call button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dt-dialpad"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-dialpad.h"

enum {
  PROP_0,
  PROP_TEXT,
  PROP_DTMF,
  N_PROPS
};

enum {
  DIAL,
  DIGIT,
  N_SIGNALS
};

/* The keys of a phone's keypad, and the four DTMF has beyond them */
#define KEYPAD_KEYS "0123456789*#ABCD"

struct _DtDialpad
{
  GtkWidget  parent_instance;

  GtkEntry  *entry;
  GtkWidget *call_button;

  gboolean   dtmf;
};

G_DEFINE_FINAL_TYPE (DtDialpad, dt_dialpad, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The entry's text without surrounding blanks, NULL when nothing is left */
static char *
dup_target (DtDialpad *self)
{
  g_autofree char *target = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  g_strstrip (target);
  if (target[0] == '\0')
    return NULL;

  return g_steal_pointer (&target);
}

static void
update_state (DtDialpad *self)
{
  g_autofree char *target = dup_target (self);
  gboolean has_text = gtk_entry_get_text_length (self->entry) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialpad.call", !self->dtmf && target != NULL);
  /* A tone already sent cannot be taken back */
  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_SECONDARY,
                                     has_text && !self->dtmf ? "edit-clear-symbolic" : NULL);
}

static void
press (DtDialpad  *self,
       const char *digit)
{
  int position = -1;

  gtk_editable_insert_text (GTK_EDITABLE (self->entry), digit, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  g_signal_emit (self, signals[DIGIT], 0, digit);
}

/* In a call the entry only shows what was sent, so typed keys are taken
 * here, before the read-only entry would swallow them. */
static gboolean
on_key_pressed (DtDialpad             *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  char digit[2] = { 0, 0 };

  if (!self->dtmf || c == 0 || c > 127 || strchr (KEYPAD_KEYS, g_ascii_toupper (c)) == NULL ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  digit[0] = g_ascii_toupper (c);
  press (self, digit);

  return GDK_EVENT_STOP;
}

static void
on_entry_changed (DtDialpad *self,
                  GtkEntry  *entry)
{
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
on_entry_activate (DtDialpad *self,
                   GtkEntry  *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialpad.call", NULL);
}

/* The icon is a backspace key for people without a keyboard */
static void
on_entry_icon_release (DtDialpad            *self,
                       GtkEntryIconPosition  icon_pos,
                       GtkEntry             *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *last;

  if (icon_pos != GTK_ENTRY_ICON_SECONDARY || text[0] == '\0')
    return;

  last = g_utf8_find_prev_char (text, text + strlen (text));
  gtk_editable_delete_text (GTK_EDITABLE (entry),
                            g_utf8_pointer_to_offset (text, last), -1);
}

static void
press_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  press (DT_DIALPAD (widget), g_variant_get_string (parameter, NULL));
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DtDialpad *self = DT_DIALPAD (widget);
  g_autofree char *target = dup_target (self);

  if (target != NULL)
    g_signal_emit (self, signals[DIAL], 0, target);
}

static gboolean
dt_dialpad_grab_focus (GtkWidget *widget)
{
  DtDialpad *self = DT_DIALPAD (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
dt_dialpad_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DtDialpad *self = DT_DIALPAD (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, dt_dialpad_get_text (self));
      break;

    case PROP_DTMF:
      g_value_set_boolean (value, self->dtmf);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_dialpad_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DtDialpad *self = DT_DIALPAD (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      dt_dialpad_set_text (self, g_value_get_string (value));
      break;

    case PROP_DTMF:
      dt_dialpad_set_dtmf (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_dialpad_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DT_TYPE_DIALPAD);

  /* dispose_template only unparents the children it has a pointer to */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dt_dialpad_parent_class)->dispose (object);
}

static void
dt_dialpad_class_init (DtDialpadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_dialpad_get_property;
  object_class->set_property = dt_dialpad_set_property;
  object_class->dispose = dt_dialpad_dispose;

  widget_class->grab_focus = dt_dialpad_grab_focus;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DTMF] =
    g_param_spec_boolean ("dtmf", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DIGIT] =
    g_signal_new ("digit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[DIAL] =
    g_signal_new ("dial",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dialtone/Dialtone/ui/dt-dialpad.ui");
  gtk_widget_class_bind_template_child (widget_class, DtDialpad, entry);
  gtk_widget_class_bind_template_child (widget_class, DtDialpad, call_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_icon_release);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed);

  gtk_widget_class_install_action (widget_class, "dialpad.press", "s", press_action);
  gtk_widget_class_install_action (widget_class, "dialpad.call", NULL, call_action);

  gtk_widget_class_set_css_name (widget_class, "dialpad");
}

static void
dt_dialpad_init (DtDialpad *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_state (self);
}

GtkWidget *
dt_dialpad_new (void)
{
  return g_object_new (DT_TYPE_DIALPAD, NULL);
}

const char *
dt_dialpad_get_text (DtDialpad *self)
{
  g_return_val_if_fail (DT_IS_DIALPAD (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/* The entry's changed handler notifies, so an unchanged text stays quiet */
void
dt_dialpad_set_text (DtDialpad  *self,
                     const char *text)
{
  g_return_if_fail (DT_IS_DIALPAD (self));

  if (text == NULL)
    text = "";

  if (g_strcmp0 (text, dt_dialpad_get_text (self)) == 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

gboolean
dt_dialpad_get_dtmf (DtDialpad *self)
{
  g_return_val_if_fail (DT_IS_DIALPAD (self), FALSE);

  return self->dtmf;
}

void
dt_dialpad_set_dtmf (DtDialpad *self,
                     gboolean   dtmf)
{
  g_return_if_fail (DT_IS_DIALPAD (self));

  dtmf = !!dtmf;
  if (self->dtmf == dtmf)
    return;

  self->dtmf = dtmf;
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !dtmf);
  gtk_entry_set_placeholder_text (self->entry, dtmf ? NULL : _("Enter a number or SIP address"));
  gtk_widget_set_visible (self->call_button, !dtmf);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DTMF]);
}
