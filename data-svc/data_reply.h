/*  data_reply - packs the data service's reply bodies into one reusable
    vc_pack_t, through the encoders generated from the protocol model
    (vc_messages.h; the fields are in proto/vcovid.xml and docs/data.md,
    "The data service"). Dates are ISO strings (yyyy-mm-dd) on the wire;
    figures are integers.
*/
#ifndef DATA_REPLY_H_INCLUDED
#define DATA_REPLY_H_INCLUDED

#include "vc_casestore.h"
#include "vc_messages.h"
#include "vc_province.h"
#include "vc_said.h"

//  "reported" or "sum of daily reports"
const char *data_reply_kind (vc_casestore_kind_t kind);

//  {status, message}
void data_reply_status (vc_pack_t *pack, int status, const char *message);

//  {status, message, msgid, args}: said's text with its id
void data_reply_said (vc_pack_t *pack, int status, const vc_said_t *said);

//  404 {status, message, suggestions: [name...], msgid, args}
void data_reply_unknown_province (vc_pack_t *pack, const vc_said_t *said,
                                  const vc_province_t **suggestions, size_t count);

//  lookup: {province, code, total, as_of, kind}
void data_reply_total (vc_pack_t *pack, const vc_province_t *province,
                       int64_t total, vc_day_t as_of, vc_casestore_kind_t kind);

//  lookup with a date: {province, code, date, new_cases, deaths?}
void data_reply_daily (vc_pack_t *pack, const vc_province_t *province,
                       vc_day_t day, int64_t new_cases, int64_t deaths);

//  series: {province, code, from, to, days: [[date, new_cases]...]};
//  points holds room for count rows
void data_reply_series (vc_pack_t *pack, const vc_province_t *province,
                        vc_day_t from, vc_day_t to, const vc_day_t *days,
                        const int64_t *values, size_t count, vc_day_point_t *points);

//  national: {total, deaths, as_of, provinces, kind}
void data_reply_national_total (vc_pack_t *pack, const vc_casestore_point_t *sum,
                                vc_day_t as_of, int provinces);

//  national with a date: {date, new_cases, deaths, provinces, total,
//  total_deaths, kind}; day holds the day's figures, sum those up to it
void data_reply_national_daily (vc_pack_t *pack, const vc_casestore_point_t *day,
                                const vc_casestore_point_t *sum);

//  top: {date, rows: [{province, code, new_cases}...]}
void data_reply_top (vc_pack_t *pack, vc_provinces_t *matcher, vc_day_t day,
                     const vc_casestore_entry_t *rows, size_t count);

//  provinces: {provinces: [{code, name, ascii}...]}
void data_reply_provinces (vc_pack_t *pack, const vc_casestore_province_t *list, size_t count);

//  range: {from, to}
void data_reply_range (vc_pack_t *pack, vc_day_t from, vc_day_t to);

#endif
