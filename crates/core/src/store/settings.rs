//! The `settings` table: key/value pairs with typed accessors and defaults.
//!
//! Every `[X]` of the regulation is a setting; the defaults here are the SPEC's. A setting is a
//! [`SettingKey`]: only its keys exist, so a typo cannot create a setting nobody reads, and the
//! accessors take the type, so no crate spells a key again. A key typed elsewhere (the settings
//! screen sends one) is parsed with [`SettingKey::parse`]. Numeric settings are whole numbers from
//! 0 to 365 (the assessment weights 0 to 100, not all zero; a few have their own
//! [`SettingKey::range`]); the settings of printed documents (`paper.*`) are checked in
//! [`print_settings`](super::print_settings); any other text may not be empty.

use super::print_settings::{self, DEFAULT_AGREEMENT_CLAUSES};
use crate::error::{CoreError, Result};
use crate::model::Stage;
use crate::store::sql::{Connection, OptionalExtension, params};

/// Declares [`SettingKey`] from one table (variant, stored key, default, label), so that a key, its
/// label and its default cannot drift apart, and [`DEFAULTS`] is the same list.
macro_rules! setting_keys {
    ($($(#[$m:meta])* $variant:ident = $code:literal, $default:expr, $label:literal;)+) => {
        /// A setting. The code is the key stored in the `settings` table and the one the window's
        /// settings screen sends; [`SettingKey::ALL`] is the order that screen lists them in.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum SettingKey {
            $($(#[$m])* $variant,)+
        }

        impl SettingKey {
            /// Every setting, in the order of the settings screen.
            pub const ALL: &'static [SettingKey] = &[$(SettingKey::$variant,)+];

            /// The stored key, e.g. `"org.name"`.
            pub const fn code(self) -> &'static str {
                match self { $(SettingKey::$variant => $code,)+ }
            }

            /// The Chinese label of the settings screen.
            pub const fn label(self) -> &'static str {
                match self { $(SettingKey::$variant => $label,)+ }
            }

            /// The built-in value (the SPEC's; what "恢复默认" puts back).
            pub const fn default(self) -> &'static str {
                match self { $(SettingKey::$variant => $default,)+ }
            }

            /// The setting stored under `code`, if there is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(SettingKey::$variant),)+ _ => None }
            }
        }
    };
}

setting_keys! {
    OrgName = "org.name", "民意诉求管理办公室", "单位名称";
    DeadlineInitialReview = "deadline.initial_review", "2", "初审期限（工作日）";
    DeadlineRouting = "deadline.routing", "1", "分流期限（工作日）";
    DeadlinePlan = "deadline.plan", "5", "制定处理方案期限（工作日）";
    DeadlineReview = "deadline.review", "3", "审核审批期限（工作日）";
    DeadlineFeedback = "deadline.feedback", "2", "反馈期限（工作日）";
    DeadlineTrackingCheck = "deadline.tracking_check", "10", "跟踪检查间隔（工作日）";
    DueSoonDays = "due_soon.days", "1", "临期提醒（工作日）";
    DuplicateWindowDays = "duplicate.window_days", "30", "重复诉求识别窗口（自然日）";
    /// 定期反馈进展 (§五(一)2): while a department handles an appeal it reports progress at
    /// least every this many working days, counted from the start of the stage or its last
    /// report; 0: no such requirement (see `queries::queues`).
    ProgressIntervalDays = "progress.interval_days", "3",
        "定期反馈进展间隔（工作日，0 表示不要求）";
    /// 进度缓慢 (§五(二)1): an appeal not yet overdue whose stage has used at least this share
    /// of its working days without a progress report in the stage (see `queries::queues`).
    SlowSharePercent = "progress.slow_share_percent", "50",
        "进度缓慢：本阶段期限已用去的比例（%）";
    AttachmentMaxMb = "attachment.max_mb", "20", "单个附件大小上限（MB）";
    /// Prints, exports and import reports in the data folder are removed this many days after
    /// they were written (they carry personal data); 0 keeps them.
    FileRetentionDays = "files.retention_days", "30",
        "打印、导出文件和导入报告保留天数（0 表示不自动删除）";
    LockoutMaxFailures = "lockout.max_failures", "5", "连续登录失败锁定次数";
    LockoutMinutes = "lockout.minutes", "15", "锁定时长（分钟）";
    /// The office server's sign-in rules (联网): an address (a desk) is locked for
    /// `lockout.minutes` after this many failed sign-ins, whatever the accounts.
    LockoutAddressFailures = "lockout.address_failures", "20",
        "同一台电脑连续登录失败锁定次数（联网）";
    /// A server session ends after this many idle minutes.
    SessionIdleMinutes = "lockout.session_idle_minutes", "30", "联网时无操作自动退出（分钟）";
    /// The desktop window locks to a password prompt after this many minutes without input
    /// (keyboard, mouse, touch); 1 to 240. Unlike `lockout.session_idle_minutes` the session
    /// stays: the same user unlocks it (see minyi-service's `idle_lock`).
    IdleLockMinutes = "lockout.idle_lock_minutes", "15", "无操作自动锁定窗口（分钟）";
    DisclosureThreshold = "disclosure.threshold", "5", "信息公开小数抑制阈值";
    /// The public portal (decision 0012): an address that submitted this many appeals within the
    /// hour must read an image captcha for the next one.
    PortalCaptchaAfter = "portal.captcha_after", "3", "网上平台：同一地址每小时提交几件后需输入验证码";
    /// The public portal: an address submits at most this many appeals within the hour.
    PortalHourlyLimit = "portal.hourly_limit", "20", "网上平台：同一地址每小时最多提交件数";
    /// The confidentiality agreement's clauses, one a line (see [`print_settings`]).
    AgreementClauses = "paper.agreement_clauses", DEFAULT_AGREEMENT_CLAUSES, "保密协议条款";
    /// The office's enquiry telephone printed on the receipt (empty: not printed).
    ContactPhone = "paper.contact_phone", "", "咨询电话";
    /// Where the reception window is (empty: "我单位接待窗口").
    ContactAddress = "paper.contact_address", "", "接待地址";
    /// When the telephone and the window are staffed (empty: not printed).
    ContactHours = "paper.contact_hours", "", "接待时间";
    WeightIntakeTimeliness = "assessment.weight.intake_timeliness", "15", "考核权重：受理及时";
    WeightIntakeAccuracy = "assessment.weight.intake_accuracy", "15", "考核权重：分流准确";
    WeightEfficiency = "assessment.weight.efficiency", "25", "考核权重：办理效率";
    WeightQuality = "assessment.weight.quality", "25", "考核权重：办理质量";
    WeightSupervision = "assessment.weight.supervision", "10", "考核权重：督办落实";
    WeightRecommendations = "assessment.weight.recommendations", "10", "考核权重：建议采纳";
    HotspotUserDictionary = "hotspot.user_dictionary", "",
        "热点分析自定义词典（本地地名、术语，用逗号、顿号或换行分隔）";
    /// How many verified backups are kept (the oldest beyond are removed after a new one passes
    /// its check); see [`crate::backup`].
    BackupKeep = "backup.keep", "7", "保留备份份数";
    /// Where backups go (empty: the folder `backups` inside the data folder).
    BackupDir = "backup.dir", "", "备份文件夹（留空则为数据目录下的 backups）";
    /// The share of closed complaints that enter the return-visit queue, in percent (see
    /// [`crate::usecases::record_visit`]).
    VisitComplaintPercent = "return_visit.complaint_percent", "100", "回访比例：投诉（%）";
    /// The share of the other closed appeals that enter it, in percent.
    VisitOtherPercent = "return_visit.other_percent", "10", "回访比例：其他诉求（%）";
}

impl SettingKey {
    /// The setting a key typed by the user names; an unknown key is refused (field `key`).
    pub fn parse(code: &str) -> Result<Self> {
        Self::from_code(code).ok_or_else(|| CoreError::field("key", "没有这个设置项。"))
    }

    /// The working days allowed for `stage`.
    pub const fn deadline(stage: Stage) -> Self {
        match stage {
            Stage::InitialReview => SettingKey::DeadlineInitialReview,
            Stage::Routing => SettingKey::DeadlineRouting,
            Stage::Plan => SettingKey::DeadlinePlan,
            Stage::Review => SettingKey::DeadlineReview,
            Stage::Feedback => SettingKey::DeadlineFeedback,
            Stage::Tracking => SettingKey::DeadlineTrackingCheck,
        }
    }

    /// The whole numbers a numeric setting may take when they are not the usual 0 to 365.
    pub const fn range(self) -> Option<(i64, i64)> {
        match self {
            // 0 would lock the window at once; more than four hours is no lock at all.
            SettingKey::IdleLockMinutes => Some((1, 240)),
            SettingKey::VisitComplaintPercent | SettingKey::VisitOtherPercent => Some((0, 100)),
            // A share of the stage's allowance: 0 would call every appeal slow.
            SettingKey::SlowSharePercent => Some((1, 100)),
            _ => None,
        }
    }

    /// Whether this is one of the [`ASSESSMENT_WEIGHTS`].
    pub fn is_assessment_weight(self) -> bool {
        ASSESSMENT_WEIGHTS.contains(&self)
    }
}

/// Every setting as (key, default, label), in the order of [`SettingKey::ALL`].
pub const DEFAULTS: [(&str, &str, &str); SettingKey::ALL.len()] = {
    let mut out = [("", "", ""); SettingKey::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        let k = SettingKey::ALL[i];
        out[i] = (k.code(), k.default(), k.label());
        i += 1;
    }
    out
};

/// The weights of the assessment's components (§八), whole numbers 0–100 whose defaults add up
/// to 100, in the order the assessment lists its components. The score divides by their sum, so
/// an office may change one weight at a time without first making the others add up; only all of
/// them zero at once is refused.
pub const ASSESSMENT_WEIGHTS: [SettingKey; 6] = [
    SettingKey::WeightIntakeTimeliness,
    SettingKey::WeightIntakeAccuracy,
    SettingKey::WeightEfficiency,
    SettingKey::WeightQuality,
    SettingKey::WeightSupervision,
    SettingKey::WeightRecommendations,
];

/// The server's sign-in rules as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRules {
    pub address_failures: i64,
    pub lockout_minutes: i64,
    pub idle_minutes: i64,
}

/// The server's sign-in rules.
pub(crate) fn session_rules(conn: &Connection) -> Result<SessionRules> {
    Ok(SessionRules {
        address_failures: get_i64(conn, SettingKey::LockoutAddressFailures)?.max(1),
        lockout_minutes: get_i64(conn, SettingKey::LockoutMinutes)?,
        idle_minutes: get_i64(conn, SettingKey::SessionIdleMinutes)?.max(1),
    })
}

/// The value of `key`, or its default.
pub(crate) fn get(conn: &Connection, key: SettingKey) -> Result<String> {
    // Cached: registration reads seven settings, and parsing the statement each time was a
    // visible share of a batch import.
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key.code()], |r| r.get(0))
        .optional()?;
    Ok(stored.unwrap_or_else(|| key.default().to_string()))
}

/// An integer setting.
pub(crate) fn get_i64(conn: &Connection, key: SettingKey) -> Result<i64> {
    let v = get(conn, key)?;
    Ok(v.parse()
        .unwrap_or_else(|_| key.default().parse().unwrap_or(0)))
}

/// The office's name (letterheads, the window's title).
pub(crate) fn org_name(conn: &Connection) -> Result<String> {
    get(conn, SettingKey::OrgName)
}

/// How many working days before its deadline an appeal counts as due soon.
pub(crate) fn due_soon_days(conn: &Connection) -> Result<i64> {
    get_i64(conn, SettingKey::DueSoonDays)
}

/// Stores a setting after checking the value is sensible for it (see the module docs); print
/// settings are stored in their normalised form.
pub(crate) fn set(conn: &Connection, key: SettingKey, value: &str) -> Result<()> {
    let (default, label) = (key.default(), key.label());
    let normalised;
    let mut value = value.trim();
    if let Some(checked) = print_settings::check(key, value) {
        normalised = checked?;
        value = &normalised;
    } else if key.is_assessment_weight() {
        check_weight(conn, key, value)?;
    } else if default.parse::<i64>().is_ok() {
        let (low, high) = key.range().unwrap_or((0, 365));
        match value.parse::<i64>() {
            Ok(n) if (low..=high).contains(&n) => {}
            _ => {
                return Err(CoreError::field(
                    key.code(),
                    format!("{label}应为{low}到{high}之间的整数。"),
                ));
            }
        }
    } else if value.is_empty() && !default.is_empty() {
        // A setting that is empty out of the box (e.g. the hot-spot dictionary) may be cleared.
        return Err(CoreError::field(key.code(), format!("请填写{label}。")));
    }
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key.code(), value],
    )?;
    Ok(())
}

/// A weight is 0–100, and the weights may not all become zero (the score would divide by zero).
fn check_weight(conn: &Connection, key: SettingKey, value: &str) -> Result<()> {
    let n = match value.parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => n,
        _ => {
            return Err(CoreError::field(
                key.code(),
                format!("{}应为0到100之间的整数。", key.label()),
            ));
        }
    };
    let mut others = 0;
    for k in ASSESSMENT_WEIGHTS.into_iter().filter(|k| *k != key) {
        others += get_i64(conn, k)?;
    }
    if n + others == 0 {
        return Err(CoreError::field(
            key.code(),
            "考核权重不能全部为0，请至少保留一项大于0的权重。",
        ));
    }
    Ok(())
}

/// The assessment weights, in the order of [`ASSESSMENT_WEIGHTS`].
pub(crate) fn assessment_weights(conn: &Connection) -> Result<[i64; 6]> {
    let mut out = [0; 6];
    for (w, key) in out.iter_mut().zip(ASSESSMENT_WEIGHTS) {
        *w = get_i64(conn, key)?;
    }
    Ok(out)
}

/// The working days allowed for a stage.
pub(crate) fn stage_days(conn: &Connection, stage: Stage) -> Result<i64> {
    get_i64(conn, SettingKey::deadline(stage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips_through_its_code_and_unknown_keys_are_refused_in_chinese() {
        let mut codes = std::collections::HashSet::new();
        for &k in SettingKey::ALL {
            assert!(codes.insert(k.code()), "{} twice", k.code());
            assert_eq!(SettingKey::from_code(k.code()), Some(k));
            assert_eq!(SettingKey::parse(k.code()).unwrap(), k);
            assert!(!k.label().is_empty());
        }
        assert_eq!(DEFAULTS.len(), SettingKey::ALL.len());
        for (&(code, default, label), &k) in DEFAULTS.iter().zip(SettingKey::ALL) {
            assert_eq!((code, default, label), (k.code(), k.default(), k.label()));
        }
        for typo in ["org.nam", "", " org.name", "ORG.NAME", "assessment.weight."] {
            let e = SettingKey::parse(typo).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::Validation);
            assert_eq!(e.field.as_deref(), Some("key"));
            assert_eq!(e.message, "没有这个设置项。");
        }
        for stage in Stage::ALL {
            assert!(SettingKey::deadline(*stage).code().starts_with("deadline."));
        }
        let weights = SettingKey::ALL.iter().filter(|k| k.is_assessment_weight());
        assert!(
            weights
                .map(|k| k.code())
                .eq(ASSESSMENT_WEIGHTS.map(SettingKey::code))
        );
    }
}
