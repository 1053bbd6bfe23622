/*  cli_format - prints the data service's replies for people: one line per
    figure, numbers written the Vietnamese way (1.270), dates as dd-mm-yyyy.
    Numbers come first in tables so columns line up whatever the name's
    bytes. With --raw the commands print the reply map instead.  */
#include "cli.h"
#include "vc_date.h"
#include "vc_number.h"
#include "vc_object.h"

//  yyyy-mm-dd from the server, shown as dd-mm-yyyy (in place).
static char *
s_vn_date (char *date, size_t size)
{
    vc_day_t day;
    char err [64];
    if (*date && vc_date_parse (date, &day, err, sizeof err) == 0)
        vc_date_format_vn (day, date, size);
    return date;
}

//  A date field of a reply, as dd-mm-yyyy.
static char *
s_reply_date (vc_reply_t *reply, const char *key, char *out, size_t size)
{
    vc_reply_str (reply, key, out, size);
    return s_vn_date (out, size);
}

void
cli_print_lookup (vc_reply_t *reply)
{
    char province [128], date [16], as_of [16], number [32];
    vc_reply_str (reply, "province", province, sizeof province);
    s_reply_date (reply, "date", date, sizeof date);
    s_reply_date (reply, "as_of", as_of, sizeof as_of);
    if (*date)
        printf ("%s, %s: %s new cases\n", province, date,
                vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number));
    else
        printf ("%s: %s total cases (as of %s)\n", province,
                vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number), as_of);
}

void
cli_print_series (vc_reply_t *reply)
{
    char province [128], from [16], to [16], date [16], number [32];
    vc_reply_str (reply, "province", province, sizeof province);
    printf ("%s, new cases each day from %s to %s:\n", province,
            s_reply_date (reply, "from", from, sizeof from), s_reply_date (reply, "to", to, sizeof to));
    const msgpack_object *days = vc_body_list (reply->body, "days");
    int64_t sum = 0;
    uint32_t count = days ? days->via.array.size : 0;
    for (uint32_t i = 0; i < count; i++) {
        const msgpack_object *day = &days->via.array.ptr [i];
        int64_t cases;
        if (day->type != MSGPACK_OBJECT_ARRAY || day->via.array.size != 2
        ||  vc_object_str (&day->via.array.ptr [0], date, sizeof date)
        ||  vc_object_int (&day->via.array.ptr [1], &cases))
            continue;
        sum += cases;
        printf ("  %s %10s\n", s_vn_date (date, sizeof date), vc_number_format (cases, number, sizeof number));
    }
    printf ("  %u days, %s new cases in all\n", count, vc_number_format (sum, number, sizeof number));
}

void
cli_print_national (vc_reply_t *reply)
{
    char date [16], as_of [16], number [32];
    int64_t provinces = vc_reply_int (reply, "provinces", 0);
    if (*s_reply_date (reply, "date", date, sizeof date))
        printf ("Việt Nam, %s: %s new cases (%" PRId64 " provinces reporting)\n", date,
                vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number),
                provinces);
    else
        printf ("Việt Nam: %s total cases (latest totals of %" PRId64 " provinces, newest as of %s)\n",
                vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number),
                provinces, s_reply_date (reply, "as_of", as_of, sizeof as_of));
}

void
cli_print_top (vc_reply_t *reply)
{
    char date [16], province [128], number [32];
    printf ("Most new cases on %s:\n", s_reply_date (reply, "date", date, sizeof date));
    const msgpack_object *rows = vc_body_list (reply->body, "rows");
    for (uint32_t i = 0; rows && i < rows->via.array.size; i++) {
        const msgpack_object *row = &rows->via.array.ptr [i];
        vc_map_str (row, "province", province, sizeof province);
        printf ("  %2u. %10s  %s\n", i + 1,
                vc_number_format (vc_map_int (row, "new_cases", 0), number, sizeof number), province);
    }
}

void
cli_print_provinces (vc_reply_t *reply)
{
    char name [128], ascii [128];
    const msgpack_object *list = vc_body_list (reply->body, "provinces");
    for (uint32_t i = 0; list && i < list->via.array.size; i++) {
        const msgpack_object *row = &list->via.array.ptr [i];
        vc_map_str (row, "name", name, sizeof name);
        vc_map_str (row, "ascii", ascii, sizeof ascii);
        printf ("%3" PRId64 "  %s (%s)\n", vc_map_int (row, "code", 0), name, ascii);
    }
}

void
cli_print_range (vc_reply_t *reply)
{
    char from [16], to [16];
    printf ("Daily figures from %s to %s\n", s_reply_date (reply, "from", from, sizeof from),
            s_reply_date (reply, "to", to, sizeof to));
}
