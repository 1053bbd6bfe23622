/*  vc_i18n - chooses the user's language and binds the "vcovid" message
    catalogue (gettext).  */
#include "vc_i18n.h"
#include "vc_check.h"
#include "vc_text.h"

#include <czmq.h>
#include <locale.h>

#ifndef VC_LOCALEDIR
#   define VC_LOCALEDIR "/usr/local/share/locale"
#endif

static char s_dir [1024];

//  The locale folder beside the running program: BIN/../share/locale.
static bool
s_dir_beside_program (char *dir, size_t size)
{
    char exe [900];
    ssize_t length = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (length <= 0)
        return false;
    exe [length] = 0;
    char *slash = strrchr (exe, '/');
    if (!slash)
        return false;
    *slash = 0;
    snprintf (dir, size, "%s/../share/locale", exe);
    return zsys_file_exists (dir);
}

static void
s_choose_dir (void)
{
    const char *forced = getenv ("VC_LOCALEDIR");
    if (forced && *forced)
        vc_text_copy (s_dir, sizeof s_dir, forced);
    else
    if (!s_dir_beside_program (s_dir, sizeof s_dir))
        vc_text_copy (s_dir, sizeof s_dir, VC_LOCALEDIR);
}

//  The first of LC_ALL, LC_MESSAGES, LANG that is set, or NULL.
static const char *
s_wanted_locale (void)
{
    const char *names [] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t index = 0; index < sizeof names / sizeof names [0]; index++) {
        const char *value = getenv (names [index]);
        if (value && *value)
            return value;
    }
    return NULL;
}

//  Sets category from the environment; when that locale is not installed
//  (or is plain "C", where gettext ignores LANGUAGE) uses C.UTF-8 and,
//  for messages, passes the wanted language on through LANGUAGE.
static void
s_set_category (int category)
{
    const char *set = setlocale (category, "");
    bool plain = !set || streq (set, "C") || streq (set, "POSIX");
    if (!plain)
        return;
    if (!setlocale (category, "C.UTF-8"))
        setlocale (category, "C");
    const char *wanted = s_wanted_locale ();
    const char *language = getenv ("LANGUAGE");
    if (category == LC_MESSAGES && !set && wanted && !(language && *language)) {
        char code [64];
        vc_text_copy (code, sizeof code, wanted);
        code [strcspn (code, ".@")] = 0;
        setenv ("LANGUAGE", code, 1);
    }
}

void
vc_i18n_init (void)
{
    s_set_category (LC_CTYPE);
    s_set_category (LC_MESSAGES);
    s_choose_dir ();
    bindtextdomain (VC_TEXT_DOMAIN, s_dir);
    bind_textdomain_codeset (VC_TEXT_DOMAIN, "UTF-8");
    textdomain (VC_TEXT_DOMAIN);
}

const char *
vc_i18n_dir (void)
{
    return s_dir;
}

const char *
vc_i18n_language (void)
{
    //  Translators: the code of the language this catalogue is in ("vi").
    const char *code = _("en");
    return code;
}

void
vc_i18n_test (bool verbose)
{
    if (verbose)
        printf (" * vc_i18n: ");
    unsetenv ("LC_ALL");
    unsetenv ("LC_MESSAGES");
    setenv ("LANG", "C", 1);
    setenv ("LANGUAGE", "vi", 1);
    vc_i18n_init ();
    VC_CHECK (*vc_i18n_dir ());
    VC_CHECK (streq (vc_i18n_language (), "vi"));

    //  A language whose locale is not installed still gets its messages
    unsetenv ("LANGUAGE");
    setenv ("LANG", "vi_VN.UTF-8", 1);
    vc_i18n_init ();
    VC_CHECK (streq (vc_i18n_language (), "vi"));

    unsetenv ("LANGUAGE");
    setenv ("LANG", "C", 1);
    vc_i18n_init ();
    VC_CHECK (streq (vc_i18n_language (), "en"));

    //  English first in the list: the source text
    setenv ("LANGUAGE", "en:vi", 1);
    vc_i18n_init ();
    VC_CHECK (streq (vc_i18n_language (), "en"));
    if (verbose)
        printf ("OK\n");
}
