#!/usr/bin/env python3
"""cg_split.py - one thread's instructions from a callgrind dump, split by
where they run (libzmq, CZMQ, libc, the program's own code, the rest),
and the calls it made of named functions, both per request.

    bench/cg_split.py REQUESTS [--calls=FUNCTION,...] DUMP...

A DUMP is one thread's file of bench/callgrind.sh (VC_BENCH_CG_DIR keeps
them; with --separate-threads, NAME-CLIENTS.cg.N-TT); several are added
up (a process's threads). Self cost only: an instruction counts for the
object it runs in, whoever called it. The FUNCTIONs' calls are counted
over every caller (names as callgrind writes them, e.g. zmq_msg_recv,
zmq_getsockopt, poll).
"""
import re
import sys
from collections import defaultdict

GROUPS = (("libzmq", re.compile(r"libzmq")), ("czmq", re.compile(r"libczmq")),
          ("libc", re.compile(r"/libc[.-]|/libc\.so|ld-linux|libpthread")),
          ("libsodium", re.compile(r"libsodium")))


def group_of(obj, program_objs):
    for name, pattern in GROUPS:
        if pattern.search(obj):
            return name
    if obj in program_objs or "/bin/" in obj or "/build" in obj:
        return "own code"
    return "other (" + obj.rsplit("/", 1)[-1] + ")"


def split(path, functions):
    self_cost = defaultdict(int)
    calls = defaultdict(int)
    obj = fn = cfn = None
    after_calls = False
    total = 0
    names = {"ob": {}, "fn": {}}

    def name_of(kind, value):
        # Compressed "(id) name" or "(id)" forms, when a dump has them
        m = re.match(r"\((\d+)\)(?: (.*))?$", value)
        if not m:
            return value
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
            return m.group(2)
        return names[kind].get(m.group(1), value)

    with open(path, encoding="utf-8", errors="replace") as dump:
        for line in dump:
            line = line.rstrip("\n")
            if after_calls:
                after_calls = False     # the inclusive cost of the call: not self
                continue
            if line.startswith("ob="):
                obj = name_of("ob", line[3:])
            elif line.startswith("fn="):
                fn = name_of("fn", line[3:])
            elif line.startswith("cfn="):
                cfn = name_of("fn", line[4:])
            elif line.startswith("cob="):
                name_of("ob", line[4:])
            elif line.startswith("calls="):
                if cfn in functions:
                    calls[cfn] += int(line[6:].split()[0])
                after_calls = True
            elif line.startswith("summary:"):
                total = int(line.split()[1])
            elif line and (line[0].isdigit() or line[0] in "+-*"):
                parts = line.split()
                if len(parts) >= 2 and obj is not None:
                    self_cost[obj] += int(parts[1])
    return total, self_cost, calls


def main():
    args = sys.argv[1:]
    functions = set()
    for arg in [a for a in args if a.startswith("--calls=")]:
        functions |= set(f for f in arg[len("--calls="):].split(",") if f)
        args.remove(arg)
    if len(args) < 2:
        sys.exit(__doc__)
    requests = float(args[0])
    total, groups, calls = 0, defaultdict(int), defaultdict(int)
    for path in args[1:]:
        dump_total, self_cost, dump_calls = split(path, functions)
        total += dump_total
        for obj, cost in self_cost.items():
            groups[group_of(obj, ())] += cost
        for name, count in dump_calls.items():
            calls[name] += count
    counted = sum(groups.values())
    print("instructions per request: %.0f" % (total / requests))
    for name, cost in sorted(groups.items(), key=lambda kv: -kv[1]):
        if cost / requests >= 0.5:
            print("  %-24s %8.0f  %5.1f%%" % (name, cost / requests, 100.0 * cost / max(counted, 1)))
    for name in sorted(functions):
        print("  calls of %-15s %8.2f per request" % (name, calls.get(name, 0) / requests))


if __name__ == "__main__":
    main()
