#!/usr/bin/env python3
"""broker_calls - calls between the broker's files go one way
(CONTRIBUTING.md, "The broker's files"): no two files of broker/ call
each other. A file calls another when its code names a function that the
other defines (not static); comments and strings do not count.

Checks a planted pair first (two files calling each other must be found,
one way only must not), then broker/. Prints each pair that calls both
ways, with the functions called each way, and exits 1 if there is one.
Usage: broker_calls.py ROOT
"""
import os
import re
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checked_new import blank, blanked_sources  # noqa: E402  (comments and strings blanked)

KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof", "do", "else", "main"}
# A definition starts at column 0: "name (" on its own line (the return
# type on the line before, CZMQ style), or "type name (...) {" on one line
DEFINED = re.compile(r"^(?:[A-Za-z_][\w \t*]*?[\s*])?([A-Za-z_]\w*) \((?:[^;]*|.*\)\s*\{.*)$",
                     re.M)
CALLED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


def definitions(code):
    """Names of the functions a file defines and others may call."""
    names = set()
    for match in DEFINED.finditer(code):
        line = code[match.start():code.find("\n", match.start())]
        before = code[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        name = match.group(1)
        if name in KEYWORDS or line.startswith(("static", "#", " ", "\t")) \
                or before.startswith("static"):
            continue
        names.add(name)
    return names


def circles(files):
    """Pairs (a, b, calls a makes into b, calls b makes into a) of files,
    given as {name: code}, that call each other."""
    defined = {name: definitions(code) for name, code in files.items()}
    calls = {}
    for name, code in files.items():
        used = set(CALLED.findall(code))
        for other, names in defined.items():
            if other != name and used & names:
                calls[(name, other)] = sorted(used & names)
    return [(a, b, calls[(a, b)], calls[(b, a)])
            for (a, b) in sorted(calls) if a < b and (b, a) in calls]


def planted():
    """The check finds a planted circle and passes calls one way."""
    one = "int\none_f (void)\n{\n    return two_g ();  // one_f ()\n}\n"
    two = "int\ntwo_g (void)\n{\n    return 0;\n}\nstatic int\ns_h (void)\n{\n    return one_f ();\n}\n"
    found = circles({"one.c": blank(one), "two.c": blank(two)})
    if found != [("one.c", "two.c", ["two_g"], ["one_f"])]:
        return "a planted circle (one.c <-> two.c) not found: %r" % found
    two = two.replace("return one_f ();", "return 0;  /* one_f () */")
    found = circles({"one.c": blank(one), "two.c": blank(two)})
    if found:
        return "calls one way taken for a circle: %r" % found
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    failed = planted()
    if failed:
        print("FAILED - the check itself: " + failed)
        return 1
    files = blanked_sources(os.path.join(root, "broker"))
    found = circles(files)
    for a, b, there, back in found:
        print("FAILED - broker/%s and broker/%s call each other: %s -> %s, %s -> %s"
              % (a, b, a, ", ".join(there), b, ", ".join(back)))
    if found:
        return 1
    print("ok - no two of the %d files of broker/ call each other" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
