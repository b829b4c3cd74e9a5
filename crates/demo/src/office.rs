//! A realistic office to explore or test against: departments that handle appeals and a user for
//! every role, all with the same demo password.
//!
//! Used by the first-run "load demo data" option, by `minyi-cli demo`, and by tests that need real
//! actors. It writes directly through the store ([`minyi_core::store::bulk::ensure_accounts`]; the
//! administrator would create the same records one by one on the settings screens).

use chrono::{DateTime, Duration, FixedOffset};
use minyi_core::error::Result;
use minyi_core::model::{Actor, Role};
use minyi_core::store::Store;
use minyi_core::store::bulk::{self, AccountSeed};
use minyi_core::time::fmt_ts;
use minyi_core::usecases::accounts::hash_password;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "minyi2026";

/// The departments appeals are routed to, with the login-name stem of their staff.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("城市管理局", "cg"),
    ("住房和城乡建设局", "zj"),
    ("生态环境局", "hb"),
    ("交通运输局", "jt"),
    ("市场监督管理局", "sj"),
    ("人力资源和社会保障局", "rs"),
    ("教育局", "jy"),
    ("卫生健康委员会", "wj"),
    ("水务集团", "sw"),
    ("供电公司", "gd"),
    ("街道综合办", "jd"),
];

const HANDLER_NAMES: &[&str] = &[
    "王建国",
    "李秀英",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "周杰",
    "吴敏",
    "徐斌",
];
const HEAD_NAMES: &[&str] = &[
    "孙志强",
    "马红梅",
    "朱文华",
    "胡海涛",
    "郭晓燕",
    "何建平",
    "高凤英",
    "林国庆",
    "罗春生",
    "梁玉兰",
    "宋德明",
];

/// The actors of a seeded office.
#[derive(Debug, Clone)]
pub struct Office {
    pub office_department: i64,
    /// (id, name) of each handling department, in [`DEPARTMENTS`] order.
    pub departments: Vec<(i64, String)>,
    pub clerk: Actor,
    pub office: Actor,
    pub management: Actor,
    pub admin: Actor,
    /// One handler and one head per handling department, same order.
    pub handlers: Vec<Actor>,
    pub heads: Vec<Actor>,
    /// A clerk who has not signed the confidentiality agreement (sees masked data).
    pub unsigned_clerk: Actor,
}

/// The office's own staff: login name, display name, role, whether they signed the agreement.
const OFFICE_STAFF: &[(&str, &str, Role, bool)] = &[
    ("jiedai", "钱小红", Role::IntakeClerk, true),
    ("bangongshi", "冯立新", Role::AppealsOffice, true),
    ("lingdao", "郑国栋", Role::Management, true),
    ("admin", "系统管理员", Role::Administrator, false),
    ("xinren", "褚新来", Role::IntakeClerk, false),
];

/// Creates the office (departments and users) unless it exists, and returns its actors.
pub fn seed_office(store: &mut Store, now: DateTime<FixedOffset>) -> Result<Office> {
    minyi_core::usecases::accounts::ensure_system_user(store, now)?;
    let hash = hash_password(DEMO_PASSWORD)?;
    let signed = (now - Duration::days(400)).date_naive();
    let created = fmt_ts(&now);
    let names: Vec<&str> = DEPARTMENTS.iter().map(|(name, _)| *name).collect();
    let department_logins: Vec<[String; 2]> = DEPARTMENTS
        .iter()
        .map(|(_, stem)| [format!("{stem}_cbr"), format!("{stem}_fzr")])
        .collect();
    let mut accounts: Vec<AccountSeed<'_>> = OFFICE_STAFF
        .iter()
        .map(|(username, display_name, role, agreement)| AccountSeed {
            username,
            display_name,
            department: None,
            roles: std::slice::from_ref(role),
            agreement_signed_on: agreement.then_some(signed),
        })
        .collect();
    for (i, [handler, head]) in department_logins.iter().enumerate() {
        for (username, pool, role) in [
            (handler, HANDLER_NAMES, &Role::Handler),
            (head, HEAD_NAMES, &Role::DepartmentHead),
        ] {
            accounts.push(AccountSeed {
                username,
                display_name: pool[i % pool.len()],
                department: Some(i),
                roles: std::slice::from_ref(role),
                agreement_signed_on: Some(signed),
            });
        }
    }
    let seeded = bulk::ensure_accounts(store, &names, &accounts, &hash, &created)?;
    let mut actors = seeded.actors.into_iter();
    let mut next = || actors.next().expect("one actor per account");
    let (clerk, office, management, admin, unsigned_clerk) =
        (next(), next(), next(), next(), next());
    let (mut handlers, mut heads) = (Vec::new(), Vec::new());
    for _ in DEPARTMENTS {
        handlers.push(next());
        heads.push(next());
    }
    Ok(Office {
        office_department: seeded.own_department,
        departments: seeded
            .departments
            .into_iter()
            .zip(names)
            .map(|(id, name)| (id, name.to_string()))
            .collect(),
        clerk,
        office,
        management,
        admin,
        handlers,
        heads,
        unsigned_clerk,
    })
}
