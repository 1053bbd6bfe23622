/*  ui_script - the test driver of the GTK programs, linked only into their
    test builds (tests/ui/bin/vc-gtk, tests/ui/bin/vc-monitor).

    When the environment variable named by the program (VC_GTK_TEST_SCRIPT,
    VC_MONITOR_TEST_SCRIPT) points to a file, the program reads it as a list
    of steps and runs them on the main loop, printing one "ui-script: PASS"
    or "ui-script: FAIL" line per step on stdout. Widgets are found by
    their name (gtk_widget_set_name), in the program's window first, then
    in its other windows (About, dialogs). Steps:

      set NAME TEXT           put TEXT in an editable (entry, password...;
                              no TEXT empties it),
                              or pick a day (yyyy-mm-dd) on a calendar
      click NAME              click a button (it must be visible and sensitive)
      activate NAME           emit "activate" (Enter in an entry)
      focus NAME              give NAME the keyboard focus
      tab                     move the focus forward as the Tab key does
      expect-focus NAME       the focus is on NAME (or inside it)
      wait-focus NAME         wait until it is (after a real key press)
      wait-page NAME          the stack named "pages" shows page NAME
      wait-text NAME REGEX    the text of NAME matches REGEX
      wait-visible NAME / wait-hidden NAME (every wait- step also waits
                              for NAME to exist; a widget that is gone, as
                              in a closed window, is hidden)
      expect-sensitive NAME / expect-insensitive NAME
      expect-tooltip NAME REGEX
      expect-class NAME CLASS / expect-no-class NAME CLASS (style classes)
      expect-contrast NAME RATIO  the text of NAME stands out from its
                              background by at least RATIO (WCAG contrast
                              ratio, 4.5 for body text; see ui_contrast.h)
      dump NAME FILE          write the text of NAME to FILE
      width NAME FILE         write the allocated width of NAME (pixels)
                              to FILE, once the layout has settled
      expect-uncut NAME PART  no label in NAME's PART (a CSS name or style
                              class, e.g. "header" for a column view's
                              titles; "*" for all) shows less than its whole text,
                              once the layout has settled
      screenshot FILE         save the window as PNG (relative to
                              $VC_SCREENSHOT_DIR when set)
      screenshot-of NAME FILE save the window holding NAME (e.g. About)
      action NAME             activate an application action (app.about),
                              as its menu item or shortcut does
      resize WIDTH HEIGHT     ask for a new window size
      run COMMAND             run a shell command; it must exit 0
      toast TEXT              show TEXT as the program's passing message
                              (ui_kit_toast, as its own messages are)
      wait-file PATH          wait until PATH exists (to pace with a test)
      place NAME FILE         where the widget is in its window's surface,
                              "X Y WIDTH HEIGHT" to FILE (to point at it)
      turns SECONDS FILE      for SECONDS, the longest main-loop turn (ms,
                              a 10 ms timer's longest lateness), the
                              frames drawn and the most CPU time of the
                              main thread in one turn (ms), "LONGEST
                              FRAMES CPU" to FILE
      sleep MS, timeout SECONDS (for the waits, default 10), quit

    A failed step stops the script, saves fail-N.png, and quits; the
    program then exits with status 1.
*/
#ifndef UI_SCRIPT_H_INCLUDED
#define UI_SCRIPT_H_INCLUDED

#include <gtk/gtk.h>

//  It implements ui_driver.h (ui_driver_start, ui_driver_failed,
//  ui_driver_destroy) for the test builds of the programs; the shipped
//  programs link ui_driver_none.c instead. Widgets' own text functions
//  are set with ui_kit_set_text_func.
#include "ui_driver.h"
#include "ui_kit.h"

//  Draw a widget (normally a window) into a new texture; NULL if it is not
//  shown yet.
GdkTexture *ui_script_render (GtkWidget *widget);

//  Save a widget (normally a window) as a PNG file; 0 or -1.
int ui_script_screenshot (GtkWidget *widget, const char *path);

#endif
