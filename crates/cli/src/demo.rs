//! `demo --appeals N [--seed S]`: fills the database with realistic synthetic data
//! (`minyi_demo::generate`), showing progress on stderr — a `\r`-updated line when stderr is a
//! terminal, otherwise a line every 5% — then prints the summary and the database file size. With
//! `--db postgres://…` it fills a PostgreSQL database (the URL, which holds a password, is never
//! printed).

use crate::output::{CliError, CliResult, human_size};
use crate::session::{db_path_or_url, now, open_or_create, postgres_url, system_actor};
use clap::Args;
use minyi_demo::generate::{DemoOptions, generate};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// 生成多少件诉求 / number of appeals to generate
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    appeals: u64,
    /// 随机种子，相同种子生成相同数据（默认 20261127）/ seed; equal seeds give equal data
    #[arg(long, value_name = "S", default_value_t = 20261127)]
    seed: u64,
    /// 演示数据截止的日期（默认今天零点；同一种子和日期生成完全相同的数据）/ history ends at the
    /// start of this day (default: today), so a seed and a date reproduce the same file
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

/// Reports progress on stderr without flooding it.
struct Progress {
    tty: bool,
    last_step: u64,
    last_draw: Option<Instant>,
    started: Instant,
}

impl Progress {
    fn new() -> Self {
        Self {
            tty: std::io::stderr().is_terminal(),
            last_step: 0,
            last_draw: None,
            started: Instant::now(),
        }
    }

    fn update(&mut self, done: u64, total: u64) {
        let total = total.max(1);
        let pct = done.saturating_mul(100) / total;
        let mut err = std::io::stderr().lock();
        if self.tty {
            let due = self
                .last_draw
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
            if due || done >= total {
                self.last_draw = Some(Instant::now());
                let _ = write!(
                    err,
                    "\r正在生成演示数据：{done}/{total}（{pct}%），已用 {:.0} 秒",
                    self.started.elapsed().as_secs_f64()
                );
                let _ = err.flush();
            }
        } else {
            let step = pct / 5;
            if step > self.last_step {
                self.last_step = step;
                let _ = writeln!(err, "正在生成演示数据：{done}/{total}（{pct}%）");
            }
        }
    }

    fn finish(&self) {
        if self.tty && self.last_draw.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// The size of the database with its write-ahead log, in bytes.
fn file_size(path: &Path) -> u64 {
    let main = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    main + std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0)
}

/// Runs `demo`.
pub fn run(db: Option<&Path>, args: &DemoArgs) -> CliResult {
    let path = db_path_or_url(db)?;
    let url = postgres_url(path);
    if path.is_dir() {
        return Err(CliError::user(format!(
            "{} 是一个文件夹，请指定数据库文件的完整路径。",
            path.display()
        )));
    }
    // A PostgreSQL database (`--db postgres://…`) is filled the same way; attachments, which the
    // demo has none of, would go to the current folder.
    let mut store = match url {
        Some(url) => minyi_core::Store::open_url(url, Path::new("."))?,
        None => open_or_create(path)?,
    };
    system_actor(&mut store)?;
    let day = match args.as_of.as_deref() {
        None => now().date_naive(),
        Some(s) => minyi_core::time::parse_date(s)
            .ok_or_else(|| CliError::user("--as-of 日期格式不正确，应为 YYYY-MM-DD。"))?,
    };
    let anchor = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    let opts = DemoOptions {
        appeals: args.appeals,
        seed: args.seed,
        now: chrono::TimeZone::from_local_datetime(&minyi_core::time::cst(), &anchor)
            .single()
            .unwrap_or_else(now),
    };
    let mut progress = Progress::new();
    let result = generate(&mut store, &opts, &mut |done, total| {
        progress.update(done, total)
    });
    progress.finish();
    let summary = result?;
    drop(store);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "已生成演示数据：{} 件诉求，{} 条事件记录，用时 {:.1} 秒（种子 {}）。",
        summary.appeals, summary.events, summary.seconds, args.seed
    )?;
    if url.is_none() {
        writeln!(
            out,
            "数据库文件：{}（{}）",
            path.display(),
            human_size(file_size(path))
        )?;
    }
    writeln!(
        out,
        "演示账号的密码均为 {}（system 账号不能登录）。",
        minyi_demo::DEMO_PASSWORD
    )?;
    Ok(())
}
