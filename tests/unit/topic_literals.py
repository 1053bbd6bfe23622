#!/usr/bin/env python3
"""topic_literals - event topics are written only as the generated
constants (VC_TOPIC_*, and VC_TOPICS_* for a family such as "client."),
never as string literals, in the programs and libraries (their self-tests
included): a topic is then named in one place, proto/vcovid.xml, and a
topic renamed in the model cannot leave a stale copy behind.

A string literal is a topic when it is one of the model's topics, starts
with one ("data.province.%02d"), or is a family of them: the words before
the dot, with the dot ("scrape."). Comments do not count. Tests, benchmarks
and fuzzers are left out (they may say a topic as the bus carries it).
Checks planted sources first, then the tree. Prints each literal found with
its file and line, and exits 1 if there is one.
Usage: topic_literals.py ROOT
"""
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

FOLDERS = ["common", "broker", "client", "auth-svc", "data-svc", "scraper-svc", "store"]
# A comment, a string literal or a character literal, in one pass so that a
# quote inside a comment or a comment marker inside a string is not taken
TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def model_topics(root):
    """The model's topics and their families ("client.")."""
    tree = ElementTree.parse(os.path.join(root, "proto", "vcovid.xml"))
    topics = [event.get("topic") for event in tree.getroot().iter("event")]
    return topics, sorted({topic.split(".")[0] + "." for topic in topics})


def found(code, topics, families):
    """(line, literal) of each topic written as a string literal in code."""
    hits = []
    for match in TOKENS.finditer(code):
        token = match.group(0)
        if not token.startswith('"'):
            continue
        text = token[1:-1]
        if text in families or any(text.startswith(topic) for topic in topics):
            hits.append((code.count("\n", 0, match.start()) + 1, token))
    return hits


def planted(topics, families):
    """The check finds literals in code and passes them in comments."""
    code = ('//  "client.bye" in a comment\n/* "auth.login" */\n'
            'zstr_sendm (pub, "client.bye");\nsub ("scrape.");\n'
            'snprintf (t, n, "data.province.%02d", code);\n'
            'char *path = "broker.cert", *quote = "\\"a\\" // \\"auth.login\\"";\n')
    got = [literal for _, literal in found(code, topics, families)]
    want = ['"client.bye"', '"scrape."', '"data.province.%02d"']
    if got != want:
        return "planted literals: found %r, want %r" % (got, want)
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    topics, families = model_topics(root)
    failed = planted(topics, families)
    if failed:
        print("FAILED - the check itself: " + failed)
        return 1
    count = 0
    for folder in FOLDERS:
        for path, dirs, names in os.walk(os.path.join(root, folder)):
            dirs.sort()
            for name in sorted(n for n in names if n.endswith((".c", ".h"))):
                with open(os.path.join(path, name), encoding="utf-8") as source:
                    code = source.read()
                for line, literal in found(code, topics, families):
                    print("FAILED - %s:%d: %s: use its VC_TOPIC_ or VC_TOPICS_ constant"
                          % (os.path.relpath(os.path.join(path, name), root), line, literal))
                    count += 1
    if count:
        return 1
    print("ok - no topic written as a string literal in %s" % ", ".join(FOLDERS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
