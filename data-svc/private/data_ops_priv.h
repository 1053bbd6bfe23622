/*  data_ops_priv - state and helpers shared by the data service's
    operation handlers (data_ops*.c). Not for use outside data-svc.
*/
#ifndef DATA_OPS_PRIV_H_INCLUDED
#define DATA_OPS_PRIV_H_INCLUDED

#include "data_ops.h"
#include "data_reply.h"
#include "vc_log.h"
#include "vc_metrics.h"

#define DATA_SERIES_MAX     3660        //  Longest series, in days
#define DATA_PROVINCE_MAX   256         //  Longest province field, in bytes
#define DATA_DATE_MAX       64          //  Longest date field, in bytes
#define DATA_EVENT_MAX      512         //  Event detail, as vc_event_t holds it
#define DATA_COMPARE_MAX    8           //  Provinces in one compare

//  Where data_ops_fill is (data_ops_fill.c)
typedef struct {
    uint64_t generation;                //  Of the cache being filled
    bool started, done;
    size_t next;                        //  The first ones, the country, then the provinces by code
    int first [DATA_PROVINCES_MAX];     //  Provinces filled first (those changed)
    size_t first_count;
    int replies;                        //  Kept by this fill
    int steps;
    int64_t started_at, work_us, longest_us;       //  Wall time
    int64_t cpu_us, longest_cpu_us;                 //  This thread's CPU time
    int64_t delay_ms;                   //  From the cache's emptying to the start
} data_fill_t;

struct _data_ops_t {
    vc_casestore_t *store;              //  Not owned
    data_cache_t *cache;
    vc_pack_t *pack;                    //  Reply being built
    char event [DATA_EVENT_MAX];        //  Request part of the event detail
    char result [256];                  //  Outcome part, "" for the default
    bool publish;                       //  The last request makes an event
    vc_day_t days [DATA_SERIES_MAX];
    int64_t values [DATA_SERIES_MAX];
    vc_casestore_entry_t top [DATA_PROVINCES_MAX];
    vc_casestore_point_t points [DATA_SERIES_MAX];
    //  Rows of the reply being built (history and compare: one list of
    //  rows per province, one after the other)
    vc_day_point_t day_points [DATA_SERIES_MAX];
    vc_history_row_t rows [DATA_COMPARE_MAX * DATA_SERIES_MAX];
    //  Whole histories packed on a request (not filled yet) and by the fill
    vc_counter_t *packed_by_request, *packed_by_fill;
    data_fill_t fill;                   //  Progress of data_ops_fill
    int fill_first [DATA_PROVINCES_MAX];    //  For the next fill (data_ops_fill_first)
    size_t fill_first_count;
};

//  Handlers: each packs a reply into self->pack, returns its status and may
//  set self->result for the event.
int data_op_lookup (data_ops_t *self, vc_request_t *request);
int data_op_series (data_ops_t *self, vc_request_t *request);
int data_op_national (data_ops_t *self, vc_request_t *request);
int data_op_top (data_ops_t *self, vc_request_t *request);
int data_op_provinces (data_ops_t *self, vc_request_t *request);
int data_op_range (data_ops_t *self, vc_request_t *request);
int data_op_history (data_ops_t *self, vc_request_t *request);
int data_op_compare (data_ops_t *self, vc_request_t *request);
int data_op_stats (data_ops_t *self, vc_request_t *request);

//  The request's from/to: given days, or the covered range for what is
//  missing. Returns 0, or the status of the reply already packed.
int data_ops_series_range (data_ops_t *self, const char *from_text, const char *to_text,
                           vc_day_t *from, vc_day_t *to);

//  Pack the 400 of a request its generated decoder refused (the decoder's
//  reason as the message); returns VC_BAD_REQUEST.
int data_ops_undecoded (data_ops_t *self, vc_request_t *request);

//  Pack {status, message}; returns status.
int data_ops_status (data_ops_t *self, int status, const char *message);

//  Pack {status, message, msgid, args}, the message written from a format
//  whose id is a shape of common/system/vc_server_words.c (vc_said.h);
//  returns status.
int data_ops_refuse (data_ops_t *self, int status, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  The request's decoded "province", matched into *province: returns 0, or
//  the status of the reply already packed (400, or 404 with suggestions).
int data_ops_province (data_ops_t *self, const char *text, const vc_province_t **province);

//  An optional date field's decoded text (NULL when absent): 1 absent, 0
//  present (in *day), -1 when the 400 reply is already packed.
int data_ops_date (data_ops_t *self, const char *key, const char *text, vc_day_t *day);

//  Pack 404 "no data for DATE; data covers FROM to TO", or "not reported:
//  no figures were published for DATE" for a day inside that range (or 500
//  on a store error); returns the status.
int data_ops_no_data (data_ops_t *self, vc_day_t day);

//  Pack 404 for a province without a figure on a day: "not reported" inside
//  the covered range, else as data_ops_no_data; returns the status.
int data_ops_not_reported (data_ops_t *self, const vc_province_t *province, vc_day_t day);

//  The reported days of a province (code > 0) or of the country (0) over
//  from..to, oldest first, in *points (the ops' buffer or the cache's
//  national series) and *count. Returns 0, or -1 on a store error.
int data_ops_points (data_ops_t *self, int code, vc_day_t from, vc_day_t to,
                     const vc_casestore_point_t **points, size_t *count);

//  Pack the history reply of province (NULL: the country) by step (0 day,
//  1 week, 2 month) over from..to from its reported days.
void data_ops_history_pack (data_ops_t *self, const vc_province_t *province, int step,
                            vc_day_t from, vc_day_t to,
                            const vc_casestore_point_t *points, size_t count);

//  Pack 500 for a failed store query; returns 500.
int data_ops_store_failed (data_ops_t *self, const char *what);

#endif
