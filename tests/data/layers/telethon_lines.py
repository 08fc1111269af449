#!/usr/bin/python3
"""Prints the TL definitions of layer 144 as Telethon 1.25.1 (Debian's
python3-telethon) reads them, for 144.tl:

  telethon_lines.py dialog=Dialog messages.messages=messages.Messages ...

(each a name as the schema writes it, = the type it builds; f:NAME for a function).

Telethon ships generated classes, not its .tl: each line is rebuilt from a
class's from_reader (field order, flags, scalar types) and __init__ (object
types). The fake DC's tests check every line's CRC against its id.
"""
import inspect
import re
import sys

from telethon.tl import alltlobjects

SCALARS = {'read_int': 'int', 'read_long': 'long', 'read_double': 'double', 'tgread_string': 'string',
           'tgread_bytes': 'bytes', 'tgread_bool': 'Bool', 'tgread_date': 'int', 'read_large_int': None}
RENAMED = {'is_self': 'self'}


def find(name):
    is_function = name.startswith('f:')
    name = name[2:] if is_function else name
    ns, _, short = name.rpartition('.')
    wanted = short.replace('_', '').lower() + ('request' if is_function else '')
    for cid, cls in alltlobjects.tlobjects.items():
        module = cls.__module__.split('.')[-1]
        in_ns = module == ns if ns else module in ('types', 'functions', 'patched')
        if in_ns and cls.__name__.lower() == wanted and (module != 'types' or not is_function):
            return cid, cls
    raise SystemExit('no class for ' + name)


def object_types(cls):
    # Telethon's patched Message and MessageService keep the generated class
    # as a base, whose signature names the TL types.
    cls = next((c for c in cls.__mro__ if c.__module__.startswith('telethon.tl.types') and c.__name__ == cls.__name__),
               cls)
    out = {}
    for p in inspect.signature(cls.__init__).parameters.values():
        text = str(p.annotation)
        m = re.search(r"Type(\w+)", text)
        if m:
            out[p.name] = ('Vector<%s>' if 'List' in text else '%s') % m.group(1)
    return out


def line(name, result):
    cid, cls = find(name)
    objects = object_types(cls)
    src = inspect.getsource(cls.from_reader).splitlines()
    fields, cond, i = [], None, 0
    while i < len(src):
        s = src[i].strip()
        i += 1
        m = re.match(r'(flags\d*) = reader\.read_int\(\)', s)
        if m:
            fields.append('%s:#' % m.group(1))
            continue
        m = re.match(r'_(\w+) = bool\((flags\d*) & (\d+)\)', s)
        if m:
            fields.append('%s:%s.%d?true' % (RENAMED.get(m.group(1), m.group(1)), m.group(2), int(m.group(3)).bit_length() - 1))
            continue
        m = re.match(r'if (flags\d*) & (\d+):', s)
        if m:
            cond = '%s.%d?' % (m.group(1), int(m.group(2)).bit_length() - 1)
            continue
        if s.startswith('else:'):
            i += 1
            cond = None
            continue
        m = re.match(r'_(\w+) = reader\.(\w+)\(\)', s)
        if m:
            field, how = m.group(1), m.group(2)
            t = objects[field] if how == 'tgread_object' else SCALARS[how]
            fields.append('%s:%s%s' % (RENAMED.get(field, field), cond or '', t))
            continue
        if s == 'reader.read_int()':  # a vector: id, then `_x = []`, count, elements
            field = re.match(r'_(\w+) = \[\]', src[i].strip()).group(1)
            how = re.search(r'reader\.(\w+)\(\)', src[i + 2]).group(1)
            t = objects[field] if how == 'tgread_object' else 'Vector<%s>' % SCALARS[how]
            fields.append('%s:%s%s' % (RENAMED.get(field, field), cond or '', t))
            i += 4
    return '%s#%x %s = %s;' % (name[2:] if name.startswith('f:') else name, cid, ' '.join(fields), result)


if __name__ == '__main__':
    for arg in sys.argv[1:]:
        print(line(*arg.split('=')))
