/*  vc_path - file-system helpers shared by the services.
*/
#ifndef VC_PATH_H_INCLUDED
#define VC_PATH_H_INCLUDED

#ifdef __cplusplus
extern "C" {
#endif

//  Create the folder (and its parents) that will hold the file at path, if
//  missing. Safe when several processes do it at once. Returns 0 or -1.
int vc_path_make_parent (const char *path);

//  The first line of a file without its line end, as a new string the
//  caller frees; NULL if the file cannot be read or the line is empty.
//  Meant for secrets (the operator key): the read buffer is wiped.
char *vc_path_first_line (const char *path);

#ifdef __cplusplus
}
#endif
#endif
