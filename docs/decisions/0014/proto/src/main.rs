//! Prototype of the PostgreSQL side of the proposed `store::sql` layer (docs/decisions/0014-
//! postgresql.md, §2.2), to check on a real cluster the claims the design rests on before anyone
//! builds it:
//!
//! 1. the store's SQL, written with SQLite's `?N` and `+?N` placeholders, runs on PostgreSQL after a
//!    one-time rewrite to `$N`;
//! 2. lenient integer and flag types make PostgreSQL's strict typing (int4 literals and columns,
//!    `sum` → numeric, `EXISTS` → boolean) invisible to code that reads and binds `i64`/`bool`, as
//!    the rusqlite code does;
//! 3. a write as `BEGIN` + advisory lock + `COMMIT` on one synchronous connection behind `&self`;
//! 4. the synchronous `postgres` crate works on a `spawn_blocking` thread of a tokio runtime (where
//!    the office server runs every command) and refuses an async worker thread with a panic.
//!
//! It prints one line per check and exits non-zero when one fails.

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;

type BoxError = Box<dyn Error + Sync + Send>;
type Result<T> = std::result::Result<T, BoxError>;

/// SQLite placeholders to PostgreSQL's: `?N` → `$N`, a bare `?` numbered in order, and the unary
/// `+` the duplicate lookup puts before its placeholders (`+?N`, an SQLite planning trick;
/// PostgreSQL has no unary plus for text) dropped. String literals and quoted names are copied.
fn rewrite(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut bare = 0;
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '+' if chars.peek() == Some(&'?') && unary_position(&out) => {}
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    bare += 1;
                    digits = bare.to_string();
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether a `+` written after `before` is a sign rather than an addition: after an operator, an
/// opening parenthesis, a comma or a keyword.
fn unary_position(before: &str) -> bool {
    let t = before.trim_end();
    let Some(last) = t.chars().last() else {
        return true;
    };
    if !(last.is_alphanumeric() || last == '_' || last == ')' || last == '"' || last == '\'') {
        return true;
    }
    let word: String = t
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    matches!(
        word.to_ascii_uppercase().as_str(),
        "AND"
            | "OR"
            | "NOT"
            | "BETWEEN"
            | "WHEN"
            | "THEN"
            | "ELSE"
            | "IN"
            | "IS"
            | "LIKE"
            | "SELECT"
            | "WHERE"
            | "RETURN"
            | "LIMIT"
            | "OFFSET"
    )
}

/// An integer as the store binds and reads it (rusqlite's `i64`), whatever integer type PostgreSQL
/// chose for the place: int2/int4/int8, numeric (what `sum` of a bigint gives) and boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Int(i64);

impl ToSql for Int {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull> {
        match *ty {
            Type::INT8 => self.0.to_sql(ty, out),
            Type::INT4 => i32::try_from(self.0)?.to_sql(ty, out),
            Type::INT2 => i16::try_from(self.0)?.to_sql(ty, out),
            Type::BOOL => match self.0 {
                0 => false.to_sql(ty, out),
                1 => true.to_sql(ty, out),
                n => Err(format!("{n} is not a flag").into()),
            },
            _ => Err(format!("cannot bind an integer to {ty}").into()),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL)
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Int {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self> {
        Ok(Int(match *ty {
            Type::INT8 => i64::from_sql(ty, raw)?,
            Type::INT4 => i32::from_sql(ty, raw)?.into(),
            Type::INT2 => i16::from_sql(ty, raw)?.into(),
            Type::BOOL => bool::from_sql(ty, raw)?.into(),
            Type::NUMERIC => numeric_to_i64(raw)?,
            _ => return Err(format!("cannot read {ty} as an integer").into()),
        }))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL | Type::NUMERIC
        )
    }
}

/// A whole number in PostgreSQL's binary numeric format (base-10000 digits); a fraction or an
/// overflow is an error, not a rounding.
fn numeric_to_i64(raw: &[u8]) -> Result<i64> {
    let word = |i: usize| -> Result<u16> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "short numeric".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(word(2)? as i16);
    let sign = word(4)?;
    if sign == 0xC000 {
        return Err("NaN is not an integer".into());
    }
    let mut value: i64 = 0;
    for i in 0..ndigits {
        let digit = i64::from(word(8 + 2 * i)?);
        let power = weight - i as i32;
        if power < 0 {
            if digit != 0 {
                return Err("not a whole number".into());
            }
            continue;
        }
        let scale = 10_000i64
            .checked_pow(power as u32)
            .ok_or("numeric overflow")?;
        value = digit
            .checked_mul(scale)
            .and_then(|d| value.checked_add(d))
            .ok_or("numeric overflow")?;
    }
    Ok(if sign == 0x4000 { -value } else { value })
}

/// A flag as the store binds and reads it (`bool`), stored as boolean or as 0/1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Flag(bool);

impl ToSql for Flag {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull> {
        match *ty {
            Type::BOOL => self.0.to_sql(ty, out),
            _ => Int(i64::from(self.0)).to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <Int as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Flag {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self> {
        match Int::from_sql(ty, raw)?.0 {
            0 => Ok(Flag(false)),
            1 => Ok(Flag(true)),
            n => Err(format!("{n} is not a flag").into()),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <Int as FromSql>::accepts(ty)
    }
}

/// One connection as the store would hold it: methods on `&self` like rusqlite's, a statement
/// cache keyed by the SQL as written (the rewrite happens once per statement).
struct PgConn {
    client: RefCell<Client>,
    cache: RefCell<HashMap<String, Statement>>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl PgConn {
    fn open(url: &str) -> Result<Self> {
        Ok(Self {
            client: RefCell::new(Client::connect(url, NoTls)?),
            cache: RefCell::new(HashMap::new()),
        })
    }

    fn prepare_cached(&self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.borrow_mut().prepare(&rewrite(sql))?;
        self.cache.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64> {
        let st = self.prepare_cached(sql)?;
        Ok(self.client.borrow_mut().execute(&st, params)?)
    }

    fn query_row<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        let st = self.prepare_cached(sql)?;
        let row = self.client.borrow_mut().query_one(&st, params)?;
        f(&row)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// `Store::write` on PostgreSQL: one transaction, one writer at a time across all processes.
    fn write<T>(&self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        self.batch("BEGIN; SELECT pg_advisory_xact_lock(7266)")?;
        match f(self) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

fn check(failed: &mut bool, what: &str, ok: bool, detail: String) {
    println!("{} {what}: {detail}", if ok { "ok  " } else { "FAIL" });
    *failed |= !ok;
}

fn run(url: &str) -> Result<bool> {
    let mut failed = false;

    let sql = "SELECT a.id FROM t a WHERE a.title = +?1 AND a.at BETWEEN +?2 AND +?3 \
               AND a.note <> 'why?1' AND a.n + ?4 > 0 LIMIT ?5";
    let want = "SELECT a.id FROM t a WHERE a.title = $1 AND a.at BETWEEN $2 AND $3 \
                AND a.note <> 'why?1' AND a.n + $4 > 0 LIMIT $5";
    check(
        &mut failed,
        "placeholders rewritten",
        rewrite(sql) == want,
        rewrite(sql),
    );

    let db = PgConn::open(url)?;
    db.batch(
        "DROP TABLE IF EXISTS proto_counters, proto_t;
         CREATE TABLE proto_counters (name text PRIMARY KEY, value bigint NOT NULL);
         CREATE TABLE proto_t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             n integer NOT NULL, flag bigint NOT NULL CHECK (flag IN (0, 1)),
             done boolean NOT NULL, title text NOT NULL)",
    )?;

    // counters::next, with the upsert qualified as PostgreSQL needs (neutral for SQLite too).
    let next = |db: &PgConn| -> Result<i64> {
        db.query_row(
            "INSERT INTO proto_counters(name, value) VALUES (?1, 1)
             ON CONFLICT(name) DO UPDATE SET value = proto_counters.value + 1 RETURNING value",
            &[&"reg"],
            |r| Ok(r.try_get::<_, Int>(0)?.0),
        )
    };
    let drawn: Vec<i64> = (0..3).map(|_| db.write(next)).collect::<Result<_>>()?;
    check(
        &mut failed,
        "counter drawn in write transactions",
        drawn == [1, 2, 3],
        format!("{drawn:?}"),
    );
    let rolled = db.write(|db| {
        next(db)?;
        Err::<(), BoxError>("the use case refused".into())
    });
    let after = db.write(next)?;
    check(
        &mut failed,
        "a rolled-back draw leaves no gap",
        rolled.is_err() && after == 4,
        format!("next after the rollback = {after}"),
    );

    // Binding i64 and bool to int4, bigint 0/1 and boolean columns; RETURNING id.
    let id = db.write(|db| {
        db.query_row(
            "INSERT INTO proto_t(n, flag, done, title) VALUES (?1, ?2, ?3, ?4) RETURNING id",
            &[&Int(5), &Flag(true), &Flag(true), &"群众来信"],
            |r| Ok(r.try_get::<_, Int>(0)?.0),
        )
    })?;
    db.execute(
        "INSERT INTO proto_t(n, flag, done, title) VALUES (?1, ?2, ?3, ?4)",
        &[&Int(7), &Flag(false), &Flag(false), &"来访"],
    )?;
    check(
        &mut failed,
        "INSERT … RETURNING id (instead of last_insert_rowid)",
        id == 1,
        format!("id {id}"),
    );

    // Reading what SQLite gives as INTEGER: int4 column, int4 literal, numeric sum, bigint count,
    // boolean EXISTS, boolean and 0/1 flags.
    let (n, one, total, count, exists, flag, done) = db.query_row(
        "SELECT n, CASE WHEN n > 0 THEN 1 ELSE 0 END, (SELECT sum(id) FROM proto_t),
                (SELECT count(*) FROM proto_t),
                EXISTS (SELECT 1 FROM proto_t WHERE n = ?1), flag, done
         FROM proto_t WHERE id = ?2",
        &[&Int(7), &Int(id)],
        |r| {
            Ok((
                r.try_get::<_, Int>(0)?.0,
                r.try_get::<_, Int>(1)?.0,
                r.try_get::<_, Int>(2)?.0,
                r.try_get::<_, Int>(3)?.0,
                r.try_get::<_, Flag>(4)?.0,
                r.try_get::<_, Flag>(5)?.0,
                r.try_get::<_, Flag>(6)?.0,
            ))
        },
    )?;
    check(
        &mut failed,
        "int4, int literal, numeric sum, count, EXISTS, flags read as i64/bool",
        (n, one, total, count, exists, flag, done) == (5, 1, 3, 2, true, true, true),
        format!("{:?}", (n, one, total, count, exists, flag, done)),
    );

    // The duplicate lookup's `+?n` on a text column, and a LIMIT placeholder.
    let found = db.query_row(
        "SELECT count(*) FROM (SELECT id FROM proto_t WHERE title = +?1 LIMIT ?2) s",
        &[&"来访", &Int(10)],
        |r| Ok(r.try_get::<_, Int>(0)?.0),
    )?;
    check(
        &mut failed,
        "`+?1` on text and `LIMIT ?2`",
        found == 1,
        format!("{found}"),
    );

    // Why the lenience: the plain driver refuses an i64 for an int4 column.
    let plain = db
        .client
        .borrow_mut()
        .query("SELECT id FROM proto_t WHERE n = $1", &[&5i64]);
    check(
        &mut failed,
        "without it, an i64 bound to int4 is refused",
        plain.is_err(),
        plain
            .err()
            .and_then(|e| e.source().map(|s| s.to_string()))
            .unwrap_or_default(),
    );
    db.batch("DROP TABLE proto_counters, proto_t")?;
    drop(db);

    // Inside the office server's runtime.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (blocking, on_worker) = rt.block_on(async {
        let u = url.to_string();
        let blocking = tokio::task::spawn_blocking(move || -> Result<i64> {
            let db = PgConn::open(&u)?;
            db.query_row("SELECT ?1::bigint + 1", &[&Int(41)], |r| {
                Ok(r.try_get::<_, Int>(0)?.0)
            })
        })
        .await;
        let u = url.to_string();
        let on_worker = tokio::spawn(async move { PgConn::open(&u).map(|_| ()) }).await;
        (blocking, on_worker)
    });
    let blocking = blocking
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    check(
        &mut failed,
        "sync client on a spawn_blocking thread",
        blocking == Ok(42),
        format!("{blocking:?}"),
    );
    check(
        &mut failed,
        "sync client on an async worker thread panics",
        on_worker.as_ref().is_err_and(|e| e.is_panic()),
        match on_worker {
            Err(e) if e.is_panic() => {
                let p = e.into_panic();
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            }
            other => format!("{other:?}"),
        },
    );
    Ok(!failed)
}

fn main() {
    let url = std::env::args()
        .nth(1)
        .expect("usage: minyi-pg-proto postgres://…");
    // The panic on the async worker is expected; keep its message out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    match run(&url) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
