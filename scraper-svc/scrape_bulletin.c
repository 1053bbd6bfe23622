/*  scrape_bulletin - the province lists inside a bulletin's prose (see
    scrape_bulletin.h).
*/
#include "scrape_bulletin.h"
#include "scrape_text.h"
#include "vc_check.h"
#include "vc_date.h"
#include "vc_province.h"
#include "vc_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_PAIRS        4096
#define COUNT_MAX_BYTES  48

//  Words, as vc_province_normalize writes them, that tell a list's meaning.
static const char *s_cumulative [] = { "tich luy", "den nay", "tu dau", "omicron",
                                       "dot dich nay", "cong don", NULL };
static const char *s_excluded [] = { "tu vong", "khoi benh", "ra vien", "xuat vien", "tiem",
                                     "vac xin", "vaccine", "tho may", "deaths", "so voi",
                                     "nhieu nhat", "cao nhat", NULL };
static const char *s_cases [] = { "nhiem moi", "mac moi", "ca moi", "ca mac", "ca nhiem",
                                  "ghi nhan", "so ca", "ca benh", "cu the", "phan bo", "new cases",
                                  NULL };
static const char *s_weak [] = { "cu the", NULL };

//  Leading words dropped from a name, and (agency form) trailing ones.
static const char *s_prefixes [] = { "v\xC3\xA0 ", "and ", "ti\xE1\xBA\xBFp \xC4\x91\xE1\xBA\xBFn l\xC3\xA0 ",
                                     "ti\xE1\xBA\xBFp theo l\xC3\xA0 ", "t\xE1\xBA\xA1i ",
                                     "c\xE1\xBB\xA5 th\xE1\xBB\x83 ", NULL };
static const char *s_suffixes [] = { " ghi nh\xE1\xBA\xAD" "n", " c\xC3\xB3", " v\xE1\xBB\x9Bi", NULL };
//  What may follow the names of a shared count ("Cần Thơ và Trà Vinh mỗi
//  tỉnh có 36 ca": each of them has 36), as vc_province_normalize writes
//  it; other wordings after "mỗi" or "đều" keep the name unreadable.
static const char *s_shares [] = { "moi tinh", "moi tinh co", "moi noi", "moi noi co",
                                   "moi dia phuong", "moi dia phuong co", "moi tinh thanh",
                                   "moi tinh thanh co", "moi thanh pho", "moi thanh pho co",
                                   "deu", "deu co", NULL };
//  A piece before a shared count that only leads into the list.
static const char *s_leads [] = { "cu the", "trong do", "gom", "trong so do", NULL };
#define SHARE_MAX 16            //  Names of one shared count, at most
#define SHARE_BRACKET_MAX 64    //  Bytes of "(mỗi địa phương 29 ca)", at most

//  Words allowed between two pairs of one list.
//  "trong nước ", after which a list's first name may follow without "tại"
#define S_DOMESTIC " trong n\xC6\xB0\xE1\xBB\x9B" "c "

static const char *s_joiners [] = { "ti\xE1\xBA\xBFp \xC4\x91\xE1\xBA\xBFn l\xC3\xA0",
                                    "ti\xE1\xBA\xBFp theo l\xC3\xA0", "v\xC3\xA0", "and", NULL };

//  Case-insensitive prefix test; the first letter may be upper case ASCII.
static size_t
s_starts (const char *text, const char *word)
{
    size_t length = strlen (word);
    if (tolower ((unsigned char) text [0]) != word [0] || strncmp (text + 1, word + 1, length - 1))
        return 0;
    return length;
}

//  A count with its change after it, "3.300-giảm gần 1/2 so với hôm qua",
//  "822 - giảm 60% so với hôm qua", "1.325-giảm 1.562 ca so với hôm qua"
//  (the Ministry's bulletins of early August 2021): the change is cut away,
//  leaving the count. Only a dash followed by "giảm" or "tăng" starts one;
//  "2.328-2.720" (patients' numbers) stays as it is, and is no count.
static void
s_cut_change (char *inner)
{
    static const char *changes [] = { "gi\xE1\xBA\xA3m", "t\xC4\x83ng", NULL };
    size_t count = strspn (inner, " 0123456789.");
    if (count == strspn (inner, " "))
        return;                 //  No digits before it
    size_t at = count;
    if (strncmp (inner + at, "ca ", 3) == 0)
        at += 2 + strspn (inner + at + 2, " ");       //  "822 ca - giảm ..."
    if (inner [at] == '-')
        at++;
    else
    if (strncmp (inner + at, "\xE2\x80\x93", 3) == 0)
        at += 3;                //  An en dash
    else
        return;
    at += strspn (inner + at, " ");
    for (const char **change = changes; *change; change++)
        if (strncmp (inner + at, *change, strlen (*change)) == 0
        && (inner [at + strlen (*change)] == ' ' || inner [at + strlen (*change)] == 0)) {
            inner [count] = 0;
            return;
        }
}

//  Read the count inside "(...)" at open; 0 with *value, -1 if not a count.
static int
s_bracket_count (const char *text, size_t open, size_t *close, int64_t *value)
{
    //  Look no further than a count can be: "((((..." stays linear
    size_t span = strnlen (text + open + 1, COUNT_MAX_BYTES);
    const char *end = (const char *) memchr (text + open + 1, ')', span);
    if (!end)
        return -1;
    size_t length = (size_t) (end - (text + open) - 1);
    char inner [COUNT_MAX_BYTES + 1];
    memcpy (inner, text + open + 1, length);
    inner [length] = 0;
    if (strpbrk (inner, "(\n"))
        return -1;
    s_cut_change (inner);
    //  The count is the leading token: "1.270", "8 ", "1.270 ca, trong đó ..."
    size_t token = strspn (inner, " +-0123456789.,");
    while (strncmp (inner + token, "\xE2\x88\x92", 3) == 0)
        token += 3 + strspn (inner + token + 3, "0123456789.,");
    while (token && (inner [token - 1] == ',' || inner [token - 1] == ' '))
        token--;
    if (inner [token] && inner [token] != ' ' && inner [token] != ',')
        return -1;
    inner [token] = 0;
    *close = (size_t) (end - text) + 1;
    return scrape_text_count (inner, value) == 0? 0: -1;
}

//  Cut the name that ends at end; false if it cannot be a province name.
static bool
s_name_before (const char *text, size_t end, bool agency, scrape_bulletin_pair_t *pair)
{
    size_t start = end;
    size_t limit = end > SCRAPE_BULLETIN_LEAD_MAX? end - SCRAPE_BULLETIN_LEAD_MAX: 0;
    while (start > limit && !strchr (",;:()\n", text [start - 1]))
        start--;                //  Bounded: a long run without separators is no name
    pair->segment = start;
    //  A sentence end inside the segment starts the name, but "TP. " does not.
    for (size_t dot = start; dot + 1 < end; dot++)
        if (text [dot] == '.' && text [dot + 1] == ' '
        && !(dot >= start + 2 && strncasecmp (text + dot - 2, "tp", 2) == 0))
            start = dot + 2;
    //  "... biến thể Omicron tại TP.HCM (97)": the name follows the last "tại"
    //  (or "gồm": "2.296 ca ghi nhận trong nước gồm TP.HCM 1.797 ca")
    for (size_t at = start; at + 5 < end; at++)
        if (strncmp (text + at, " t\xE1\xBA\xA1i ", 6) == 0)
            start = at + 6;
        else
        if (strncmp (text + at, " g\xE1\xBB\x93m ", 7) == 0)
            start = at + 7;
        else
        if (strncmp (text + at, " v\xC3\xA0 ", 5) == 0 || strncmp (text + at, " l\xC3\xA0 ", 5) == 0)
            start = at + 5;             //  "... 938 ca và Lai Châu 5 ca", "... này là TP. HCM (1)"
        else
        if (strncmp (text + at, S_DOMESTIC, strlen (S_DOMESTIC)) == 0)
            start = at + strlen (S_DOMESTIC);   //  "7.618 ca ghi nhận trong nước TP. Hồ Chí Minh (3.300)"
    while (start < end && text [start] == ' ')
        start++;
    for (const char **prefix = s_prefixes; *prefix; prefix++)
        start += s_starts (text + start, *prefix);
    while (end > start && text [end - 1] == ' ')
        end--;
    for (const char **suffix = s_suffixes; agency && *suffix; suffix++) {
        size_t length = strlen (*suffix);
        if (end >= start + length && strncmp (text + end - length, *suffix, length) == 0)
            end -= length;
    }
    if (end == start || end - start > SCRAPE_BULLETIN_NAME_MAX)
        return false;
    for (size_t index = start; index < end; index++)
        if (isdigit ((unsigned char) text [index]))
            return false;
    pair->name_at = start;
    memcpy (pair->name, text + start, end - start);
    pair->name [end - start] = 0;
    return true;
}

static size_t s_bracket_shared_pairs (scrape_bulletin_t *self, size_t open);

static void
s_bracket_pairs (scrape_bulletin_t *self)
{
    const char *text = self->text;
    const char *closing = text;           //  The first ')' after the last '('
    for (const char *open = strchr (text, '('); open && self->pair_count < MAX_PAIRS;
         open = strchr (open + 1, '(')) {
        if (closing && closing < open)
            closing = strchr (open, ')');
        if (!closing)
            break;
        size_t offset = (size_t) (open - text);
        if (closing - open > COUNT_MAX_BYTES) {
            if (closing - open <= SHARE_BRACKET_MAX)
                s_bracket_shared_pairs (self, offset);
            continue;           //  No count can be this long: "((((..." stays linear
        }
        scrape_bulletin_pair_t *pair = &self->pairs [self->pair_count];
        pair->shared = pair->worded = false;
        if (s_bracket_count (text, offset, &pair->close, &pair->value) == 0
        &&  s_name_before (text, offset, false, pair))
            self->pair_count++;
        else
            s_bracket_shared_pairs (self, offset);
    }
}

//  "N ca" at offset followed by a separator: 0 with the value, else -1.
static int
s_agency_count (const char *text, size_t offset, size_t *close, int64_t *value)
{
    size_t length = strspn (text + offset, "0123456789.");
    const char *after = text + offset + length + 3;
    if (length == 0 || length >= COUNT_MAX_BYTES || strncmp (text + offset + length, " ca", 3)
    || !(strchr (",.;\n", *after) || strncmp (after, " v\xC3\xA0 ", 5) == 0))
        return -1;
    char number [COUNT_MAX_BYTES];
    memcpy (number, text + offset, length);
    number [length] = 0;
    *close = offset + length + 3;
    return scrape_text_count (number, value) == 0? 0: -1;
}

//  True if text [from, to) folds to one of words.
static bool
s_folds_to (const char *text, size_t from, size_t to, const char **words)
{
    char piece [SCRAPE_BULLETIN_LEAD_MAX + 1], normal [2 * SCRAPE_BULLETIN_LEAD_MAX];
    if (to <= from || to - from > SCRAPE_BULLETIN_LEAD_MAX)
        return false;
    memcpy (piece, text + from, to - from);
    piece [to - from] = 0;
    vc_province_normalize (piece, normal, sizeof normal);
    for (; *words; words++)
        if (strcmp (normal, *words) == 0)
            return true;
    return false;
}

//  Where the shared-count words before end start ("... Trà Vinh| mỗi tỉnh
//  có"), within [from, end); 0 if there are none.
static size_t
s_share_at (const char *text, size_t from, size_t end)
{
    static const char *marks [] = { " m\xE1\xBB\x97i ", " \xC4\x91\xE1\xBB\x81u", NULL };
    size_t found = 0;
    for (size_t at = from; at < end; at++)
        for (const char **mark = marks; *mark; mark++)
            if (strncmp (text + at, *mark, strlen (*mark)) == 0)
                found = at;
    if (found && s_folds_to (text, found, end, s_shares))
        return found;
    return 0;
}

//  Start of the name piece that ends at end: after the last separator,
//  sentence end (not "TP. "), "tại" or "gồm"; *stop when anything but a
//  comma comes before it.
static size_t
s_piece_start (const char *text, size_t floor, size_t end, bool *stop)
{
    size_t start = end;
    while (start > floor && !strchr (",;:()\n", text [start - 1]))
        start--;
    *stop = start == floor || text [start - 1] != ',';
    for (size_t at = start; at + 1 < end; at++) {
        size_t cut = 0;
        if (text [at] == '.' && text [at + 1] == ' '
        && !(at >= start + 2 && strncasecmp (text + at - 2, "tp", 2) == 0))
            cut = at + 2;
        else
        if (strncmp (text + at, " t\xE1\xBA\xA1i ", 6) == 0)
            cut = at + 6;
        else
        if (strncmp (text + at, " g\xE1\xBB\x93m ", 7) == 0)
            cut = at + 7;
        if (cut && cut <= end) {
            start = cut;
            *stop = true;
        }
    }
    return start;
}

//  True if text [from, to) has a digit.
static bool
s_has_digit (const char *text, size_t from, size_t to)
{
    for (size_t index = from; index < to; index++)
        if (isdigit ((unsigned char) text [index]))
            return true;
    return false;
}

//  One name of a shared count, trimmed, into pair; a name that cannot be
//  one (too long, empty) is kept as it is written so that it names no
//  province and the list is refused.
static void
s_share_name (const char *text, size_t from, size_t to, scrape_bulletin_pair_t *pair)
{
    while (from < to && text [from] == ' ')
        from++;
    for (const char **prefix = s_prefixes; *prefix; prefix++)
        from += s_starts (text + from, *prefix);
    while (to > from && text [to - 1] == ' ')
        to--;
    size_t length = vc_text_utf8_fit (text + from, to - from, SCRAPE_BULLETIN_NAME_MAX);
    pair->name_at = from;
    memcpy (pair->name, text + from, length);
    pair->name [length] = 0;
}

//  The names of a shared count that end at names_end, in the piece that
//  starts at segment (stop: nothing but a comma may come before it), one
//  pair each with value; the names go back over commas to limit. Returns
//  the pairs added.
static size_t
s_shared_names (scrape_bulletin_t *self, size_t limit, size_t segment, bool stop,
                size_t names_end, size_t close, int64_t value)
{
    const char *text = self->text;
    size_t end = names_end;
    while (end > segment && text [end - 1] == ' ')
        end--;
    //  The names, right to left: "Gia Lai", "Quảng Trị", then "Quảng Nam"
    size_t from [SHARE_MAX], to [SHARE_MAX], count = 0;
    size_t piece_end = names_end, piece = segment;
    bool overflow = false;
    while (!overflow) {
        size_t right = piece_end;
        for (size_t at = piece_end; at > piece && !overflow; at--) {
            size_t word = at - 1;       //  " và " splits a piece
            if (word + 5 > right || strncmp (text + word, " v\xC3\xA0 ", 5))
                continue;
            overflow = count == SHARE_MAX;
            if (!overflow) {
                from [count] = word + 5;
                to [count++] = right;
                right = word;
            }
        }
        overflow |= count == SHARE_MAX;
        if (overflow)
            break;
        from [count] = piece;
        to [count++] = right;
        if (stop)
            break;
        //  A bare name before the comma belongs to the same count
        bool before_stop;
        size_t before = s_piece_start (text, limit, piece - 1, &before_stop);
        if (before == piece - 1 || s_has_digit (text, before, piece - 1)
        ||  s_folds_to (text, before, piece - 1, s_leads))
            break;
        piece_end = piece - 1;
        piece = before;
        stop = before_stop;
    }
    if (overflow)
        count = 1;              //  One unreadable name: the list is refused
    if (self->pair_count + count > MAX_PAIRS)
        return 0;
    for (size_t index = 0; index < count; index++) {
        size_t at = count - 1 - index;              //  Left to right
        scrape_bulletin_pair_t *pair = &self->pairs [self->pair_count + index];
        pair->segment = segment;
        s_share_name (text, from [at], to [at], pair);
        if (overflow)
            s_share_name (text, segment, end, pair);
        pair->close = at == 0? close: to [at];
        pair->value = value;
        pair->shared = true;
        pair->worded = false;
    }
    self->pair_count += count;
    return count;
}

//  "Cần Thơ và Trà Vinh mỗi tỉnh có 36 ca", "Quảng Nam, Quảng Trị và Gia
//  Lai mỗi tỉnh 3 ca": one pair per name, each with the count. The names
//  go back over commas to the previous pair (floor) or to whatever leads
//  into the list. Returns the pairs added, 0 if the count is not shared.
static size_t
s_shared_pairs (scrape_bulletin_t *self, size_t floor, size_t number, size_t close, int64_t value)
{
    const char *text = self->text;
    size_t end = number;
    while (end > floor && text [end - 1] == ' ')
        end--;
    size_t limit = end > floor + SCRAPE_BULLETIN_LEAD_MAX? end - SCRAPE_BULLETIN_LEAD_MAX: floor;
    bool stop;
    size_t segment = s_piece_start (text, limit, end, &stop);
    size_t share = s_share_at (text, segment, end);
    if (!share)
        return 0;
    return s_shared_names (self, limit, segment, stop, share, close, value);
}

//  A shared count inside the brackets after the names: "Tuyên Quang, Nam
//  Định (mỗi địa phương 29 ca)" (dantocmiennui.vn, 2021). The words before
//  the count must be one of the shared-count wordings, "ca" may follow it.
//  0 with the count and the offset after ')', -1 if it is not one.
static int
s_bracket_share (const char *text, size_t open, size_t *close, int64_t *value)
{
    size_t span = strnlen (text + open + 1, SHARE_BRACKET_MAX);
    const char *end = (const char *) memchr (text + open + 1, ')', span);
    if (!end || memchr (text + open + 1, '\n', (size_t) (end - text) - open - 1))
        return -1;
    size_t last = (size_t) (end - text);
    while (last > open + 1 && text [last - 1] == ' ')
        last--;
    if (last >= open + 4 && strncmp (text + last - 3, " ca", 3) == 0)
        last -= 3;
    size_t number = last;
    while (number > open + 1 && strchr ("0123456789.", text [number - 1]))
        number--;
    if (number == last || last - number >= COUNT_MAX_BYTES || text [number - 1] != ' '
    ||  !s_folds_to (text, open + 1, number - 1, s_shares))
        return -1;
    char digits [COUNT_MAX_BYTES];
    memcpy (digits, text + number, last - number);
    digits [last - number] = 0;
    *close = (size_t) (end - text) + 1;
    return scrape_text_count (digits, value) == 0? 0: -1;
}

//  The pairs of a shared count in brackets at open (see s_bracket_share);
//  the names go back over commas to the previous pair. 0 if there is none.
static size_t
s_bracket_shared_pairs (scrape_bulletin_t *self, size_t open)
{
    const char *text = self->text;
    size_t close;
    int64_t value;
    if (s_bracket_share (text, open, &close, &value))
        return 0;
    size_t floor = self->pair_count? self->pairs [self->pair_count - 1].close: 0;
    size_t end = open;
    while (end > floor && text [end - 1] == ' ')
        end--;
    size_t limit = end > floor + SCRAPE_BULLETIN_LEAD_MAX? end - SCRAPE_BULLETIN_LEAD_MAX: floor;
    bool stop;
    size_t segment = s_piece_start (text, limit, end, &stop);
    if (segment == end)
        return 0;
    return s_shared_names (self, limit, segment, stop, end, close, value);
}

static void
s_agency_pairs (scrape_bulletin_t *self)
{
    const char *text = self->text;
    size_t offset = 1;
    while (text [0] && text [offset] && self->pair_count < MAX_PAIRS) {
        if (!isdigit ((unsigned char) text [offset]) || text [offset - 1] != ' ') {
            offset++;
            continue;
        }
        scrape_bulletin_pair_t *pair = &self->pairs [self->pair_count];
        size_t floor = self->pair_count? self->pairs [self->pair_count - 1].close: 0;
        size_t close;
        int64_t value;
        if (s_agency_count (text, offset, &close, &value) == 0
        &&  !s_shared_pairs (self, floor, offset, close, value)
        &&  s_name_before (text, offset, true, pair)) {
            pair->close = close;
            pair->value = value;
            pair->shared = pair->worded = false;
            self->pair_count++;
        }
        offset += strspn (text + offset, "0123456789.");
    }
}

//  True if only separators (or "Tiếp đến là") lie between two pairs. A full
//  stop joins only across a line break: a list split over paragraphs.
static bool
s_continues (const char *text, size_t from, size_t to)
{
    bool stop = false, line = false, joined = false;
    for (size_t index = from; index < to;) {
        char c = text [index];
        size_t length = 0;
        for (const char **joiner = s_joiners; *joiner && !length; joiner++)
            length = s_starts (text + index, *joiner);
        if (length) {
            joined = true;
            index += length;
        }
        else
        if (strchr (" ,;.\n", c)) {
            stop |= c == '.';
            line |= c == '\n';
            index++;
        }
        else
            return false;
    }
    return !stop || line || joined;
}

//  "Trong đó " (and "trong đó "), which leads a count in words into a list
#define S_AMONG "trong \xC4\x91\xC3\xB3 "
//  " là ", and the units of a count in words: " người", " ca"
#define S_IS " l\xC3\xA0 "
static const char *s_units [] = { " ng\xC6\xB0\xE1\xBB\x9Di", " ca", NULL };

//  The count of a count in words that ends at end ("3.886" + " người"):
//  0 with its value and where it starts, -1 if there is none.
static int
s_worded_count (const char *text, size_t floor, size_t end, size_t *start, int64_t *value)
{
    size_t unit = 0;
    for (const char **word = s_units; *word && !unit; word++) {
        size_t length = strlen (*word);
        if (end >= floor + length && strncmp (text + end - length, *word, length) == 0)
            unit = length;
    }
    if (!unit)
        return -1;
    size_t to = end - unit, from = to;
    while (from > floor && to - from < COUNT_MAX_BYTES && strchr ("0123456789.", text [from - 1]))
        from--;
    if (from == to || to - from >= COUNT_MAX_BYTES)
        return -1;
    char number [COUNT_MAX_BYTES];
    memcpy (number, text + from, to - from);
    number [to - from] = 0;
    *start = from;
    return scrape_text_count (number, value);
}

//  A count in words right before the pair at next ("Trong đó TP.HCM là
//  3.886 người, Bình Dương (822 - ...), ...", vtc.vn 05-08-2021): after
//  floor, "Trong đó <name> là <count> người|ca," and nothing else. True
//  with the pair; its name is checked as any other.
static bool
s_worded_pair (const char *text, size_t floor, size_t next, scrape_bulletin_pair_t *pair)
{
    size_t end = next;
    while (end > floor && text [end - 1] == ' ')
        end--;
    if (end == floor || text [end - 1] != ',')
        return false;
    end--;
    size_t number;
    int64_t value;
    size_t is = strlen (S_IS), among = strlen (S_AMONG);
    if (s_worded_count (text, floor, end, &number, &value)
    ||  number < floor + is || strncmp (text + number - is, S_IS, is))
        return false;
    size_t name_end = number - is, start = name_end;
    while (start > floor && name_end - start <= SCRAPE_BULLETIN_NAME_MAX + among
       &&  !strchr (",;:()\n", text [start - 1]))
        start--;
    //  "Trong đó" opens the piece: at a sentence, line or clause start
    size_t name_at = 0;
    for (size_t at = start; at + among < name_end && !name_at; at++)
        if (s_starts (text + at, S_AMONG)
        &&  (at == 0 || text [at - 1] == '\n'
             || (at >= 2 && text [at - 1] == ' ' && (text [at - 2] == '.' || text [at - 2] == ','))))
            name_at = at + among;
    if (!name_at || name_at >= name_end || name_end - name_at > SCRAPE_BULLETIN_NAME_MAX
    ||  s_has_digit (text, name_at, name_end))
        return false;
    *pair = (scrape_bulletin_pair_t) { .segment = start, .name_at = name_at, .close = end,
                                .value = value, .worded = true };
    memcpy (pair->name, text + name_at, name_end - name_at);
    pair->name [name_end - name_at] = 0;
    return true;
}

//  Each list of pairs in brackets opened by a count in words gets that
//  count as its first pair (see s_worded_pair).
static void
s_worded_pairs (scrape_bulletin_t *self)
{
    for (size_t index = 0; index < self->pair_count && self->pair_count < MAX_PAIRS; index++) {
        scrape_bulletin_pair_t *pair = &self->pairs [index];
        size_t floor = index? self->pairs [index - 1].close: 0;
        if (pair->shared || (index && s_continues (self->text, floor, pair->name_at)))
            continue;
        scrape_bulletin_pair_t worded;
        if (!s_worded_pair (self->text, floor, pair->name_at, &worded))
            continue;
        memmove (pair + 1, pair, (self->pair_count - index) * sizeof *pair);
        *pair = worded;
        self->pair_count++;
        index++;
    }
}

//  Offset just after the last of words in normal; 0 if none is there.
static size_t
s_last_word (const char *normal, const char **words)
{
    size_t last = 0;
    for (; *words; words++)
        for (const char *at = strstr (normal, *words); at; at = strstr (at + 1, *words)) {
            size_t end = (size_t) (at - normal) + strlen (*words);
            bool whole = (at == normal || at [-1] == ' ') && (!normal [end] || normal [end] == ' ');
            if (whole && end > last)
                last = end;     //  Whole words: "cong don" is not "cong dong"
        }
    return last;
}

//  The lead-in: the sentence before the list (the one before it too when the
//  list starts a sentence of its own, as "Cụ thể: ..." or "Hà Nội ghi nhận").
static size_t
s_lead_start (const char *text, size_t from, size_t to)
{
    size_t limit = to > from + SCRAPE_BULLETIN_LEAD_MAX? to - SCRAPE_BULLETIN_LEAD_MAX: from;
    size_t start = to;
    for (int sentences = 0; sentences < 2 && start > limit; sentences++) {
        size_t index = start;
        while (index > limit && strchr (" .\n", text [index - 1]))
            index--;
        while (index > limit && text [index - 1] != '\n'
           && !(text [index - 1] == ' ' && index >= 2 && text [index - 2] == '.'))
            index--;
        start = index;
        size_t words = 0;
        for (size_t at = start; at < to; at++)
            words += text [at] == ' ';
        if (words > 3)
            break;
    }
    while (start < to && ((unsigned char) text [start] & 0xC0) == 0x80)
        start++;                //  Never start inside a UTF-8 sequence
    return start;
}

//  The lead-in with what stands in brackets blanked out.
static void
s_unbracket (const char *lead, char *plain)
{
    int depth = 0;
    size_t index = 0;
    for (; lead [index]; index++) {
        depth += lead [index] == '(';
        plain [index] = depth? ' ': lead [index];
        if (lead [index] == ')' && depth > 0)
            depth--;
    }
    plain [index] = 0;
}

//  The change of a stated total after it, ", giảm 379 ca so với hôm qua."
//  (vtc.vn, 05-08-2021), blanked out of plain: it is about that total, as
//  the same change in brackets is, and says nothing of the list after it.
//  Only a clause that is exactly a comma, "giảm" or "tăng", a number, "ca
//  so với" and words up to a full stop.
static void
s_unchange (char *plain)
{
    static const char *changes [] = { ", gi\xE1\xBA\xA3m ", ", t\xC4\x83ng ", NULL };
    const char *compared = " ca so v\xE1\xBB\x9Bi ";
    for (const char **change = changes; *change; change++)
        for (char *at = strstr (plain, *change); at; at = strstr (at + 1, *change)) {
            char *number = at + strlen (*change);
            size_t digits = strspn (number, "0123456789.");
            if (!digits || strncmp (number + digits, compared, strlen (compared)))
                continue;
            char *words = number + digits + strlen (compared);
            char *stop = words + strcspn (words, ".,;:()\n");
            if (*stop != '.')
                continue;
            memset (at, ' ', (size_t) (stop - at));
        }
}

static void
s_classify (const char *text, size_t from, size_t to, scrape_bulletin_list_t *list)
{
    size_t start = s_lead_start (text, from, to);
    char lead [SCRAPE_BULLETIN_LEAD_MAX + 1];
    memcpy (lead, text + start, to - start);
    lead [to - start] = 0;
    char normal [2 * SCRAPE_BULLETIN_LEAD_MAX];
    vc_province_normalize (lead, normal, sizeof normal);
    //  Cumulative wording anywhere wins; else the word nearest the list,
    //  outside brackets: "8.385 ca ghi nhận trong nước (giảm 938 ca so với
    //  hôm qua) tại" leads into new cases, not changes
    char plain [SCRAPE_BULLETIN_LEAD_MAX + 1], plain_normal [2 * SCRAPE_BULLETIN_LEAD_MAX];
    s_unbracket (lead, plain);
    s_unchange (plain);
    vc_province_normalize (plain, plain_normal, sizeof plain_normal);
    size_t excluded = s_last_word (plain_normal, s_excluded);
    size_t cases = s_last_word (plain_normal, s_cases);
    list->kind = s_last_word (normal, s_cumulative)? SCRAPE_BULLETIN_LIST_CUMULATIVE
               : cases > excluded? SCRAPE_BULLETIN_LIST_CASES
               : excluded? SCRAPE_BULLETIN_LIST_EXCLUDED: SCRAPE_BULLETIN_LIST_OTHER;
    //  "Cụ thể:" alone says nothing of what the figures are
    list->weak = list->kind == SCRAPE_BULLETIN_LIST_CASES && s_last_word (plain_normal, s_weak) == cases;
    //  Keep the last words of the lead-in (whole UTF-8 characters) for notes
    scrape_text_squash (lead);
    size_t length = strlen (lead), keep = sizeof list->lead - 1;
    size_t cut = length > keep? length - keep: 0;
    while (cut > 0 && cut < length && lead [cut - 1] != ' ')
        cut++;                  //  Whole words only
    vc_text_copy (list->lead, sizeof list->lead, lead + cut);
}

static void
s_group (scrape_bulletin_t *self)
{
    self->list_count = 0;
    for (size_t index = 0; index < self->pair_count; index++) {
        scrape_bulletin_pair_t *pair = &self->pairs [index];
        if (index > 0 && s_continues (self->text, self->pairs [index - 1].close, pair->name_at)) {
            self->lists [self->list_count - 1].count++;
            continue;
        }
        scrape_bulletin_list_t *list = &self->lists [self->list_count++];
        *list = (scrape_bulletin_list_t) { .first = index, .count = 1 };
        size_t from = index > 0? self->pairs [index - 1].close: 0;
        s_classify (self->text, from, pair->name_at, list);
        //  A count in words opening it: usable only with a stated total
        list->weak |= list->kind == SCRAPE_BULLETIN_LIST_CASES && pair->worded;
    }
}

//  True if a list is of new cases; with brackets, only a list that has a
//  "Name (count)" pair counts (not one of shared counts alone).
static bool
s_has_cases (const scrape_bulletin_t *self, bool brackets)
{
    for (size_t index = 0; index < self->list_count; index++) {
        const scrape_bulletin_list_t *list = &self->lists [index];
        bool bracket = !brackets;
        for (size_t pair = list->first; pair < list->first + list->count && !bracket; pair++)
            bracket = !self->pairs [pair].shared;
        if (list->kind == SCRAPE_BULLETIN_LIST_CASES && bracket)
            return true;
    }
    return false;
}

//  The Ministry's pairs, with the shared counts that reprints write among
//  them ("Thái Bình (32), Tuyên Quang, Nam Định mỗi nơi 29 ca, Lạng Sơn
//  (28)"), in the order of the text; scratch holds MAX_PAIRS pairs.
static void
s_bracket_scan (scrape_bulletin_t *self, scrape_bulletin_pair_t *scratch)
{
    self->pair_count = 0;
    s_bracket_pairs (self);
    scrape_bulletin_t agency = { .text = self->text, .pairs = scratch };
    s_agency_pairs (&agency);
    size_t brackets = self->pair_count, shared = 0;
    for (size_t index = 0; index < agency.pair_count; index++)
        if (scratch [index].shared)
            scratch [shared++] = scratch [index];
    if (shared && brackets + shared <= MAX_PAIRS) {
        //  Merge from the end: both runs are in the order of the text
        size_t left = brackets, right = shared, out = brackets + shared;
        while (right > 0) {
            if (left > 0 && self->pairs [left - 1].name_at > scratch [right - 1].name_at)
                self->pairs [--out] = self->pairs [--left];
            else
                self->pairs [--out] = scratch [--right];
        }
        self->pair_count = brackets + shared;
    }
    s_worded_pairs (self);
    s_group (self);
}

scrape_bulletin_t *
scrape_bulletin_new (const char *text)
{
    scrape_bulletin_t *self = (scrape_bulletin_t *) calloc (1, sizeof (scrape_bulletin_t));
    if (!self)
        return NULL;
    self->text = text;
    self->pairs = (scrape_bulletin_pair_t *) calloc (MAX_PAIRS, sizeof (scrape_bulletin_pair_t));
    self->lists = (scrape_bulletin_list_t *) calloc (MAX_PAIRS, sizeof (scrape_bulletin_list_t));
    scrape_bulletin_pair_t *scratch = (scrape_bulletin_pair_t *) calloc (MAX_PAIRS, sizeof (scrape_bulletin_pair_t));
    if (!self->pairs || !self->lists || !scratch) {
        free (scratch);
        scrape_bulletin_destroy (&self);
        return NULL;
    }
    s_bracket_scan (self, scratch);
    if (!s_has_cases (self, true)) {
        scrape_bulletin_t agency = { .text = text, .pairs = self->pairs, .lists = self->lists };
        s_agency_pairs (&agency);
        s_group (&agency);
        if (s_has_cases (&agency, false)) {
            self->pair_count = agency.pair_count;
            self->list_count = agency.list_count;
            self->agency = true;
        }
        else                    //  Back to the bracket pairs for the notes
            s_bracket_scan (self, scratch);
    }
    free (scratch);
    return self;
}

void
scrape_bulletin_destroy (scrape_bulletin_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free ((*self_p)->pairs);
    free ((*self_p)->lists);
    free (*self_p);
    *self_p = NULL;
}

//  The number written right before offset ("3.159 " + "ca ..."); -1 if none.
static int64_t
s_number_before (const char *text, size_t from, size_t end)
{
    size_t start = end;
    while (start > from && strchr ("0123456789.", text [start - 1]))
        start--;
    if (start == end || (start > from && text [start - 1] != ' ' && text [start - 1] != '\n'))
        return -1;
    char number [COUNT_MAX_BYTES];
    if (end - start >= sizeof number)
        return -1;
    memcpy (number, text + start, end - start);
    number [end - start] = 0;
    int64_t value;
    return scrape_text_count (number, &value) == 0 && value >= 0? value: -1;
}

int64_t
scrape_bulletin_stated_provinces (const char *text, size_t from, size_t to)
{
    int64_t stated = -1;
    for (size_t index = from; index + 4 < to; index++) {
        size_t length = s_starts (text + index, "t\xE1\xBA\xA1i ");
        if (!length || (index > from && isalpha ((unsigned char) text [index - 1])))
            continue;
        size_t digits = strspn (text + index + length, "0123456789");
        if (digits && digits < 4 && s_starts (text + index + length + digits, " t\xE1\xBB\x89nh"))
            stated = atoi (text + index + length);
    }
    return stated;
}

int64_t
scrape_bulletin_stated_sum (const char *text, size_t from, size_t to)
{
    const char *word = "trong n\xC6\xB0\xE1\xBB\x9B" "c";
    size_t length = strlen (word);
    int64_t stated = -1;
    //  The statement nearest the list wins: "2.635 ca ghi nhận trong nước"
    //  of the evening, then "Trong ngày 20/7 ... 4.789 ca ghi nhận trong
    //  nước tại" before the day's list
    for (size_t index = from; index + length <= to; index++) {
        if (strncmp (text + index, word, length))
            continue;
        //  The nearest " ca " before it, within a few words, after a number
        size_t limit = index > from + 48? index - 48: from;
        for (size_t at = index; at > limit; at--)
            if (strncmp (text + at - 1, " ca ", 4) == 0) {
                int64_t value = s_number_before (text, from, at - 1);
                if (value >= 0)
                    stated = value;
                break;
            }
    }
    return stated;
}

bool
scrape_bulletin_patients (const char *text, size_t from, size_t to, char *range, size_t size)
{
    for (size_t index = from; index + 3 <= to; index++) {
        if (strncmp (text + index, "BN", 2)
        ||  (index > from && isalnum ((unsigned char) text [index - 1])))
            continue;
        size_t at = index + 2;
        at += text [at] == ' ' && at + 1 < to? 1: 0;
        if (at >= to || !isdigit ((unsigned char) text [at]))
            continue;
        size_t end = at + strspn (text + at, "0123456789 -BN");
        while (end > index && (text [end - 1] == ' ' || text [end - 1] == '-'))
            end--;
        if (end > to)
            end = to;
        snprintf (range, size, "%.*s", (int) (end - index), text + index);
        return true;
    }
    return false;
}

//  A time of day at text: "16h", "18h30", "6h 30", "17:00", "16 giờ"; its
//  minutes into *minutes and the length read, or 0 if there is none.
static size_t
s_clock (const char *text, int *minutes)
{
    size_t digits = strspn (text, "0123456789");
    if (digits < 1 || digits > 2 || atoi (text) > 24)
        return 0;
    size_t at = digits, unit = 0;
    if (text [at] == 'h' || text [at] == 'H' || text [at] == ':')
        unit = 1;
    else
        unit = s_starts (text + at, " gi\xE1\xBB\x9D");
    if (!unit)
        return 0;
    at += unit;
    size_t skip = text [at] == ' ' && text [digits] != ':'? 1: 0;
    int past = 0;
    if (strspn (text + at + skip, "0123456789") == 2 && !isdigit ((unsigned char) text [at + skip + 2])) {
        past = atoi (text + at + skip);
        at += skip + 2;
    }
    else
    if (text [digits] == ':' || isalpha ((unsigned char) text [at]))
        return 0;               //  "17:" alone, or "16ha"
    if (past > 59)
        return 0;
    *minutes = atoi (text) * 60 + past;
    return at;
}

//  A part of the day after a time of day, "sáng", "trưa", "chiều", "tối",
//  "đêm", with "nay" (today) or "qua" (yesterday) after it or not ("6 giờ
//  sáng", "19 giờ 30 tối nay"): the length read, or 0 if there is none. An
//  hour before noon in the afternoon or evening ("7 giờ tối") is moved on
//  by 12 hours, and one of yesterday back by a day.
static size_t
s_part_of_day (const char *text, int *minutes)
{
    static const char *parts [] = { " s\xC3\xA1ng", " tr\xC6\xB0""a", " chi\xE1\xBB\x81u",
                                    " t\xE1\xBB\x91i", " \xC4\x91\xC3\xAAm", NULL };
    for (const char **part = parts; *part; part++) {
        size_t at = s_starts (text, *part);
        if (!at || isalpha ((unsigned char) text [at]) || (unsigned char) text [at] >= 0x80)
            continue;
        bool late = part - parts == 2 || part - parts == 3;
        if (late && *minutes < 12 * 60)
            *minutes += 12 * 60;
        size_t today = s_starts (text + at, " nay");
        size_t yesterday = today? 0: s_starts (text + at, " qua");
        size_t when = today + yesterday;
        if (when && !isalpha ((unsigned char) text [at + when])) {
            at += when;
            if (yesterday)
                *minutes -= 24 * 60;    //  "18 giờ tối qua": the day before
        }
        return at;
    }
    return 0;
}

//  " ngày 14/12" (or "14-12", with or without the year) after a time of
//  day; the length read, or 0 if there is none.
static size_t
s_clock_day (const char *text, int *mday, int *month)
{
    size_t at = s_starts (text, " ng\xC3\xA0y ");
    if (!at)
        return 0;
    char *end;
    long day = strtol (text + at, &end, 10);
    if (end == text + at || !*end || !strchr ("/-.", *end) || !isdigit ((unsigned char) end [1]))
        return 0;
    long mon = strtol (end + 1, &end, 10);
    if (*end && strchr ("/-.", *end) && isdigit ((unsigned char) end [1]))
        strtol (end + 1, &end, 10);
    *mday = (int) day;
    *month = (int) mon;
    return (size_t) (end - text);
}

//  The minutes between two times of day of year, the second on the next
//  day when the days are consecutive; 0 when the days make no sense.
static int
s_span (int year, int from, int from_mday, int from_month, int to, int to_mday, int to_month)
{
    vc_day_t first = 0, last = 0;
    if (from_mday) {
        if (vc_date_from_ymd (year, from_month, from_mday, &first)
        ||  vc_date_from_ymd (to_month < from_month? year + 1: year, to_month, to_mday, &last))
            return 0;
    }
    return (int) (last - first) * 24 * 60 + to - from;
}

int
scrape_bulletin_window_minutes (const char *text, size_t from, size_t to, int year)
{
    int window = -1;
    for (size_t index = from; index + 8 < to; index++) {
        if (index > from && isalpha ((unsigned char) text [index - 1]))
            continue;
        //  "Trong ngày 20/7 có 4.795 ca": the whole day, whatever came before
        int day_mday, day_month;
        size_t within = s_starts (text + index, "trong");
        if (within && s_clock_day (text + index + within, &day_mday, &day_month)) {
            window = 24 * 60;
            continue;
        }
        size_t length = s_starts (text + index, "t\xE1\xBB\xAB ");     //  "từ ", "Từ "
        if (!length)
            continue;
        int start, end, start_mday = 0, start_month = 0, end_mday = 0, end_month = 0;
        size_t at = index + length, read = s_clock (text + at, &start);
        if (!read)
            continue;
        at += read;
        at += s_part_of_day (text + at, &start);
        at += s_clock_day (text + at, &start_mday, &start_month);
        at += strspn (text + at, " ,");
        const char *until = "\xC4\x91\xE1\xBA\xBFn ";      //  "đến "
        if (strncmp (text + at, until, strlen (until)))
            continue;
        at += strlen (until);
        if (!(read = s_clock (text + at, &end)) || at + read > to)
            continue;
        at += read;
        at += s_part_of_day (text + at, &end);
        at += s_clock_day (text + at, &end_mday, &end_month);
        if (start_mday && !end_mday)
            window = 0;         //  "từ 16h ngày 14/12 đến 6h": which day?
        else
            window = s_span (year, start, start_mday, start_month, end, end_mday, end_month);
        if (!start_mday && end < start)
            window += 24 * 60;  //  "từ 18h30 đến 6h (sáng nay)": over midnight
    }
    return window;
}

const char *
scrape_bulletin_kind_name (scrape_bulletin_kind_t kind)
{
    switch (kind) {
        case SCRAPE_BULLETIN_LIST_CASES:      return "new cases";
        case SCRAPE_BULLETIN_LIST_CUMULATIVE: return "cumulative figures, not new cases";
        case SCRAPE_BULLETIN_LIST_EXCLUDED:   return "deaths, recoveries, vaccination or changes";
        default:                       return "not introduced as new cases";
    }
}

void
scrape_bulletin_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_bulletin: ");
    const char *text =
        "ghi nh\xE1\xBA\xAD" "n 3.168 ca nhi\xE1\xBB\x85m m\xE1\xBB\x9Bi, trong \xC4\x91\xC3\xB3 9 ca nh\xE1\xBA\xAD" "p c\xE1\xBA\xA3nh v\xC3\xA0 "
        "3.159 ca ghi nh\xE1\xBA\xAD" "n trong n\xC6\xB0\xE1\xBB\x9B" "c t\xE1\xBA\xA1i 45 t\xE1\xBB\x89nh.\n"
        "C\xC3\xA1" "c t\xE1\xBB\x89nh ghi nh\xE1\xBA\xAD" "n ca b\xE1\xBB\x87nh nh\xC6\xB0 sau: TP. H\xE1\xBB\x93 Ch\xC3\xAD Minh (968), Long An (68),\n"
        "Nam \xC4\x90\xE1\xBB\x8Bnh (22).\nH\xC3\xA0 Giang (1). Ti\xE1\xBA\xBFp \xC4\x91\xE1\xBA\xBFn l\xC3\xA0 B\xE1\xBA\xBFn Tre (9).\n"
        "\xC4\x90\xE1\xBA\xBFn nay, ghi nh\xE1\xBA\xAD" "n 197 ca do bi\xE1\xBA\xBFn th\xE1\xBB\x83 Omicron t\xE1\xBA\xA1i TP.HCM (97), Qu\xE1\xBA\xA3ng Nam (27).\n"
        "Ghi nh\xE1\xBA\xAD" "n 84 ca t\xE1\xBB\xAD vong t\xE1\xBA\xA1i H\xC3\xA0 N\xE1\xBB\x99i (14), \xC4\x90\xE1\xBB\x93ng Nai (7).\n";
    scrape_bulletin_t *scan = scrape_bulletin_new (text);
    VC_CHECK (scan && !scan->agency);
    VC_CHECK (scan->pair_count == 9 && scan->list_count == 3);
    VC_CHECK (scan->lists [0].kind == SCRAPE_BULLETIN_LIST_CASES && scan->lists [0].count == 5);
    VC_CHECK (strcmp (scan->pairs [0].name, "TP. H\xE1\xBB\x93 Ch\xC3\xAD Minh") == 0);
    VC_CHECK (strcmp (scan->pairs [4].name, "B\xE1\xBA\xBFn Tre") == 0 && scan->pairs [4].value == 9);
    VC_CHECK (scan->lists [1].kind == SCRAPE_BULLETIN_LIST_CUMULATIVE && scan->lists [1].count == 2);
    VC_CHECK (scan->lists [2].kind == SCRAPE_BULLETIN_LIST_EXCLUDED);
    size_t list_at = scan->pairs [0].name_at;
    VC_CHECK (scrape_bulletin_stated_provinces (text, 0, list_at) == 45);
    VC_CHECK (scrape_bulletin_stated_sum (text, 0, list_at) == 3159);
    VC_CHECK (scrape_bulletin_stated_sum (text, list_at, strlen (text)) == -1);
    //  The count opening a paragraph (thanhnien.vn, 18-07-2021)
    const char *opening = "Vi\xE1\xBB\x87t Nam.\n2.807 ca m\xE1\xBA\xAF" "c do l\xC3\xA2y nhi\xE1\xBB\x85m "
                          "trong n\xC6\xB0\xE1\xBB\x9B" "c, t\xE1\xBA\xA1i";
    VC_CHECK (scrape_bulletin_stated_sum (opening, 0, strlen (opening)) == 2807);
    scrape_bulletin_destroy (&scan);

    const char *agency = "Vi\xE1\xBB\x87t Nam ghi nh\xE1\xBA\xAD" "n 13.889 ca m\xE1\xBA\xAF" "c m\xE1\xBB\x9Bi t\xE1\xBA\xA1i 3 t\xE1\xBB\x89nh. "
                         "H\xC3\xA0 N\xE1\xBB\x99i ghi nh\xE1\xBA\xAD" "n 1.766 ca, T\xC3\xA2y Ninh 938 ca v\xC3\xA0 Lai Ch\xC3\xA2u 5 ca. C\xC3\xB3 8.853 ca trong c\xE1\xBB\x99ng \xC4\x91\xE1\xBB\x93ng.";
    scan = scrape_bulletin_new (agency);
    VC_CHECK (scan && scan->agency && scan->list_count >= 1);
    VC_CHECK (scan->lists [0].kind == SCRAPE_BULLETIN_LIST_CASES && scan->lists [0].count == 3);
    VC_CHECK (strcmp (scan->pairs [0].name, "H\xC3\xA0 N\xE1\xBB\x99i") == 0 && scan->pairs [0].value == 1766);
    VC_CHECK (strcmp (scan->pairs [2].name, "Lai Ch\xC3\xA2u") == 0 && scan->pairs [2].value == 5);
    scrape_bulletin_destroy (&scan);
    scrape_bulletin_destroy (&scan);

    //  Shared counts (thanhnien.vn, 30-08-2021 and 31-08-2021): each name
    //  gets the count, also over commas and across a paragraph
    const char *shared = "C\xE1\xBB\xA5 th\xE1\xBB\x83, t\xE1\xBA\xA1i B\xC3\xACnh D\xC6\xB0\xC6\xA1ng c\xC3\xB3 6.050 ca, "
                         "C\xE1\xBA\xA7n Th\xC6\xA1 v\xC3\xA0 Tr\xC3\xA0 Vinh m\xE1\xBB\x97i tinh c\xC3\xB3 36 ca, "
                         "B\xE1\xBA\xAF" "c Ninh 1 ca.\n"
                         "Qu\xE1\xBA\xA3ng Nam, Qu\xE1\xBA\xA3ng Tr\xE1\xBB\x8B v\xC3\xA0 Gia Lai m\xE1\xBB\x97i t\xE1\xBB\x89nh 3 ca.";
    scan = scrape_bulletin_new (shared);
    VC_CHECK (scan && scan->agency && scan->pair_count == 7 && scan->list_count == 1);
    VC_CHECK (strcmp (scan->pairs [0].name, "B\xC3\xACnh D\xC6\xB0\xC6\xA1ng") == 0 && scan->pairs [0].value == 6050);
    VC_CHECK (strcmp (scan->pairs [1].name, "C\xE1\xBA\xA7n Th\xC6\xA1") == 0 && scan->pairs [1].value == 36);
    VC_CHECK (strcmp (scan->pairs [2].name, "Tr\xC3\xA0 Vinh") == 0 && scan->pairs [2].value == 36);
    VC_CHECK (strcmp (scan->pairs [4].name, "Qu\xE1\xBA\xA3ng Nam") == 0 && scan->pairs [4].value == 3);
    VC_CHECK (strcmp (scan->pairs [6].name, "Gia Lai") == 0 && scan->pairs [6].value == 3);
    scrape_bulletin_destroy (&scan);
    //  Shared counts among the Ministry's pairs (vneconomy.vn, 27-11-2021)
    const char *mixed = "ghi nh\xE1\xBA\xAD" "n ca b\xE1\xBB\x87nh nh\xC6\xB0 sau: Th\xC3\xA1i B\xC3\xACnh (32), "
                        "Tuy\xC3\xAAn Quang, Nam \xC4\x90\xE1\xBB\x8Bnh m\xE1\xBB\x97i n\xC6\xA1i 29 ca, L\xE1\xBA\xA1ng S\xC6\xA1n (28).\n"
                        "Ghi nh\xE1\xBA\xAD" "n 84 ca t\xE1\xBB\xAD vong t\xE1\xBA\xA1i H\xC3\xA0 N\xE1\xBB\x99i (14).";
    scan = scrape_bulletin_new (mixed);
    VC_CHECK (scan && !scan->agency && scan->pair_count == 5 && scan->list_count == 2);
    VC_CHECK (scan->lists [0].kind == SCRAPE_BULLETIN_LIST_CASES && scan->lists [0].count == 4);
    VC_CHECK (strcmp (scan->pairs [1].name, "Tuy\xC3\xAAn Quang") == 0 && scan->pairs [1].value == 29);
    VC_CHECK (strcmp (scan->pairs [2].name, "Nam \xC4\x90\xE1\xBB\x8Bnh") == 0 && scan->pairs [2].value == 29);
    VC_CHECK (strcmp (scan->pairs [3].name, "L\xE1\xBA\xA1ng S\xC6\xA1n") == 0 && scan->pairs [3].value == 28);
    scrape_bulletin_destroy (&scan);
    //  A shared count in brackets after the names, "ca" in every bracket
    //  (dantocmiennui.vn, 27-11-2021); other words in the brackets are no count
    const char *bracketed = "ghi nh\xE1\xBA\xAD" "n ca b\xE1\xBB\x87nh nh\xC6\xB0 sau: Th\xC3\xA1i B\xC3\xACnh (32 ca), "
                            "Tuy\xC3\xAAn Quang, Nam \xC4\x90\xE1\xBB\x8Bnh (m\xE1\xBB\x97i \xC4\x91\xE1\xBB\x8B" "a ph\xC6\xB0\xC6\xA1ng 29 ca), "
                            "L\xE1\xBA\xA1ng S\xC6\xA1n (28 ca), Kon Tum, H\xC3\xA0 Nam (m\xE1\xBB\x97i n\xC6\xA1i c\xC3\xB3 2 ca), "
                            "L\xC3\xA0o Cai (1 ca).\nS\xC6\xA1n La, Y\xC3\xAAn B\xC3\xA1i (ng\xC3\xA0y 2/12 c\xC3\xB3 3 ca).";
    scan = scrape_bulletin_new (bracketed);
    VC_CHECK (scan && !scan->agency && scan->pair_count == 7 && scan->list_count == 1);
    VC_CHECK (scan->lists [0].kind == SCRAPE_BULLETIN_LIST_CASES && scan->lists [0].count == 7);
    VC_CHECK (strcmp (scan->pairs [0].name, "Th\xC3\xA1i B\xC3\xACnh") == 0 && scan->pairs [0].value == 32);
    VC_CHECK (strcmp (scan->pairs [1].name, "Tuy\xC3\xAAn Quang") == 0 && scan->pairs [1].value == 29);
    VC_CHECK (strcmp (scan->pairs [2].name, "Nam \xC4\x90\xE1\xBB\x8Bnh") == 0 && scan->pairs [2].value == 29);
    VC_CHECK (scan->pairs [1].shared && scan->pairs [2].shared && !scan->pairs [3].shared);
    VC_CHECK (strcmp (scan->pairs [4].name, "Kon Tum") == 0 && scan->pairs [4].value == 2);
    VC_CHECK (strcmp (scan->pairs [5].name, "H\xC3\xA0 Nam") == 0 && scan->pairs [5].value == 2);
    VC_CHECK (strcmp (scan->pairs [6].name, "L\xC3\xA0o Cai") == 0 && scan->pairs [6].value == 1);
    scrape_bulletin_destroy (&scan);
    //  A count with its change in the brackets (the Ministry's bulletins of
    //  early August 2021); a range of patients' numbers is no count
    const char *change = "ghi nh\xE1\xBA\xAD" "n trong n\xC6\xB0\xE1\xBB\x9B" "c TP. H\xE1\xBB\x93 Ch\xC3\xAD Minh "
                         "(3.300-gi\xE1\xBA\xA3m g\xE1\xBA\xA7n 1/2 so v\xE1\xBB\x9Bi h\xC3\xB4m qua), "
                         "B\xC3\xACnh D\xC6\xB0\xC6\xA1ng (822 ca - gi\xE1\xBA\xA3m 60% so v\xE1\xBB\x9Bi h\xC3\xB4m qua), "
                         "H\xC3\xA0 N\xE1\xBB\x99i (10 \xE2\x80\x93 t\xC4\x83ng 4 ca), Long An (2.328-2.720), "
                         "Gia Lai (7 - gi\xE1\xBA\xA3mx).";
    scan = scrape_bulletin_new (change);
    VC_CHECK (scan && scan->pair_count == 3 && scan->list_count == 1);
    VC_CHECK (strcmp (scan->pairs [0].name, "TP. H\xE1\xBB\x93 Ch\xC3\xAD Minh") == 0 && scan->pairs [0].value == 3300);
    VC_CHECK (scan->pairs [1].value == 822 && scan->pairs [2].value == 10);
    scrape_bulletin_destroy (&scan);
    //  A count in words opening the list, after the stated total's change
    //  (vtc.vn, 05-08-2021); "X là N ca" alone is no pair (soha.vn)
    const char *worded = "Trong 7.244 ca nhi\xE1\xBB\x85m m\xE1\xBB\x9Bi, th\xC3\xAC 5 ca nh\xE1\xBA\xAD" "p c\xE1\xBA\xA3nh "
                         "v\xC3\xA0 7.239 ca trong n\xC6\xB0\xE1\xBB\x9B" "c, gi\xE1\xBA\xA3m 379 ca so v\xE1\xBB\x9Bi "
                         "h\xC3\xB4m qua. Trong \xC4\x91\xC3\xB3 TP.HCM l\xC3\xA0 3.886 ng\xC6\xB0\xE1\xBB\x9Di, "
                         "B\xC3\xACnh D\xC6\xB0\xC6\xA1ng (822), H\xC3\xA0 N\xE1\xBB\x99i (69).\n"
                         "trong \xC4\x91\xC3\xB3 TP HCM l\xC3\xA0 3.866 ca, H\xC3\xA0 N\xE1\xBB\x99i l\xC3\xA0 69 ca.";
    scan = scrape_bulletin_new (worded);
    VC_CHECK (scan && !scan->agency && scan->pair_count == 3 && scan->list_count == 1);
    VC_CHECK (scan->pairs [0].worded && !scan->pairs [1].worded);
    VC_CHECK (strcmp (scan->pairs [0].name, "TP.HCM") == 0 && scan->pairs [0].value == 3886);
    VC_CHECK (scan->lists [0].kind == SCRAPE_BULLETIN_LIST_CASES && scan->lists [0].count == 3);
    VC_CHECK (scan->lists [0].weak);
    VC_CHECK (scrape_bulletin_stated_sum (worded, 0, scan->pairs [0].name_at) == 7239);
    scrape_bulletin_destroy (&scan);
    //  A count written after the first name too, or other words after
    //  "mỗi": the names stay unreadable (thanhnien.vn, 20-07-2021)
    const char *odd = "ghi nh\xE1\xBA\xAD" "n: H\xC3\xA0 N\xE1\xBB\x99i 46 v\xC3\xA0 Long An m\xE1\xBB\x97i t\xE1\xBB\x89nh/th\xC3\xA0nh c\xC3\xB3 46 ca, "
                      "Y\xC3\xAAn B\xC3\xA1i v\xC3\xA0 S\xC6\xA1n La m\xE1\xBB\x97i ng\xC3\xA0y 2 ca.";
    scan = scrape_bulletin_new (odd);
    VC_CHECK (scan && scan->agency && scan->pair_count == 3);
    VC_CHECK (strcmp (scan->pairs [0].name, "H\xC3\xA0 N\xE1\xBB\x99i 46") == 0);
    VC_CHECK (strcmp (scan->pairs [1].name, "Long An") == 0 && scan->pairs [1].value == 46);
    VC_CHECK (strcmp (scan->pairs [2].name, "S\xC6\xA1n La m\xE1\xBB\x97i ng\xC3\xA0y") == 0);
    scrape_bulletin_destroy (&scan);
    //  Time windows: a whole day, and the partial counts of 2021's mid-day
    //  and morning bulletins
    const char *whole = "T\xC3\xADnh t\xE1\xBB\xAB 16h ng\xC3\xA0y 14/12 \xC4\x91\xE1\xBA\xBFn 16h ng\xC3\xA0y 15/12, ghi nh\xE1\xBA\xAD" "n";
    VC_CHECK (scrape_bulletin_window_minutes (whole, 0, strlen (whole), 2021) == 24 * 60);
    const char *year_end = "T\xC3\xADnh t\xE1\xBB\xAB 16h ng\xC3\xA0y 31/12 \xC4\x91\xE1\xBA\xBFn 16h ng\xC3\xA0y 1/1/2022";
    VC_CHECK (scrape_bulletin_window_minutes (year_end, 0, strlen (year_end), 2021) == 24 * 60);
    const char *midday = "T\xC3\xADnh t\xE1\xBB\xAB 6h \xC4\x91\xE1\xBA\xBFn 18h30 ng\xC3\xA0y 4/8, B\xE1\xBB\x99 Y t\xE1\xBA\xBF ghi nh\xE1\xBA\xAD" "n";
    VC_CHECK (scrape_bulletin_window_minutes (midday, 0, strlen (midday), 2021) == 12 * 60 + 30);
    const char *morning = "T\xE1\xBB\xAB 18h30 ng\xC3\xA0y 3/8 \xC4\x91\xE1\xBA\xBFn 6h ng\xC3\xA0y 4/8 ghi nh\xE1\xBA\xAD" "n";
    VC_CHECK (scrape_bulletin_window_minutes (morning, 0, strlen (morning), 2021) == 11 * 60 + 30);
    //  Hours with the part of the day (thanhnien.vn, 18-07-2021), yesterday's
    //  and over midnight
    const char *evening = "t\xE1\xBB\xAB 6 gi\xE1\xBB\x9D s\xC3\xA1ng \xC4\x91\xE1\xBA\xBFn 19 gi\xE1\xBB\x9D 30 "
                          "t\xE1\xBB\x91i nay, 18.7, c\xC3\xB3 th\xC3\xAAm 2.828 ca";
    VC_CHECK (scrape_bulletin_window_minutes (evening, 0, strlen (evening), 2021) == 13 * 60 + 30);
    const char *overnight = "t\xE1\xBB\xAB 7 gi\xE1\xBB\x9D t\xE1\xBB\x91i qua \xC4\x91\xE1\xBA\xBFn 7 gi\xE1\xBB\x9D "
                            "t\xE1\xBB\x91i nay";
    VC_CHECK (scrape_bulletin_window_minutes (overnight, 0, strlen (overnight), 2021) == 24 * 60);
    const char *night = "t\xE1\xBB\xAB 18h30 \xC4\x91\xE1\xBA\xBFn 6h s\xC3\xA1ng nay";
    VC_CHECK (scrape_bulletin_window_minutes (night, 0, strlen (night), 2021) == 11 * 60 + 30);
    //  "Trong ngày 20/7 có 4.795 ca" after the evening's window: the day
    const char *day = "T\xC3\xADnh t\xE1\xBB\xAB 6h \xC4\x91\xE1\xBA\xBFn 18h30 ng\xC3\xA0y 20/7 c\xC3\xB3 2.640 ca. "
                      "Trong ng\xC3\xA0y 20/7 c\xC3\xB3 4.795 ca";
    VC_CHECK (scrape_bulletin_window_minutes (day, 0, strlen (day), 2021) == 24 * 60);
    VC_CHECK (scrape_bulletin_window_minutes (day, 0, (size_t) (strstr (day, "Trong") - day), 2021)
              == 12 * 60 + 30);
    const char *word = "t\xE1\xBB\xAB 6 gi\xE1\xBB\x9D s\xC3\xA1ngx \xC4\x91\xE1\xBA\xBFn 7 gi\xE1\xBB\x9D";
    VC_CHECK (scrape_bulletin_window_minutes (word, 0, strlen (word), 2021) == -1);
    //  Patient numbers: one announcement, not a day
    char range [32];
    const char *announced = "TH\xC3\x94NG B\xC3\x81O V\xE1\xBB\x80 22 CA M\xE1\xBA\xAE" "C M\xE1\xBB\x9AI (BN3571 - BN3593)\n";
    VC_CHECK (scrape_bulletin_patients (announced, 0, strlen (announced), range, sizeof range));
    VC_CHECK (strcmp (range, "BN3571 - BN3593") == 0);
    VC_CHECK (!scrape_bulletin_patients (text, 0, strlen (text), range, sizeof range));
    const char *dates = "t\xE1\xBB\xAB ng\xC3\xA0y 27/4/2021 \xC4\x91\xE1\xBA\xBFn nay, 10 gi\xE1\xBB\x9D";
    VC_CHECK (scrape_bulletin_window_minutes (dates, 0, strlen (dates), 2021) == -1);
    if (verbose)
        printf ("OK\n");
}
