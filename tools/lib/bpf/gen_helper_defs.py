#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Generate bpf_helper_defs.h from the kernel UAPI header linux/bpf.h.
#
#   python3 gen_helper_defs.py /usr/include/linux/bpf.h > bpf_helper_defs.h
#
# Two things are read from the UAPI header:
#
#  - the helper documentation block, where every helper is documented as
#    "<return type> bpf_<name>(<args>)" followed by "Description" and
#    "Return" paragraphs;
#  - the helper id list, the FN() entries of __BPF_FUNC_MAPPER (older
#    kernels: FN(name), ids are list positions) or ___BPF_FUNC_MAPPER
#    (newer kernels: FN(name, id, ...)).
#
# For each documented helper one declaration is written,
#
#   static <ret> (* const bpf_<name>)(<args>) = (void *) <id>;
#
# with the kernel-internal types of the documentation replaced by the
# types a BPF program sees (u32 -> __u32, struct sk_buff -> struct
# __sk_buff, ...). Calling such a pointer makes clang emit a BPF_CALL
# with the helper id as immediate. Every struct named in a signature is
# forward declared first, so the header compiles with or without
# vmlinux.h.
#
# Only the Python 3 standard library is used.

import re
import sys
import textwrap

DOC_START = 'Start of BPF helper function descriptions:'
WRAP_WIDTH = 76

# Kernel-internal type names used in the documentation, and what a BPF
# program passes instead. Keys are base types without pointer stars and
# without const; a mapping to 'void' turns e.g. "struct bpf_map *" into
# "void *", so that the address of any map definition can be passed.
TYPE_MAP = {
	'u8': '__u8',
	'u16': '__u16',
	'u32': '__u32',
	'u64': '__u64',
	's8': '__s8',
	's16': '__s16',
	's32': '__s32',
	's64': '__s64',
	'size_t': 'unsigned long',
	'struct bpf_map': 'void',
	'struct sock': 'void',
	'struct sk_buff': 'struct __sk_buff',
	'struct sk_msg_buff': 'struct sk_msg_md',
	'struct xdp_buff': 'struct xdp_md',
}

# Scalar and typedef'd names that need no forward declaration. Anything
# else that is not a struct is reported, since the header would not
# compile with it.
KNOWN_SCALARS = {
	'void', 'char', 'int', 'long', 'unsigned long', 'unsigned int',
	'__u8', '__u16', '__u32', '__u64', '__s8', '__s16', '__s32', '__s64',
	'__be16', '__be32', '__be64', '__le16', '__le32', '__le64', '__wsum',
}

# Argument types that later kernels corrected in the documentation without
# changing the helper's ABI. Applied only where an older header still has
# the old type, so that programs written against newer headers compile
# unchanged: (helper, argument index, old type, new type).
ARG_FIXUPS = [
	('bpf_redirect_map', 1, 'u32', 'u64'),
	('bpf_dynptr_read', 2, 'struct bpf_dynptr *', 'const struct bpf_dynptr *'),
	('bpf_dynptr_write', 0, 'struct bpf_dynptr *', 'const struct bpf_dynptr *'),
	('bpf_dynptr_data', 0, 'struct bpf_dynptr *', 'const struct bpf_dynptr *'),
]


class GenError(Exception):
	pass


class Helper:
	def __init__(self, proto, lineno):
		self.proto = proto
		self.lineno = lineno
		self.ret = None
		self.name = None
		self.args = []		# list of (type, name); ('...', '') for varargs
		self.desc = []		# list of lines, relative indentation kept
		self.retdoc = []
		self.variants = []	# further Helper entries for the same name


def fail(msg):
	raise GenError(msg)


def strip_comment_prefix(line):
	"""' * \\tfoo' -> '\\tfoo'; ' *' -> ''. None if not a comment line."""
	m = re.match(r'^ \*(?: |(?=\t)|$)(.*)$', line)
	if not m:
		return None
	return m.group(1).rstrip()


def split_decl(decl, lineno):
	"""'const struct foo *name' -> ('const struct foo *', 'name')."""
	decl = decl.strip()
	if decl == '...':
		return ('...', '')
	m = re.match(r'^(.*?[\s*])(\w+)$', decl)
	if not m:
		fail('line %d: cannot split "%s" into type and name' %
		     (lineno, decl))
	return (m.group(1).strip(), m.group(2))


def parse_proto(helper):
	m = re.match(r'^(.*?[\s*])(bpf_\w+)\s*\((.*)\)\s*$', helper.proto)
	if not m:
		fail('line %d: not a helper prototype: "%s"' %
		     (helper.lineno, helper.proto))
	helper.ret = m.group(1).strip()
	helper.name = m.group(2)
	args = m.group(3).strip()
	if args in ('', 'void'):
		return
	for arg in args.split(','):
		helper.args.append(split_decl(arg, helper.lineno))
	apply_fixups(helper)


def norm_type(t):
	return ' '.join(t.replace('*', ' * ').split())


def apply_fixups(helper):
	for name, idx, old, new in ARG_FIXUPS:
		if name != helper.name or idx >= len(helper.args):
			continue
		t, argname = helper.args[idx]
		if norm_type(t) == norm_type(old):
			helper.args[idx] = (new, argname)


def parse_docs(lines):
	"""Return the documented helpers, in order, one entry per name."""
	start = None
	for i, line in enumerate(lines):
		if DOC_START in line:
			start = i + 1
			break
	if start is None:
		fail('no "%s" marker found' % DOC_START)

	helpers = []
	by_name = {}
	cur = None
	section = None
	base = None
	for i in range(start, len(lines)):
		line = lines[i]
		if line.lstrip().startswith('*/'):
			break
		text = strip_comment_prefix(line)
		if text is None:
			fail('line %d: unexpected line in helper documentation' %
			     (i + 1))
		text = text.expandtabs(8)
		stripped = text.strip()
		indent = len(text) - len(text.lstrip(' '))
		if stripped and indent == 0:
			cur = Helper(stripped, i + 1)
			parse_proto(cur)
			section = None
			first = by_name.get(cur.name)
			if first:
				first.variants.append(cur)
			else:
				by_name[cur.name] = cur
				helpers.append(cur)
			continue
		if cur is None:
			continue
		if stripped in ('Description', 'Return'):
			section = stripped
			base = None
			continue
		if section is None:
			if stripped:
				fail('line %d: text outside Description/Return' %
				     (i + 1))
			continue
		# Body text is normally indented by two tabs, but some kernel
		# versions use spaces or misalign a line: indentation is taken
		# relative to the section's first line, never below it.
		if stripped and base is None:
			base = indent
		body = ''
		if stripped:
			rel = max(indent - (base or 0), 0)
			body = '\t' * (rel // 8) + ' ' * (rel % 8) + stripped
		if section == 'Description':
			cur.desc.append(body)
		else:
			cur.retdoc.append(body)
	if not helpers:
		fail('no helpers documented')
	return helpers


def find_mapper_body(lines):
	"""Lines of the FN() list, from the mapper macro that contains it."""
	for i, line in enumerate(lines):
		if not re.match(r'^#define\s+_{2,3}BPF_FUNC_MAPPER\s*\(', line):
			continue
		body = []
		j = i
		while True:
			body.append(lines[j])
			if not lines[j].rstrip().endswith('\\'):
				break
			j += 1
			if j >= len(lines):
				break
		if any(re.search(r'\bFN\s*\(\s*\w', b) for b in body[1:]):
			return body, i + 1
	fail('no __BPF_FUNC_MAPPER/___BPF_FUNC_MAPPER with FN() entries found')


def parse_ids(lines):
	"""Map helper name (without bpf_) to its numeric id."""
	body, lineno = find_mapper_body(lines)
	ids = {}
	seen_ids = {}
	pos = 0
	for text in body[1:]:
		for m in re.finditer(r'\bFN\s*\(\s*(\w+)\s*(?:,\s*(\d+))?', text):
			name = m.group(1)
			fid = int(m.group(2)) if m.group(2) is not None else pos
			pos += 1
			if name in ids:
				fail('helper %s listed twice near line %d' %
				     (name, lineno))
			if fid in seen_ids:
				fail('helper id %d used by both %s and %s' %
				     (fid, seen_ids[fid], name))
			ids[name] = fid
			seen_ids[fid] = name
	return ids


def split_type(t):
	"""'const struct foo *' -> (True, 'struct foo', '*')."""
	t = ' '.join(t.replace('*', ' * ').split())
	stars = t.count('*')
	words = [w for w in t.split() if w != '*']
	const = False
	if words and words[0] == 'const':
		const = True
		words = words[1:]
	words = [w for w in words if w != 'const']
	return const, ' '.join(words), '*' * stars


def map_type(t):
	if t == '...':
		return t
	const, base, stars = split_type(t)
	base = TYPE_MAP.get(base, base)
	out = ('const ' if const else '') + base
	return out + (' ' + stars if stars else '')


def struct_name(t):
	m = re.search(r'\bstruct\s+(\w+)', t)
	return m.group(1) if m else None


def check_type(t, helper):
	if t == '...':
		return
	_, base, _ = split_type(t)
	if base.startswith('struct ') or base in KNOWN_SCALARS:
		return
	fail('line %d: %s: unknown type "%s"; add it to TYPE_MAP or '
	     'KNOWN_SCALARS' % (helper.lineno, helper.name, base))


def c_args(helper):
	args = list(helper.args)
	# A helper documented once per program type takes a context that
	# differs by program type: the one declaration takes "void *ctx".
	if helper.variants and args:
		args[0] = ('void *', 'ctx')
	out = []
	for t, name in args:
		mt = map_type(t)
		check_type(mt, helper)
		if mt == '...':
			out.append(mt)
		elif mt.endswith('*'):
			out.append(mt + name)
		else:
			out.append(mt + ' ' + name)
	return out or ['void']


def c_ret(helper):
	mt = map_type(helper.ret)
	check_type(mt, helper)
	return mt


def comment_safe(s):
	"""Unescape RST '\\ ' and make sure nothing can end the comment."""
	s = s.replace('\\ ', '')
	s = s.replace('*/', '*\\/').replace('/*', '/\\*')
	return s


def paragraphs(body):
	para = []
	for line in body:
		if line.strip():
			para.append(line)
		elif para:
			yield para
			para = []
	if para:
		yield para


def is_prose(para):
	"""Plain running text that may be rewrapped without losing layout."""
	for line in para:
		if line.startswith((' ', '\t')):
			return False
		if re.match(r'^(?:[*+-]|\d+\.)\s', line):
			return False
		if line.rstrip().endswith('::'):
			return False
	return True


def render_body(body, first_prefix=None):
	"""Comment lines for a documentation body.

	Prose paragraphs are rewrapped; lists, tables and code keep their
	lines and indentation. first_prefix, if given, opens the first
	paragraph ("Return: ...").
	"""
	out = []
	first = True
	for para in paragraphs(body):
		if out:
			out.append(' *')
		para = [comment_safe(l) for l in para]
		if is_prose(para):
			text = ' '.join(l.strip() for l in para)
			lead = first_prefix + ' ' if first and first_prefix else ''
			wrapped = textwrap.wrap(lead + text, WRAP_WIDTH - 3,
						break_long_words=False,
						break_on_hyphens=False)
			out.extend(' * ' + w for w in wrapped)
		else:
			if first and first_prefix:
				out.append(' * ' + first_prefix)
			out.extend(' * ' + l if not l.startswith('\t') else
				   ' *' + l for l in para)
		first = False
	return out


def render_helper(helper, fid):
	out = ['/*', ' * %s() - helper %d' % (helper.name, fid)]
	for entry in [helper] + helper.variants:
		if helper.variants:
			out.append(' *')
			out.append(' * Documented as: ' +
				   comment_safe(entry.proto))
		if entry.desc:
			out.append(' *')
			out.extend(render_body(entry.desc))
		if entry.retdoc:
			out.append(' *')
			out.extend(render_body(entry.retdoc, 'Return:'))
	out.append(' */')
	ret = c_ret(helper)
	sep = '' if ret.endswith('*') else ' '
	out.append('static %s%s(* const %s)(%s) = (void *) %d;' %
		   (ret, sep, helper.name, ', '.join(c_args(helper)), fid))
	return out


def struct_fwds(helpers):
	names = []
	for h in helpers:
		types = [c_ret(h)] + [map_type(t) for t, _ in h.args]
		if h.variants and h.args:
			types[1] = 'void *'
		for t in types:
			s = struct_name(t)
			if s and s not in names:
				names.append(s)
	return names


def generate(path):
	with open(path, encoding='utf-8') as f:
		lines = f.read().split('\n')
	helpers = parse_docs(lines)
	ids = parse_ids(lines)

	body = []
	for h in helpers:
		short = h.name[len('bpf_'):]
		if short not in ids:
			fail('line %d: %s is documented but has no id in the '
			     'FN() list' % (h.lineno, h.name))
		body.extend(render_helper(h, ids[short]))
		body.append('')

	out = [
		'/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */',
		'/*',
		' * BPF helper declarations, generated by gen_helper_defs.py',
		' * from the kernel UAPI header linux/bpf.h. Do not edit.',
		' *',
		' * Each helper is a constant function pointer whose value is',
		' * the helper id: calling it compiles to a BPF_CALL of that id.',
		' */',
		'#ifndef __BPF_HELPER_DEFS_H__',
		'#define __BPF_HELPER_DEFS_H__',
		'',
		'/* structs used in the signatures below, so that the header',
		' * compiles with or without vmlinux.h */',
	]
	out.extend('struct %s;' % s for s in struct_fwds(helpers))
	out.append('')
	out.extend(body)
	out.append('#endif /* __BPF_HELPER_DEFS_H__ */')
	return '\n'.join(out) + '\n'


def main(argv):
	if len(argv) != 2:
		sys.stderr.write('usage: %s <path to linux/bpf.h>\n' % argv[0])
		return 2
	try:
		text = generate(argv[1])
	except (GenError, OSError, UnicodeDecodeError) as e:
		sys.stderr.write('gen_helper_defs.py: %s: %s\n' % (argv[1], e))
		return 1
	sys.stdout.write(text)
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
