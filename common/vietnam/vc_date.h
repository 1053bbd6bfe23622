/*  vc_date - calendar dates as day numbers, parsed from the forms people type.

    Accepts dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd (also d-m-yyyy and d/m/yyyy),
    rejects impossible dates (31-02-2021) and anything else with a reason.
    A date is stored as days since 1970-01-01, so ranges are integer ranges.
*/
#ifndef VC_DATE_H_INCLUDED
#define VC_DATE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t vc_day_t;       //  Days since 1970-01-01

//  Parse text into *day. Returns 0, or -1 with a human reason in err.
int vc_date_parse (const char *text, vc_day_t *day, char *err, size_t err_size);
//  The same, the reason written with its message id (vc_said.h), for a
//  service to send it so.
struct vc_said_s;
int vc_date_parse_said (const char *text, vc_day_t *day, struct vc_said_s *why);

//  Build a day from year, month, day; -1 if the date does not exist.
int vc_date_from_ymd (int year, int month, int mday, vc_day_t *day);
void vc_date_to_ymd (vc_day_t day, int *year, int *month, int *mday);

//  Format as "yyyy-mm-dd" (iso) or "dd-mm-yyyy" (vn); out needs 11 bytes.
void vc_date_format_iso (vc_day_t day, char *out, size_t out_size);
void vc_date_format_vn (vc_day_t day, char *out, size_t out_size);

//  Today in local time.
vc_day_t vc_date_today (void);

void vc_date_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
