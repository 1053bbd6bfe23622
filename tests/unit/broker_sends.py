#!/usr/bin/env python3
"""broker_sends - every message the broker sends to a client or a service
goes through broker_send (broker.h), and only the loop (broker.c) reads
the two ROUTERs or asks them for their events. The loop waits on a
ROUTER's descriptor only while it knows that its last look at the socket
came after the last operation on it (the comment above side_id_t in
broker/broker.c): a send made another way could take the descriptor's
signal unseen, and the broker would then sit on a message until its next
upkeep.

A ROUTER is named as self->frontend, self->backend, self->sockets [0] or
self->sockets [1]. Comments and strings do not count. Checks planted
sources first, then broker/. Prints each call found with its file and
line, and exits 1 if there is one.
Usage: broker_sends.py ROOT
"""
import os
import re
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checked_new import blank, blanked_sources, closing  # noqa: E402  (comments and strings blanked)

ROUTER = re.compile(r"self->(?:frontend|backend|sockets\s*\[\s*[01]\s*\])(?!\w)")
SENDS = ("vc_msg_send", "zmq_send", "zmq_send_const", "zmq_msg_send", "zmq_sendmsg",
         "zframe_send", "zmsg_send", "zstr_send", "zstr_sendm", "zstr_sendf", "zstr_sendx",
         "zsock_send", "zsock_bsend")
LOOKS = ("vc_msg_recv", "vc_msg_recv_nowait", "zmq_recv", "zmq_msg_recv", "zmq_recvmsg",
         "zframe_recv", "zmsg_recv", "zstr_recv", "zsock_recv", "zmq_getsockopt",
         "zsock_events", "zmq_poll", "zpoller_new", "zloop_reader")
CALL = re.compile(r"\b(%s)\s*\(" % "|".join(sorted(SENDS + LOOKS, key=len, reverse=True)))


def found(name, code):
    """(line, call) of each send on a ROUTER anywhere, and each receive or
    look at one outside broker.c."""
    hits = []
    for match in CALL.finditer(code):
        function = match.group(1)
        if function in LOOKS and name == "broker.c":
            continue
        open_at = match.end() - 1
        if ROUTER.search(code[open_at + 1:closing(code, open_at)]):
            hits.append((code.count("\n", 0, match.start()) + 1, function))
    return hits


def planted():
    """The check finds planted calls and passes the allowed ones."""
    source = ("static void\ns_reply (broker_t *self, vc_msg_t *reply)\n{\n"
              "    // vc_msg_send (&reply, self->frontend);\n"
              "    broker_send (self, BROKER_FRONTEND, &reply);\n"
              "    vc_msg_send (&reply,\n        self->sockets [1]);\n"
              "    zmq_send (self->events_out, \"x\", 1, 0);\n"
              "    vc_msg_t *msg = vc_msg_recv_nowait (self->sockets [0], true);\n}\n")
    hits = found("broker_planted.c", blank(source))
    if hits != [(6, "vc_msg_send"), (9, "vc_msg_recv_nowait")]:
        return "planted calls not found as they should be: %r" % hits
    hits = found("broker.c", blank(source))
    if hits != [(6, "vc_msg_send")]:
        return "the loop's own receive refused, or a send missed: %r" % hits
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    failed = planted()
    if failed:
        print("FAILED - the check itself: " + failed)
        return 1
    bad = 0
    for name, code in blanked_sources(os.path.join(root, "broker")).items():
        for line, function in found(name, code):
            print("broker/%s:%d: %s on a ROUTER %s" % (
                name, line, function,
                "outside broker_send" if function in SENDS else "outside the loop (broker.c)"))
            bad += 1
    if bad:
        print("FAILED - %d call(s): send with broker_send (broker.h); only broker.c reads the ROUTERs" % bad)
        return 1
    print("ok - every send on the broker's ROUTERs goes through broker_send")
    return 0


if __name__ == "__main__":
    sys.exit(main())
