/*  replay - runs fuzz inputs through a fuzz target without libFuzzer, so
    the seed corpus and every input that once crashed stay regression tests
    in ordinary builds. Arguments: files or folders (every file in them,
    hidden files skipped; a missing folder counts as empty).  */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
s_run_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file) {
        fprintf (stderr, "replay: cannot open %s: %s\n", path, strerror (errno));
        return -1;
    }
    uint8_t *data = NULL;
    size_t size = 0, capacity = 0;
    while (!feof (file)) {
        if (size == capacity) {
            capacity = capacity ? capacity * 2 : 4096;
            uint8_t *grown = (uint8_t *) realloc (data, capacity);
            if (!grown) {
                free (data);
                fclose (file);
                return -1;
            }
            data = grown;
        }
        size += fread (data + size, 1, capacity - size, file);
        if (ferror (file))
            break;
    }
    int rc = ferror (file) ? -1 : 0;
    fclose (file);
    if (rc == 0)
        LLVMFuzzerTestOneInput (data, size);
    free (data);
    return rc;
}

//  Runs every file of a folder; returns how many, or -1 on a read error.
static int
s_run_dir (const char *path)
{
    DIR *dir = opendir (path);
    if (!dir)
        return errno == ENOENT ? 0 : -1;
    int count = 0;
    struct dirent *entry;
    while (count >= 0 && (entry = readdir (dir))) {
        if (entry->d_name [0] == '.')
            continue;
        char file [4096];
        snprintf (file, sizeof file, "%s/%s", path, entry->d_name);
        struct stat info;
        if (stat (file, &info) == 0 && S_ISREG (info.st_mode))
            count = s_run_file (file) == 0 ? count + 1 : -1;
    }
    closedir (dir);
    return count;
}

int
main (int argc, char **argv)
{
    int total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat info;
        int count = stat (argv [i], &info) == 0 && S_ISREG (info.st_mode)
                  ? (s_run_file (argv [i]) == 0 ? 1 : -1)
                  : s_run_dir (argv [i]);
        if (count < 0) {
            fprintf (stderr, "replay: cannot read %s\n", argv [i]);
            return 1;
        }
        printf ("replay: %d input(s) from %s\n", count, argv [i]);
        total += count;
    }
    if (total == 0) {
        fprintf (stderr, "replay: no input found\n");
        return 1;
    }
    printf ("replay: %d input(s) ran without a fault\n", total);
    return 0;
}
