/*  vc_casestore_csv - loading the shipped snapshot CSV files.

    daily_cases.csv: date,province_code,new_cases
    totals.csv:      as_of,province_code,total_cases
    Dates are yyyy-mm-dd, codes are official province codes. Every row goes
    through the same checks as scraped rows; any bad row fails the load.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_number.h"
#include <czmq.h>

//  Split line in place into exactly three comma-separated fields
static int
s_split3 (char *line, char *field [3])
{
    size_t len = strcspn (line, "\r\n");
    line [len] = 0;
    field [0] = line;
    for (int i = 1; i < 3; i++) {
        char *comma = strchr (field [i - 1], ',');
        if (!comma)
            return -1;
        *comma = 0;
        field [i] = comma + 1;
    }
    return strchr (field [2], ',')? -1: 0;
}

//  Parse and store one data row; returns 0 or -1 with reason in err
static int
s_load_row (vc_casestore_t *self, char *line, bool totals, char *err, size_t err_size)
{
    char *field [3];
    vc_day_t day;
    int64_t code, value;
    if (s_split3 (line, field)) {
        snprintf (err, err_size, "expected three comma-separated fields");
        return -1;
    }
    if (vc_date_parse (field [0], &day, err, err_size))
        return -1;
    if (vc_number_parse (field [1], &code) || code > 99
    ||  vc_number_parse (field [2], &value)) {
        snprintf (err, err_size, "bad province code or count");
        return -1;
    }
    return totals? vc_casestore_add_total (self, (int) code, day, value, err, err_size)
                 : vc_casestore_add_daily (self, (int) code, day, value, err, err_size);
}

int
vc_casestore_load_csv (vc_casestore_t *self, const char *path, bool totals)
{
    const char *header = totals? "as_of,province_code,total_cases"
                               : "date,province_code,new_cases";
    FILE *file = fopen (path, "r");
    if (!file) {
        vc_error ("casestore: cannot read %s", path);
        return -1;
    }
    char line [256];
    char err [256];
    int rows = 0, number = 0;
    while (fgets (line, sizeof (line), file)) {
        number++;
        if (number == 1) {
            line [strcspn (line, "\r\n")] = 0;
            if (streq (line, header))
                continue;
            snprintf (err, sizeof (err), "first line must be '%s'", header);
        }
        else
        if (line [strspn (line, " \r\n")] == 0)
            continue;
        else
        if (s_load_row (self, line, totals, err, sizeof (err)) == 0) {
            rows++;
            continue;
        }
        vc_error ("casestore: %s:%d: %s", path, number, err);
        rows = -1;
        break;
    }
    fclose (file);
    return rows;
}
