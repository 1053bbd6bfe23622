/*  vc_i18n - the messages people read, in their language (gettext).

    Every program that speaks to a person (vc-gtk, vc-monitor, vc-cli)
    calls vc_i18n_init () first, then writes its strings as _("...").
    The language follows the system: LANGUAGE (a list such as "vi:en"),
    else LC_ALL, LC_MESSAGES or LANG. A language whose locale is not
    installed on the machine still gets its messages (the character set
    falls back to C.UTF-8). Numbers keep the "C" locale.

    The catalogue is the text domain "vcovid": po/vi.po, compiled to
    share/locale/LANG/LC_MESSAGES/vcovid.mo beside the program's bin/
    folder (the build tree and the installed tree alike), else under the
    installed locale folder; VC_LOCALEDIR overrides both.
*/
#ifndef VC_I18N_H_INCLUDED
#define VC_I18N_H_INCLUDED

#include <libintl.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VC_TEXT_DOMAIN "vcovid"

//  _("text"): the text in the user's language. N_("text") marks a string
//  for the catalogue where it is defined; translate it with _() when shown.
#ifndef _
#   define _(text) dgettext (VC_TEXT_DOMAIN, text)
#endif
#ifndef N_
#   define N_(text) (text)
#endif
//  Plural forms: vc_ngettext ("%d event", "%d events", count)
#define vc_ngettext(one, many, count) dngettext (VC_TEXT_DOMAIN, one, many, count)

//  Chooses the language from the environment and binds the catalogue.
//  Call before any other output; safe to call again after changing
//  LANGUAGE or LANG.
void vc_i18n_init (void);

//  The folder the catalogue is read from (after vc_i18n_init).
const char *vc_i18n_dir (void);

//  The language messages are shown in: "vi", or "en" for the untranslated
//  English text.
const char *vc_i18n_language (void);

void vc_i18n_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
