/*  vc_casestore_csv - loading the shipped snapshot CSV files.

    daily_cases.csv: date,province_code,new_cases,deaths (or without deaths;
                     an empty deaths field is "not reported")
    totals.csv:      as_of,province_code,total_cases
    population.csv:  province_code,population
    Dates are yyyy-mm-dd, codes are official province codes. Every row goes
    through the same checks as scraped rows; any bad row fails the load.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_number.h"
#include <czmq.h>

//  Split line in place into exactly count comma-separated fields
static int
s_split (char *line, char **field, int count)
{
    size_t len = strcspn (line, "\r\n");
    line [len] = 0;
    field [0] = line;
    for (int i = 1; i < count; i++) {
        char *comma = strchr (field [i - 1], ',');
        if (!comma)
            return -1;
        *comma = 0;
        field [i] = comma + 1;
    }
    return strchr (field [count - 1], ',')? -1: 0;
}

//  A population row: province_code,population
static int
s_load_population (vc_casestore_t *self, char *line, char *err, size_t err_size)
{
    char *field [2];
    int64_t code, population;
    if (s_split (line, field, 2)) {
        snprintf (err, err_size, "expected two comma-separated fields");
        return -1;
    }
    if (vc_number_parse (field [0], &code) || code > 99
    ||  vc_number_parse (field [1], &population)) {
        snprintf (err, err_size, "bad province code or population");
        return -1;
    }
    return vc_casestore_put_population (self, (int) code, population, err, err_size);
}

//  Parse and store one data row (fields: 3, or 4 with deaths); returns 0
//  or -1 with reason in err
static int
s_load_row (vc_casestore_t *self, char *line, vc_csv_kind_t kind, int fields,
            char *err, size_t err_size)
{
    if (kind == VC_CSV_POPULATION)
        return s_load_population (self, line, err, err_size);
    char *field [4];
    vc_day_t day;
    int64_t code, value, deaths = -1;
    if (s_split (line, field, fields)) {
        snprintf (err, err_size, "expected %d comma-separated fields", fields);
        return -1;
    }
    if (vc_date_parse (field [0], &day, err, err_size))
        return -1;
    if (vc_number_parse (field [1], &code) || code > 99
    ||  vc_number_parse (field [2], &value)
    ||  (fields == 4 && *field [3] && vc_number_parse (field [3], &deaths))) {
        snprintf (err, err_size, "bad province code or count");
        return -1;
    }
    return kind == VC_CSV_TOTALS
         ? vc_casestore_add_total (self, (int) code, day, value, err, err_size)
         : vc_casestore_add_day (self, (int) code, day, value, deaths, err, err_size);
}

//  The header line decides the number of fields; 0 if it is not known
static int
s_header_fields (const char *line, vc_csv_kind_t kind)
{
    if (kind == VC_CSV_TOTALS)
        return streq (line, "as_of,province_code,total_cases")? 3: 0;
    if (kind == VC_CSV_POPULATION)
        return streq (line, "province_code,population")? 2: 0;
    return streq (line, "date,province_code,new_cases")? 3
         : streq (line, "date,province_code,new_cases,deaths")? 4: 0;
}

int
vc_casestore_load_csv (vc_casestore_t *self, const char *path, vc_csv_kind_t kind)
{
    const char *header = kind == VC_CSV_TOTALS? "as_of,province_code,total_cases"
                       : kind == VC_CSV_POPULATION? "province_code,population"
                       : "date,province_code,new_cases[,deaths]";
    int fields = 0;
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
            fields = s_header_fields (line, kind);
            if (fields)
                continue;
            snprintf (err, sizeof (err), "first line must be '%s'", header);
        }
        else
        if (line [strspn (line, " \r\n")] == 0)
            continue;
        else
        if (s_load_row (self, line, kind, fields, err, sizeof (err)) == 0) {
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
