/*  vc_text - text copied into a field of fixed size, cut to fit: the one
    bounded copy the library, the services and the clients use instead of
    snprintf ("%s") or strncpy, so the compiler never has a format to warn
    about and a NULL text is an empty field.
*/
#ifndef VC_TEXT_H_INCLUDED
#define VC_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Copy text (NULL: none) into a field of field_size bytes, cut to fit and
//  always terminated; a field of 0 bytes (or NULL) is left alone.
void vc_text_copy (char *field, size_t field_size, const char *text);

//  Self-test.
void vc_text_test (bool verbose);

#ifdef __cplusplus
}
#endif

#endif
