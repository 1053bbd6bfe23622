#!/usr/bin/env python3
"""words_drift - every message the services and the broker write for a
person has a shape in common/system/vc_server_words.c, so that vc-cli,
vc-gtk and vc-monitor can say it in the person's language.

The messages are found in the sources where they are written: the format
or text given to the functions that reply with a message or keep a reason
(SINKS below), the snprintf of a variable that holds one (DESTINATIONS),
and `reason = "..."`. A format's %s stands for any text (a shape may spell
out the words a %s takes, as "conflicting daily counts" for "conflicting %s
counts"); its %d, %zu, %lld, PRId64 for a count. A format with no words of
its own ("%s", "%s: %s") passes text through and is not checked. A format
whose snprintf length is kept (`used = snprintf (...)`) is the start of a
longer text and needs only to begin a shape.

The details of the broker's and the auth service's events, which vc-monitor
shows, are checked the same way against the events' table
(common/proto/vc_event_words.c, with its client kinds' sentence, shared by
vc-monitor and vc-cli watch) and the shared one: the detail given to the functions that
publish or keep one (EVENT_SINKS), the snprintf of a detail in the broker's
files, and `reason = ...` in the auth service's.

Checks a planted source first (a covered and an uncovered message must be
told apart), then the tree. Prints each message with no shape, with its
file and line, and exits 1 if there is one.
Usage: words_drift.py ROOT
"""
import glob
import os
import re
import sys

#  Where people's messages are written (files of the shipped services)
SOURCES = ["auth-svc/*.c", "data-svc/*.c", "scraper-svc/*.c", "broker/*.c",
           "store/vc_casestore_update.c", "common/vietnam/vc_date.c"]
#  Not messages for people: self-tests, options and logs of a program's start
SKIP_FILES = {"main.c", "keygen.c", "scrape_dump.c", "broker_selftest.c", "scrape_sources.c"}
#  Function: the index of its argument that is the message (or format)
SINKS = {
    "data_ops_status": 2, "data_reply_status": 2, "data_reply_unknown_province": 1,
    "vc_worker_reply_status": 3, "auth_ops_reply": 2,
    "scrape_result_fail": 1, "scrape_result_note": 1,
    "broker_client_error": 5, "vc_pack_status_frame": 1, "s_refuse_busy": 3, "s_fail": 3,
    "data_ops_refuse": 2, "auth_ops_refuse": 2, "vc_said_set": 1, "broker_client_refuse": 5,
    "scraper_outcome_say": 2,
}
#  Those whose format is also the message id sent with the message
#  (common/proto/vc_said.h): it must be a shape of the table as it is, for
#  a client to find it by its id
ID_SINKS = {"data_ops_refuse", "auth_ops_refuse", "vc_said_set", "scrape_result_fail",
            "broker_client_refuse", "scraper_outcome_say"}
#  Function: (the index of its argument that is words put before a message
#  and its id, the file whose vc_said_set ids they are put before): each
#  id with the words before it must be a shape too
PREFIX_SINKS = {"vc_said_prefix": (1, "common/vietnam/vc_date.c")}
#  Variables that hold a message, a reason or a note for a person
DESTINATIONS = {"message", "reason", "why", "rates", "note", "err", "detail", "job->reason",
                "result->error", "outcome->detail"}
#  Files whose err, detail or why is not shown to people, or is an event's
#  detail of the broker (vc-monitor and vc-cli say those with the events'
#  table, common/proto/vc_event_words.c)
DESTINATION_FILES_SKIP = {"data_service.c", "data_store.c", "broker_history.c", "broker_bstar.c",
                          "broker_clients.c", "broker_peer.c", "broker_workers.c"}
#  The session's end in an auth.logout event: said by vc-monitor's table too
DESTINATIONS_SKIP = {"job->reason"}
#  Messages of successful replies whose fields are shown, never the message
NOT_SHOWN = {"ok", "pong", "connected"}

#  The table of the events' details vc-monitor and vc-cli watch say, with
#  the client kinds' sentence
EVENT_WORDS = "common/proto/vc_event_words.c"
#  Where the events vc-monitor shows are written, their details
EVENT_SOURCES = ["broker/*.c", "auth-svc/*.c"]
#  Function: (the index of its argument that is the detail or a part of it,
#  the words written before that part)
EVENT_SINKS = {
    "broker_event": (5, ""), "auth_ops_event": (4, ""), "s_gone": (3, ""),
    "s_worker_gone": (2, "%s instance %s "), "s_go": (2, ""),
}
#  Variables that hold an event's detail (or a part of one)
EVENT_DESTINATIONS = {"detail", "failover", "job->reason"}
#  Not details: what a program logs or a client is told
EVENT_SKIP_FILES = SKIP_FILES | {"auth_limits.c"}

CONVERSION = re.compile(r"%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t)?([sdiuxc%])")
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
PRI = re.compile(r"\bPRI[diux](?:8|16|32|64|MAX|PTR)\b")


def strip_comments(text):
    """The text without comments; strings kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] in "\"'":
            j = i + 1
            while j < n and text[j] != text[i] and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def unescape(body):
    return bytes(body, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def arguments(text, start):
    """The top-level arguments of the call whose '(' is at start, and where it ends."""
    depth, args, current, i = 0, [], [], start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = STRING.match(text, i)
            if not m:
                break
            current.append(m.group(0))
            i = m.end()
            continue
        if c == "(":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return args, i
        elif c == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return args, i


def literals(arg):
    """The texts an argument can be: its runs of adjacent string literals
    (and PRI macros), one per branch of a ?: ; none if it is not literal."""
    texts = []
    for branch in re.split(r"[?:](?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", arg):
        branch = PRI.sub('"d"', branch.strip())
        if not branch.startswith('"'):
            continue
        rest = STRING.sub("", branch).strip()
        if rest:
            continue
        texts.append(unescape("".join(STRING.findall(branch))))
    return texts


def expand_macros(code):
    """The code with each string macro (#define NAME "...") written out where
    it is used."""
    for m in list(re.finditer(r'^#define (\w+)[ \t]+((?:"(?:[^"\\\n]|\\.)*"[ \t]*)+)$', code, re.M)):
        body = code[:m.start()] + " " * (m.end() - m.start()) + code[m.end():]
        code = re.sub(r"\b%s\b" % m.group(1), lambda _: m.group(2).strip(), body)
    return code


def messages(path, text):
    """(line, format, prefix) for each message written in the text."""
    code = expand_macros(strip_comments(text))
    #  The self-test at the end of a class file writes no message for people
    test = re.search(r"^\w+_test \(bool verbose\)$", code, re.M)
    if test:
        code = code[:test.start()]
    found = []
    line_at = lambda pos: code.count("\n", 0, pos) + 1
    name = os.path.basename(path)
    for m in re.finditer(r"\b(v?snprintf|[A-Za-z_]\w*)\s*\(", code):
        call = m.group(1)
        if call not in SINKS and call not in ("snprintf", "vsnprintf"):
            continue
        args, _ = arguments(code, m.end() - 1)
        if call in SINKS:
            index, prefix = SINKS[call], False
            exact = call in ID_SINKS
        else:
            if (not args or args[0] not in DESTINATIONS or args[0] in DESTINATIONS_SKIP
                    or (name in DESTINATION_FILES_SKIP and args[0] != "message")):
                continue
            index, exact = 2, False
            prefix = bool(re.search(r"=\s*$", code[max(0, m.start() - 40):m.start()]))
        if index < len(args):
            for fmt in literals(args[index]):
                found.append((line_at(m.start()), fmt, prefix, exact))
    for m in re.finditer(r"(?<!->)\b(?:reason|message)\s*=\s*((?:\"(?:[^\"\\\n]|\\.)*\"\s*)+)", code):
        for fmt in literals(m.group(1)):
            found.append((line_at(m.start()), fmt, False, False))
    return found


def pattern(fmt, prefix):
    """A regex that a shape of the table fits if it says fmt."""
    parts, last = [], 0
    for m in CONVERSION.finditer(fmt):
        parts.append(re.escape(fmt[last:m.start()]))
        kind = m.group(1)
        parts.append("%" if kind == "%" else ".+?" if kind in "sc" else r"(?:-?%d|%s|-?\d+)")
        last = m.end()
    parts.append(re.escape(fmt[last:]))
    return re.compile("".join(parts) + (".*" if prefix else ""), re.S)


def shape_pattern(shape):
    """A regex that a written text (a format with its words filled in) fits
    if the shape says it."""
    parts, last = [], 0
    for m in re.finditer(r"%[sd]", shape):
        parts.append(re.escape(shape[last:m.start()]))
        parts.append(".+?" if m.group(0) == "%s" else r"-?\d+")
        last = m.end()
    parts.append(re.escape(shape[last:]))
    return re.compile("".join(parts), re.S)


def message_id(fmt):
    """The message id vc_said makes of a format: a count (d, i, u) %d, any
    other value %s."""
    def one(m):
        return {"%": "%%", "d": "%d", "i": "%d", "u": "%d"}.get(m.group(1), "%s")
    return CONVERSION.sub(one, fmt)


def wordless(fmt):
    return len(re.sub(r"[^A-Za-z]", "", CONVERSION.sub("", fmt))) < 2


def shapes(table_text):
    """The shapes of vc_server_words.c: the N_() texts of its tables."""
    code = strip_comments(table_text)
    found = []
    for m in re.finditer(r"\bN_\s*\(", code):
        args, _ = arguments(code, m.end() - 1)
        found.extend(literals(args[0]) if args else [])
    return found


def uncovered(found, table):
    missing = []
    written = [shape_pattern(shape) for shape in table]
    for line, fmt, prefix, exact in found:
        if exact and message_id(fmt) not in table:
            missing.append((line, fmt + " (as the message id '%s')" % message_id(fmt)))
            continue
        if wordless(fmt) or fmt in NOT_SHOWN:
            continue
        regex = pattern(fmt, prefix)
        if (not any(regex.fullmatch(shape) for shape in table)
                and ("%" in fmt or not any(said.fullmatch(fmt) for said in written))):
            missing.append((line, fmt))
    return missing


def planted():
    """A planted source and table: the check must tell covered from not."""
    source = r'''
    data_ops_status (self, VC_BAD_REQUEST, "no province given");   // covered
    snprintf (reason, sizeof reason, "conflicting %s counts for %s on %s: %" PRId64 " and %lld",
              kind, name, date, a, b);
    used = snprintf (detail, sizeof detail, "%s: figures changed", name);
    snprintf (message, sizeof message, "%s", other);
    reason = count > 1 ? "%d rows" : "one row";
    scrape_result_note (result, "read: the table after 'B\xE1\xBA\xA3ng 1'");
    scrape_result_fail (result, "no table in the page at %d"  /* planted, not covered */
                        "%s", where, what);
    snprintf (label, sizeof label, "not a message %d", n);
    '''
    table = shapes(r'''{ NULL, N_("no province given"), NULL },
        { NULL, N_("conflicting daily counts for %s on %s: %d and %d"), NULL },
        { NULL, N_("%s: figures changed; latest %s"), NULL }, { NULL, N_("%d rows"), NULL },
        { NULL, N_("one row"), NULL }, { NULL, N_("read: the table after '%s'"), NULL },''')
    missing = uncovered(messages("planted.c", source), table)
    if [fmt.split(" (as")[0] for _, fmt in missing] != ["no table in the page at %d%s"]:
        sys.exit("words_drift: the planted check failed: %s" % missing)


def prefixed(root, path, text):
    """(line, words + id, False, True) for each id the words of a PREFIX_SINKS
    call are put before."""
    code = strip_comments(text)
    found = []
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", code):
        if m.group(1) not in PREFIX_SINKS:
            continue
        index, where = PREFIX_SINKS[m.group(1)]
        args, _ = arguments(code, m.end() - 1)
        with open(os.path.join(root, where), encoding="utf-8") as f:
            ids = [message_id(fmt) for _, fmt, _, exact in messages(where, f.read()) if exact]
        for words in literals(args[index]) if index < len(args) else []:
            for msgid in ids:
                found.append((code.count("\n", 0, m.start()) + 1,
                              words.replace("%", "%%") + msgid, False, True))
    return found


def event_details(text):
    """(line, format, prefix, exact) for each event detail written in the text."""
    code = strip_comments(text)
    test = re.search(r"^\w+_test \(bool verbose\)$", code, re.M)
    if test:
        code = code[:test.start()]
    found = []
    line_at = lambda pos: code.count("\n", 0, pos) + 1
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", code):
        call = m.group(1)
        if call in EVENT_SINKS:
            index, before = EVENT_SINKS[call]
        elif call in ("snprintf", "vc_text_copy"):
            index, before = 2, ""
        else:
            continue
        args, _ = arguments(code, m.end() - 1)
        if call in ("snprintf", "vc_text_copy") and (not args or args[0] not in EVENT_DESTINATIONS):
            continue
        if index < len(args):
            for fmt in literals(args[index]):
                found.append((line_at(m.start()), before + fmt, False, False))
    for m in re.finditer(r"\b(?:const char \*)?reason\s*=\s*([^;]+);", code):
        for fmt in literals(m.group(1)):
            found.append((line_at(m.start()), fmt, False, False))
    return found


def table_shapes(table_text):
    """The shapes of a vc_shape_t table: what is written, marked N_() or
    not ({ topic, shape, words })."""
    code = strip_comments(table_text)
    found = []
    for m in re.finditer(r"\{\s*(?:NULL|VC_TOPIC_\w+)\s*,\s*(?:N_\s*\(\s*)?((?:\"(?:[^\"\\\n]|\\.)*\"\s*)+)",
                         code):
        found.extend(shape for shape in literals(m.group(1)) if not wordless(shape))
    return found


def scanned_shapes(text):
    """The sentences a program reads with sscanf ("%63s client connected"),
    as shapes."""
    found = []
    for m in re.finditer(r"\bsscanf\s*\(", strip_comments(text)):
        args, _ = arguments(text, m.end() - 1)
        for fmt in literals(args[1]) if len(args) > 1 else []:
            found.append(re.sub(r"%\d*s", "%s", fmt))
    return found


def planted_events():
    """A planted broker source: a detail the monitor says and one it does not."""
    source = r'''
    snprintf (detail, sizeof detail, "%s instance %s ready (capacity %d)", a, b, c);
    s_worker_gone (self, worker, "left");
    s_go (self, BSTAR_ACTIVE, "the peer is passive");
    const char *reason = known ? "wrong password" : "unknown username";
    broker_event (self, VC_TOPIC_CLIENT_CONNECT, id, NULL, address, "a new detail");
    '''
    table = table_shapes(r'''{ NULL, N_("%s instance %s ready (capacity %d)"), NULL },
        { NULL, N_("%s instance %s left"), NULL }, { NULL, N_("the peer is passive"), NULL },
        { NULL, N_("wrong password"), NULL }, { VC_TOPIC_X, "unknown username", N_("no one") },
        { VC_TOPIC_BROKER_START, "%s", N_("run %s") },''')
    missing = uncovered(event_details(source), table)
    if [fmt for _, fmt in missing] != ["a new detail"]:
        sys.exit("words_drift: the planted check of events failed: %s" % missing)


def check_events(root, table):
    """The broker's and the auth service's event details: (written, uncovered)."""
    failed, count = 0, 0
    for pat in EVENT_SOURCES:
        for path in sorted(glob.glob(os.path.join(root, pat))):
            if os.path.basename(path) in EVENT_SKIP_FILES or path.endswith("_test.c"):
                continue
            with open(path, encoding="utf-8") as f:
                found = event_details(f.read())
            count += len(found)
            for line, fmt in uncovered(found, table):
                print("%s:%d: no shape in %s for the event detail '%s'"
                      % (os.path.relpath(path, root), line, EVENT_WORDS, fmt))
                failed += 1
    return count, failed


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    planted()
    planted_events()
    with open(os.path.join(root, "common/system/vc_server_words.c"), encoding="utf-8") as f:
        table = shapes(f.read())
    failed, count = 0, 0
    for pat in SOURCES:
        for path in sorted(glob.glob(os.path.join(root, pat))):
            if os.path.basename(path) in SKIP_FILES or path.endswith("_test.c"):
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            found = messages(path, text) + prefixed(root, path, text)
            count += len(found)
            for line, fmt in uncovered(found, table):
                print("%s:%d: no shape in vc_server_words.c for '%s'"
                      % (os.path.relpath(path, root), line, fmt))
                failed += 1
    print("words_drift: %d messages written, %d with no shape" % (count, failed))
    events = list(table)
    with open(os.path.join(root, EVENT_WORDS), encoding="utf-8") as f:
        text = f.read()
    events.extend(table_shapes(text))
    events.extend(scanned_shapes(text))
    written, missing = check_events(root, events)
    print("words_drift: %d event details written, %d with no shape" % (written, missing))
    sys.exit(1 if failed or missing else 0)


if __name__ == "__main__":
    main()
