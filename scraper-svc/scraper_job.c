/*  scraper_job - scrape one source: fetch, parse, validate, store, record.
*/
#include "scraper_job.h"
#include "scraper_apply.h"
#include "scrape_parse.h"
#include "scrape_validate.h"
#include "vc_log.h"
#include "vc_metrics.h"
#include "vc_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct _scraper_job_t {
    vc_casestore_t *store;              //  NULL until it can be opened
    scrape_fetch_t *fetch;
    vc_provinces_t *provinces;
    const char *address;                //  Where to open it
    vc_db_options_t options;
    const char *data_dir;
};

const char *
scraper_status_name (scraper_status_t status)
{
    switch (status) {
        case SCRAPER_UPDATED:   return "updated";
        case SCRAPER_UNCHANGED: return "unchanged";
        case SCRAPER_REJECTED:  return "rejected";
        case SCRAPER_FAILED:    return "failed";
    }
    return "failed";
}

void
scraper_outcome_said (scraper_outcome_t *outcome, scraper_status_t status, const vc_said_t *said)
{
    outcome->status = status;
    outcome->said = *said;
    vc_text_copy (outcome->detail, sizeof outcome->detail, said->message);
}

void
scraper_outcome_say (scraper_outcome_t *outcome, scraper_status_t status, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vc_said_t said;
    vc_said_vset (&said, format, args);
    va_end (args);
    scraper_outcome_said (outcome, status, &said);
}

//  Aliases stored beside the built-in ones (vc_casestore_alias_add).
static void
s_learn_alias (const char *alias, int code, void *arg)
{
    vc_provinces_add_alias ((vc_provinces_t *) arg, code, alias);
}

scraper_job_t *
scraper_job_new (vc_casestore_t **store_p, scrape_fetch_t **fetch_p)
{
    scraper_job_t *self = (scraper_job_t *) calloc (1, sizeof (scraper_job_t));
    vc_provinces_t *provinces = vc_provinces_new ();
    if (!self || !provinces) {
        free (self);
        vc_provinces_destroy (&provinces);
        return NULL;
    }
    self->provinces = provinces;
    self->store = *store_p;
    self->fetch = *fetch_p;
    *store_p = NULL;
    *fetch_p = NULL;
    if (self->store && vc_casestore_aliases (self->store, s_learn_alias, self->provinces) < 0)
        vc_warn ("cannot read the store's province aliases");
    return self;
}

void
scraper_job_open_later (scraper_job_t *self, const char *address,
                        const vc_db_options_t *options, const char *data_dir)
{
    self->address = address;
    self->options = options ? *options : (vc_db_options_t) { 0 };
    self->data_dir = data_dir;
}

//  The store, opened now if it was not: false when it cannot be
static bool
s_store_ready (scraper_job_t *self)
{
    if (self->store || !self->address)
        return self->store != NULL;
    self->store = vc_casestore_open (self->address, &self->options, self->data_dir);
    if (!self->store)
        return false;
    vc_info ("case store opened");
    if (vc_casestore_aliases (self->store, s_learn_alias, self->provinces) < 0)
        vc_warn ("cannot read the store's province aliases");
    return true;
}

void
scraper_job_destroy (scraper_job_t **self_p)
{
    scraper_job_t *self = *self_p;
    if (!self)
        return;
    vc_casestore_destroy (&self->store);
    scrape_fetch_destroy (&self->fetch);
    vc_provinces_destroy (&self->provinces);
    free (self);
    *self_p = NULL;
}

//  The parser's notes into the outcome; a cut note ends on a whole
//  UTF-8 character.
static void
s_keep_notes (const scrape_result_t *result, scraper_outcome_t *outcome)
{
    size_t count = scrape_result_notes (result);
    for (size_t index = 0; index < count && outcome->note_count < SCRAPER_NOTES_MAX; index++) {
        char *note = outcome->notes [outcome->note_count++];
        vc_text_copy (note, SCRAPER_NOTE_MAX, scrape_result_note_at (result, index));
        size_t length = strlen (note), lead = length;
        while (lead > 0 && ((unsigned char) note [lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0 && (unsigned char) note [lead - 1] >= 0xC0) {
            unsigned char byte = (unsigned char) note [lead - 1];
            size_t need = byte >= 0xF0? 4: byte >= 0xE0? 3: 2;
            if (lead - 1 + need > length)
                note [lead - 1] = 0;
        }
    }
}

//  Parse and validate a fetched page, then store it. The outcome says how.
static void
s_use_page (scraper_job_t *self, const scrape_source_t *source,
            const scrape_fetch_result_t *fetched, scraper_outcome_t *outcome)
{
    scrape_result_t *result = scrape_result_new ();
    if (!result) {
        scraper_outcome_say (outcome, SCRAPER_FAILED, "out of memory");
        return;
    }
    const char *charset = *source->charset? source->charset:
                          *fetched->charset? fetched->charset: NULL;
    vc_day_t today = vc_date_today ();
    scrape_page_t page = { fetched->body, fetched->size, charset, today };
    scrape_parse (source->parser, &page, self->provinces, result);
    for (size_t index = 0; index < scrape_result_warnings (result); index++)
        vc_debug ("%s: %s", source->name, scrape_result_warning (result, index));
    s_keep_notes (result, outcome);
    scrape_rules_t rules = { .min_provinces = source->min_provinces, .max_day = today + 1 };
    vc_said_t reason;
    if (scrape_validate_said (result, &rules, self->provinces, &reason))
        scraper_outcome_said (outcome, SCRAPER_REJECTED, &reason);
    else
    if (source->unlisted_zero && scraper_fill_unlisted (result, self->provinces) < 0)
        scraper_outcome_say (outcome, SCRAPER_FAILED, "out of memory");
    else
        scraper_apply (self->store, source->name, result, self->provinces, outcome);
    scrape_result_destroy (&result);
}

static void
s_log (const scraper_outcome_t *outcome)
{
    char labels [48];
    snprintf (labels, sizeof labels, "result=\"%s\"", scraper_status_name (outcome->status));
    vc_counter_add (vc_metrics_counter ("vc_scraper_results_total",
                    "Sources scraped, by result (updated, unchanged, rejected, failed)", labels), 1);
    if (outcome->status == SCRAPER_UPDATED || outcome->status == SCRAPER_UNCHANGED)
        vc_info ("%s: %s: %s", outcome->source, scraper_status_name (outcome->status),
                 outcome->detail);
    else
        vc_warn ("%s: %s: %s", outcome->source, scraper_status_name (outcome->status),
                 outcome->detail);
}

void
scraper_job_run (scraper_job_t *self, const scrape_source_t *source,
                 scraper_outcome_t *outcome)
{
    vc_text_copy (outcome->source, sizeof outcome->source, source->name);
    outcome->started = (int64_t) time (NULL);
    outcome->rows = outcome->provinces = 0;
    outcome->note_count = 0;
    vc_said_text (&outcome->said, "");
    if (!s_store_ready (self)) {
        scraper_outcome_say (outcome, SCRAPER_FAILED, "store unavailable: the database cannot"
                             " be reached; nothing was fetched, the next scrape tries again");
        outcome->finished = (int64_t) time (NULL);
        s_log (outcome);
        return;
    }
    vc_debug ("%s: fetching %s", source->name, source->url);
    scrape_fetch_result_t *fetched = scrape_fetch_get (self->fetch, source->url);
    if (!fetched)
        scraper_outcome_say (outcome, SCRAPER_FAILED, "out of memory");
    else
    if (fetched->status == SCRAPE_FETCH_ERROR)
        scraper_outcome_said (outcome, SCRAPER_FAILED, &fetched->said);
    else
    if (fetched->status == SCRAPE_FETCH_UNCHANGED)
        scraper_outcome_say (outcome, SCRAPER_UNCHANGED, "not modified since the last fetch");
    else {
        s_use_page (self, source, fetched, outcome);
        if (outcome->status != SCRAPER_UPDATED && outcome->status != SCRAPER_UNCHANGED)
            scrape_fetch_forget (self->fetch, source->url);
    }
    scrape_fetch_result_destroy (&fetched);
    outcome->finished = (int64_t) time (NULL);
    if (vc_casestore_scrape_add (self->store, source->name, outcome->started, outcome->finished,
                                 scraper_status_name (outcome->status), outcome->detail) < 0)
        vc_warn ("%s: cannot record the run in the store", source->name);
    s_log (outcome);
}
