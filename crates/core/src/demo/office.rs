//! A realistic office to explore or test against: departments that handle appeals and a user for
//! every role, all with the same demo password.
//!
//! Used by the first-run "load demo data" option, by `minyi-cli demo`, and by tests that need real
//! actors. It writes directly through the store's table functions (the administrator would create
//! the same records one by one on the settings screens).

use crate::error::Result;
use crate::model::{Actor, Role};
use crate::store::{Store, users};
use crate::time::fmt_ts;
use crate::usecases::accounts::hash_password;
use chrono::{DateTime, Duration, FixedOffset};

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

/// Creates the office (departments and users) unless it exists, and returns its actors.
pub fn seed_office(store: &mut Store, now: DateTime<FixedOffset>) -> Result<Office> {
    crate::usecases::accounts::ensure_system_user(store, now)?;
    let hash = hash_password(DEMO_PASSWORD)?;
    let signed = (now - Duration::days(400)).date_naive();
    let created = fmt_ts(&now);
    let ids = store.write(|tx, _| {
        let find_user = |name: &str| -> Result<Option<i64>> {
            Ok(users::find_for_sign_in(tx, name)?.map(|(u, _)| u.id))
        };
        let office_department = users::departments(tx)?.first().map(|d| d.id).unwrap_or(1);
        let mut departments = Vec::new();
        for (name, _) in DEPARTMENTS {
            let existing = users::departments(tx)?
                .into_iter()
                .find(|d| d.name == *name);
            let id = match existing {
                Some(d) => d.id,
                None => users::insert_department(tx, name)?,
            };
            departments.push((id, name.to_string()));
        }
        let add = |username: &str,
                   display: &str,
                   dept: i64,
                   roles: &[Role],
                   agreement: bool|
         -> Result<i64> {
            if let Some(id) = find_user(username)? {
                return Ok(id);
            }
            users::insert(
                tx,
                &users::NewUserRow {
                    username,
                    display_name: display,
                    department_id: dept,
                    roles,
                    password_hash: &hash,
                    agreement_signed_on: agreement.then_some(signed),
                    can_sign_in: true,
                    created_at: &created,
                },
            )
        };
        let clerk = add(
            "jiedai",
            "钱小红",
            office_department,
            &[Role::IntakeClerk],
            true,
        )?;
        let office = add(
            "bangongshi",
            "冯立新",
            office_department,
            &[Role::AppealsOffice],
            true,
        )?;
        let management = add(
            "lingdao",
            "郑国栋",
            office_department,
            &[Role::Management],
            true,
        )?;
        let admin = add(
            "admin",
            "系统管理员",
            office_department,
            &[Role::Administrator],
            false,
        )?;
        let unsigned = add(
            "xinren",
            "褚新来",
            office_department,
            &[Role::IntakeClerk],
            false,
        )?;
        let mut handlers = Vec::new();
        let mut heads = Vec::new();
        for (i, (id, _)) in departments.iter().enumerate() {
            let stem = DEPARTMENTS[i].1;
            handlers.push(add(
                &format!("{stem}_cbr"),
                HANDLER_NAMES[i % HANDLER_NAMES.len()],
                *id,
                &[Role::Handler],
                true,
            )?);
            heads.push(add(
                &format!("{stem}_fzr"),
                HEAD_NAMES[i % HEAD_NAMES.len()],
                *id,
                &[Role::DepartmentHead],
                true,
            )?);
        }
        Ok((
            office_department,
            departments,
            clerk,
            office,
            management,
            admin,
            unsigned,
            handlers,
            heads,
        ))
    })?;
    let (
        office_department,
        departments,
        clerk,
        office,
        management,
        admin,
        unsigned,
        handlers,
        heads,
    ) = ids;
    let conn = store.conn();
    Ok(Office {
        office_department,
        departments,
        clerk: users::actor(conn, clerk)?,
        office: users::actor(conn, office)?,
        management: users::actor(conn, management)?,
        admin: users::actor(conn, admin)?,
        unsigned_clerk: users::actor(conn, unsigned)?,
        handlers: handlers
            .iter()
            .map(|id| users::actor(conn, *id))
            .collect::<Result<_>>()?,
        heads: heads
            .iter()
            .map(|id| users::actor(conn, *id))
            .collect::<Result<_>>()?,
    })
}
