/*  vc_path - file-system helpers shared by the services.  */
#include "vc_path.h"

#include <czmq.h>

int
vc_path_make_parent (const char *path)
{
    const char *slash = path ? strrchr (path, '/') : NULL;
    if (!slash || slash == path || streq (path, ":memory:"))
        return 0;
    char parent [1024];
    if ((size_t) (slash - path) >= sizeof parent)
        return -1;
    memcpy (parent, path, (size_t) (slash - path));
    parent [slash - path] = 0;
    if (zsys_file_exists (parent))
        return 0;
    //  Another process may create it between the check and here
    return zsys_dir_create ("%s", parent) == 0 || zsys_file_exists (parent) ? 0 : -1;
}

char *
vc_path_first_line (const char *path)
{
    FILE *file = path ? fopen (path, "r") : NULL;
    if (!file)
        return NULL;
    char line [512] = "";
    char *ok = fgets (line, sizeof line, file);
    fclose (file);
    line [strcspn (line, "\r\n")] = 0;
    char *copy = ok && *line ? strdup (line) : NULL;
    memset (line, 0, sizeof line);
    return copy;
}
