//! The `settings` table: key/value pairs with typed accessors and defaults.
//!
//! Every `[X]` of the regulation is a setting; the defaults here are the SPEC's. Only keys listed
//! in [`DEFAULTS`] exist, so a typo cannot create a setting nobody reads. Numeric settings are
//! whole numbers from 0 to 365 (the assessment weights 0 to 100, not all zero); the settings of
//! printed documents (`paper.*`) are checked in [`print_settings`](super::print_settings); any
//! other text may not be empty.

use super::print_settings::{self, DEFAULT_AGREEMENT_CLAUSES};
use crate::error::{CoreError, Result};
use crate::model::Stage;
use rusqlite::{Connection, OptionalExtension, params};

/// The weights of the assessment's components (§八), whole numbers 0–100 whose defaults add up
/// to 100. The score divides by their sum, so an office may change one weight at a time without
/// first making the others add up; only all of them zero at once is refused.
pub const WEIGHT_INTAKE_TIMELINESS: &str = "assessment.weight.intake_timeliness";
pub const WEIGHT_INTAKE_ACCURACY: &str = "assessment.weight.intake_accuracy";
pub const WEIGHT_EFFICIENCY: &str = "assessment.weight.efficiency";
pub const WEIGHT_QUALITY: &str = "assessment.weight.quality";
pub const WEIGHT_SUPERVISION: &str = "assessment.weight.supervision";
pub const WEIGHT_RECOMMENDATIONS: &str = "assessment.weight.recommendations";
/// The weight keys in the order the assessment lists its components.
pub const ASSESSMENT_WEIGHTS: [&str; 6] = [
    WEIGHT_INTAKE_TIMELINESS,
    WEIGHT_INTAKE_ACCURACY,
    WEIGHT_EFFICIENCY,
    WEIGHT_QUALITY,
    WEIGHT_SUPERVISION,
    WEIGHT_RECOMMENDATIONS,
];

/// The office server's sign-in rules (联网): an address (a desk) is locked for `lockout.minutes`
/// after this many failed sign-ins, whatever the accounts; a session ends after this many idle
/// minutes.
pub const LOCKOUT_ADDRESS_FAILURES: &str = "lockout.address_failures";
pub const SESSION_IDLE_MINUTES: &str = "lockout.session_idle_minutes";

/// The server's sign-in rules as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRules {
    pub address_failures: i64,
    pub lockout_minutes: i64,
    pub idle_minutes: i64,
}

/// The server's sign-in rules.
pub fn session_rules(conn: &Connection) -> Result<SessionRules> {
    Ok(SessionRules {
        address_failures: get_i64(conn, LOCKOUT_ADDRESS_FAILURES)?.max(1),
        lockout_minutes: get_i64(conn, "lockout.minutes")?,
        idle_minutes: get_i64(conn, SESSION_IDLE_MINUTES)?.max(1),
    })
}

/// Every known setting and its default value.
pub const DEFAULTS: &[(&str, &str, &str)] = &[
    ("org.name", "民意诉求管理办公室", "单位名称"),
    ("deadline.initial_review", "2", "初审期限（工作日）"),
    ("deadline.routing", "1", "分流期限（工作日）"),
    ("deadline.plan", "5", "制定处理方案期限（工作日）"),
    ("deadline.review", "3", "审核审批期限（工作日）"),
    ("deadline.feedback", "2", "反馈期限（工作日）"),
    ("deadline.tracking_check", "10", "跟踪检查间隔（工作日）"),
    ("due_soon.days", "1", "临期提醒（工作日）"),
    ("duplicate.window_days", "30", "重复诉求识别窗口（自然日）"),
    ("attachment.max_mb", "20", "单个附件大小上限（MB）"),
    ("lockout.max_failures", "5", "连续登录失败锁定次数"),
    ("lockout.minutes", "15", "锁定时长（分钟）"),
    (
        LOCKOUT_ADDRESS_FAILURES,
        "20",
        "同一台电脑连续登录失败锁定次数（联网）",
    ),
    (SESSION_IDLE_MINUTES, "30", "联网时无操作自动退出（分钟）"),
    ("disclosure.threshold", "5", "信息公开小数抑制阈值"),
    (
        print_settings::AGREEMENT_CLAUSES,
        DEFAULT_AGREEMENT_CLAUSES,
        "保密协议条款",
    ),
    (print_settings::CONTACT_PHONE, "", "咨询电话"),
    (print_settings::CONTACT_ADDRESS, "", "接待地址"),
    (print_settings::CONTACT_HOURS, "", "接待时间"),
    (WEIGHT_INTAKE_TIMELINESS, "15", "考核权重：受理及时"),
    (WEIGHT_INTAKE_ACCURACY, "15", "考核权重：分流准确"),
    (WEIGHT_EFFICIENCY, "25", "考核权重：办理效率"),
    (WEIGHT_QUALITY, "25", "考核权重：办理质量"),
    (WEIGHT_SUPERVISION, "10", "考核权重：督办落实"),
    (WEIGHT_RECOMMENDATIONS, "10", "考核权重：建议采纳"),
    (
        "hotspot.user_dictionary",
        "",
        "热点分析自定义词典（本地地名、术语，用逗号、顿号或换行分隔）",
    ),
];

fn default_of(key: &str) -> Option<&'static str> {
    DEFAULTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, v, _)| *v)
}

/// The value of `key`, or its default.
pub fn get(conn: &Connection, key: &str) -> Result<String> {
    // Cached: registration reads seven settings, and parsing the statement each time was a
    // visible share of a batch import.
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(stored
        .or_else(|| default_of(key).map(str::to_string))
        .unwrap_or_default())
}

/// An integer setting.
pub fn get_i64(conn: &Connection, key: &str) -> Result<i64> {
    let v = get(conn, key)?;
    Ok(v.parse()
        .unwrap_or_else(|_| default_of(key).and_then(|d| d.parse().ok()).unwrap_or(0)))
}

/// Stores a setting after checking the key exists and the value is sensible for it (see the
/// module docs); print settings are stored in their normalised form.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    let Some((_, default, label)) = DEFAULTS.iter().find(|(k, _, _)| *k == key) else {
        return Err(CoreError::field("key", "没有这个设置项。"));
    };
    let normalised;
    let mut value = value.trim();
    if let Some(checked) = print_settings::check(key, value) {
        normalised = checked?;
        value = &normalised;
    } else if key.starts_with("assessment.weight.") {
        check_weight(conn, key, label, value)?;
    } else if default.parse::<i64>().is_ok() {
        match value.parse::<i64>() {
            Ok(n) if (0..=365).contains(&n) => {}
            _ => {
                return Err(CoreError::field(
                    key,
                    format!("{label}应为0到365之间的整数。"),
                ));
            }
        }
    } else if value.is_empty() && !default.is_empty() {
        // A setting that is empty out of the box (e.g. the hot-spot dictionary) may be cleared.
        return Err(CoreError::field(key, format!("请填写{label}。")));
    }
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// A weight is 0–100, and the weights may not all become zero (the score would divide by zero).
fn check_weight(conn: &Connection, key: &str, label: &str, value: &str) -> Result<()> {
    let n = match value.parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => n,
        _ => {
            return Err(CoreError::field(
                key,
                format!("{label}应为0到100之间的整数。"),
            ));
        }
    };
    let mut others = 0;
    for k in ASSESSMENT_WEIGHTS.iter().filter(|k| **k != key) {
        others += get_i64(conn, k)?;
    }
    if n + others == 0 {
        return Err(CoreError::field(
            key,
            "考核权重不能全部为0，请至少保留一项大于0的权重。",
        ));
    }
    Ok(())
}

/// The assessment weights, in the order of [`ASSESSMENT_WEIGHTS`].
pub fn assessment_weights(conn: &Connection) -> Result<[i64; 6]> {
    let mut out = [0; 6];
    for (w, key) in out.iter_mut().zip(ASSESSMENT_WEIGHTS) {
        *w = get_i64(conn, key)?;
    }
    Ok(out)
}

/// The working days allowed for a stage.
pub fn stage_days(conn: &Connection, stage: Stage) -> Result<i64> {
    let key = match stage {
        Stage::InitialReview => "deadline.initial_review",
        Stage::Routing => "deadline.routing",
        Stage::Plan => "deadline.plan",
        Stage::Review => "deadline.review",
        Stage::Feedback => "deadline.feedback",
        Stage::Tracking => "deadline.tracking_check",
    };
    get_i64(conn, key)
}

/// The sum of all handling stages: how many working days after receipt the appellant can expect
/// feedback (printed on the receipt).
pub fn expected_feedback_days(conn: &Connection) -> Result<i64> {
    let mut total = 0;
    for s in [
        Stage::InitialReview,
        Stage::Routing,
        Stage::Plan,
        Stage::Review,
        Stage::Feedback,
    ] {
        total += stage_days(conn, s)?;
    }
    Ok(total)
}
