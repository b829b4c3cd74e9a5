//! The one-time rewrite of the shared SQL for PostgreSQL: SQLite's numbered placeholders `?N`
//! become `$N` (a bare `?` takes the number after the largest so far, as in SQLite), and SQLite's
//! two planner hints are dropped — a unary `+` before a placeholder (`+?1`: it keeps SQLite from
//! choosing an index for that comparison; PostgreSQL has no unary plus for text) and
//! `INDEXED BY <index>` / `NOT INDEXED`. String literals, quoted names and comments are copied
//! untouched. It runs once per statement, at the PostgreSQL statement cache's miss, so its cost
//! is not on any hot path.

/// `sql` in PostgreSQL's placeholder syntax, without SQLite's planner hints.
pub(crate) fn rewrite(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    // A bare `?` takes the number after the largest one so far, as in SQLite.
    let mut largest = 0u32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                // A doubled quote inside ends this run and starts the next one: same result.
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| i + 1 + p + 1);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = sql[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'+' if next_non_space(b, i + 1) == Some(b'?') && unary_position(&out) => {
                i += 1;
            }
            b'?' => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let n = if end == start {
                    largest + 1
                } else {
                    sql[start..end].parse().unwrap_or(u32::MAX)
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
                i = end;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = word_end(b, i);
                let word = &sql[i..end];
                if word.eq_ignore_ascii_case("INDEXED") {
                    // INDEXED BY <name>
                    if let Some((by_start, by_end)) = next_word(b, end)
                        && sql[by_start..by_end].eq_ignore_ascii_case("BY")
                        && let Some((_, name_end)) = next_word(b, by_end)
                    {
                        i = name_end;
                        continue;
                    }
                } else if word.eq_ignore_ascii_case("NOT")
                    && let Some((w_start, w_end)) = next_word(b, end)
                    && sql[w_start..w_end].eq_ignore_ascii_case("INDEXED")
                    && !next_word(b, w_end)
                        .is_some_and(|(s, e)| sql[s..e].eq_ignore_ascii_case("BY"))
                {
                    i = w_end;
                    continue;
                }
                out.push_str(word);
                i = end;
            }
            _ => {
                let ch = sql[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

fn word_end(b: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
        end += 1;
    }
    end
}

/// The next bare word after `from`, separated from it by white space only.
fn next_word(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut s = from;
    while s < b.len() && b[s].is_ascii_whitespace() {
        s += 1;
    }
    if s == from || s >= b.len() || !(b[s].is_ascii_alphabetic() || b[s] == b'_') {
        return None;
    }
    Some((s, word_end(b, s)))
}

fn next_non_space(b: &[u8], from: usize) -> Option<u8> {
    b[from.min(b.len())..]
        .iter()
        .copied()
        .find(|c| !c.is_ascii_whitespace())
}

/// Whether a `+` written after `before` is a sign rather than an addition: after an operator, an
/// opening parenthesis, a comma or a keyword.
fn unary_position(before: &str) -> bool {
    let t = before.trim_end();
    let Some(last) = t.chars().last() else {
        return true;
    };
    if !(last.is_alphanumeric() || matches!(last, '_' | ')' | '"' | '\'' | '`')) {
        return true;
    }
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(t.len(), |(i, _)| i);
    let word = &t[start..];
    [
        "AND", "OR", "NOT", "BETWEEN", "WHEN", "THEN", "ELSE", "IN", "IS", "LIKE", "SELECT",
        "WHERE", "RETURN", "LIMIT", "OFFSET", "ON", "SET", "VALUES", "CASE",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn placeholders_are_numbered_for_postgresql() {
        assert_eq!(
            rewrite("SELECT a FROM t WHERE a = ?1 AND b IN (?2, ?10) LIMIT ?3"),
            "SELECT a FROM t WHERE a = $1 AND b IN ($2, $10) LIMIT $3"
        );
        assert_eq!(
            rewrite("INSERT INTO t(a, b) VALUES (?, ?)"),
            "INSERT INTO t(a, b) VALUES ($1, $2)"
        );
        assert_eq!(rewrite("SELECT ?2, ?, ?1, ?"), "SELECT $2, $3, $1, $4");
    }

    #[test]
    fn unary_plus_before_a_placeholder_is_dropped_and_addition_kept() {
        assert_eq!(
            rewrite(
                "SELECT a.id FROM t a WHERE a.title = +?1 AND a.at BETWEEN +?2 AND +?3 AND a.n + ?4 > 0"
            ),
            "SELECT a.id FROM t a WHERE a.title = $1 AND a.at BETWEEN $2 AND $3 AND a.n + $4 > 0"
        );
        assert_eq!(
            rewrite("SELECT x FROM t WHERE (+?1 = x)"),
            "SELECT x FROM t WHERE ($1 = x)"
        );
        assert_eq!(
            rewrite("SELECT count(*)+?1 FROM t"),
            "SELECT count(*)+$1 FROM t"
        );
    }

    #[test]
    fn indexed_by_is_dropped() {
        assert_eq!(
            rewrite("SELECT id FROM appeals a INDEXED BY appeals_by_status WHERE a.status = ?1"),
            "SELECT id FROM appeals a  WHERE a.status = $1"
        );
        assert_eq!(
            rewrite("SELECT id FROM appeals indexed  by\n x_idx, t NOT INDEXED WHERE 1"),
            "SELECT id FROM appeals , t  WHERE 1"
        );
        // Names that merely contain the words are kept.
        assert_eq!(
            rewrite("SELECT indexed_at, not_indexed FROM t"),
            "SELECT indexed_at, not_indexed FROM t"
        );
    }

    #[test]
    fn literals_names_and_comments_are_copied() {
        assert_eq!(
            rewrite(
                "SELECT 'why?1 +?2 INDEXED BY x', \"a?b\" FROM t -- is ?1 here?\nWHERE x = ?1 /* ?2 */"
            ),
            "SELECT 'why?1 +?2 INDEXED BY x', \"a?b\" FROM t -- is ?1 here?\nWHERE x = $1 /* ?2 */"
        );
        assert_eq!(
            rewrite("SELECT 'it''s ?1', ?1, '中文？' || ?2"),
            "SELECT 'it''s ?1', $1, '中文？' || $2"
        );
    }
}
