#!/usr/bin/env python3
"""Inventory of the SQLite-specific constructs of minyi-core, for docs/decisions/0014-postgresql.md.

    python3 docs/decisions/0014/inventory.py crates/core/src

Takes the Rust string literals (plain and raw) that look like SQL, and the .sql migrations, and
counts per file the constructs that differ between SQLite and PostgreSQL, plus a few rusqlite API
uses in the Rust code around them; then the functions that take a connection or a store and how
many of them run SQL. Counts of a pattern, not a parse: an estimate of the work."""
import re, sys, pathlib, collections

root = pathlib.Path(sys.argv[1])
SQLWORD = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH|VACUUM|ATTACH|BEGIN)\b')
LIT = re.compile(r'r(#*)"(.*?)"\1|"((?:[^"\\]|\\.)*)"', re.S)
CHECKS = collections.OrderedDict([
    ('stmts', r'\b(SELECT|INSERT|UPDATE|DELETE)\b'),
    ('?N', r'\?\d+'),
    ('?', r'\?(?!\d)'),
    ('fts', r'appeal_fts|\bMATCH\b'),
    ('like', r'\bLIKE\b'),
    ('ins_or', r'INSERT OR (IGNORE|REPLACE)|REPLACE INTO'),
    ('on_conf', r'ON CONFLICT'),
    ('returning', r'\bRETURNING\b'),
    ('rowid', r'\browid\b'),
    ('pragma', r'\bPRAGMA\b'),
    ('json', r'json_\w+\(|->>'),
    ('datefn', r'\b(date|datetime|julianday|strftime|unixepoch)\('),
    ('ts_text', r"substr\(|'T24'|T00:00"),
    ('sqlite_fn', r'\b(ifnull|iif|instr|group_concat|printf|total|glob|likely|unlikely)\('),
    ('bool_int', r"= ?[01]\b(?!\d)"),
    ('cross_join', r'CROSS JOIN'),
    ('indexed_by', r'INDEXED BY|NOT INDEXED|\+[a-z]+\.\w+'),
    ('exists_sel', r'SELECT EXISTS'),
    ('limit', r'\bLIMIT\b'),
    ('tx', r'BEGIN|COMMIT|ROLLBACK|SAVEPOINT'),
    ('attach', r'ATTACH|VACUUM'),
    ('trigger', r'CREATE TRIGGER|RAISE\('),
    ('virtual', r'VIRTUAL TABLE|fts5'),
])
API = collections.OrderedDict([
    ('last_insert_rowid', r'last_insert_rowid'),
    ('prepare_cached', r'prepare_cached'),
    ('format_sql', r'format!\(\s*"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)|&format!'),
    ('dyn_ToSql', r'dyn rusqlite::ToSql|rusqlite::types::Value|params_from_iter'),
    ('row_get', r'\br\.get(::<[^>]*>)?\('),
    ('conn_fns', r'fn \w+(<[^>]*>)?\([^)]*(conn|tx): &(rusqlite::)?(Connection|Transaction)'),
    ('store_fns', r'fn \w+(<[^>]*>)?\([^)]*store: &(mut )?Store'),
    ('busy', r'is_busy|DatabaseBusy|busy_timeout'),
    ('backup_api', r'backup::|Backup::new|vacuum_into'),
])
rows = []
files = sorted([p for p in root.rglob('*.rs')] + [p for p in root.rglob('*.sql')])
for p in files:
    text = p.read_text()
    if p.suffix == '.sql':
        sql = [text]
    else:
        sql = []
        for m in LIT.finditer(text):
            s = m.group(2) if m.group(2) is not None else (m.group(3) or '')
            if SQLWORD.search(s):
                sql.append(s)
    blob = '\n'.join(sql)
    c = {k: len(re.findall(v, blob, re.I if k in ('datefn','sqlite_fn') else 0)) for k, v in CHECKS.items()}
    if p.suffix == '.rs':
        c.update({k: len(re.findall(v, text, re.S)) for k, v in API.items()})
    if sum(c.values()) == 0:
        continue
    rows.append((str(p.relative_to(root)), c))
SHOW = ['stmts', '?N', 'fts', 'like', 'ins_or', 'on_conf', 'pragma', 'json', 'datefn',
        'trigger', 'tx', 'attach', 'cross_join', 'last_insert_rowid', 'dyn_ToSql', 'row_get',
        'conn_fns', 'store_fns']
keys = SHOW
tot = collections.Counter()
print('| file | ' + ' | '.join(keys) + ' |')
print('|' + '---|' * (len(keys) + 1))
for name, c in rows:
    tot.update(c)
    print(f'| {name} | ' + ' | '.join(str(c.get(k, 0) or '') for k in keys) + ' |')
print('| **total** | ' + ' | '.join(str(tot[k]) for k in keys) + ' |')

# Functions by what they take and whether their body runs SQL (the "size of the port" table).
FN = re.compile(r'\bfn\s+(\w+)\s*(<[^>{]*>)?\s*\(([^)]*)\)', re.S)
RUNS_SQL = re.compile(r'prepare_cached\(|\.prepare\(|\.execute\(|execute_batch\(|query_row\(|pragma_update')
by = collections.Counter()
for p in sorted(root.rglob('*.rs')):
    text = p.read_text()
    top = p.relative_to(root).parts[0]
    fns = list(FN.finditer(text))
    for i, m in enumerate(fns):
        body = text[m.end(): fns[i + 1].start() if i + 1 < len(fns) else len(text)]
        if re.search(r':\s*&(mut\s+)?(rusqlite::)?(Connection|Transaction)', m.group(3)):
            kind = 'conn'
        elif re.search(r':\s*&(mut\s+)?(crate::store::)?Store\b', m.group(3)):
            kind = 'store'
        else:
            continue
        by[(top, kind)] += 1
        if RUNS_SQL.search(body):
            by[(top, kind, 'sql')] += 1
print('\n| where | fns taking &Connection/&Transaction | ...running SQL | fns taking &Store | ...running SQL |')
print('|---|---:|---:|---:|---:|')
for top in sorted({k[0] for k in by}):
    print(f'| {top} | {by[(top, "conn")]} | {by[(top, "conn", "sql")]} | {by[(top, "store")]} | {by[(top, "store", "sql")]} |')
