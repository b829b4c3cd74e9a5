//! `minyi-cli bench`: the speed figures the issues ask for, measured on a real database (normally
//! one made by `demo --appeals 1000000`) and printed as a table — never asserted.
//!
//! Each figure runs the real code path (use case or query, with its access checks and masking) and,
//! where the issue asks for it, the bare database operation beside it so the overhead of our layers
//! is visible: registration vs. a bare INSERT of the same row with the same pragmas and a commit
//! each; text search vs. the bare FTS5 (or LIKE) query of the same term.
//!
//! `--db postgres://…` measures a PostgreSQL store with the same figures and the targets issue 22
//! sets for it (list page and 3-character search p95 < 20 ms, registration p99 < 20 ms); its bare
//! operations are PostgreSQL's (`store::baseline`). The URL is never printed.
//!
//! Registration writes real appeals into the file (they are ordinary appeals dated now); run the
//! bench on a copy if that matters.

use crate::output::CliResult;
use crate::session::{Session, now, session_on_any_store};
use minyi_core::model::{Appellant, Ctx, Status};
use minyi_core::queries::list::{ListFilter, SortKey, list, search};
use minyi_core::queries::tasks::my_tasks;
use minyi_core::store::baseline::{self, BareAppeal};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::rng::Rng;
use minyi_demo::text::{self, TextCategory};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// 每项测量的次数 / samples per figure
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    /// 以 JSON 输出 / print JSON
    #[arg(long)]
    pub json: bool,
}

/// One measured figure.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    pub name: String,
    pub samples: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub target: String,
}

fn figure(name: &str, target: &str, mut ms: Vec<f64>) -> Figure {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    Figure {
        name: name.into(),
        samples: ms.len(),
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
        max_ms: *ms.last().unwrap_or(&0.0),
        target: target.into(),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64() * 1000.0)
}

/// A realistic appeal (the demo generator's text and people), different for every sample.
fn sample_input(rng: &mut Rng) -> RegisterInput {
    let txt = text::appeal_text(rng, TextCategory::Complaint);
    RegisterInput {
        appellant: Appellant {
            name: text::person_name(rng),
            phone: Some(text::mobile_phone(rng)),
            address: Some(text::address(rng)),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: txt.subject,
        content: txt.content,
        received_at: minyi_core::time::fmt_ts(&now()),
        ..Default::default()
    }
}

/// `n` bare inserts of realistic rows with ids from `first`, timed.
fn bare_inserts(
    store: &minyi_core::Store,
    rng: &mut Rng,
    first: i64,
    n: usize,
) -> minyi_core::error::Result<Vec<f64>> {
    let mut bare = Vec::with_capacity(n);
    for i in 0..n {
        let input = sample_input(rng);
        let ts = minyi_core::time::fmt_ts(&now());
        let reg_number = format!("BENCH-{i}");
        let row = BareAppeal {
            id: first + i as i64,
            name: &input.appellant.name,
            phone: input.appellant.phone.as_deref(),
            address: input.appellant.address.as_deref(),
            reg_number: &reg_number,
            subject: &input.subject,
            content: &input.content,
            at: &ts,
        };
        let (r, ms) = time(|| baseline::insert_bare_appeal(store, &row));
        r?;
        bare.push(ms);
    }
    Ok(bare)
}

/// Which store is measured, for the labels and targets that differ.
#[derive(Clone, Copy)]
struct StoreKind {
    pg: bool,
}

impl StoreKind {
    fn pick(self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        if self.pg { postgres } else { sqlite }
    }
}

pub fn run(db: Option<&Path>, args: &BenchArgs) -> CliResult {
    let mut s = session_on_any_store(db)?;
    let n = args.samples.max(5);
    let kind = StoreKind {
        pg: s.store.is_postgres(),
    };
    let appeals = s.store.appeal_count()?;
    let mut figures = registration(&mut s, kind, n, appeals)?;
    let dept = baseline::busiest_routed_department(&s.store)?.unwrap_or(1);
    figures.push(list_page(&s, dept, n)?);
    figures.extend(text_search(&s, kind, n)?);
    figures.extend(handler_tasks(&s, dept, n)?);
    let bytes = baseline::database_bytes(&s.store)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::output::print_json(
            &mut out,
            &serde_json::json!({
                "appeals": appeals,
                "store": kind.pick("sqlite", "postgresql"),
                "databaseBytes": bytes,
                "figures": figures,
            }),
        )?;
        return Ok(());
    }
    let place = if kind.pg {
        "PostgreSQL 数据库".to_string()
    } else {
        s.path.display().to_string()
    };
    writeln!(
        out,
        "数据库：{place}（{appeals} 件诉求，{}）",
        crate::output::human_size(bytes)
    )?;
    print_table(&mut out, &figures)
}

/// Registration (the first group) through the use case vs. a bare INSERT of the same rows.
fn registration(
    s: &mut Session,
    kind: StoreKind,
    n: usize,
    appeals: i64,
) -> minyi_core::error::Result<Vec<Figure>> {
    // Seeded by the file's size: a second run on the same file registers other texts, not the
    // same ones again (which would all be likely duplicates of the first run's, a lookup no
    // office sees).
    let mut rng = Rng::new(0x5eed ^ appeals as u64);
    let actor = s.actor.clone();
    let mut reg = Vec::with_capacity(n);
    for _ in 0..n {
        let ctx = Ctx::new(&actor, now());
        let input = sample_input(&mut rng);
        let (r, ms) = time(|| register(&mut s.store, &ctx, &input));
        r?;
        reg.push(ms);
    }
    // The baseline writes the same two rows into the same tables (with their indexes), one
    // durable commit each, and nothing else; the rows are removed again afterwards.
    let first_bare = baseline::first_free_id(&s.store)?;
    let bare = bare_inserts(&s.store, &mut rng, first_bare, n);
    // Removed whatever happened: a failed insert must not leave bare rows (appeals without
    // events, which `check` would report) in the office's database.
    baseline::delete_bare_appeals(&s.store, first_bare)?;
    Ok(vec![
        figure(
            "登记一件诉求（校验、编号、事件、索引、持久提交）",
            kind.pick("p50 < 2 ms, p99 < 10 ms", "p99 < 20 ms"),
            reg,
        ),
        figure(
            kind.pick(
                "  对照：同样两行裸 INSERT 到同样的表（同样的 pragma 和索引，每次提交）",
                "  对照：同样两行裸 INSERT 到同样的表（同样的索引，每次提交，无写锁）",
            ),
            "登记/裸插入 ≤ 3",
            bare?,
        ),
    ])
}

/// A list page (the second group): status + department filter, sorted by due date.
fn list_page(s: &Session, dept: i64, n: usize) -> minyi_core::error::Result<Figure> {
    let filter = ListFilter {
        statuses: vec![Status::Routed],
        department_id: Some(dept),
        sort: SortKey::DueAsc,
        page_size: 50,
        ..Default::default()
    };
    let ctx = Ctx::new(&s.actor, now());
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        let f = ListFilter {
            page: (i % 3) as i64,
            ..filter.clone()
        };
        let (r, ms) = time(|| list(&s.store, &ctx, &f));
        r?;
        v.push(ms);
    }
    Ok(figure(
        "诉求列表一页（50 行，按状态和部门筛选，按期限排序，含总数）",
        "p95 < 20 ms",
        v,
    ))
}

/// Full-text search (the third group): 3-character terms (trigram index) and 2-character terms,
/// each beside the bare query of the same term.
fn text_search(s: &Session, kind: StoreKind, n: usize) -> minyi_core::error::Result<Vec<Figure>> {
    let ctx = Ctx::new(&s.actor, now());
    let mut figures = Vec::new();
    for (label, terms, target) in [
        (
            "全文检索 3 字词（三元组索引，含总数）",
            ["噪音扰", "物业收", "公交线", "停车位"],
            kind.pick("p95 < 50 ms", "p95 < 20 ms"),
        ),
        (
            kind.pick(
                "全文检索 2 字词（LIKE，逐页）",
                "全文检索 2 字词（字对索引或 LIKE，逐页）",
            ),
            ["停水", "路灯", "油烟", "井盖"],
            "p95 < 300 ms",
        ),
    ] {
        let mut v = Vec::with_capacity(n);
        let mut bare = Vec::with_capacity(n);
        for i in 0..n {
            let term = terms[i % terms.len()];
            let (r, ms) = time(|| search(&s.store, &ctx, term, 0, 50));
            r?;
            v.push(ms);
            let (r, ms) = time(|| baseline::bare_search(&s.store, term));
            r?;
            bare.push(ms);
        }
        figures.push(figure(label, target, v));
        figures.push(figure(
            kind.pick(
                "  对照：同一词的裸 FTS5 / LIKE 查询（50 行）",
                "  对照：同一词的裸 LIKE 查询（pg_trgm 索引，50 行）",
            ),
            "",
            bare,
        ));
    }
    Ok(figures)
}

/// "My tasks" (the fourth group) of a handler of the department the list measured, if it has one.
fn handler_tasks(s: &Session, dept: i64, n: usize) -> minyi_core::error::Result<Option<Figure>> {
    let handler = s
        .store
        .users()?
        .into_iter()
        .find(|u| u.department_id == dept && u.roles.contains(&minyi_core::model::Role::Handler))
        .map(|u| s.store.actor(u.id))
        .transpose()?;
    let Some(h) = handler else { return Ok(None) };
    let hctx = Ctx::new(&h, now());
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let (r, ms) = time(|| my_tasks(&s.store, &hctx, 100));
        r?;
        v.push(ms);
    }
    Ok(Some(figure(
        "部门“我的待办”（承办人，含逾期/临期计数）",
        "p95 < 20 ms",
        v,
    )))
}

/// The figures as a table, the names padded by their display width (Chinese is two columns).
fn print_table(out: &mut impl Write, figures: &[Figure]) -> CliResult {
    writeln!(
        out,
        "{:<58} {:>8} {:>8} {:>8} {:>8}  目标",
        "项目", "p50 ms", "p95 ms", "p99 ms", "max ms"
    )?;
    for f in figures {
        let pad = 58usize.saturating_sub(crate::output::width(&f.name)) + f.name.chars().count();
        writeln!(
            out,
            "{:<pad$} {:>8.2} {:>8.2} {:>8.2} {:>8.2}  {}",
            f.name, f.p50_ms, f.p95_ms, f.p99_ms, f.max_ms, f.target
        )?;
    }
    Ok(())
}
