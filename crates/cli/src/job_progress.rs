//! Progress of a long export or import on stderr: a `\r`-updated line when stderr is a terminal
//! (at most ten redraws a second), otherwise a line every 10%, so that a log file stays short.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct JobProgress {
    what: &'static str,
    tty: bool,
    last_step: u64,
    last_draw: Option<Instant>,
    started: Instant,
}

impl JobProgress {
    /// `what` is the verb phrase shown, e.g. "正在导出".
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            tty: std::io::stderr().is_terminal(),
            last_step: 0,
            last_draw: None,
            started: Instant::now(),
        }
    }

    pub fn update(&mut self, done: u64, total: u64) {
        let pct = done.saturating_mul(100) / total.max(1);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let due = self
                .last_draw
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
            if due || done >= total {
                self.last_draw = Some(Instant::now());
                let _ = write!(
                    err,
                    "\r{}：{done}/{total}（{pct}%），已用 {:.0} 秒",
                    self.what,
                    self.started.elapsed().as_secs_f64()
                );
                let _ = err.flush();
            }
        } else if total > 0 && pct / 10 > self.last_step {
            self.last_step = pct / 10;
            let _ = writeln!(err, "{}：{done}/{total}（{pct}%）", self.what);
        }
    }

    pub fn finish(&self) {
        if self.tty && self.last_draw.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }

    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}
