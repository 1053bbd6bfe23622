/*  test_scrape_real - the parsers on real copies of what the sources served
    (tests/scraper/fixtures/README.md says where each came from), fetched
    from fixture_httpd on 127.0.0.1: every figure the page states is what
    is stored, cumulative lists are never daily cases, pages that give no
    year are refused and read once their published time is there, a
    list that stops short of the bulletin's own total is refused, and so are
    a list that ends in an ellipsis and a list with a name that is no
    province. Shared counts ("Cần Thơ và Trà
    Vinh mỗi tinh có 36 ca", "Tuyên Quang, Nam Định (mỗi địa phương 29
    ca)") give each province the count; the uncertain
    form "Hà Nội 46 và Long An mỗi tỉnh/thành có 46 ca" is refused. The
    national portal's API is read with the figures it served on 19-09-2021;
    its series by portal id, and the VnCDC dashboard's series of one
    province, name no province and are refused saying so.
*/
#define _GNU_SOURCE
#include "scrape_fetch.h"
#include "scrape_parse.h"
#include "scrape_validate.h"
#include "scrape_sources.h"
#include "scrape_html.h"
#include "scrape_bulletin.h"
#include "test_support.h"

#include <string.h>
#include "vc_check.h"
#include "vc_body.h"

#define HANOI   1
#define LAICHAU 12
#define HCM     79
#define TIENGIANG 82
#define CAOBANG 4
#define HUNGYEN 33
#define BINH_DUONG 74

static fixture_server_t s_server;
static scrape_fetch_t *s_fetch;
static vc_provinces_t *s_provinces;
static bool s_verbose;

//  The body of a fixture as served over HTTP; caller frees.
static char *
s_served (const char *name, size_t *size)
{
    char path [256];
    snprintf (path, sizeof path, "/pages/%s", name);
    scrape_fetch_forget (s_fetch, fixture_url (&s_server, path));       //  No 304
    scrape_fetch_result_t *fetched = scrape_fetch_get (s_fetch, fixture_url (&s_server, path));
    VC_CHECK (fetched);
    if (fetched->status != SCRAPE_FETCH_OK)
        fprintf (stderr, "%s: %s\n", path, fetched->error);
    VC_CHECK (fetched->status == SCRAPE_FETCH_OK);
    char *body = (char *) malloc (fetched->size + 1);
    VC_CHECK (body);
    memcpy (body, fetched->body, fetched->size);
    body [fetched->size] = 0;
    *size = fetched->size;
    scrape_fetch_result_destroy (&fetched);
    return body;
}

static scrape_result_t *
s_parse_body (const char *label, const char *body, size_t size, int *rc)
{
    scrape_result_t *result = scrape_result_new ();
    VC_CHECK (result);
    //  A fetch day years later: no date may come from it
    scrape_page_t page = { body, size, NULL, 20000 };
    *rc = scrape_parse_bulletin_html (&page, s_provinces, result);
    if (s_verbose) {
        printf ("   %s: rc=%d rows=%zu %s\n", label, *rc, scrape_result_size (result),
                *rc? scrape_result_error (result): "");
        for (size_t index = 0; index < scrape_result_notes (result); index++)
            printf ("      %s\n", scrape_result_note_at (result, index));
        fflush (stdout);
    }
    return result;
}

//  The page with the published-time metadata its site had.
static char *
s_with_published (const char *body, const char *when, size_t *size)
{
    const char *head = strstr (body, "<head>");
    VC_CHECK (head);
    char *page = NULL;
    VC_CHECK (asprintf (&page, "%.*s<head>\n<meta property=\"article:published_time\" content=\"%s\">%s",
                        (int) (head - body), body, when, head + 6) > 0);
    *size = strlen (page);
    return page;
}

//  Rows, sum and day of an accepted result must be exactly the page's.
static void
s_expect (scrape_result_t *result, const char *date, size_t provinces, int64_t sum)
{
    vc_day_t day;
    VC_CHECK (vc_date_parse (date, &day, NULL, 0) == 0);
    VC_CHECK (scrape_result_day (result) == day);
    VC_CHECK (scrape_result_size (result) == provinces);
    VC_CHECK (scrape_result_provinces (result) == provinces);
    int64_t total = 0;
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        VC_CHECK (row->day == day && row->kind == SCRAPE_DAILY);
        total += row->value;
    }
    VC_CHECK (total == sum);
    char reason [256];
    scrape_rules_t rules = { .min_provinces = 1, .max_day = day + 1 };
    VC_CHECK (scrape_validate (result, &rules, s_provinces, reason, sizeof reason) == 0);
}

//  A refused page: no row kept, and the reason says what is wrong
#define S_REFUSED(result, rc, reason) s_refused (result, rc, reason, __LINE__)
static void
s_refused (scrape_result_t *result, int rc, const char *reason, int line)
{
    const char *error = scrape_result_error (result);
    bool refused = rc == -1 && scrape_result_size (result) == 0 && error && strstr (error, reason);
    if (!refused)
        fprintf (stderr, "line %d: rc=%d rows=%zu error '%s', expected a refusal with '%s'\n",
                 line, rc, scrape_result_size (result), error ? error : "", reason);
    VC_CHECK (refused);
}

//  A page the bulletin parser refuses, with the reason
#define S_PAGE_REFUSED(label, body, size, reason) do { int rc_; \
    scrape_result_t *refused_ = s_parse_body (label, body, size, &rc_); \
    s_refused (refused_, rc_, reason, __LINE__); \
    scrape_result_destroy (&refused_); } while (0)

static int64_t
s_value (scrape_result_t *result, int code, const char *date)
{
    vc_day_t day;
    VC_CHECK (vc_date_parse (date, &day, NULL, 0) == 0);
    int64_t value = -1;
    VC_CHECK (scrape_result_find (result, code, day, SCRAPE_DAILY, &value) == 0);
    return value;
}

static bool
s_has_note (scrape_result_t *result, const char *text)
{
    for (size_t index = 0; index < scrape_result_notes (result); index++)
        if (strstr (scrape_result_note_at (result, index), text))
            return true;
    return false;
}

//  Pages that date themselves: full date in the text.
static void
s_test_dated (void)
{
    size_t size;
    int rc;
    //  News-agency form, "tại 60 tỉnh", "13.873 ca trong nước"
    char *body = s_served ("real-bulletin-baokhanhhoa-2021-12-29.html", &size);
    scrape_result_t *result = s_parse_body ("baokhanhhoa 29-12-2021", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-12-29", 60, 13873);
    VC_CHECK (s_value (result, HANOI, "2021-12-29") == 1766);
    VC_CHECK (s_value (result, HCM, "2021-12-29") == 702);
    VC_CHECK (s_value (result, LAICHAU, "2021-12-29") == 5);
    scrape_result_destroy (&result);
    free (body);

    //  "Cụ thể: Hà Nội 2.967 ca, ...", confirmed by "14.934 ca lây nhiễm trong nước"
    body = s_served ("real-bulletin-thoibaotaichinh-2022-01-23.html", &size);
    result = s_parse_body ("thoibaotaichinh 23-01-2022", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2022-01-23", 62, 14934);
    VC_CHECK (s_value (result, HANOI, "2022-01-23") == 2967);
    VC_CHECK (s_value (result, TIENGIANG, "2022-01-23") == 16);
    scrape_result_destroy (&result);
    free (body);

    //  Ministry form, title "Ngày 15/12" dated by "Cập nhật ngày: 15/12/2021
    //  19:15:04"; 61 provinces adding up to "15.522 ca ghi nhận trong nước"
    body = s_served ("real-bulletin-baodongthap-2021-12-15.html", &size);
    result = s_parse_body ("baodongthap 15-12-2021", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-12-15", 61, 15522);
    VC_CHECK (s_value (result, HCM, "2021-12-15") == 1270);
    VC_CHECK (s_value (result, HANOI, "2021-12-15") == 1024);
    VC_CHECK (s_value (result, LAICHAU, "2021-12-15") == 1);
    VC_CHECK (s_has_note (result, "sum 15522 as stated"));
    scrape_result_destroy (&result);
    free (body);
}

typedef struct {
    const char *name;
    const char *refusal;        //  As served: no year on the page
    const char *published;      //  The published time of the article
    const char *date;
    size_t provinces;
    int64_t sum;
    int64_t hcm;                //  Hồ Chí Minh City's new cases that day
    const char *skipped;        //  A note that must be there
} undated_t;

//  Pages whose title says "Ngày 13/12", "Tối 13-2", "chiều 18-10", or whose
//  text only says "Tối 14-12": refused as served, read with the published
//  time.
static void
s_test_undated (void)
{
    const undated_t cases [] = {
        { "real-bulletin-24h-2021-12-13.html", "gives no year", "2021-12-13T21:52:17+07:00",
          "2021-12-13", 60, 15349, 915, "(cumulative figures" },
        { "real-bulletin-tuoitre-2021-10-18.html", "gives no year", "2021-10-18T18:30:00+07:00",
          "2021-10-18", 44, 3159, 968, "tích lũy cao trong đợt dịch này:' (cumulative figures" },
        { "real-bulletin-plo-2022-02-13.html", "gives no year", "2022-02-13T19:40:00+07:00",
          "2022-02-13", 58, 26372, 182, "biến thể Omicron tại' (cumulative figures" },
        { "real-bulletin-moh-2021-10-03-wrapped.html", "no date with its year", "2021-10-03T18:00:00+07:00",
          "2021-10-03", 39, 5367, 2461, "read: 39 provinces" },
        { "real-bulletin-vdong-2021-12-14.html", "no date with its year", "2021-12-14T19:10:00+07:00",
          "2021-12-14", 62, 15203, 991, "read: 62 provinces after 'Các tỉnh, thành phố ghi nhận ca bệnh "
          "như sau:', sum 15203 as stated" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        size_t size, dated_size;
        int rc;
        char *body = s_served (cases [index].name, &size);
        scrape_result_t *result;
        S_PAGE_REFUSED (cases [index].name, body, size, cases [index].refusal);

        char *dated = s_with_published (body, cases [index].published, &dated_size);
        result = s_parse_body ("   with its published time", dated, dated_size, &rc);
        VC_CHECK (rc == 0);
        s_expect (result, cases [index].date, cases [index].provinces, cases [index].sum);
        VC_CHECK (s_value (result, HCM, cases [index].date) == cases [index].hcm);
        VC_CHECK (s_has_note (result, cases [index].skipped));
        scrape_result_destroy (&result);
        free (dated);
        free (body);
    }
}

//  A reprint of the same bulletin of 15-12-2021 that misspells Hồ Chí Minh
//  City ("TP HCM Chí Minh (1.270)"): with its publication day the list is
//  whole and adds up, but one name is no province, so nothing is stored.
static void
s_test_misspelt (void)
{
    size_t size, dated_size;
    char *body = s_served ("real-bulletin-baophunuthudo-2021-12-15.html", &size);
    S_PAGE_REFUSED ("baophunuthudo 15-12-2021", body, size, "no date with its year");

    char *dated = s_with_published (body, "2021-12-15T19:00:00+07:00", &dated_size);
    S_PAGE_REFUSED ("   with its publication day", dated, dated_size,
                    "'TP HCM Chí Minh' in the list of new cases names no province");
    free (dated);
    free (body);
}

//  The count scrape_bulletin gives code in list; -1 if the list does not name it.
static int64_t
s_scan_value (const scrape_bulletin_t *scan, int code, const scrape_bulletin_list_t *list)
{
    for (size_t index = list->first; index < list->first + list->count; index++) {
        const vc_province_t *found = vc_provinces_match (s_provinces, scan->pairs [index].name);
        if (found && found->code == code)
            return scan->pairs [index].value;
    }
    return -1;
}

//  The list of a page's text as scrape_bulletin reads it: its one list of new
//  cases, every name a province, and the sum of its counts.
static const scrape_bulletin_list_t *
s_scan_list (const scrape_bulletin_t *scan, size_t *names, int64_t *sum)
{
    const scrape_bulletin_list_t *cases = NULL;
    for (size_t index = 0; index < scan->list_count; index++)
        if (scan->lists [index].kind == SCRAPE_BULLETIN_LIST_CASES) {
            VC_CHECK (!cases);
            cases = &scan->lists [index];
        }
    VC_CHECK (cases);
    *names = 0;
    *sum = 0;
    for (size_t index = cases->first; index < cases->first + cases->count; index++) {
        if (vc_provinces_match (s_provinces, scan->pairs [index].name))
            (*names)++;
        *sum += scan->pairs [index].value;
    }
    return cases;
}

//  The text of a fixture page, one line per block, as the parser reads it.
static char *
s_page_text (const char *body, size_t size)
{
    scrape_result_t *result = scrape_result_new ();
    VC_CHECK (result);
    htmlDocPtr doc = scrape_html_read (body, size, NULL, result);
    VC_CHECK (doc);
    char *text = scrape_html_lines (xmlDocGetRootElement (doc));
    VC_CHECK (text);
    xmlFreeDoc (doc);
    scrape_result_destroy (&result);
    return text;
}

//  Shared counts, as thanhnien.vn wrote them in 2021: "Cần Thơ và Trà Vinh
//  mỗi tinh có 36 ca" gives each of the two provinces 36.
static void
s_test_shared_counts (void)
{
    size_t size, dated_size, names;
    int64_t sum;
    int rc;
    //  30-08-2021: the list paragraph as stored, 36 of the bulletin's 41
    //  provinces (14.210 of its 14.219 cases), led only by "Cụ thể,"
    char *body = s_served ("real-bulletin-thanhnien-2021-08-30.html", &size);
    char *text = s_page_text (body, size);
    scrape_bulletin_t *scan = scrape_bulletin_new (text);
    VC_CHECK (scan && scan->agency);
    const scrape_bulletin_list_t *list = s_scan_list (scan, &names, &sum);
    VC_CHECK (list->count == 36 && names == 36 && sum == 14210 && list->weak);
    VC_CHECK (s_scan_value (scan, 92, list) == 36);         //  Cần Thơ
    VC_CHECK (s_scan_value (scan, 84, list) == 36);         //  Trà Vinh
    VC_CHECK (s_scan_value (scan, 44, list) == 30);         //  Quảng Bình
    VC_CHECK (s_scan_value (scan, 51, list) == 30);         //  Quảng Ngãi
    VC_CHECK (s_scan_value (scan, 86, list) == 7);          //  Vĩnh Long
    VC_CHECK (s_scan_value (scan, 58, list) == 7);          //  Ninh Thuận
    VC_CHECK (s_scan_value (scan, 42, list) == 4);          //  Hà Tĩnh
    VC_CHECK (s_scan_value (scan, 93, list) == 4);          //  Hậu Giang
    VC_CHECK (s_scan_value (scan, 68, list) == 3);          //  Lâm Đồng
    VC_CHECK (s_scan_value (scan, 95, list) == 3);          //  Bạc Liêu
    VC_CHECK (s_scan_value (scan, 74, list) == 6050);       //  Bình Dương
    scrape_bulletin_destroy (&scan);
    free (text);
    //  Stored as it is, nothing: no date, and with its day no stated total
    scrape_result_t *result;
    S_PAGE_REFUSED ("thanhnien 30-08-2021", body, size, "no date with its year");
    char *dated = s_with_published (body, "2021-08-30T19:00:00+07:00", &dated_size);
    S_PAGE_REFUSED ("   with its day", dated, dated_size, "states no total to confirm it");
    free (dated);
    free (body);

    //  July 2021: 26 provinces, 19 of them in shared counts ("mỗi nơi",
    //  "mỗi tỉnh thành", "Quảng Ngãi, Bình Thuận , Bắc Ninh, Bắc Giang mỗi
    //  tỉnh 2 ca"), adding up to the "2.296 ca ghi nhận trong nước" stated
    //  before them; the page gives no date, so nothing is stored
    body = s_served ("real-bulletin-thanhnien-2021-07-undated.html", &size);
    text = s_page_text (body, size);
    scan = scrape_bulletin_new (text);
    VC_CHECK (scan && scan->agency);
    list = s_scan_list (scan, &names, &sum);
    VC_CHECK (list->count == 26 && names == 26 && !list->weak);
    VC_CHECK (sum == 2296 && scrape_bulletin_stated_sum (text, 0, scan->pairs [list->first].name_at) == 2296);
    VC_CHECK (s_scan_value (scan, HCM, list) == 1797);
    VC_CHECK (s_scan_value (scan, HANOI, list) == 8);
    VC_CHECK (s_scan_value (scan, 33, list) == 8);          //  Hưng Yên
    VC_CHECK (s_scan_value (scan, 72, list) == 5);          //  Tây Ninh, not its 4 imported
    VC_CHECK (s_scan_value (scan, 60, list) == 2);          //  Bình Thuận
    VC_CHECK (s_scan_value (scan, 38, list) == 1);          //  Thanh Hóa
    scrape_bulletin_destroy (&scan);
    free (text);
    S_PAGE_REFUSED ("thanhnien July 2021", body, size, "no date with its year");
    free (body);

    //  27-11-2021, vneconomy.vn: the Ministry's list with shared counts among
    //  its pairs ("Thái Bình (32), Tuyên Quang, Nam Định mỗi nơi 29 ca, Lạng
    //  Sơn (28)"), over three paragraphs: all 60 provinces, 13 048 cases,
    //  the bulletin's own domestic count (the page as stored starts at the
    //  list, so it states no total itself)
    body = s_served ("real-bulletin-vneconomy-2021-11-27.html", &size);
    S_PAGE_REFUSED ("vneconomy 27-11-2021", body, size, "no date with its year");
    dated = s_with_published (body, "2021-11-27T19:30:00+07:00", &dated_size);
    result = s_parse_body ("   with its day", dated, dated_size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-11-27", 60, 13048);
    VC_CHECK (s_value (result, HCM, "2021-11-27") == 1773);
    VC_CHECK (s_value (result, 8, "2021-11-27") == 29);        //  Tuyên Quang
    VC_CHECK (s_value (result, 36, "2021-11-27") == 29);       //  Nam Định
    VC_CHECK (s_value (result, 31, "2021-11-27") == 22);       //  Hải Phòng
    VC_CHECK (s_value (result, 62, "2021-11-27") == 2);        //  Kon Tum
    VC_CHECK (s_value (result, 35, "2021-11-27") == 2);        //  Hà Nam
    VC_CHECK (s_value (result, 10, "2021-11-27") == 1);        //  Lào Cai
    VC_CHECK (s_has_note (result, "read: 60 provinces"));
    scrape_result_destroy (&result);
    //  A variant whose first shared count is worded so that it is not read
    //  ("đều là 29 ca"): the list stops at Thái Bình while its sentence goes
    //  on; with no total on the page it is refused, not stored short
    char *article = strstr (dated, "<article>");
    VC_CHECK (article);
    char *shared = strstr (article, "m\xE1\xBB\x97i n\xC6\xA1i 29 ca");
    VC_CHECK (shared);
    const char *worded = "\xC4\x91\xE1\xBB\x81u l\xC3\xA0 29 ca";     //  "đều là 29 ca", as long
    memcpy (shared, worded, strlen (worded));
    S_PAGE_REFUSED ("   a shared count not read", dated, dated_size,
                    "stops at 'Thái Bình' where the sentence goes on "
                        "with 'Lạng Sơn': it may be short");
    free (dated);
    free (body);

    //  20-07-2021: "Hà Nội 46 và Long An mỗi tỉnh/thành có 46 ca" (a count
    //  after the first name too) is not read as a shared count: refused
    body = s_served ("real-bulletin-thanhnien-2021-07-20.html", &size);
    dated = s_with_published (body, "2021-07-20T19:00:00+07:00", &dated_size);
    S_PAGE_REFUSED ("thanhnien 20-07-2021", dated, dated_size,
                    "'Hà Nội 46' in the list of new cases names no province");
    free (dated);
    free (body);
}

//  27-11-2021, dantocmiennui.vn: the Ministry's list with "ca" inside the
//  brackets ("Thành phố Hồ Chí Minh (1.773 ca)") and shared counts written
//  in brackets after the names ("Tuyên Quang, Nam Định (mỗi địa phương 29
//  ca)"): 60 provinces adding up to the "13.048 ca ghi nhận trong nước ...
//  tại 60 tỉnh" stated before them, dated by "Ngày 27/11/2021" in the text.
static void
s_test_bracketed_shares (void)
{
    size_t size, names;
    int64_t sum;
    int rc;
    char *body = s_served ("real-bulletin-dantocmiennui-2021-11-27.html", &size);
    char *text = s_page_text (body, size);
    scrape_bulletin_t *scan = scrape_bulletin_new (text);
    VC_CHECK (scan && !scan->agency);
    const scrape_bulletin_list_t *list = s_scan_list (scan, &names, &sum);
    VC_CHECK (list->count == 60 && names == 60 && sum == 13048 && !list->weak);
    VC_CHECK (s_scan_value (scan, 8, list) == 29);          //  Tuyên Quang
    VC_CHECK (s_scan_value (scan, 36, list) == 29);         //  Nam Định
    VC_CHECK (s_scan_value (scan, 20, list) == 28);         //  Lạng Sơn
    scrape_bulletin_destroy (&scan);
    free (text);

    scrape_result_t *result = s_parse_body ("dantocmiennui 27-11-2021", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-11-27", 60, 13048);
    VC_CHECK (s_value (result, HCM, "2021-11-27") == 1773);
    VC_CHECK (s_value (result, 46, "2021-11-27") == 106);      //  "Thừa Thiên-Huế"
    VC_CHECK (s_value (result, 34, "2021-11-27") == 32);       //  Thái Bình
    VC_CHECK (s_value (result, 8, "2021-11-27") == 29);        //  Tuyên Quang
    VC_CHECK (s_value (result, 36, "2021-11-27") == 29);       //  Nam Định
    VC_CHECK (s_value (result, 33, "2021-11-27") == 22);       //  Hưng Yên
    VC_CHECK (s_value (result, 31, "2021-11-27") == 22);       //  Hải Phòng
    VC_CHECK (s_value (result, 11, "2021-11-27") == 9);        //  Điện Biên
    VC_CHECK (s_value (result, 24, "2021-11-27") == 9);        //  Bắc Giang
    VC_CHECK (s_value (result, 14, "2021-11-27") == 4);        //  Sơn La
    VC_CHECK (s_value (result, 6, "2021-11-27") == 4);         //  Bắc Kạn
    VC_CHECK (s_value (result, 62, "2021-11-27") == 2);        //  Kon Tum
    VC_CHECK (s_value (result, 35, "2021-11-27") == 2);        //  Hà Nam
    VC_CHECK (s_value (result, 10, "2021-11-27") == 1);        //  Lào Cai
    VC_CHECK (s_has_note (result, "read: 60 provinces"));
    VC_CHECK (s_has_note (result, "sum 13048 as stated"));
    scrape_result_destroy (&result);

    //  A shared count worded otherwise ("(đều là 29 ca)", not read): the
    //  list stops at Thái Bình, short of its stated sum, and nothing is
    //  stored (the part after it is no list of new cases)
    char *page = strdup (body);
    VC_CHECK (page);
    char *article = strstr (page, "<article>");
    VC_CHECK (article);
    char *shared = strstr (article, "(mỗi địa phương 29 ca)");
    VC_CHECK (shared);
    const char *worded = "(đều là 29 ca)";
    memmove (shared + strlen (worded), shared + strlen ("(mỗi địa phương 29 ca)"),
             strlen (shared + strlen ("(mỗi địa phương 29 ca)")) + 1);
    memcpy (shared, worded, strlen (worded));
    S_PAGE_REFUSED ("   a shared count not read", page, strlen (page),
                    "the list of 42 provinces adds up to 12800, "
                        "the bulletin states 13048 domestic cases");
    free (page);
    free (body);
}

//  24-08-2021, vietbao.vn: the Ministry's list as the site gives it, cut
//  after 25 provinces with an ellipsis ("Hà Tĩnh (10)…"), the page stating
//  neither its domestic count nor "tại N tỉnh" (the portal has 44
//  provinces and 10 811 cases that day): refused, never stored short.
static void
s_test_ellipsis (void)
{
    size_t size, dated_size, names;
    int64_t sum;
    char *body = s_served ("real-bulletin-vietbao-2021-08-24-cut.html", &size);
    char *text = s_page_text (body, size);
    scrape_bulletin_t *scan = scrape_bulletin_new (text);
    VC_CHECK (scan && !scan->agency);
    const scrape_bulletin_list_t *list = s_scan_list (scan, &names, &sum);
    VC_CHECK (list->count == 25 && names == 25 && sum == 10716);
    scrape_bulletin_destroy (&scan);
    free (text);


    S_PAGE_REFUSED ("vietbao 24-08-2021", body, size,

                    "no date with its year");
    char *dated = s_with_published (body, "2021-08-24T19:00:00+07:00", &dated_size);
    S_PAGE_REFUSED ("   with its day", dated, dated_size,
                    "the list after 'Các ca phân bố tại' ends in an "
                        "ellipsis after 'Hà Tĩnh': it is cut short");
    free (dated);
    free (body);
}

//  12-05-2021: three of the Ministry's announcements of that day, each
//  numbering its patients ("THÔNG BÁO VỀ 30 CA MẮC MỚI (BN3594-3623)"):
//  none is the day's count, so none is stored, not even one alone.
static void
s_test_announcements (void)
{
    size_t size;
    char *body = s_served ("real-bulletin-moh-2021-05-12-announcements.html", &size);
    S_PAGE_REFUSED ("moh announcements 12-05-2021", body, size,
                    "counts one announcement (patients BN3594-3623), "
                        "not a whole day");
    //  The first announcement alone (the page cut before the second): its
    //  list adds up to its own "30 ca", dated 12/5/2021 by its text, and
    //  is still not the day's count (Đà Nẵng 20 of the portal's 28)
    char *page = strdup (body);
    VC_CHECK (page);
    char *second = strstr (page, "<p>TH\xC3\x94NG B\xC3\x81O V\xE1\xBB\x80 22 CA");
    VC_CHECK (second);
    strcpy (second, "</article>\n</body>\n</html>\n");
    S_PAGE_REFUSED ("   its first announcement alone", page, strlen (page),
                    "counts one announcement (patients BN3594-3623)");
    free (page);
    free (body);
}

//  The Ministry's timeline of 06 and 07-07-2021 as a crawler kept it: three
//  announcements a day, each stamped ("2021-07-07 12:00:00") and giving its
//  imported cases, then its domestic ones. None is the day's count (the
//  portal books Hồ Chí Minh 1.080 on 07-07; the announcements 270, 347 and
//  149), so nothing is stored; and each domestic list is of its own item's
//  day, not the page's, even after an imported-cases list with the stamp.
static void
s_test_timeline_announcements (void)
{
    size_t size;
    int rc;
    char *body = s_served ("real-timeline-moh-2021-07-06-07.html", &size);
    scrape_result_t *result = s_parse_body ("moh timeline 06/07-07-2021", body, size, &rc);
    //  The text is in decomposed Unicode ("nh" "a" U+0323 U+0302 "n"): the
    //  leads are compared by their ASCII beginnings
    S_REFUSED (result, rc, "after '+ 400 ca ghi nh");
    VC_CHECK (strstr (scrape_result_error (result), "' and after '+ 276 ca ghi nh"));
    VC_CHECK (strstr (scrape_result_error (result), "are both of 2021-07-07: announcements of "
                                                    "parts of a day"));
    scrape_result_destroy (&result);
    //  Without the item of 05:45 on 07-07, the first two of one day are
    //  those of 12:00 and 05:50 on 06-07: the list of 12:00 follows its
    //  imported cases and is dated by the stamp before them
    char *page = strdup (body);
    VC_CHECK (page);
    char *item = strstr (page, "<p>2021-07-07 05:45:00</p>");
    char *next = item? strstr (item, "<p>2021-07-06 18:40:00</p>"): NULL;
    VC_CHECK (next);
    memmove (item, next, strlen (next) + 1);
    result = s_parse_body ("   without 07-07 05:45", page, strlen (page), &rc);
    S_REFUSED (result, rc, "after '+ 242 ca");
    VC_CHECK (strstr (scrape_result_error (result), "are both of 2021-07-06"));
    scrape_result_destroy (&result);
    free (page);
    free (body);
}

//  The Ministry's day count of 23-07-2021 (thanhnien.vn, dated by "tối
//  23.7.2021" in its text): a whole list, 37 provinces adding up to the
//  stated 7.295, but of a day before 25-07-2021, when the Ministry's days
//  and the portal's series, which the store holds, book the same cases on
//  other days (the portal: 23.448 that day, TP.HCM 16.024 against 4.913).
//  Refused; the same page dated 25.7.2021 is read whole.
static void
s_test_series_start (void)
{
    size_t size;
    int rc;
    char *body = s_served ("real-bulletin-thanhnien-2021-07-23.html", &size);
    scrape_result_t *result = s_parse_body ("thanhnien 23-07-2021", body, size, &rc);
    S_REFUSED (result, rc, "is the Ministry's count of 2021-07-23; "
                           "before 2021-07-25 the daily series is the national portal's");
    VC_CHECK (s_has_note (result, "read: 37 provinces after"));
    VC_CHECK (s_has_note (result, "sum 7295 as stated"));
    scrape_result_destroy (&result);
    //  Its two dates moved to 25-07: every check but the day's passes
    char *date;
    while ((date = strstr (body, "23.7")))
        date [1] = '5';
    result = s_parse_body ("   dated 25.7.2021", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-07-25", 37, 7295);
    VC_CHECK (s_value (result, HCM, "2021-07-25") == 4913);
    scrape_result_destroy (&result);
    free (body);
}

//  The evening bulletin of 25-07-2021 (vietnamplus.vn): the announcement
//  "tính từ 6h đến 19h ngày 25/7" (31 provinces, 3.552), then "Như vậy,
//  trong ngày 25/7 ... 7.525 ca ghi nhận trong nước tại" the day's 36
//  provinces, every one equal to the portal's series of that day. No year:
//  refused as served; with its day the part is skipped and the day read.
//  Cut before the day's count, or with the day not stated before the
//  second list, the part is refused.
static void
s_test_part_then_day (void)
{
    size_t size, dated_size;
    int rc;
    char *body = s_served ("real-bulletin-vietnamplus-2021-07-25.html", &size);
    scrape_result_t *result;
    S_PAGE_REFUSED ("vietnamplus 25-07-2021", body, size, "no date with its year in the page");
    char *dated = s_with_published (body, "2021-07-25T20:30:00+07:00", &dated_size);
    result = s_parse_body ("   with its day", dated, dated_size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-07-25", 36, 7525);
    VC_CHECK (s_value (result, HCM, "2021-07-25") == 4555);
    VC_CHECK (s_value (result, HANOI, "2021-07-25") == 15);
    VC_CHECK (s_has_note (result, "skipped: 31 provinces after"));
    VC_CHECK (s_has_note (result, "(counts 13 h 00 min of a day whose whole count follows)"));
    VC_CHECK (s_has_note (result, "read: 36 provinces after"));
    scrape_result_destroy (&result);
    //  Without "trong ngày 25/7" the second list is not said to be the
    //  day's: the part is not skipped, and the page is refused
    char *copy = strdup (dated);
    VC_CHECK (copy);
    char *within = strstr (copy, "trong ng\xC3\xA0y 25/7, ");
    VC_CHECK (within);
    memmove (within, within + strlen ("trong ng\xC3\xA0y 25/7, "),
             strlen (within + strlen ("trong ng\xC3\xA0y 25/7, ")) + 1);
    S_PAGE_REFUSED ("   the day not stated", copy, strlen (copy),
                    "counts 13 h 00 min, not a whole day");
    free (copy);
    char *day = strstr (dated, "<p>Nh\xC6\xB0 v\xE1\xBA\xADy, trong ng\xC3\xA0y 25/7");
    VC_CHECK (day);
    strcpy (day, "</article>\n</body>\n</html>\n");
    S_PAGE_REFUSED ("   cut before the day's count", dated, strlen (dated),
                    "counts 13 h 00 min, not a whole day");
    free (dated);
    free (body);
}

//  The evening bulletin of 20-07-2021 (m.viettimes.vn): the window "Tính
//  từ 6h đến 18h30 ngày 20/7" of the evening's 2.635 cases, given without
//  a list, then "Trong ngày 20/7 có 4.795 ca ... 4.789 ca ghi nhận trong
//  nước tại" the day's 35 provinces. The day's list is whole (the day
//  stated after the window, its own stated sum): read, then refused for its
//  day, before 25-07-2021.
static void
s_test_day_after_window (void)
{
    size_t size, dated_size;
    int rc;
    char *body = s_served ("real-bulletin-viettimes-2021-07-20.html", &size);
    char *dated = s_with_published (body, "2021-07-20T20:00:00+07:00", &dated_size);
    scrape_result_t *result = s_parse_body ("viettimes 20-07-2021", dated, dated_size, &rc);
    S_REFUSED (result, rc, "is the Ministry's count of 2021-07-20; before 2021-07-25");
    VC_CHECK (s_has_note (result, "read: 35 provinces after"));
    VC_CHECK (s_has_note (result, "sum 4789 as stated"));
    scrape_result_destroy (&result);
    free (dated);
    free (body);
}

//  The evening bulletin of 04-08-2021 (viettimes.vn): the announcement "Tính
//  từ 6h đến 18h30 ngày 4/8", then "Trong ngày 04/8 ... 7.618 ca ghi nhận
//  trong nước TP. Hồ Chí Minh (3.300-giảm gần 1/2 so với hôm qua), Bình
//  Dương (2.143), ...": a count with its change in the brackets. The stored
//  copy is cut inside the day's list after 41 provinces (7.615 of 7.618):
//  the count with its change is read (3.300 in the sum), and the list
//  refused as short.
static void
s_test_change_in_brackets (void)
{
    size_t size, dated_size;
    int rc;
    char *body = s_served ("real-bulletin-viettimes-2021-08-04-cut.html", &size);
    S_PAGE_REFUSED ("viettimes 04-08-2021", body, size, "no date with its year in the page");
    char *dated = s_with_published (body, "2021-08-04T20:00:00+07:00", &dated_size);
    scrape_result_t *result = s_parse_body ("   with its day", dated, dated_size, &rc);
    S_REFUSED (result, rc, "the list of 41 provinces adds up to 7615, the bulletin states 7618");
    VC_CHECK (s_has_note (result, "skipped: 37 provinces after"));
    scrape_result_destroy (&result);
    free (dated);
    free (body);
}

//  The page with its first "from" replaced by "to".
static char *
s_replaced (const char *body, const char *from, const char *to, size_t *size)
{
    const char *at = strstr (body, from);
    VC_CHECK (at);
    char *page = NULL;
    VC_CHECK (asprintf (&page, "%.*s%s%s", (int) (at - body), body, to, at + strlen (from)) > 0);
    *size = strlen (page);
    return page;
}

//  The day's count of 05-08-2021 (vtc.vn, dated by its own stamp "Thứ Năm,
//  05/08/2021 21:23:00"): "Trong 7.244 ca nhiễm mới trong ngày, thì 5 ca
//  nhập cảnh và 7.239 ca trong nước, giảm 379 ca so với hôm qua. Trong đó
//  TP.HCM là 3.886 người, Bình Dương (822 - giảm 60% so với hôm qua), Long
//  An (715), ...": the change is the stated total's, and TP.HCM's count in
//  words opens the list. Read whole: 44 provinces adding up to the stated
//  7.239. The same page with TP.HCM's count as soha.vn mistyped it (3.866)
//  no longer adds up, and without its stated total nothing confirms the
//  list: both refused.
static void
s_test_change_after_name (void)
{
    size_t size, changed_size;
    int rc;
    char *body = s_served ("real-bulletin-vtc-2021-08-05.html", &size);
    scrape_result_t *result = s_parse_body ("vtc 05-08-2021", body, size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-08-05", 44, 7239);
    VC_CHECK (s_value (result, HCM, "2021-08-05") == 3886);
    VC_CHECK (s_value (result, 74, "2021-08-05") == 822);       //  Bình Dương
    VC_CHECK (s_value (result, 80, "2021-08-05") == 715);       //  Long An
    VC_CHECK (s_value (result, HANOI, "2021-08-05") == 69);
    VC_CHECK (s_value (result, 44, "2021-08-05") == 11);        //  Quảng Bình
    VC_CHECK (s_value (result, 15, "2021-08-05") == 1);         //  Yên Bái
    VC_CHECK (s_has_note (result, "read: 44 provinces after '"));
    VC_CHECK (s_has_note (result, "so v\xE1\xBB\x9Bi h\xC3\xB4m qua. Trong \xC4\x91\xC3\xB3', sum 7239 "
                                  "as stated"));
    scrape_result_destroy (&result);

    char *changed = s_replaced (body, "l\xC3\xA0 3.886 ng\xC6\xB0\xE1\xBB\x9Di", "l\xC3\xA0 3.866 "
                                "ng\xC6\xB0\xE1\xBB\x9Di", &changed_size);
    S_PAGE_REFUSED ("   TP.HCM mistyped", changed, changed_size,
                    "the list of 44 provinces adds up to 7219, the bulletin states 7239 domestic cases");
    free (changed);
    changed = s_replaced (body, "7.239 ca trong n\xC6\xB0\xE1\xBB\x9B" "c", "7.239 ca", &changed_size);
    S_PAGE_REFUSED ("   no stated total", changed, changed_size,
                    "may be new cases, but the page states no total to confirm it");
    free (changed);
    free (body);
}

//  The rows of one day: how many, and their sum.
static void
s_day_rows (scrape_result_t *result, const char *date, size_t *count, int64_t *sum)
{
    vc_day_t day;
    VC_CHECK (vc_date_parse (date, &day, NULL, 0) == 0);
    *count = 0;
    *sum = 0;
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        VC_CHECK (row->kind == SCRAPE_DAILY);
        if (row->day == day) {
            (*count)++;
            *sum += row->value;
        }
    }
}

//  covid19.gov.vn's big-story timeline, the items of 28, 27 and 26-11-2021
//  as a crawler kept them (data/raw/bigstory/): each item stamped by its
//  div.timeago (kept as its title, "2021-11-27T18:30:00"), "Tính từ 16h
//  ngày 26/11 đến 16h ngày 27/11 ... 13.048 ca ghi nhận trong nước (giảm
//  46 ca so với ngày trước đó) tại 60 tỉnh", then "Các tỉnh, thành phố ghi
//  nhận ca bệnh như sau: TP. Hồ Chí Minh (1.773), ...". Each list is dated
//  by its own item's stamp and read whole: 57 provinces and 12.928 cases
//  on 28-11, 60 and 13.048 on 27-11 (as vneconomy.vn reprinted it), 60 and
//  13.094 on 26-11. The stamps written as the page's text ("18:30
//  27/11/2021") give the same; without them the page has no year.
static void
s_test_bigstory_timeline (void)
{
    size_t size, changed_size;
    int rc;
    char *body = s_served ("real-timeline-bigstory-2021-11-26-28.html", &size);
    scrape_result_t *result = s_parse_body ("big-story 26-28/11/2021", body, size, &rc);
    VC_CHECK (rc == 0 && scrape_result_size (result) == 177);
    const struct { const char *date; size_t provinces; int64_t sum, hcm, hanoi, laocai; } days [] = {
        { "2021-11-28", 57, 12928, 1454, 277, 5 },
        { "2021-11-27", 60, 13048, 1773, 310, 1 },
        { "2021-11-26", 60, 13094, 1809, 253, 2 } };
    for (size_t index = 0; index < 3; index++) {
        size_t count;
        int64_t sum;
        s_day_rows (result, days [index].date, &count, &sum);
        VC_CHECK (count == days [index].provinces && sum == days [index].sum);
        VC_CHECK (s_value (result, HCM, days [index].date) == days [index].hcm);
        VC_CHECK (s_value (result, HANOI, days [index].date) == days [index].hanoi);
        VC_CHECK (s_value (result, 10, days [index].date) == days [index].laocai);  //  Lào Cai
    }
    VC_CHECK (s_has_note (result, "read: 60 provinces after 'C\xC3\xA1" "c t\xE1\xBB\x89nh, th\xC3\xA0nh "
                                  "ph\xE1\xBB\x91 ghi nh\xE1\xBA\xAD" "n ca b\xE1\xBB\x87nh nh\xC6\xB0 sau:', "
                                  "sum 13048 as stated"));
    char reason [256];
    vc_day_t last;
    VC_CHECK (vc_date_parse ("2021-11-28", &last, NULL, 0) == 0);
    scrape_rules_t rules = { .min_provinces = 1, .max_day = last + 1 };
    VC_CHECK (scrape_validate (result, &rules, s_provinces, reason, sizeof reason) == 0);
    scrape_result_destroy (&result);

    //  The stamps as the page's text, as other crawlers read them
    const char *stamps [][2] = {
        { " title=\"2021-11-28T18:12:00\"></div>", ">18:12 28/11/2021</div>" },
        { " title=\"2021-11-27T18:30:00\"></div>", ">18:30 27/11/2021</div>" },
        { " title=\"2021-11-26T18:01:00\"></div>", ">18:01 26/11/2021</div>" } };
    char *text = strdup (body);
    VC_CHECK (text);
    for (size_t index = 0; index < 3; index++) {
        char *changed = s_replaced (text, stamps [index][0], stamps [index][1], &changed_size);
        free (text);
        text = changed;
    }
    result = s_parse_body ("   stamps as text", text, changed_size, &rc);
    VC_CHECK (rc == 0 && scrape_result_size (result) == 177);
    VC_CHECK (s_value (result, HCM, "2021-11-27") == 1773);
    scrape_result_destroy (&result);
    free (text);
    //  Without its stamps, nothing in the page gives a year
    text = strdup (body);
    VC_CHECK (text);
    for (size_t index = 0; index < 3; index++) {
        char *changed = s_replaced (text, stamps [index][0], "></div>", &changed_size);
        free (text);
        text = changed;
    }
    S_PAGE_REFUSED ("   without stamps", text, changed_size, "no date with its year in the page");
    free (text);
    free (body);
}

//  The big-story timeline's two items of 04-08-2021 (data/raw/bigstory/):
//  "18:20 04/08/2021" 3.351 domestic cases in 37 provinces, "05:50
//  04/08/2021" 4.267 in 17; the day's 7.618 (viettimes.vn) are the two
//  together. Until 12-08-2021 each item is a part of the day, so the page
//  is refused naming the stamp, and so is the morning item alone (a page
//  fetched before the evening's item), which states no window of its own.
static void
s_test_bigstory_halves (void)
{
    size_t size, changed_size;
    char *body = s_served ("real-timeline-bigstory-2021-08-04.html", &size);
    S_PAGE_REFUSED ("big-story 04-08-2021", body, size,
                    "is one of the two announcements of its day in the Ministry's timeline "
                    "(stamped 18:20 04/08/2021)");
    char *first = strstr (body, "<li class=");
    VC_CHECK (first);
    char *second = strstr (first + 1, "<li class=");
    VC_CHECK (second);
    char *evening = strndup (first, (size_t) (second - first));
    VC_CHECK (evening);
    char *morning = s_replaced (body, evening, "", &changed_size);
    S_PAGE_REFUSED ("   its morning item alone", morning, changed_size,
                    "(stamped 05:50 04/08/2021): until 12-08-2021 each counted part of the day");
    free (morning);
    free (evening);
    free (body);
}

//  The news form "X là N ca" (soha.vn's passage of the same bulletin of
//  05-08-2021): "nâng tổng số mắc trong ngày lên 7.244 ca, trong đó TP HCM
//  là 3.866 ca, Hà Nội là 69 ca." TP.HCM's figure is mistyped there (the
//  Ministry's list in the next paragraph and vtc.vn's "là 3.886 người" give
//  3.886), so the form is never read as a count: alone it is no list, and
//  the page is refused for the Ministry's list, cut after 12 provinces
//  with "...". Refused as served (no year) and with its published time
//  (2021-08-05 17:36:56, the one its address carries); no row is kept.
static void
s_test_news_form (void)
{
    size_t size, dated_size;
    char *body = s_served ("real-bulletin-soha-2021-08-05.html", &size);
    S_PAGE_REFUSED ("soha 05-08-2021", body, size, "no date with its year in the page");
    char *dated = s_with_published (body, "2021-08-05T17:36:56+07:00", &dated_size);
    S_PAGE_REFUSED ("   with its day", dated, dated_size,
                    "ends in an ellipsis after 'H\xC3\xA0 N\xE1\xBB\x99i': it is cut short");
    //  The first paragraph alone: "TP HCM là 3.866 ca" is read as nothing;
    //  the agency form's reading takes "nâng tổng số mắc trong ngày lên
    //  7.244 ca" for a name and its count, and refuses it as no province
    char *second = strstr (dated, "</p>\n<p>");
    VC_CHECK (second);
    char *first = NULL;
    VC_CHECK (asprintf (&first, "%.*s</p>\n</article>\n</body>\n</html>\n",
                        (int) (second - dated), dated) > 0);
    S_PAGE_REFUSED ("   its first paragraph", first, strlen (first),
                    "'n\xC3\xA2ng t\xE1\xBB\x95ng s\xE1\xBB\x91 m\xE1\xBA\xAF" "c trong "
                    "ng\xC3\xA0y l\xC3\xAAn' in the list of new cases names no province");
    free (first);
    free (dated);
    free (body);
}

//  The evening bulletin of 10-08-2021 (baovephapluat.vn): the announcement
//  "Tính từ 6h đến 18h ngày 10/8", then "Trong ngày 10/8 ... 8.385 ca ghi
//  nhận trong nước (giảm 938 ca so với hôm qua) tại TP. Hồ Chí Minh (3.956),
//  Bình Dương (1.325-giảm 1.562 ca so với hôm qua), ...": the change in the
//  brackets of the lead and of a count. The day's 40 entries add up to the
//  stated 8.385, but Bến Tre is in them twice, (58) and (49): the page is
//  read and then refused, since neither figure is Bến Tre's day.
static void
s_test_change_twice (void)
{
    size_t size, dated_size;
    int rc;
    char *body = s_served ("real-bulletin-baovephapluat-2021-08-10.html", &size);
    S_PAGE_REFUSED ("baovephapluat 10-08-2021", body, size, "no date with its year in the page");
    char *dated = s_with_published (body, "2021-08-10T20:00:00+07:00", &dated_size);
    scrape_result_t *result = s_parse_body ("   with its day", dated, dated_size, &rc);
    VC_CHECK (rc == 0);
    VC_CHECK (s_has_note (result, "skipped: 32 provinces after"));
    VC_CHECK (s_has_note (result, "read: 40 provinces after"));
    VC_CHECK (s_has_note (result, "sum 8385 as stated"));
    VC_CHECK (s_value (result, HCM, "2021-08-10") == 3956);
    VC_CHECK (s_value (result, BINH_DUONG, "2021-08-10") == 1325);
    char reason [256];
    vc_day_t day;
    VC_CHECK (vc_date_parse ("2021-08-10", &day, NULL, 0) == 0);
    scrape_rules_t rules = { .min_provinces = 1, .max_day = day + 1 };
    VC_CHECK (scrape_validate (result, &rules, s_provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "conflicting daily counts for B\xE1\xBA\xBFn Tre on 2021-08-10: 58 and 49"));
    scrape_result_destroy (&result);
    free (dated);
    free (body);
}

//  The Ministry's announcement of 6h to 19h30 on 18-07-2021 (2.807 domestic
//  cases; the day's count, published the same evening, was 5.887 with
//  TP.HCM 4.692): a part of a day, refused as reprinted by
//  vietnamfinance.vn (its window before the imported cases' list, the
//  domestic list after it; dated 18/07/2021 20:18 by its own text) and by
//  thanhnien.vn ("từ 6 giờ sáng đến 19 giờ 30 tối nay, 18.7", with its day).
static void
s_test_partial_windows (void)
{
    size_t size;
    int rc;
    char *body = s_served ("real-bulletin-vietnamfinance-2021-07-18-evening.html", &size);
    scrape_result_t *result = s_parse_body ("vietnamfinance 18-07-2021", body, size, &rc);
    S_REFUSED (result, rc, "the list after '2.807 ca ghi nh");
    VC_CHECK (strstr (scrape_result_error (result), "counts 13 h 30 min, not a whole day"));
    scrape_result_destroy (&result);
    free (body);

    body = s_served ("real-bulletin-thanhnien-2021-07-18-evening.html", &size);
    S_PAGE_REFUSED ("thanhnien 18-07-2021", body, size, "no date with its year in the page");
    size_t dated_size;
    char *dated = s_with_published (body, "2021-07-18T19:45:00+07:00", &dated_size);
    S_PAGE_REFUSED ("   with its day", dated, dated_size, "counts 13 h 30 min, not a whole day");
    //  With its window removed ("từ 6 giờ sáng đến 19 giờ 30 tối nay, 18.7, "),
    //  the count opening the second paragraph still tells the list is short:
    //  its shared count "mỗi tỉnh, thành có 1 ca" is not read, and 20
    //  provinces add up to 2.801
    char *window = strstr (dated, "t\xE1\xBB\xAB 6 gi");
    char *after = window? strstr (window, "c\xC3\xB3 th\xC3\xAAm 2.828"): NULL;
    VC_CHECK (after);
    memmove (window, after, strlen (after) + 1);
    S_PAGE_REFUSED ("   without its window", dated, strlen (dated),
                    "the list of 20 provinces adds up to 2801, "
                        "the bulletin states 2807 domestic cases");
    free (dated);
    free (body);
}

//  The year of "13/12" is the published time's, or the year before when
//  the article was published in early January.
static void
s_test_title_year (void)
{
    size_t size, dated_size;
    int rc;
    char *body = s_served ("real-bulletin-24h-2021-12-13.html", &size);
    char *dated = s_with_published (body, "2022-01-02T08:00:00+07:00", &dated_size);
    scrape_result_t *result = s_parse_body ("24h read on 2022-01-02", dated, dated_size, &rc);
    VC_CHECK (rc == 0);
    s_expect (result, "2021-12-13", 60, 15349);
    scrape_result_destroy (&result);
    free (dated);
    free (body);
}

//  Fault variants of real pages: a list that stops short is never stored.
static void
s_test_short_lists (void)
{
    size_t size, dated_size;
    char *body = s_served ("real-bulletin-plo-2022-02-13.html", &size);
    char *dated = s_with_published (body, "2022-02-13T19:40:00+07:00", &dated_size);
    //  The list's last paragraph lost (23 provinces)
    char *cut = strstr (dated, "<p>H&agrave; Tĩnh (163)");
    char *rest = cut? strstr (cut, "</p>"): NULL;
    VC_CHECK (cut && rest);
    memmove (cut, rest + 4, strlen (rest + 4) + 1);
    S_PAGE_REFUSED ("plo without its third paragraph", dated, strlen (dated),
                    "list of 35 provinces adds up to 25082, the bulletin states 26372");
    free (dated);
    free (body);

    //  The news-agency list cut after its tenth province, with no stated sum
    body = s_served ("real-bulletin-baokhanhhoa-2021-12-29.html", &size);
    char *page = strdup (body);
    VC_CHECK (page);
    char *sum = strstr (page, "và 13.873 ca trong nước ");
    VC_CHECK (sum);
    memmove (sum, sum + strlen ("và 13.873 ca trong nước "), strlen (sum + strlen ("và 13.873 ca trong nước ")) + 1);
    char *tenth = strstr (page, ", Lâm Đồng 347 ca");
    VC_CHECK (tenth);
    strcpy (tenth, ".</p></article></body></html>\n");
    S_PAGE_REFUSED ("baokhanhhoa cut after ten provinces", page, strlen (page),
                    "stops at 10 of the 60 provinces");
    free (page);
    free (body);
}

//  covid19.gov.vn as served: an empty, script-filled grid; its feed
//  (pipezero data.json): the provinces under "locations", no year.
static void
s_test_portal (void)
{
    size_t size;
    char *body = s_served ("real-covid19-gov-vn-2021-11-27.html", &size);
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    scrape_page_t page = { body, size, NULL, 20000 };
    VC_CHECK (scrape_parse_totals_html (&page, s_provinces, result) == -1);
    VC_CHECK (strstr (scrape_result_error (result), "province grid is empty as served"));
    VC_CHECK (s_has_note (result, "skipped: the province grid"));
    scrape_result_destroy (&result);
    free (body);

    body = s_served ("real-feed-pipezero-2022-04-23.json", &size);
    result = VC_NEED (scrape_result_new ());
    page = (scrape_page_t) { body, size, NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == -1);
    VC_CHECK (strcmp (scrape_result_error (result), "no date with its year in the feed") == 0);
    VC_CHECK (s_has_note (result, "skipped: 'overview' (7 items without province names)"));
    VC_CHECK (s_has_note (result, "read: the 2 items of 'locations'"));
    VC_CHECK (scrape_result_size (result) == 0);
    scrape_result_destroy (&result);

    //  The same feed with a dated member: read from "locations", not "overview"
    char *dated = NULL;
    VC_CHECK (asprintf (&dated, "{\"lastUpdate\": \"23/04/2022 18:00:00\",%s", strchr (body, '{') + 1) > 0);
    result = VC_NEED (scrape_result_new ());
    page = (scrape_page_t) { dated, strlen (dated), NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == 0);
    VC_CHECK (scrape_result_size (result) == 4);
    int64_t value = 0;
    vc_day_t day;
    VC_CHECK (vc_date_parse ("2022-04-23", &day, NULL, 0) == 0);
    VC_CHECK (scrape_result_find (result, HANOI, day, SCRAPE_TOTAL, &value) == 0 && value == 1540292);
    VC_CHECK (scrape_result_find (result, HANOI, day, SCRAPE_DAILY, &value) == 0 && value == 978);
    VC_CHECK (scrape_result_find (result, HCM, day, SCRAPE_TOTAL, &value) == 0 && value == 609645);
    VC_CHECK (scrape_result_find (result, HCM, day, SCRAPE_DAILY, &value) == 0 && value == 76);
    scrape_result_destroy (&result);
    free (dated);
    free (body);
}

//  The national portal's API /api/v3/covid/provinces as served on
//  19-09-2021 23:39: a top-level array of 63 provinces, "TP HCM", new and
//  total cases, dated by each item's "last_updated". Its "new_death" is no
//  day's deaths (TP HCM 13281, its total), and is never read.
static void
s_test_ncsc_api (void)
{
    size_t size;
    char *body = s_served ("real-feed-ncsc-provinces-2021-09-19.json", &size);
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    scrape_page_t page = { body, size, NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == 0);
    vc_day_t day;
    VC_CHECK (vc_date_parse ("2021-09-19", &day, NULL, 0) == 0);
    VC_CHECK (scrape_result_day (result) == day);
    VC_CHECK (scrape_result_provinces (result) == 63);
    VC_CHECK (scrape_result_size (result) == 126);
    int64_t daily = 0, total = 0;
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        VC_CHECK (row->day == day);
        VC_CHECK (row->kind == SCRAPE_DAILY || row->kind == SCRAPE_TOTAL);
        if (row->kind == SCRAPE_DAILY)
            daily += row->value;
        else
            total += row->value;
    }
    //  10 025: the bulletin's domestic cases of that day (20-09's 8 668 are
    //  "1 357 fewer than the day before")
    VC_CHECK (daily == 10025);
    VC_CHECK (total == 685838);
    int64_t value = -1;
    VC_CHECK (scrape_result_find (result, HCM, day, SCRAPE_DAILY, &value) == 0 && value == 5496);
    VC_CHECK (scrape_result_find (result, HCM, day, SCRAPE_TOTAL, &value) == 0 && value == 337048);
    VC_CHECK (scrape_result_find (result, HANOI, day, SCRAPE_DAILY, &value) == 0 && value == 20);
    VC_CHECK (scrape_result_find (result, HANOI, day, SCRAPE_TOTAL, &value) == 0 && value == 4414);
    VC_CHECK (scrape_result_find (result, HUNGYEN, day, SCRAPE_DAILY, &value) == 0 && value == 1);
    VC_CHECK (scrape_result_find (result, CAOBANG, day, SCRAPE_TOTAL, &value) == 0 && value == 0);
    //  What was read and what was not
    VC_CHECK (s_has_note (result, "read: the 63 items of the top-level array"));
    VC_CHECK (s_has_note (result, "totals from 'total_case', new cases from 'new_case', "
                                  "dated by 'last_updated'"));
    VC_CHECK (s_has_note (result, "skipped: members not read:"));
    VC_CHECK (s_has_note (result, "'new_death'"));
    //  Accepted under the rules of the live source that reads this API
    char reason [256];
    scrape_sources_t *sources = scrape_sources_load (SOURCE_DATA_DIR "/sources.conf",
                                                     reason, sizeof reason);
    VC_CHECK (sources);
    const scrape_source_t *source = scrape_sources_find (sources, "ncsc-provinces");
    VC_CHECK (source && source->parser == SCRAPE_PARSER_FEED_JSON);
    VC_CHECK (strcmp (source->url, "https://covid19.ncsc.gov.vn/api/v3/covid/provinces") == 0);
    scrape_rules_t rules = { .min_provinces = source->min_provinces, .max_day = day + 1 };
    VC_CHECK (rules.min_provinces == 63);
    scrape_sources_destroy (&sources);
    VC_CHECK (scrape_validate (result, &rules, s_provinces, reason, sizeof reason) == 0);
    scrape_result_destroy (&result);

    //  An item without its own stamp, where every other carries one, is not
    //  dated by the others: it is left out, and the reply falls short of the
    //  63 provinces the portal always lists
    char *item = strstr (body, "\"name\":\"Hưng Yên\"");
    VC_CHECK (item);
    char *stamp = strstr (item, ",\"last_updated\":\"");
    VC_CHECK (stamp && stamp < strchr (item, '}'));
    char *end = strchr (stamp + 17, '"');
    VC_CHECK (end);
    memmove (stamp, end + 1, strlen (end + 1) + 1);
    result = VC_NEED (scrape_result_new ());
    page = (scrape_page_t) { body, strlen (body), NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == 0);
    VC_CHECK (scrape_result_provinces (result) == 62);
    VC_CHECK (scrape_result_find (result, HUNGYEN, day, SCRAPE_DAILY, &value) != 0);
    bool warned = false;
    for (size_t index = 0; index < scrape_result_warnings (result); index++)
        warned |= strstr (scrape_result_warning (result, index),
                          "Hưng Yên has no date with its year of its own: not read") != NULL;
    VC_CHECK (warned);
    VC_CHECK (scrape_validate (result, &rules, s_provinces, reason, sizeof reason) == -1);
    scrape_result_destroy (&result);
    free (body);
}

//  The portal's "/provinces?filter_type=case_by_time" reply of the same
//  evening: 63 series of cumulative cases by date keyed by the portal's own
//  ids ({"1": {"18/3/2020": 0, ... "19/9/2021": 4414}, ...}). The ids name no
//  province: refused, saying what the reply is.
static void
s_test_ncsc_series (void)
{
    size_t size;
    char *body = s_served ("real-feed-ncsc-case-by-time-2021-09-19.json", &size);
    VC_CHECK (strstr (body, "\"19/9/2021\":4414}"));        //  Hà Nội, id 1: its total_case
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    scrape_page_t page = { body, size, NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == -1);
    VC_CHECK (scrape_result_size (result) == 0);
    if (s_verbose)
        printf ("   ncsc case_by_time 19-09-2021: %s\n", scrape_result_error (result));
    VC_CHECK (strstr (scrape_result_error (result), "a series of counts by date ('18/3/2020', ...) "
                                                    "for each of 63 ids ('1', '2', '28', ...)"));
    VC_CHECK (strstr (scrape_result_error (result), "the portal's own province ids name no province"));
    scrape_result_destroy (&result);
    free (body);
}

//  The VnCDC dashboard's report of one province (Long An), as kept on
//  21-11-2021: {"report": [{"name": "Cộng đồng", "code": "local_case", "data":
//  [[1619675196000, 0], ...]}, ...], "max": 980}, five series of 197 days.
//  Its names are the series', and the province is only in the query: refused,
//  saying what the reply is (it was refused as "no date with its year"). A
//  long name is cut at a character's start, so the reason stays UTF-8.
static void
s_test_vncdc_report (void)
{
    size_t size;
    char *body = s_served ("real-feed-vncdc-report-epi-longan-2021-11-20.json", &size);
    VC_CHECK (strstr (body, "[1627796796000,207]"));        //  1-8-2021, community cases
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    scrape_page_t page = { body, size, NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == -1);
    VC_CHECK (scrape_result_size (result) == 0);
    if (s_verbose)
        printf ("   vncdc report-epi Long An: %s\n", scrape_result_error (result));
    VC_CHECK (strstr (scrape_result_error (result), "5 series of counts by time ('Cộng đồng', "
                                                    "'Khu cách ly, phong toả', 'Tử vong', ...) "
                                                    "of one place the reply does not name"));
    scrape_result_destroy (&result);

    //  The first name made 47 bytes long ("Cộng đồng " and 16 two-byte 'ư'):
    //  byte 40 is inside the 13th 'ư', so 12 are kept
    char *name = strstr (body, "\"Cộng đồng\"");
    VC_CHECK (name);
    char *longer = NULL;
    VC_CHECK (asprintf (&longer, "%.*s\"Cộng đồng ưưưưưưưưưưưưưưưư\"%s", (int) (name - body), body,
                        name + strlen ("\"Cộng đồng\"")) > 0);
    result = VC_NEED (scrape_result_new ());
    page = (scrape_page_t) { longer, strlen (longer), NULL, 20000 };
    VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == -1);
    const char *reason = scrape_result_error (result);
    VC_CHECK (strstr (reason, "5 series of counts by time ('Cộng đồng ưưưưưưưưưưưư', "));
    VC_CHECK (vc_utf8_valid (reason, strlen (reason)));
    scrape_result_destroy (&result);
    free (longer);
    free (body);
}

int
main (int argc, char **argv)
{
    s_verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    s_provinces = vc_provinces_new ();
    VC_CHECK (s_provinces);
    VC_CHECK (fixture_server_start (&s_server) == 0);
    s_fetch = scrape_fetch_new ();
    VC_CHECK (s_fetch);
    s_test_dated ();
    s_test_undated ();
    s_test_misspelt ();
    s_test_shared_counts ();
    s_test_bracketed_shares ();
    s_test_ellipsis ();
    s_test_announcements ();
    s_test_timeline_announcements ();
    s_test_partial_windows ();
    s_test_series_start ();
    s_test_part_then_day ();
    s_test_day_after_window ();
    s_test_change_in_brackets ();
    s_test_change_after_name ();
    s_test_bigstory_timeline ();
    s_test_bigstory_halves ();
    s_test_news_form ();
    s_test_change_twice ();
    s_test_title_year ();
    s_test_short_lists ();
    s_test_portal ();
    s_test_ncsc_api ();
    s_test_ncsc_series ();
    s_test_vncdc_report ();
    scrape_fetch_destroy (&s_fetch);
    fixture_server_stop (&s_server);
    vc_provinces_destroy (&s_provinces);
    printf ("scraper real-copy tests passed\n");
    return 0;
}
