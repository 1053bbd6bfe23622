#!/usr/bin/env python3
"""checked_new - test and bench programs check what their constructors and
allocations give (the out-of-memory rule, CONTRIBUTING.md): every call of a
function named *_new that returns a pointer (zsock_new, zmsg_new,
zpoller_new, vc_*_new, ...) and of malloc, calloc, realloc, strdup,
strndup, zmalloc and zsys_sprintf in the C files of the folders given is
checked before its value is used:

- wrapped in VC_NEED (call), returned, or compared with NULL at once;
- or assigned (x = call, x = (type *) call, x = cond ? call : NULL) and the
  next statement of the same function that names x tests it: !x,
  x == NULL, x != NULL, if (x), x && ..., x ? ..., VC_CHECK (x ...),
  CHECK (x ...). A test inside assert (...) is no test: NDEBUG removes it.

Why a reading of the source and not a run: the product's libraries are
run with failing allocations (unit.test_oom replaces malloc and makes
each allocation of a builder fail in turn), because there every failure
must come back as NULL or -1. What is checked here is the programs that
test and measure them: fifty of them, most starting brokers, services or
PostgreSQL, each making thousands of allocations through libzmq, which
aborts on a failed allocation of its own (alloc_assert). Failing each
allocation of each program in turn would take hours, and a crash could
not be told from libzmq's abort. The property is one of the text (the
value is tested before it is used), so the text is what is read.

Which *_new are constructors is read from the declarations: a *_new
declared (in a header of ROOT or in the file) to return no pointer makes
no object (vc_reqid_new, a number; auth_token_new, void). GLib, GTK and
libadwaita constructors abort on a failed allocation and are not
counted; CHECKED_BY lists the calls that check a constructor's value
where it is first used (vc_config_parse reports a NULL config), and
SKIPPED the files that make allocations fail on purpose.
Prints each unchecked call as FILE:LINE and exits 1 if there is one.
Planted cases are checked first.
Usage: checked_new.py ROOT DIR...
"""
import os
import re
import sys

ALLOCATORS = ("malloc", "calloc", "realloc", "strdup", "strndup", "zmalloc", "zsys_sprintf")
CHECKED_BY = {
    "vc_config_new": "vc_config_parse",     # reports a NULL config and fails
}
SKIPPED = {
    "tests/unit/test_oom.c": "makes allocations fail on purpose: NULL must flow "
                             "through the builders to their one check",
}
ABORTING_PREFIXES = ("g_", "gtk_", "gdk_", "adw_", "pango_", "graphene_")
CALL = re.compile(r"\b([A-Za-z_]\w*_new|" + "|".join(ALLOCATORS) + r")\s*\(")
#  A declaration of a *_new at the start of a line: its return type, stars
DECLARED = re.compile(r"^(?:extern\s+|static\s+|inline\s+)*([A-Za-z_][\w \t]*?)[ \t]*(\**)[ \t]*"
                      r"\b([A-Za-z_]\w*_new)\s*\([^;{]*\)\s*;", re.M)
#  Casts just before a call: (char *) malloc (...)
CASTS = re.compile(r"(?:\(\s*(?:const\s+|struct\s+|unsigned\s+)*[A-Za-z_]\w*\s*\**\s*\)\s*)+$")


def not_constructors(texts):
    """The *_new functions declared in texts that return no pointer (a
    number, void): they make no object, so their value is no allocation."""
    found = set()
    for text in texts:
        for m in DECLARED.finditer(blank(text)):
            if not m.group(2) and m.group(1).split()[-1] != "typedef":
                found.add(m.group(3))
    return found


def project_headers(root):
    texts = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
        for name in files:
            if name.endswith(".h"):
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                    texts.append(f.read())
    return texts


def function_end(code, at):
    """Index of the brace that closes the function around at (the end of
    the file outside functions)."""
    depth = code.count("{", 0, at) - code.count("}", 0, at)
    i = at
    while depth > 0 and i < len(code):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
        i += 1
    return i if depth == 0 and i > at else len(code)


def blank(text):
    """The text with comments and string and character literals blanked
    (same length, newlines kept), so that only code is matched."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + (c if j - 1 > i else ""))
            i = j
            continue
        else:
            out.append(c)
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def blanked_sources(folder):
    """{name: blanked text} of the C files directly in folder, by name."""
    files = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".c"):
            with open(os.path.join(folder, name), encoding="utf-8") as source:
                files[name] = blank(source.read())
    return files


def closing(code, open_at):
    """Index just past the parenthesis that closes the one at open_at."""
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(code)


def statement_bounds(code, at):
    start = max(code.rfind(";", 0, at), code.rfind("{", 0, at), code.rfind("}", 0, at)) + 1
    depth, i = 0, at
    while i < len(code):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
        elif code[i] in ";{}" and depth <= 0:
            break
        i += 1
    return start, i


def lvalue_before(before):
    """The variable a call is assigned to ('x = call' or 'x = c ? call :'),
    or None. Returns (name pattern, text before the variable)."""
    m = re.search(r"(\**\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*\w+|\s*\[[^\]]*\])*)\s*(?<![=!<>])=(?!=)"
                  r"(?P<rest>[^=]*?|.*?\?[^?]*?)$", before, re.S)
    if not m:
        return None
    rest = m.group("rest").strip()
    if rest and not (rest.endswith("?") or rest.endswith(":")):
        return None
    if rest.count("(") != rest.count(")"):
        return None
    var = m.group(1).lstrip("* \t\n")
    parts = re.split(r"\s*(->|\.|\[|\])\s*", var)
    pattern = r"\s*".join(re.escape(p) for p in parts if p)
    return pattern, before[:m.start(1)]


def without_asserts(stmt):
    """The statement with every assert (...) blanked: NDEBUG removes them."""
    for m in reversed(list(re.finditer(r"\bassert\s*\(", stmt))):
        end = closing(stmt, m.end() - 1)
        stmt = stmt[:m.start()] + " " * (end - m.start()) + stmt[end:]
    return stmt


def tests_var(stmt, var):
    v = r"\**\s*" + var + r"(?!\w)"
    stmt = without_asserts(stmt) + ";"
    checks = [r"!\s*" + v, v + r"\s*[=!]=\s*NULL", r"NULL\s*[=!]=\s*" + v,
              r"\b(if|while)\s*\(\s*" + v + r"\s*\)", v + r"\s*(&&|\|\||\?)",
              r"(&&|\|\|)\s*" + v + r"\s*(\)|&&|\|\||;)",
              r"\b(VC_CHECK|CHECK|VC_NEED)\s*\(\s*" + v + r"\s*(\)|&&|\|\|)"]
    return any(re.search(c, stmt) for c in checks)


def unchecked(path, headers):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    code = blank(text)
    numbers = not_constructors(headers + [text])
    found = []
    for m in CALL.finditer(code):
        name = m.group(1)
        if name in numbers or name.startswith(ABORTING_PREFIXES):
            continue
        line_start = code.rfind("\n", 0, m.start()) + 1
        if m.start() == line_start:
            continue                        # a definition: name at column 0
        line = code.count("\n", 0, m.start()) + 1
        start, end = statement_bounds(code, m.start())
        before = CASTS.sub("", code[start:m.start()])
        after = code[closing(code, m.end() - 1):end]
        if re.search(r"\bVC_NEED\s*\(\s*$", before) or re.search(r"\breturn\s*$", before):
            continue
        if re.match(r"\s*[=!]=\s*NULL", after) or re.search(r"(!|NULL\s*[=!]=)\s*$", before):
            continue
        assigned = lvalue_before(before)
        if not assigned:
            found.append((line, name, "its value is not assigned, returned or checked"))
            continue
        var, head = assigned
        if re.search(r"!\s*\(\s*$", head):
            continue                        # if (!(x = call ()))
        mention = re.compile(r"(?<![\w>.])\**\s*" + var + r"(?!\w)")
        later = mention.search(code, end, function_end(code, m.start()))
        if not later:
            found.append((line, name, "its value is never used"))
            continue
        s2, e2 = statement_bounds(code, later.start())
        stmt = code[s2:e2]
        # A condition ends at its closing parenthesis, before the body
        cond = re.match(r"\s*(if|while)\s*\(", stmt)
        if cond:
            stmt = stmt[:closing(stmt, cond.end() - 1)]
        checker = CHECKED_BY.get(name)
        if checker and re.match(r"[^(]*\b" + checker + r"\s*\(\s*" + var + r"(?!\w)", stmt, re.S):
            continue
        if not tests_var(stmt, var):
            hint = " (assert is no check: NDEBUG removes it)" if re.search(r"\bassert\s*\(", stmt) else ""
            found.append((line, name, "the next statement that uses it does not check it" + hint))
    return found


#  Planted cases, checked before the tree: the names of the functions
#  whose calls must be found unchecked, and those that must pass
PLANTED = r"""
static void s_bad_1 (void) { zsock_t *s = zsock_new (ZMQ_PUB); zsock_bind (s, "x"); }
static void s_bad_2 (void) { zmsg_t *m = zmsg_new ();
    assert (m);
    zmsg_destroy (&m); }
static void s_bad_3 (void) { zpoller_wait (zpoller_new (NULL), 0); }
static void s_bad_4 (void) { vc_pack_t *p; p = vc_pack_new (); vc_pack_str (p, "x"); }
static void s_bad_5 (void) { zframe_t *f = zframe_new ("if (!f)", 6); send (f); }
static void s_bad_6 (void) { zuuid_new (); }
static void s_bad_7 (void) { char *c = (char *) malloc (n); memcpy (c, "x", 1); }
static void s_bad_8 (void) { q = zmsg_new (); }
static void s_good_11 (void) { if (!q) return; }
static void s_bad_10 (void) { int *v = (int *) calloc (4, 4);
    assert (v && n); }
static void s_bad_9 (void) { lat->v = (uint32_t *) realloc (lat->v, n); lat->v [0] = 1; }
static void s_good_1 (void) { zsock_t *s = VC_NEED (zsock_new (ZMQ_PUB)); }
static void s_good_2 (void) { zmsg_t *m = zmsg_new ();
    if (!m) return; }
static void s_good_3 (void) { vc_db_t *db = path ? vc_db_new (path) : NULL;
    if (path && !db) exit (1); }
static thing_t *s_good_4 (void) { return thing_new (); }
static void s_good_5 (void) { VC_CHECK (auth_store_new ("/proc/x") == NULL); }
static void s_good_6 (void) { x_t *a = a_new (), *b = b_new ();
    VC_CHECK (a && b); }
static void s_good_7 (void) { subs [n] = zsock_new (ZMQ_SUB);
    if (!subs [n] || zsock_connect (subs [n], "x")) return; }
static void s_good_8 (void) { vc_config_t *c = vc_config_new ("p");
    int rc = vc_config_parse (c, argc, argv); }
static void s_good_9 (void) { GHashTable *h = g_hash_table_new (NULL, NULL); g_hash_table_size (h); }
static void s_good_10 (void) { *out = ok ? zchunk_new (d, n) : NULL;
    return ok && *out; }
uint64_t s_count_new (void);
static void s_good_12 (void) { uint64_t id = s_count_new (); print (id); }
static void s_good_13 (void) { char *c = (char *) VC_NEED (malloc (n)); }
static void s_good_14 (void) { char *d = strdup ("x");
    if (!d) return; }
"""



def self_test():
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(PLANTED)
    lines = PLANTED.split("\n")
    case = lambda line: [re.search(r"s_(bad|good)_\d+", l).group(0)
                         for l in lines[:line] if re.search(r"s_(bad|good)_\d+", l)][-1]
    found = sorted(case(line) for line, _, _ in unchecked(f.name, []))
    os.unlink(f.name)
    wanted = sorted(set(re.findall(r"s_bad_\d+", PLANTED)))
    if found != wanted:
        print("FAILED - the planted cases: found %s, wanted %s" % (found, wanted))
        return False
    print("ok - the %d planted unchecked calls are found, the %d checked ones pass"
          % (len(wanted), len(set(re.findall(r"s_good_\d+", PLANTED)))))
    return True


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if not self_test():
        return 1
    root = sys.argv[1]
    headers = project_headers(root)
    bad = 0
    for folder in sys.argv[2:]:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith(".c"):
                    continue
                path = os.path.join(dirpath, name)
                if os.path.relpath(path, root) in SKIPPED:
                    continue
                for line, call, why in unchecked(path, headers):
                    print("%s:%d: %s: %s" % (os.path.relpath(path, root), line, call, why))
                    bad += 1
    if bad:
        print("FAILED - %d constructor or allocation call(s) unchecked: wrap in VC_NEED (call), "
              "or test the value "
              "before its first use" % bad)
        return 1
    print("ok - every constructor's and allocation's value is checked in %s" % " ".join(sys.argv[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
