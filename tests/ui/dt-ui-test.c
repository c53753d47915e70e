/* dt-ui-test.c: finding, clicking and photographing widgets in UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dt-test-spin.h"
#include "dt-ui-test.h"

#define DEADLINE_MS 30000

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

gboolean
dt_ui_test_init (void)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return FALSE;

  adw_init ();

  /* AdwApplication loads it for the app; here there is no application */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/dialtone/Dialtone/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return TRUE;
}

gboolean
dt_ui_wait_for (DtUiPredicate predicate,
                gpointer      data)
{
  return dt_test_spin (predicate, data, DEADLINE_MS);
}

static void
on_after_paint (GdkFrameClock *clock,
                guint         *paints)
{
  (*paints)++;
}

static gboolean
painted_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

void
dt_ui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint paints = 0;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &paints);
  gtk_widget_queue_draw (widget);
  g_assert_true (dt_ui_wait_for (painted_twice, &paints));
  g_signal_handler_disconnect (clock, handler);
}

static GtkWidget *
find_first (GtkWidget     *widget,
            Match          match,
            gconstpointer  data)
{
  if (gtk_widget_get_mapped (widget) && match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_action (GtkWidget     *widget,
           gconstpointer  data)
{
  const char *name;
  GVariant *target;
  g_autofree char *detailed = NULL;

  if (!GTK_IS_ACTIONABLE (widget) ||
      (name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget))) == NULL)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING))
    detailed = g_strdup_printf ("%s:%s", name, g_variant_get_string (target, NULL));
  else
    detailed = g_strdup (name);

  return g_str_equal (detailed, data);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_icon (GtkWidget     *widget,
         gconstpointer  data)
{
  return GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), data) == 0;
}

GtkWidget *
dt_ui_find_icon (GtkWidget  *root,
                 const char *icon_name)
{
  return find_first (root, is_icon, icon_name);
}

GtkWidget *
dt_ui_find_action (GtkWidget  *root,
                   const char *action)
{
  return find_first (root, is_action, action);
}

GtkWidget *
dt_ui_find_label (GtkWidget  *root,
                  const char *text)
{
  return find_first (root, is_label, text);
}

GtkWidget *
dt_ui_find_type (GtkWidget *root,
                 GType      type)
{
  return find_first (root, is_type, GSIZE_TO_POINTER (type));
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelSearch;

static gboolean
label_is_shown (gpointer data)
{
  LabelSearch *search = data;

  return dt_ui_find_label (search->root, search->text) != NULL;
}

gboolean
dt_ui_wait_for_label (GtkWidget  *root,
                      const char *text)
{
  LabelSearch search = { root, text };

  return dt_ui_wait_for (label_is_shown, &search);
}

/* gtk_widget_activate() on a button only clicks after a keyboard-press
 * animation; a pointer click is immediate */
void
dt_ui_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
dt_ui_click_action (GtkWidget  *root,
                    const char *action)
{
  GtkWidget *button = dt_ui_find_action (root, action);

  if (button == NULL)
    g_error ("No button for %s is on screen", action);
  dt_ui_click (button);
}

static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));

  return g_hash_table_size (colours);
}

/* The in-process screenshot recipe of toolchain.md §2 */
guint
dt_ui_render_to_png (GtkWidget  *widget,
                     const char *name)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);

  return count_colours (texture);
}
