#!/usr/bin/env python3
"""Measurements (ii) of docs/decisions/0014-postgresql.md: Chinese search on PostgreSQL.

    docs/decisions/0014/search.py URL DEMO_DB [--reuse] [--scale]

Copies the search columns of a demo database (minyi-cli demo) into `appeals_text` (COPY, with the
pairs of adjacent characters computed here, as the program would), builds the indexes of
search_indexes.sql (--scale: first makes five times as many appeals, search_scale.sql), picks 2- and 3-character terms by how many appeals contain them
(from a sample of the data, then counted exactly), and times each way of searching for each term:
runs after one warm-up, through psql's \\timing (the client's round trip, planning included); 10 runs with --scale.
Prints Markdown tables. Only psql and sqlite3 are needed."""
import csv, io, re, statistics, subprocess, sys, time, pathlib

here = pathlib.Path(__file__).parent
url, db = sys.argv[1], sys.argv[2]
reuse = '--reuse' in sys.argv[3:]
scale = '--scale' in sys.argv[3:]
RUNS = 10 if scale else 20


def psql(sql, *extra):
    out = subprocess.run(['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', *extra, url],
                         input=sql, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    return out.stdout


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def grams(t):
    # The column separator never occurs in a term: pairs across it are left out.
    return sorted({t[i:i + 2] for i in range(len(t) - 1) if chr(1) not in t[i:i + 2]})


def pg_array(items):
    return '{' + ','.join('"' + x.replace('\\', '\\\\').replace('"', '\\"') + '"' for x in items) + '}'


def build_indexes():
    out = subprocess.run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', url, '-f',
                          str(here / 'search_indexes.sql')], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    print('index builds and sizes:\n```\n' + out.stdout.strip() + '\n```\n')


if not reuse:
    psql((here / 'search_schema.sql').read_text())
    export = """SELECT a.id, a.subject, a.content, coalesce(p.address, ''),
        a.reg_number || coalesce((SELECT ' ' || group_concat(n.number, ' ')
                                  FROM archive_numbers n WHERE n.appeal_id = a.id), '')
        FROM appeals a JOIN appellants p ON p.id = a.appellant_id ORDER BY a.id"""
    t0 = time.time()
    dump = subprocess.run(['sqlite3', '-csv', db, export], capture_output=True, check=True).stdout
    rows = []
    for r in csv.reader(io.StringIO(dump.decode())):
        key = chr(1).join([r[1], r[2], r[4]])
        rows.append(r + [pg_array(grams(key)), pg_array(grams(r[3]))])
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    data = buf.getvalue().encode()
    t1 = time.time()
    load = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c',
                           '\\copy appeals_text FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (subject, content, address, numbers))'],
                          input=data, capture_output=True)
    if load.returncode != 0:
        sys.exit(load.stderr.decode())
    t2 = time.time()
    print(f'export from SQLite and pairs {t1 - t0:.1f} s, COPY into PostgreSQL {t2 - t1:.1f} s '
          f'({len(data) / 1e6:.0f} MB of CSV)\n')
    build_indexes()
if scale:
    t0 = time.time()
    psql((here / 'search_scale.sql').read_text())
    print(f'copies written in {time.time() - t0:.1f} s')
    build_indexes()

n = int(psql('SELECT count(*) FROM appeals_text'))
print(f'{n} appeals; table {psql("SELECT pg_size_pretty(pg_table_size(%s))" % lit("appeals_text")).strip()}\n')

# Terms by document frequency, from a 2% sample, counted exactly afterwards.
sample = psql("""
CREATE TEMP TABLE sample AS SELECT subject || chr(1) || content AS t
    FROM appeals_text TABLESAMPLE BERNOULLI (2) REPEATABLE (7);
CREATE FUNCTION pg_temp.bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, char_length(t) - 1) i $$;
CREATE FUNCTION pg_temp.trigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 3)), '{}') FROM generate_series(1, char_length(t) - 2) i $$;
SELECT 2, g, count(*) FROM sample, unnest(pg_temp.bigrams(t)) g WHERE g ~ '^[一-龥]{2}$' GROUP BY g
UNION ALL
SELECT 3, g, count(*) FROM sample, unnest(pg_temp.trigrams(t)) g WHERE g ~ '^[一-龥]{3}$' GROUP BY g;
SELECT -1, '', count(*) FROM sample;
""")
docs = {2: [], 3: []}
size = 1
for line in sample.splitlines():
    k, g, c = line.split('|')
    if int(k) < 0:
        size = int(c)
    else:
        docs[int(k)].append((int(c), g))
targets = [0.3, 0.05, 0.01, 0.001]
terms = {2: [], 3: []}
for k in (2, 3):
    ranked = sorted(docs[k])
    for f in targets:
        want = f * size
        c, g = min(ranked, key=lambda x: (abs(x[0] - want), x[1]))
        terms[k].append(g)
    terms[k].append(next(g for c, g in ranked if c == 1))  # rare: once in the sample
    terms[k].append('龘' * k)  # absent

PRED3 = "(subject LIKE {p} OR content LIKE {p} OR numbers LIKE {p} OR address LIKE {p})"
PRED2 = "(grams @> ARRAY[{t}] OR address_grams @> ARRAY[{t}])"
LIKE2 = PRED3


BITMAP = ['BEGIN', 'SET LOCAL enable_seqscan = off', 'SET LOCAL enable_indexscan = off']
NEWEST = ['BEGIN', 'SET LOCAL enable_bitmapscan = off']


def shapes(k, term):
    """Each way of searching: (statements before, the timed query, statements after)."""
    p = lit('%' + term + '%')
    t = lit(term)
    like = PRED3.format(p=p)
    pairs = PRED2.format(t=t)
    if k == 3:
        return {
            'trgm: first page (51, newest first)':
                ([], f'SELECT id FROM appeals_text WHERE {like} ORDER BY id DESC LIMIT 51', []),
            'trgm: count, capped at 10,000':
                ([], f'SELECT count(*) FROM (SELECT 1 FROM appeals_text WHERE {like} LIMIT 10000) s', []),
            'trgm: count, capped at 1,000':
                ([], f'SELECT count(*) FROM (SELECT 1 FROM appeals_text WHERE {like} LIMIT 1000) s', []),
        }
    return {
        'LIKE, newest first: first page (51)':
            (NEWEST, f'SELECT id FROM appeals_text WHERE {like} ORDER BY id DESC LIMIT 51', ['COMMIT']),
        'pairs GIN (bitmap): first page (51)':
            (BITMAP, f'SELECT id FROM appeals_text WHERE {pairs} ORDER BY id DESC LIMIT 51', ['COMMIT']),
        'pairs GIN (bitmap): count, capped at 10,000':
            (BITMAP, f'SELECT count(*) FROM (SELECT 1 FROM appeals_text WHERE {pairs} LIMIT 10000) s', ['COMMIT']),
    } | ({} if scale else {
        'pairs GIN, planner\'s choice: first page (51)':
            ([], f'SELECT id FROM appeals_text WHERE {pairs} ORDER BY id DESC LIMIT 51', []),
    })


def timed(shape):
    before, sql, after = shape
    one = [x + ';' for x in before] + [sql + ';'] + [x + ';' for x in after]
    script = '\\timing on\n' + '\n'.join(one * (RUNS + 1)) + '\n'
    out = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', url], input=script,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    ms = [float(x) for x in re.findall(r'^Time: ([0-9.]+) ms', out.stdout, re.M)]
    per = len(one)
    ms = [ms[i * per + len(before)] for i in range(RUNS + 1)][1:]
    ms.sort()
    return statistics.median(ms), ms[int(0.95 * len(ms)) - 1], ms[-1]


for k in (3, 2):
    print(f'\n{k}-character terms ({n} appeals; ms over {RUNS} runs: median / p95 / max)\n')
    names = list(shapes(k, 'x'))
    print('| term | appeals containing it | ' + ' | '.join(names) + ' |')
    print('|---|---:|' + '---|' * len(names))
    for term in terms[k]:
        p = lit('%' + term + '%')
        count = int(psql(f'SELECT count(*) FROM appeals_text WHERE {PRED3.format(p=p)}'))
        cells = []
        for name, shape in shapes(k, term).items():
            med, p95, mx = timed(shape)
            cells.append(f'{med:.1f} / {p95:.1f} / {mx:.1f}')
        print(f'| {term} | {count} ({100 * count / n:.2f}%) | ' + ' | '.join(cells) + ' |', flush=True)

print('\nplans (EXPLAIN ANALYZE) for the most frequent and the rarest present term:\n```')
for k in (3, 2):
    for term in (terms[k][0], terms[k][-2]):
        for name, (before, sql, after) in shapes(k, term).items():
            print(f'-- {k} chars, {term}, {name}')
            plan = psql('\n'.join(x + ';' for x in before) + f'\nEXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql};\n' + '\n'.join(x + ';' for x in after))
            print('\n'.join(l for l in plan.splitlines() if l not in ('BEGIN', 'SET', 'COMMIT')).rstrip())
print('```')
