#!/usr/bin/env python3
"""seeds.py - writes the seed corpus of the fuzz targets (fuzz/corpus/*):
typical and edge-case msgpack bodies, VC01 messages of every command, and
bus events, in the input layouts the harnesses expect (see fuzz_check.h).
Run it from anywhere; it rewrites the files it owns."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def pack(v):
    """Minimal msgpack encoder (enough for seeds): dict, list, str, bytes, int, bool, None, float."""
    if v is None:
        return b'\xc0'
    if v is True:
        return b'\xc3'
    if v is False:
        return b'\xc2'
    if isinstance(v, int):
        if 0 <= v < 128:
            return bytes([v])
        if -32 <= v < 0:
            return struct.pack('b', v)
        for fmt, code, lo, hi in (('>B', 0xcc, 0, 255), ('>H', 0xcd, 0, 65535),
                                  ('>I', 0xce, 0, 2**32 - 1), ('>Q', 0xcf, 0, 2**64 - 1),
                                  ('>b', 0xd0, -128, 127), ('>h', 0xd1, -2**15, 2**15 - 1),
                                  ('>i', 0xd2, -2**31, 2**31 - 1), ('>q', 0xd3, -2**63, 2**63 - 1)):
            if lo <= v <= hi:
                return bytes([code]) + struct.pack(fmt, v)
    if isinstance(v, float):
        return b'\xcb' + struct.pack('>d', v)
    if isinstance(v, str):
        b = v.encode('utf-8')
        if len(b) < 32:
            return bytes([0xa0 | len(b)]) + b
        if len(b) < 256:
            return b'\xd9' + bytes([len(b)]) + b
        return b'\xda' + struct.pack('>H', len(b)) + b
    if isinstance(v, bytes):
        return b'\xc4' + bytes([len(v)]) + v
    if isinstance(v, list):
        head = bytes([0x90 | len(v)]) if len(v) < 16 else b'\xdc' + struct.pack('>H', len(v))
        return head + b''.join(pack(x) for x in v)
    if isinstance(v, dict):
        head = bytes([0x80 | len(v)]) if len(v) < 16 else b'\xde' + struct.pack('>H', len(v))
        return head + b''.join(pack(k) + pack(x) for k, x in v.items())
    raise TypeError(v)


def frames(flags, parts):
    out = bytes([flags])
    for p in parts:
        out += struct.pack('>H', len(p)) + p
    return out


def write(target, name, data):
    folder = os.path.join(HERE, 'corpus', target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


BODIES = {
    'ping': {'op': 'ping'},
    'signin': {'op': 'signin', 'username': 'alice', 'password': 'correct horse battery'},
    'lookup': {'op': 'lookup', 'province': 'Hà Nội', 'date': '15-12-2021'},
    'top': {'op': 'top', 'n': 5, 'date': '2021-12-15'},
    'reply': {'status': 200, 'message': 'ok', 'total': 1234567, 'ratio': 0.5, 'ok': True,
              'none': None},
    'services': {'status': 200, 'message': 'ok', 'services': [
        {'name': 'auth', 'instances': 1, 'health': 'up', 'workers': [
            {'instance': 'host:1', 'capacity': 10, 'inflight': 0, 'served': 2**40}]}]},
    'ints': {'a': -1, 'b': -200, 'c': -40000, 'd': -2**40, 'e': 300, 'f': 70000, 'g': 2**63},
    'bin': {'op': 'x', 'pad': b'\x00\x01\x02'},
    'long-str': {'op': 'x' * 40, 'text': 'y' * 300},
    'map16': {('k%02d' % i): i for i in range(20)},
}
RAW_BODIES = {
    'ext': b'\x81\xa2op\xd4\x01\x02',
    'ext8': b'\x81\xa1e\xc7\x02\x05ab',
    'float32': b'\x81\xa1f\xca\x3f\x80\x00\x00',
    'deep': b'\x81\xa1d' + b'\x91' * 7 + b'\x90',
    'too-deep': b'\x81\xa1d' + b'\x91' * 9 + b'\x90',
    'dup-key': b'\x82\xa2op\xa1a\xa2op\xa1b',
    'int-key': b'\x81\x01\x02',
    'bad-utf8': b'\x81\xa2op\xa3\xe2\x28\xa1',
    'nul-in-str': b'\x81\xa2op\xa3a\x00b',
    'truncated': b'\x82\xa2op\xa4pi',
    'huge-count': b'\xdf\xff\xff\xff\xff',
    'array-top': b'\x92\x01\x02',
    'reserved': b'\xc1',
}

if __name__ == '__main__':
    for name, value in BODIES.items():
        write('body', name, pack(value))
    for name, data in RAW_BODIES.items():
        write('body', name, data)

    reqid = b'\x00\x00\x00\x00\x00\x00\x00\x01'
    body = pack(BODIES['signin'])
    token = b'0123456789abcdef0123456789abcdef'
    messages = {
        'request': (0, [b'VC01', b'\x02', b'auth', reqid, token, body]),
        'request-router': (1, [b'\x00\x80\x00\x00\x01', b'VC01', b'\x02', b'data', reqid, b'',
                               pack(BODIES['lookup'])]),
        'reply': (0, [b'VC01', b'\x03', b'data', reqid, pack(BODIES['reply'])]),
        'ready': (1, [b'\x00\x80\x00\x00\x02', b'VC01', b'\x01', b'auth',
                      pack({'capacity': 10, 'instance': 'host:42', 'pid': 42})]),
        'hello': (1, [b'\x00\x80\x00\x00\x03', b'VC01', b'\x06', pack({'kind': 'cli', 'pid': 7})]),
        'welcome': (0, [b'VC01', b'\x07', pack({'client': '0080000003', 'heartbeat': 1000,
                                               'epoch': 'abcdef0123456789'})]),
        'heartbeat': (0, [b'VC01', b'\x04']),
        'bye': (1, [b'\x00\x80\x00\x00\x04', b'VC01', b'\x05']),
        'session': (1, [b'\x00\x80\x00\x00\x05', b'VC01', b'\x08', b'0080000003', b'alice', token]),
        'bad-signature': (0, [b'VC02', b'\x02']),
        'extra-frames': (0, [b'VC01', b'\x04', b'more']),
        'control-bytes': (0, [b'VC01', b'\x02', b'au\x01th', reqid, b'', body]),
    }
    for name, (flags, parts) in messages.items():
        write('msg', name, frames(flags, parts))

    event = pack({'ts': 1639555200000, 'source': 'auth', 'client': '0080000003',
                  'username': 'alice', 'address': '127.0.0.1', 'detail': 'signed in'})
    events = {
        'login': [b'auth.login', b'42', event],
        'lookup': [b'data.lookup', b'18446744073709551615',
                   pack({'ts': 1, 'source': 'data', 'detail': 'lookup Hà Nội 15-12-2021: 1.024'})],
        'broker-start': [b'broker.start', b'1', pack({'ts': 0, 'source': 'broker', 'client': '',
                                                      'username': '', 'address': 'tcp://x:1',
                                                      'detail': 'abc'})],
        'two-frames': [b'client.lost', b'7'],
        'long-topic': [b't' * 70, b'1', event],
        'bad-body': [b'x', b'1', b'\xc1'],
        'with-run': [b'auth.login', b'42', event, b'0123456789abcdef'],
        'bad-run': [b'auth.login', b'42', event, b'run id\x00'],
    }
    for name, parts in events.items():
        write('event', name, frames(0, parts))
