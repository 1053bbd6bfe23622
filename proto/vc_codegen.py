#!/usr/bin/env python3
"""vc_codegen - generates code and documentation from the protocol model.

Reads proto/vcovid.xml (Python 3 standard library only) and writes:

  vc_proto_codes.h   command bytes, status codes, event topics
  vc_messages.h/.c   a C struct, an encoder (_pack) and a decoder (_decode)
                     for every body of the model, over common/vc_codec.h,
                     and a reader of each scalar field alone (_get_FIELD)
  vc_conformance.c   a test that round-trips every message of the model

  --out DIR            write the four files into DIR
  --docs ROOT          with --check: fail when the generated sections of
                       ROOT/docs/protocol.md differ from the model, or the
                       operation tables of the services' pages name other
                       operations; with --write: rewrite those sections
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

MODEL_NAME = "proto/vcovid.xml"
BANNER = "generated from %s by proto/vc_codegen.py: do not edit" % MODEL_NAME
SCALARS = ("string", "int", "bool", "double", "bin", "date")


# ---------------------------------------------------------------------------
# The model

class Field:
    def __init__(self, node):
        self.name = node.get("name")
        self.type = node.get("type")
        self.of = node.get("of")
        self.max = int(node.get("max", "4096"))
        self.min_value = node.get("min")
        self.max_value = node.get("max") if self.type == "int" else None
        self.optional = node.get("optional") == "yes"
        self.nullable = node.get("nullable") == "yes"
        self.doc = " ".join((node.text or "").split())


class Struct:
    """A body: a named struct, a request or a reply."""

    def __init__(self, node, cname, kind="struct", op=None, status=200, message=None):
        self.cname = cname                      # vc_day_point, vc_data_lookup_request...
        self.kind = kind                        # struct, request, reply
        self.op = op
        self.status = status
        self.message = message
        self.form = node.get("form", "map") if node is not None else "map"
        self.doc = node.get("doc", "") if node is not None else ""
        self.when = node.get("when", "") if node is not None else ""
        self.variant = node.get("variant") if node is not None else None
        self.fields = [Field(f) for f in node.findall("field")] if node is not None else []


class Model:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.signature = root.get("signature")
        self.statuses = [(int(s.get("code")), s.get("name"), s.get("symbol"),
                          " ".join((s.text or "").split())) for s in root.findall("status")]
        self.commands = root.findall("command")
        self.events = root.findall("event")
        self.structs = {}
        for node in root.findall("struct"):
            self.structs[node.get("name")] = Struct(node, "vc_" + node.get("name"))
        self.replies = [Struct(r, "vc_%s_reply" % r.get("name"), "reply",
                               status=int(r.get("status", "200"))) for r in root.findall("reply")]
        self.services = []
        for service in root.findall("service"):
            self.services.append(self._service(service))
        self._validate()

    def _service(self, node):
        name = node.get("name")
        service = {"name": name, "doc": node.get("doc"), "title": node.get("title", name),
                   "replies": [], "operations": []}
        for reply in node.findall("reply"):
            service["replies"].append(Struct(reply, "vc_%s_%s_reply" % (name, reply.get("name")),
                                             "reply", status=int(reply.get("status", "200"))))
        for op in node.findall("operation"):
            opname = op.get("name")
            entry = {"name": opname, "doc": op.get("doc", ""), "replies": [],
                     "costly": op.get("costly") == "yes"}
            entry["request"] = Struct(op.find("request"), "vc_%s_%s_request" % (name, opname),
                                      "request", op=opname)
            for reply in op.findall("reply"):
                variant = reply.get("variant")
                cname = "vc_%s_%s%s_reply" % (name, opname, "_" + variant if variant else "")
                entry["replies"].append(Struct(reply, cname, "reply",
                                               status=int(reply.get("status", "200")),
                                               message=reply.get("message")))
            service["operations"].append(entry)
        return service

    def bodies(self):
        """Every struct, request and reply, nested structs first."""
        for struct in self.structs.values():
            yield struct
        for reply in self.replies:
            yield reply
        for service in self.services:
            for reply in service["replies"]:
                yield reply
            for op in service["operations"]:
                yield op["request"]
                for reply in op["replies"]:
                    yield reply

    def _validate(self):
        for body in self.bodies():
            names = set()
            for field in body.fields:
                if field.name in names:
                    sys.exit("%s: field %s twice" % (body.cname, field.name))
                names.add(field.name)
                kind = field.of if field.type == "list" else field.type
                if kind not in SCALARS and kind not in self.structs:
                    sys.exit("%s: field %s has unknown type %s" % (body.cname, field.name, kind))
                if field.type == "list" and field.of in ("bool", "double", "bin", "date"):
                    sys.exit("%s: lists of %s are not supported" % (body.cname, field.of))
                if field.type not in SCALARS and field.type != "list":
                    sys.exit("%s: field %s: a struct is used through a list" % (body.cname, field.name))
                if body.form == "array" and field.optional:
                    sys.exit("%s: a row has no optional fields" % body.cname)
                if body.kind == "reply" and field.name in ("status", "message"):
                    sys.exit("%s: status and message are implicit" % body.cname)


def topic_symbol(event):
    symbol = event.get("symbol")
    if symbol:
        return "VC_TOPIC_" + symbol
    return "VC_TOPIC_" + re.sub(r"[^A-Z0-9]+", "_", event.get("topic").upper()).strip("_")


# ---------------------------------------------------------------------------
# C: constants

def gen_codes(model):
    out = ["/*  vc_proto_codes - %s" % BANNER,
           "    Command bytes, status codes and event topics of the VC01 protocol.",
           "*/",
           "#ifndef VC_PROTO_CODES_H_INCLUDED",
           "#define VC_PROTO_CODES_H_INCLUDED",
           "",
           '#define VC_PROTO_SIGNATURE      "%s"' % model.signature,
           "",
           "//  Commands (one byte in the second frame)",
           "typedef enum {"]
    rows = ["    VC_CMD_%s = %s" % (c.get("name"), c.get("byte")) for c in model.commands]
    for index, command in enumerate(model.commands):
        comma = "," if index < len(model.commands) - 1 else ""
        out.append("%-31s //  %s" % (rows[index] + comma, command.get("summary")))
    out += ["} vc_command_t;", "",
            '//  Status codes carried in every reply body ("status" field)',
            "typedef enum {"]
    for index, (code, name, symbol, _) in enumerate(model.statuses):
        comma = "," if index < len(model.statuses) - 1 else ""
        out.append("%-31s //  %s" % ("    VC_%s = %d%s" % (symbol, code, comma), name))
    out += ["} vc_status_t;", "", "//  Event topics (docs/protocol.md, \"Events\")"]
    for event in model.events:
        text = '#define %s "%s"' % (topic_symbol(event), event.get("topic"))
        note = event.get("pattern", "")
        out.append("%-51s //  %s" % (text, (note + ": a prefix; " if note else "") + event.get("source")))
    out += ["", "//  Topic families: the words before the dot, for a subscription or a",
            "//  test of where an event comes from (strncmp with the length)"]
    families = []
    for event in model.events:
        family = event.get("topic").split(".")[0]
        if family not in families:
            families.append(family)
            text = '#define VC_TOPICS_%s "%s."' % (family.upper(), family)
            out.append("%-51s //  %s" % (text, event.get("source")))
    out += ["",
            "//  Human name of a status (\"bad request\", ...), \"unknown status\" if none.",
            "const char *vc_status_name (int status);",
            "//  Human name of a command (\"REQUEST\", ...), \"?\" if none.",
            "const char *vc_command_name (int command);",
            "//  Whether the model declares operation op of service costly (costly=\"yes\":",
            "//  it hashes a password): 1 if so, 0 if it declares other operations of",
            "//  that service costly but not this one, -1 if none of that service.",
            "int vc_op_costly (const char *service, const char *op);",
            "", "#endif", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------
# C: structs, encoders, decoders

def c_decl(model, field):
    n = field.name
    if field.type == "list":
        if field.of == "string":
            item = "const char *const *"
        elif field.of == "int":
            item = "const int64_t *"
        else:
            item = "const %s_t *" % model.structs[field.of].cname
        return ["%s%s;" % (item, n), "size_t %s_count;" % n]
    return {
        "string": ["const char *%s;" % n],
        "int": ["int64_t %s;" % n],
        "bool": ["bool %s;" % n],
        "double": ["double %s;" % n],
        "bin": ["const void *%s;" % n, "size_t %s_size;" % n],
        "date": ["vc_day_t %s;" % n],
    }[field.type]


def gen_struct_decl(model, body):
    out = []
    comment = body.doc or (
        "%s %s" % (body.op, "request") if body.kind == "request" else body.cname[3:])
    if body.when:
        comment += " (%s)" % body.when
    out.append("//  %s" % comment)
    out.append("typedef struct {")
    if body.kind == "reply":
        out.append("    int status;")
        out.append("    const char *message;             //  NULL: the status's name")
    for field in body.fields:
        if field.optional:
            out.append("    bool has_%s;" % field.name)
        if field.nullable:
            out.append("    bool %s_null;" % field.name)
        for line in c_decl(model, field):
            out.append("    " + line)
    if not body.fields and body.kind != "reply":
        out.append("    int unused;")
    out.append("} %s_t;" % body.cname)
    out.append("")
    return out


def pack_value(model, field, value, indent):
    pad = " " * indent
    kind = field.type
    if kind == "string":
        return [pad + "vc_pack_str (pack, %s ? %s : \"\");" % (value, value)]
    if kind == "int":
        return [pad + "vc_pack_int (pack, %s);" % value]
    if kind == "bool":
        return [pad + "vc_pack_bool (pack, %s);" % value]
    if kind == "double":
        return [pad + "vc_pack_double (pack, %s);" % value]
    if kind == "bin":
        return [pad + "vc_pack_bin (pack, %s, %s_size);" % (value, value)]
    if kind == "date":
        return [pad + "vc_pack_date (pack, %s);" % value]
    # list
    lines = [pad + "vc_pack_array (pack, %s_count);" % value,
             pad + "for (size_t i = 0; i < %s_count; i++)" % value]
    if field.of == "string":
        lines.append(pad + "    vc_pack_str (pack, %s [i] ? %s [i] : \"\");" % (value, value))
    elif field.of == "int":
        lines.append(pad + "    vc_pack_int (pack, %s [i]);" % value)
    else:
        lines.append(pad + "    %s_pack (pack, &%s [i]);" % (model.structs[field.of].cname, value))
    return lines


def gen_pack(model, body):
    out = ["void", "%s_pack (vc_pack_t *pack, const %s_t *self)" % (body.cname, body.cname), "{",
           "    if (!pack)                  //  vc_pack_new out of memory: vc_pack_frame says so",
           "        return;"]
    if body.form == "array":
        out.append("    vc_pack_array (pack, %d);" % len(body.fields))
    else:
        fixed = sum(1 for f in body.fields if not f.optional)
        fixed += {"request": 1, "reply": 2}.get(body.kind, 0)
        terms = ["%d" % fixed] + ["(self->has_%s ? 1 : 0)" % f.name for f in body.fields if f.optional]
        out.append("    vc_pack_map (pack, %s);" % " + ".join(terms))
    if body.kind == "request":
        out.append('    vc_pack_kstr (pack, "op", "%s");' % body.op)
        if not body.fields:
            out.append("    (void) self;")
    if body.kind == "reply":
        out.append('    vc_pack_kint (pack, "status", self->status);')
        out.append('    vc_pack_kstr (pack, "message", self->message ? self->message '
                   ': vc_status_name (self->status));')
    for field in body.fields:
        indent = 4
        if field.optional:
            out.append("    if (self->has_%s) {" % field.name)
            indent = 8
        pad = " " * indent
        if body.form == "map":
            out.append(pad + 'vc_pack_key (pack, "%s");' % field.name)
        value = "self->" + field.name
        if field.nullable:
            out.append(pad + "if (self->%s_null)" % field.name)
            out.append(pad + "    vc_pack_nil (pack);")
            out.append(pad + "else")
            out += pack_value(model, field, value, indent + 4)
        else:
            out += pack_value(model, field, value, indent)
        if field.optional:
            out.append("    }")
    out += ["}", ""]
    return out


def int_limits(field):
    low = field.min_value if field.min_value is not None else "INT64_MIN"
    high = field.max_value if field.max_value is not None else "INT64_MAX"
    return low, high


def read_value(model, field, value, target, indent):
    """Lines that read msgpack object `value` into lvalue `target`."""
    pad = " " * indent
    key = '"%s"' % field.name
    kind = field.type
    if kind == "string":
        return [pad + "if (vc_codec_str (body, %s, %s, %d, &%s))" % (value, key, field.max, target),
                pad + "    return -1;"]
    if kind == "int":
        low, high = int_limits(field)
        return [pad + "if (vc_codec_int (body, %s, %s, %s, %s, &%s))" % (value, key, low, high, target),
                pad + "    return -1;"]
    if kind in ("bool", "double", "date"):
        return [pad + "if (vc_codec_%s (body, %s, %s, &%s))" % (kind, value, key, target),
                pad + "    return -1;"]
    if kind == "bin":
        return [pad + "if (vc_codec_bin (body, %s, %s, &%s, &%s_size))" % (value, key, target, target),
                pad + "    return -1;"]
    # list
    if field.of == "string":
        item_type, read = "const char *", "vc_codec_str (body, &items [i], %s, %d, &list [i])" % (key, field.max)
    elif field.of == "int":
        low, high = int_limits(field)
        item_type = "int64_t "
        read = "vc_codec_int (body, &items [i], %s, %s, %s, &list [i])" % (key, low, high)
    else:
        struct = model.structs[field.of]
        item_type = "%s_t " % struct.cname
        read = "s_%s_read (body, &items [i], %s, &list [i])" % (struct.cname, key)
    return [pad + "{",
            pad + "    const msgpack_object *items;",
            pad + "    %s*list;" % item_type,
            pad + "    if (vc_codec_list (body, %s, %s, sizeof *list, &items, &%s_count, (void **) &list))"
            % (value, key, target),
            pad + "        return -1;",
            pad + "    for (size_t i = 0; i < %s_count; i++)" % target,
            pad + "        if (%s)" % read,
            pad + "            return -1;",
            pad + "    %s = list;" % target,
            pad + "}"]


def gen_read(model, body):
    out = ["static int",
           "s_%s_read (vc_body_t *body, const msgpack_object *object, const char *key, %s_t *self)"
           % (body.cname, body.cname),
           "{",
           "    memset (self, 0, sizeof *self);"]
    if body.form == "array":
        out.append("    if (vc_codec_row (body, object, key, %d))" % len(body.fields))
    else:
        out.append("    if (vc_codec_map (body, object, key))")
    out.append("        return -1;")
    if body.fields or body.kind == "reply":
        out.append("    const msgpack_object *value;")
    if body.kind == "reply":
        out += ['    value = vc_map_get (object, "status");',
                '    if (!value)',
                '        return vc_codec_missing (body, "status");',
                '    int64_t status;',
                '    if (vc_codec_int (body, value, "status", 100, 599, &status))',
                '        return -1;',
                '    self->status = (int) status;',
                '    value = vc_map_get (object, "message");',
                '    if (!value)',
                '        return vc_codec_missing (body, "message");',
                '    if (vc_codec_str (body, value, "message", VC_STRING_MAX, &self->message))',
                '        return -1;']
    for index, field in enumerate(body.fields):
        target = "self->" + field.name
        if body.form == "array":
            out.append("    value = &object->via.array.ptr [%d];" % index)
        else:
            out.append('    value = vc_map_get (object, "%s");' % field.name)
        indent = 4
        if field.optional:
            out.append("    if (value) {")
            out.append("        self->has_%s = true;" % field.name)
            indent = 8
        else:
            out.append("    if (!value)")
            out.append('        return vc_codec_missing (body, "%s");' % field.name)
        pad = " " * indent
        if field.nullable:
            out.append(pad + "if (value->type == MSGPACK_OBJECT_NIL)")
            out.append(pad + "    self->%s_null = true;" % field.name)
            out.append(pad + "else {")
            out += read_value(model, field, "value", target, indent + 4)
            out.append(pad + "}")
        else:
            out += read_value(model, field, "value", target, indent)
        if field.optional:
            out.append("    }")
    out += ["    return 0;", "}", ""]
    return out


def gen_decode(body):
    return ["int",
            "%s_decode (vc_body_t *body, %s_t *self)" % (body.cname, body.cname),
            "{",
            '    return s_%s_read (body, vc_body_root (body), "body", self);' % body.cname,
            "}", ""]


GETTER_TYPES = {"string": "const char **", "int": "int64_t *", "bool": "bool *",
                "double": "double *", "date": "vc_day_t *"}


def getter_fields(body):
    """The fields a reader may take one at a time: the scalars of a map
    body (not nil-able ones), for a peer that keeps what it can of a body
    (a HELLO without pid still names its kind) or reads one field first
    (the operator key before the rest of the request)."""
    if body.form != "map":
        return []
    return [f for f in body.fields if f.type in GETTER_TYPES and not f.nullable]


def getter_decl(body, field):
    return "int %s_get_%s (vc_body_t *body, %svalue)" % (body.cname, field.name,
                                                          GETTER_TYPES[field.type])


def gen_getter(model, body, field):
    """NAME_get_FIELD: 0, 1 when absent (value untouched), -1 when wrong
    (value untouched, the reason in vc_body_error), with the model's type
    and limits: the contract of vc_body_str and vc_body_int."""
    key = '"%s"' % field.name
    if field.type == "string":
        read = "vc_codec_str (body, object, %s, %d, value)" % (key, field.max)
    elif field.type == "int":
        low, high = int_limits(field)
        read = "vc_codec_int (body, object, %s, %s, %s, value)" % (key, low, high)
    else:
        read = "vc_codec_%s (body, object, %s, value)" % (field.type, key)
    decl = getter_decl(body, field)
    return [decl[:decl.index(" ")], decl[decl.index(" ") + 1:], "{",
            "    const msgpack_object *object = vc_body_get (body, %s);" % key,
            "    if (!object)",
            "        return 1;",
            "    return %s ? -1 : 0;" % read,
            "}", ""]


def gen_messages_h(model):
    out = ["/*  vc_messages - %s" % BANNER,
           "",
           "    A struct for every body of the protocol, with its encoder and decoder.",
           "    NAME_pack appends the body to pack (reset it first for a new body;",
           "    nothing for a NULL pack, whose vc_pack_frame is NULL: one check);",
           "    optional fields go out only when has_FIELD is set, nullable ones as",
           "    nil when FIELD_null is set, and a reply's message defaults to its",
           "    status's name. NAME_decode reads a decoded body (vc_body_t): 0, or -1",
           "    with the reason in vc_body_error; strings and lists it returns live",
           "    as long as the body. Fields a decoder does not know are ignored.",
           "    NAME_get_FIELD reads one scalar field alone, with the model's type",
           "    and limits: 0, 1 when absent, -1 when wrong (reason in vc_body_error;",
           "    the value is set only on 0), for a reader that keeps what it can of",
           "    a body or needs one field before the others.",
           "*/",
           "#ifndef VC_MESSAGES_H_INCLUDED",
           "#define VC_MESSAGES_H_INCLUDED",
           "",
           '#include "vc_codec.h"',
           '#include "vc_proto.h"',
           "",
           "#ifdef __cplusplus",
           'extern "C" {',
           "#endif",
           ""]
    for body in model.bodies():
        out += gen_struct_decl(model, body)
    for body in model.bodies():
        out.append("void %s_pack (vc_pack_t *pack, const %s_t *self);" % (body.cname, body.cname))
        if body.form == "map":
            out.append("int %s_decode (vc_body_t *body, %s_t *self);" % (body.cname, body.cname))
        for field in getter_fields(body):
            out.append(getter_decl(body, field) + ";")
    out += ["", "#ifdef __cplusplus", "}", "#endif", "#endif", ""]
    return "\n".join(out)


def gen_messages_c(model):
    out = ["/*  vc_messages - %s  */" % BANNER,
           '#include "vc_messages.h"',
           '#include "vc_object.h"',
           "#include <string.h>",
           "",
           "const char *",
           "vc_status_name (int status)",
           "{",
           "    switch (status) {"]
    for code, name, symbol, _ in model.statuses:
        out.append('        case VC_%s: return "%s";' % (symbol, name))
    out += ['        default: return "unknown status";', "    }", "}", "",
            "const char *",
            "vc_command_name (int command)",
            "{",
            "    switch (command) {"]
    for command in model.commands:
        out.append('        case VC_CMD_%s: return "%s";' % (command.get("name"), command.get("name")))
    out += ['        default: return "?";', "    }", "}", ""]
    costly = [(service["name"], op["name"]) for service in model.services
              for op in service["operations"] if op["costly"]]
    out += ["int", "vc_op_costly (const char *service, const char *op)", "{",
            "    static const char *costly [][2] = {"]
    out += ['        { "%s", "%s" },' % pair for pair in costly]
    out += ["        { NULL, NULL }", "    };", "    int found = -1;",
            "    for (int index = 0; service && costly [index][0]; index++)",
            "        if (strcmp (costly [index][0], service) == 0) {",
            "            if (op && strcmp (costly [index][1], op) == 0)",
            "                return 1;",
            "            found = 0;",
            "        }",
            "    return found;", "}", ""]
    bodies = list(model.bodies())
    for body in bodies:
        out.append("static int s_%s_read (vc_body_t *body, const msgpack_object *object, "
                   "const char *key, %s_t *self);" % (body.cname, body.cname))
    out.append("")
    for body in bodies:
        out += gen_pack(model, body)
        out += gen_read(model, body)
        if body.form == "map":
            out += gen_decode(body)
        for field in getter_fields(body):
            out += gen_getter(model, body, field)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# C: the conformance test

SAMPLE_TEXTS = ["Hồ Chí Minh", "Bến Tre", "tcp://*:5558", "auth", "9f0c2a7d41b6e358", "ok"]


def sample_int(field, index):
    low = int(field.min_value) if field.min_value is not None else None
    high = int(field.max_value) if field.max_value is not None else None
    value = 1000 * index + 7
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def gen_fill(model, body):
    out = ["static void",
           "s_fill_%s (%s_t *self, bool full)" % (body.cname, body.cname),
           "{",
           "    (void) full;",
           "    memset (self, 0, sizeof *self);"]
    if body.kind == "reply":
        out.append("    self->status = %d;" % body.status)
        out.append('    self->message = full ? "a message" : NULL;')
    for index, field in enumerate(body.fields):
        n = field.name
        if field.optional:
            out.append("    self->has_%s = full;" % n)
        if field.nullable:
            out.append("    self->%s_null = !full;" % n)
        kind = field.type
        if kind == "string":
            out.append('    self->%s = "%s";' % (n, SAMPLE_TEXTS[index % len(SAMPLE_TEXTS)][:field.max]))
        elif kind == "int":
            out.append("    self->%s = %d;" % (n, sample_int(field, index)))
        elif kind == "bool":
            out.append("    self->%s = full;" % n)
        elif kind == "double":
            out.append("    self->%s = %d.25;" % (n, index))
        elif kind == "bin":
            out.append('    self->%s = "\\x81\\xa1x\\x01";' % n)
            out.append("    self->%s_size = 4;" % n)
        elif kind == "date":
            out.append("    self->%s = %d;" % (n, 18976 + index))
        elif field.of == "string":
            out.append('    static const char *%s [] = { "Hà Nội", "", "Đắk Lắk" };' % n)
            out.append("    self->%s = %s;" % (n, n))
            out.append("    self->%s_count = full ? 3 : 0;" % n)
        elif field.of == "int":
            out.append("    static const int64_t %s [] = { 1, 2, 3 };" % n)
            out.append("    self->%s = %s;" % (n, n))
            out.append("    self->%s_count = full ? 3 : 1;" % n)
        else:
            struct = model.structs[field.of]
            out.append("    static %s_t %s [2];" % (struct.cname, n))
            out.append("    s_fill_%s (&%s [0], true);" % (struct.cname, n))
            out.append("    s_fill_%s (&%s [1], false);" % (struct.cname, n))
            out.append("    self->%s = %s;" % (n, n))
            out.append("    self->%s_count = 2;" % n)
    out += ["}", ""]
    return out


def gen_roundtrip(body):
    c = body.cname
    return ["static void",
            "s_roundtrip_%s (bool full)" % c,
            "{",
            "    %s_t sample, copy;" % c,
            "    s_fill_%s (&sample, full);" % c,
            "    vc_pack_t *pack = vc_pack_new ();",
            "    %s_pack (pack, &sample);" % c,
            "    char err [160] = \"\";",
            "    vc_body_t *body = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);",
            '    s_expect (body != NULL, "%s: the encoded body does not decode: %%s", err);' % c,
            "    if (body) {",
            "        int rc = %s_decode (body, &copy);" % c,
            '        s_expect (rc == 0, "%s: the decoder refuses the encoder\'s body: %%s", vc_body_error (body));' % c,
            "        if (rc == 0) {",
            "            vc_pack_t *again = vc_pack_new ();",
            "            %s_pack (again, &copy);" % c,
            "            s_expect (vc_pack_size (again) == vc_pack_size (pack)",
            "                      && memcmp (vc_pack_data (again), vc_pack_data (pack), vc_pack_size (pack)) == 0,",
            '                      "%s: decoded and encoded again, the body changed");' % c,
            "            vc_pack_destroy (&again);",
            "        }",
            "        s_getters_%s (body, &copy, full);" % c,
            "        vc_body_destroy (&body);",
            "    }",
            "    vc_pack_destroy (&pack);",
            "}",
            ""]


def gen_getter_checks(body):
    """Each field read alone gives what the decoder gave; 1 for an optional
    field the body does not carry."""
    c = body.cname
    out = ["static void",
           "s_getters_%s (vc_body_t *body, const %s_t *copy, bool full)" % (c, c),
           "{",
           "    (void) body; (void) copy; (void) full;"]
    for field in getter_fields(body):
        n = field.name
        expect = "full ? 0 : 1" if field.optional else "0"
        same = "streq (value, copy->%s)" % n if field.type == "string" else "value == copy->%s" % n
        ctype = GETTER_TYPES[field.type][:-1]
        out += ["    {",
                "        %s%svalue = %s;" % (ctype, "" if ctype.endswith("*") else " ",
                                          "NULL" if field.type == "string" else "0"),
                "        int rc = %s_get_%s (body, &value);" % (c, n),
                "        s_expect (rc == (%s) && (rc == 1 || %s)," % (expect, same),
                '                  "%s_get_%s: %%d, not what the decoder read", rc);' % (c, n),
                "    }"]
    out += ["}", ""]
    return out


def gen_refusals(body):
    """The decoder refuses a body without its first required field, and with
    that field of the wrong type."""
    c = body.cname
    required = [f for f in body.fields if not f.optional]
    if not required:
        return [], None
    first = required[0]
    wrong = 'vc_pack_int (pack, 1);' if first.type in ("string", "date", "list", "bin") \
        else 'vc_pack_str (pack, "x");'
    head = {"request": ['vc_pack_kstr (pack, "op", "%s");' % body.op],
            "reply": ['vc_pack_kint (pack, "status", 200);', 'vc_pack_kstr (pack, "message", "ok");']
            }.get(body.kind, [])
    out = ["static void",
           "s_refuse_%s (void)" % c,
           "{",
           "    %s_t copy;" % c,
           "    char err [160];",
           "    vc_pack_t *pack = vc_pack_new ();"]
    for missing in (True, False):
        out.append("    vc_pack_reset (pack);")
        out.append("    vc_pack_map (pack, %d);" % (len(head) + (0 if missing else 1)))
        out += ["    " + line for line in head]
        if not missing:
            out.append('    vc_pack_key (pack, "%s");' % first.name)
            out.append("    " + wrong)
        expect = "missing field '%s'" % first.name if missing else "field '%s' " % first.name
        out += ["    {",
                "        vc_body_t *body = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);",
                "        assert (body);",
                "        int rc = %s_decode (body, &copy);" % c,
                '        s_expect (rc == -1 && strstr (vc_body_error (body), "%s"),' % expect,
                '                  "%s: %s: not refused as expected (%%s)", vc_body_error (body));'
                % (c, "without " + first.name if missing else first.name + " of a wrong type")]
        if first in getter_fields(body):
            # Read alone: absent (1) or wrong (-1)
            out += ["        %svalue;" % GETTER_TYPES[first.type][:-1],
                    "        s_expect (%s_get_%s (body, &value) == %d," % (c, first.name, 1 if missing else -1),
                    '                  "%s_get_%s: %s: not refused as expected");'
                    % (c, first.name, "without it" if missing else "of a wrong type")]
        out += ["        vc_body_destroy (&body);",
                "    }"]
    out += ["    vc_pack_destroy (&pack);", "}", ""]
    return out, "s_refuse_%s ();" % c


def gen_conformance(model):
    out = ["/*  vc_conformance - %s" % BANNER,
           "    Round-trips every body of the model through its encoder and decoder,",
           "    with every optional field and with none, checks that decoders refuse",
           "    a missing or mistyped field, and checks the status names and topics.",
           "*/",
           '#include "vc_messages.h"',
           "",
           "static int s_failures = 0;",
           "",
           "static void",
           "s_expect (bool ok, const char *format, ...)",
           "{",
           "    if (ok)",
           "        return;",
           "    va_list args;",
           "    va_start (args, format);",
           "    vfprintf (stderr, format, args);",
           "    va_end (args);",
           "    fprintf (stderr, \"\\n\");",
           "    s_failures++;",
           "}",
           ""]
    bodies = list(model.bodies())
    for body in bodies:
        out.append("static void s_fill_%s (%s_t *self, bool full);" % (body.cname, body.cname))
    out.append("")
    calls = []
    for body in bodies:
        out += gen_fill(model, body)
        if body.form == "map":
            out += gen_getter_checks(body)
            out += gen_roundtrip(body)
            calls += ["s_roundtrip_%s (true);" % body.cname, "s_roundtrip_%s (false);" % body.cname]
            lines, call = gen_refusals(body)
            out += lines
            if call:
                calls.append(call)
    out += ["int", "main (void)", "{"]
    out += ["    " + call for call in calls]
    for code, name, _, _ in model.statuses:
        out.append('    s_expect (streq (vc_status_name (%d), "%s"), "status %d: wrong name");'
                   % (code, name, code))
    for event in model.events:
        topic = event.get("topic")
        ok = 0 < len(topic.encode()) <= 64 and all(33 <= ord(ch) < 127 for ch in topic)
        out.append('    s_expect (%d && streq (%s, "%s"), "topic %s: not a valid topic");'
                   % (ok, topic_symbol(event), topic, topic))
    out += ['    printf ("%%d bodies round-tripped, %%d failures\\n", %d, s_failures);' % len(bodies),
            "    return s_failures ? 1 : 0;", "}", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Documentation

def type_text(model, field):
    if field.type == "list":
        return "list of " + (field.of if field.of in SCALARS else "`{%s}`" % ", ".join(
            f.name for f in model.structs[field.of].fields) if model.structs[field.of].form == "map"
            else "`[%s]`" % ", ".join(f.name for f in model.structs[field.of].fields))
    if field.type == "string" and field.max != 4096:
        return "string ≤ %d" % field.max
    if field.type == "int" and (field.min_value or field.max_value):
        return "int %s–%s" % (field.min_value or "", field.max_value or "")
    return field.type


def fields_text(model, body, with_types):
    items = []
    for field in body.fields:
        text = "`%s`%s" % (field.name, "?" if field.optional else "")
        if with_types:
            text += ": " + type_text(model, field) + (" or nil" if field.nullable else "")
        elif field.type == "list" and field.doc.startswith("`"):
            text += ": array of %s" % field.doc
        elif field.doc:
            text += " (%s)" % field.doc
        items.append(text)
    return ", ".join(items) if items else "—"


def doc_commands(model):
    out = ["| command      | byte | direction                      | fields after the command |",
           "|--------------|------|--------------------------------|---------------------------|"]
    for command in model.commands:
        for route in command.findall("route"):
            frames = []
            for frame in route.findall("frame"):
                text = frame.text.strip()
                if frame.get("body"):
                    struct = model.structs[frame.get("body")]
                    text += " `{%s}`" % ", ".join(f.name for f in struct.fields if not f.optional)
                frames.append(text)
            fields = "; ".join(frames) if frames else route.get("note")
            if route.get("extra"):
                fields += "; " + route.get("extra")
            out.append("| %-12s | %-4s | %-30s | %s |" % ("`%s`" % command.get("name"), command.get("byte"),
                                                       route.get("direction"), fields))
    return out


def doc_statuses(model):
    out = ["| code | name                 | when |",
           "|------|----------------------|------|"]
    for code, name, _, when in model.statuses:
        out.append("| %d  | %-20s | %s |" % (code, name, when))
    return out


def doc_broker(model):
    service = next(s for s in model.services if s["name"] == "broker")
    out = ["| op         | request            | reply fields |",
           "|------------|--------------------|--------------|"]
    for op in service["operations"]:
        reply = fields_text(model, op["replies"][0], False) if op["replies"] else "—"
        if op["doc"]:
            reply = op["doc"] if reply == "—" else "%s; %s" % (op["doc"], reply)
        out.append("| %-10s | %-18s | %s |" % ("`%s`" % op["name"],
                                            fields_text(model, op["request"], False), reply))
    return out


def doc_events(model):
    out = ["| topic              | source  | when |",
           "|--------------------|---------|------|"]
    for event in model.events:
        topic = "`%s`" % event.get("pattern", event.get("topic"))
        out.append("| %-18s | %-7s | %s |" % (topic, event.get("source"),
                                             " ".join((event.text or "").split())))
    return out


def doc_messages(model):
    out = ["| service | op | request fields | reply fields (status 200 unless said) |",
           "|---------|----|----------------|-----------------------------------------|"]
    for service in model.services:
        for op in service["operations"]:
            replies = []
            for reply in op["replies"]:
                label = ""
                if reply.variant or reply.status != 200:
                    label = "%s%s: " % (reply.when or reply.variant, "" if reply.status == 200
                                        else " (%d)" % reply.status)
                replies.append(label + fields_text(model, reply, True))
            out.append("| `%s` | `%s`%s | %s | %s |" % (service["name"], op["name"],
                                                   " (costly)" if op["costly"] else "",
                                                   fields_text(model, op["request"], True),
                                                   " · ".join(replies)))
        for reply in service["replies"]:
            out.append("| `%s` | any | | %s (%d): %s |" % (service["name"], reply.doc, reply.status,
                                                        fields_text(model, reply, True)))
    for reply in model.replies:
        status = " (%d)" % reply.status if reply.status != 200 else ""
        out.append("| any | any | | %s%s: %s |" % (reply.doc, status, fields_text(model, reply, True)))
    out.append("")
    out.append("Bodies and rows:")
    out.append("")
    for name, struct in model.structs.items():
        shape = "[%s]" if struct.form == "array" else "{%s}"
        out.append("- `%s` (%s): `%s`: %s" % (name, struct.doc, shape % ", ".join(
            f.name for f in struct.fields), fields_text(model, struct, True)))
    return out


SECTIONS = {"commands": doc_commands, "statuses": doc_statuses, "broker": doc_broker,
            "events": doc_events, "messages": doc_messages}
BEGIN = "<!-- generated from %s: %%s -->" % MODEL_NAME
END = "<!-- end of generated section -->"


def render_docs(model, text):
    """The page with every generated section replaced; the names of the
    sections whose markers are missing."""
    missing = []
    for name, fn in SECTIONS.items():
        begin = BEGIN % name
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(END), re.S)
        if not pattern.search(text):
            missing.append(name)
            continue
        body = "\n".join(fn(model))
        text = pattern.sub(lambda m: begin + "\n" + body + "\n" + END, text, count=1)
    return text, missing


def doc_ops(path):
    """Operations named in the first table after an 'Operations' heading."""
    ops, state = set(), 0
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if state == 0 and re.match(r"#+ Operations\s*$", line):
                state = 1
            elif state == 1 and line.startswith("|"):
                state = 2
            if state == 2:
                if not line.startswith("|"):
                    break
                match = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
                if match:
                    ops.add(match.group(1))
    return ops


def check_docs(model, root, write):
    path = os.path.join(root, "docs", "protocol.md")
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    rendered, missing = render_docs(model, text)
    problems = ["docs/protocol.md has no generated section '%s'" % name for name in missing]
    if write:
        if rendered != text:
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(rendered)
            print("docs/protocol.md rewritten from the model")
    elif rendered != text:
        for old, new in zip(text.splitlines(), rendered.splitlines()):
            if old != new:
                problems.append("docs/protocol.md differs from the model:\n  docs:  %s\n  model: %s"
                                % (old, new))
                break
        else:
            problems.append("docs/protocol.md differs from the model in length")
    for service in model.services:
        page = service["doc"]
        if page == "docs/protocol.md":
            continue
        documented = doc_ops(os.path.join(root, page))
        modelled = {op["name"] for op in service["operations"]}
        for op in sorted(modelled - documented):
            problems.append("%s: operation '%s' of the model is not in its table" % (page, op))
        for op in sorted(documented - modelled):
            problems.append("%s: operation '%s' is not in the model" % (page, op))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems and not write:
        print("run: python3 proto/vc_codegen.py --docs . --write (after changing the model)",
              file=sys.stderr)
    return 1 if problems else 0


# ---------------------------------------------------------------------------

def write_file(path, text):
    with open(path + ".tmp", "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "vcovid.xml"))
    parser.add_argument("--out", help="folder for the generated C files")
    parser.add_argument("--docs", help="source tree whose docs/ are checked or written")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    model = Model(args.model)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        write_file(os.path.join(args.out, "vc_proto_codes.h"), gen_codes(model))
        write_file(os.path.join(args.out, "vc_messages.h"), gen_messages_h(model))
        write_file(os.path.join(args.out, "vc_messages.c"), gen_messages_c(model))
        write_file(os.path.join(args.out, "vc_conformance.c"), gen_conformance(model))
    if args.docs:
        return check_docs(model, args.docs, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
