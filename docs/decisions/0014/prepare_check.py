#!/usr/bin/env python3
"""Prepares every complete SQL statement of core's shared modules on a PostgreSQL database that
holds docs/decisions/0014/schema_draft.sql, after the rewrite the PG driver will do (?N -> $N,
unary + before a placeholder dropped, INDEXED BY stripped). Prints the statements PostgreSQL
refuses. `{NAME}` holes naming a string constant are filled; statements with other format!
holes are counted and skipped. Two refusals are expected at the end of slice 1: the first piece of
`insert_appeal!` in store/appeals.rs (a concat! fragment, not a statement) and
stage_spans::rebuild (tests only: it feeds SQLite's trigger view, whose PG port is slice 3).
usage: prepare_check.py URL CORE_SRC"""
import re, glob, sys, subprocess, os
url, src = sys.argv[1], sys.argv[2]
os.chdir(src)
skip = ('store/db.rs', 'store/copy.rs', 'store/bulk/', 'store/search.rs', 'store/fts_backlog.rs',
        'store/baseline.rs', 'queries/fold.rs', 'queries/stats.rs', 'testing.rs', 'store/sql.rs')
files = [f for f in glob.glob('**/*.rs', recursive=True) if not f.startswith(skip)]
lit = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
start = re.compile(r'^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b', re.S)

def rewrite(sql):
    sql = re.sub(r'\bINDEXED BY \w+', '', sql)
    out, n, i, q = [], 0, 0, None
    while i < len(sql):
        c = sql[i]
        if q:
            out.append(c); q = None if c == q else q; i += 1; continue
        if c in "'\"":
            q = c; out.append(c); i += 1; continue
        if c == '+' and i + 1 < len(sql) and sql[i + 1] == '?':
            prev = ''.join(out).rstrip()
            if not prev or not (prev[-1].isalnum() or prev[-1] in '_)"\'') or re.search(r'\b(AND|OR|NOT|BETWEEN|WHEN|THEN|ELSE|IN|IS|LIKE|SELECT|WHERE|LIMIT|OFFSET)$', prev, re.I):
                i += 1; continue
        if c == '?':
            j = i + 1
            while j < len(sql) and sql[j].isdigit(): j += 1
            if j == i + 1:
                n += 1; out.append('$%d' % n)
            else:
                out.append('$' + sql[i + 1:j])
            i = j; continue
        out.append(c); i += 1
    return ''.join(out)

# String constants (`const NAME: &str = "…";`) of every file, to fill `{NAME}` holes.
consts = {}
for f in glob.glob('**/*.rs', recursive=True):
    for m in re.finditer(r'const ([A-Z_0-9]+): &str =\s*"((?:[^"\\]|\\.)*)";', open(f).read(), re.S):
        consts.setdefault(m.group(1), m.group(2))

def fill(t, file_text):
    """Fills `{NAME}` from the file's own constants first (several files have a `COLS`)."""
    own = {m.group(1): m.group(2) for m in re.finditer(
        r'const ([A-Z_0-9]+): &str =\s*"((?:[^"\\]|\\.)*)";', file_text, re.S)}
    for _ in range(3):
        t = re.sub(r'\{([A-Z_0-9]+)\}',
                   lambda m: own.get(m.group(1), consts.get(m.group(1), m.group(0))), t)
    return t

checked = holes = 0
bad = []
for f in sorted(files):
    s = open(f).read()
    for m in lit.finditer(s):
        t = m.group(1)
        if not start.match(t):
            continue
        line = s[:m.start()].count('\n') + 1
        t = fill(t, s)
        if '{' in t:
            holes += 1; continue
        t = t.replace('\\n', '\n').replace('\\\\', '\\').replace('\\"', '"')
        t = re.sub(r'\\\n\s*', '', t)
        sql = rewrite(t)
        r = subprocess.run(['psql', url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', 'PREPARE p AS ' + sql],
                           capture_output=True, text=True)
        checked += 1
        if r.returncode != 0:
            bad.append((f, line, r.stderr.strip().splitlines()[0], ' '.join(sql.split())[:160]))
for f, line, err, sql in bad:
    print(f"{f}:{line}: {err}\n    {sql}")
print(f"{checked} statements prepared, {len(bad)} refused, {holes} assembled with format! skipped")
