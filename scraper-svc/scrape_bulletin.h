/*  scrape_bulletin - the province lists inside a bulletin's prose.

    Finds every "Name (count)" pair (the Ministry's form) or, when no list
    of those is about new cases, every "Name N ca" pair (the news agency's
    form: "Hà Nội ghi nhận 1.766 ca, Tây Ninh 938 ca"). Consecutive pairs
    separated only by commas, semicolons, line breaks, a paragraph break
    ("Quảng Ninh (608).<p>Quảng Nam (576)") or "Tiếp đến là" form one list.
    A shared count, "Cần Thơ và Trà Vinh mỗi tỉnh có 36 ca" or "Tuyên
    Quang, Nam Định (mỗi địa phương 29 ca)", is one pair per name, each
    with the count. A count in words, "Trong đó TP.HCM là 3.886 người,",
    opens the list of pairs written right after it (vtc.vn, 05-08-2021); such
    a list is usable only when a stated total confirms it.
    Each list is classified by the sentence leading into it: new cases,
    cumulative figures ("tích lũy", "đến nay", "từ đầu", "Omicron"), or
    other figures (deaths, recoveries, vaccination, changes "so với"); the
    change of a stated total, ", giảm 379 ca so với hôm qua.", is about that
    total and tells nothing of the list.
    Also reads what the bulletin states about itself: "tại N tỉnh" and
    "N ca ... trong nước".
*/
#ifndef SCRAPE_BULLETIN_H_INCLUDED
#define SCRAPE_BULLETIN_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCRAPE_BULLETIN_NAME_MAX  60
#define SCRAPE_BULLETIN_LEAD_MAX  300

typedef enum {
    SCRAPE_BULLETIN_LIST_OTHER = 0,    //  Lead-in names no new cases
    SCRAPE_BULLETIN_LIST_CASES,        //  New cases of the day
    SCRAPE_BULLETIN_LIST_CUMULATIVE,   //  Totals since some start: never daily
    SCRAPE_BULLETIN_LIST_EXCLUDED      //  Deaths, recoveries, vaccination, changes
} scrape_bulletin_kind_t;

typedef struct {
    size_t segment;             //  Where the text after the previous separator starts
    size_t name_at;             //  Where the name starts
    size_t close;               //  Offset just after the pair
    char name [SCRAPE_BULLETIN_NAME_MAX + 1];
    int64_t value;
    bool shared;                //  One of the names of a shared count
    bool worded;                //  "Trong đó TP.HCM là 3.886 người," opening a list
} scrape_bulletin_pair_t;

typedef struct {
    size_t first;               //  Index of the first pair
    size_t count;
    scrape_bulletin_kind_t kind;
    bool weak;                  //  New cases only by a connector ("Cụ thể:"):
                                //  usable only when a stated total confirms it
    char lead [96];             //  End of the lead-in sentence, for notes
} scrape_bulletin_list_t;

typedef struct {
    const char *text;
    scrape_bulletin_pair_t *pairs;
    size_t pair_count;
    scrape_bulletin_list_t *lists;
    size_t list_count;
    bool agency;                //  Pairs are of the "Name N ca" form
} scrape_bulletin_t;

//  Scan text (NUL-terminated, one line per block of the page). NULL when
//  out of memory.
scrape_bulletin_t *scrape_bulletin_new (const char *text);
void scrape_bulletin_destroy (scrape_bulletin_t **self_p);

//  The province count of the last "tại N tỉnh" in text [from, to); -1 if none.
int64_t scrape_bulletin_stated_provinces (const char *text, size_t from, size_t to);

//  The count of the last "N ca ... trong nước" in text [from, to); -1 if none.
int64_t scrape_bulletin_stated_sum (const char *text, size_t from, size_t to);

//  True if text [from, to) numbers the patients it announces ("THÔNG BÁO VỀ
//  30 CA MẮC MỚI (BN3594-3623)"): one of the several announcements of a day
//  in 2020-2021, not the day's count; the numbers go to range.
bool scrape_bulletin_patients (const char *text, size_t from, size_t to, char *range, size_t size);

//  The minutes covered by the last time window ("Tính từ 16h ngày 14/12 đến
//  16h ngày 15/12": 1440; "từ 6h đến 18h30 ngày 4/8": 750) in text [from,
//  to), days of month in year; 0 when its days make no sense; -1 if none.
int scrape_bulletin_window_minutes (const char *text, size_t from, size_t to, int year);

//  "new cases", "cumulative figures", ...
const char *scrape_bulletin_kind_name (scrape_bulletin_kind_t kind);

void scrape_bulletin_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
