//! The security log in words, for the administrator who reads it: an entry stores its target as a
//! reference (`user:5`, `setting:org.name`, `department:3`) and its detail as JSON with codes
//! (role codes, `wrong_password`), which is what the hash chain protects and what scripts read
//! (`minyi-cli audit --json`); the screen shows who and what they are. Names are looked up when
//! the log is read, so a renamed account shows its present name beside its login.

use crate::model::Role;
use crate::store::security_log::SecurityEntry;
use crate::store::settings::SettingKey;
use serde_json::Value;
use std::collections::HashMap;

/// Names of accounts (display name, login) and departments by id.
pub struct Names {
    pub users: HashMap<i64, (String, String)>,
    pub departments: HashMap<i64, String>,
}

/// Fills `target_label` and `detail_text` of `e`.
pub fn describe(e: &mut SecurityEntry, names: &Names) {
    e.target_label = e
        .target
        .as_deref()
        .map(|t| target_label(t, names))
        .unwrap_or_default();
    e.detail_text = detail_text(&e.detail, names);
}

fn target_label(target: &str, names: &Names) -> String {
    let (kind, key) = target.split_once(':').unwrap_or((target, ""));
    let id = key.parse::<i64>().ok();
    match kind {
        "user" => match id.and_then(|i| names.users.get(&i)) {
            Some((name, login)) => format!("账号 {name}（{login}）"),
            None => format!("账号（编号{key}）"),
        },
        "department" => match id.and_then(|i| names.departments.get(&i)) {
            Some(name) => format!("部门 {name}"),
            None => format!("部门（编号{key}）"),
        },
        "setting" => match SettingKey::from_code(key) {
            Some(k) => format!("设置 {}", k.label()),
            None => format!("设置 {key}"),
        },
        "calendar" => format!("工作日历 {key}"),
        "backup" => format!("备份 {key}"),
        "address" => format!("电脑（网络地址 {key}）"),
        _ => target.to_string(),
    }
}

/// The words for a detail key (unknown keys are shown as stored).
fn key_label(key: &str) -> &str {
    match key {
        "roles" => "角色",
        "agreement" => "已签保密协议",
        "agreementSignedOn" => "保密协议签订日期",
        "username" => "登录名",
        "departmentId" => "部门",
        "departmentFrom" => "原部门",
        "departmentTo" => "新部门",
        "nameChanged" => "姓名已改",
        "reason" => "原因",
        "attempt" => "连续失败次数",
        "minutes" => "锁定分钟",
        "until" => "锁定至",
        "idleMinutes" => "无操作分钟数",
        "unlocked" => "已解锁",
        "name" => "名称",
        "active" => "启用",
        "oldDueDate" => "原办理期限",
        "days" => "天数",
        "offDay" => "休息日",
        "deadlinesRecomputed" => "重算期限的诉求",
        "channel" => "渠道",
        "rows" => "行数",
        "registered" => "登记",
        "alreadyImported" => "已导入过",
        "rejected" => "未通过",
        "appeals" => "诉求数",
        "attachments" => "附件数",
        "missingAttachments" => "缺失附件",
        "message" => "说明",
        "backupCreatedAt" => "备份时间",
        "previousDatabase" => "原数据库另存为",
        "failures" => "失败次数",
        "grant" => "授权申请编号",
        other => other,
    }
}

fn reason_label(code: &str) -> &str {
    match code {
        "unknown_username" => "登录名不存在",
        "inactive" => "账号已停用",
        "locked" => "账号已锁定",
        "wrong_password" => "密码错误",
        "user_changed" => "账号已变更或停用",
        "superseded" => "已由新的申请取代",
        "withdrawn" => "管理员已清除保密协议",
        other => crate::backup::BackupReason::parse_code(other)
            .map(crate::backup::BackupReason::label)
            .unwrap_or(other),
    }
}

fn value_text(key: &str, v: &Value, names: &Names) -> String {
    match (key, v) {
        (_, Value::Null) => "—".into(),
        (_, Value::Bool(b)) => if *b { "是" } else { "否" }.into(),
        ("roles" | "from" | "to", Value::Array(items)) => {
            let roles: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(|c| Role::from_code(c).map(Role::label).unwrap_or(c))
                .collect();
            if roles.is_empty() {
                "无".into()
            } else {
                roles.join("、")
            }
        }
        ("departmentId" | "departmentFrom" | "departmentTo", Value::Number(n)) => n
            .as_i64()
            .and_then(|i| names.departments.get(&i).cloned())
            .unwrap_or_else(|| n.to_string()),
        ("reason", Value::String(s)) => reason_label(s).into(),
        ("backupCreatedAt" | "until", Value::String(s)) => crate::time::parse_ts(s)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| s.clone()),
        (_, Value::String(s)) if s.is_empty() => "（空）".into(),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

fn detail_text(detail: &Value, names: &Names) -> String {
    let Value::Object(map) = detail else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let (Some(from), Some(to)) = (map.get("from"), map.get("to")) {
        parts.push(format!(
            "{} → {}",
            value_text("from", from, names),
            value_text("to", to, names)
        ));
    }
    for (k, v) in map {
        if k == "from" || k == "to" {
            continue;
        }
        parts.push(format!("{}：{}", key_label(k), value_text(k, v, names)));
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SecurityAction;
    use serde_json::json;

    fn names() -> Names {
        Names {
            users: HashMap::from([(5, ("李四".to_string(), "lisi".to_string()))]),
            departments: HashMap::from([(3, "城市管理局".to_string())]),
        }
    }

    fn entry(target: Option<&str>, detail: Value) -> SecurityEntry {
        SecurityEntry {
            id: 1,
            at: Default::default(),
            actor_id: Some(1),
            actor_label: "系统管理员".into(),
            action: SecurityAction::RoleChange,
            action_label: String::new(),
            target: target.map(str::to_string),
            detail,
            target_label: String::new(),
            detail_text: String::new(),
        }
    }

    #[test]
    fn targets_and_details_read_as_words() {
        let n = names();
        let mut e = entry(
            Some("user:5"),
            json!({"from": ["handler"], "to": ["handler", "department_head"]}),
        );
        describe(&mut e, &n);
        assert_eq!(e.target_label, "账号 李四（lisi）");
        assert!(
            e.detail_text.starts_with("承办人 → 承办人、"),
            "{}",
            e.detail_text
        );

        let mut e = entry(
            Some("backup:minyi-backup-20261206-180146"),
            json!({"backupCreatedAt": "2026-12-06T18:01:46+08:00", "reason": "daily"}),
        );
        describe(&mut e, &n);
        assert_eq!(e.target_label, "备份 minyi-backup-20261206-180146");
        assert_eq!(
            e.detail_text,
            "备份时间：2026-12-06 18:01:46；原因：每日自动备份"
        );

        let mut e = entry(None, json!({"reason": "wrong_password", "attempt": 2}));
        describe(&mut e, &n);
        assert_eq!(e.target_label, "");
        assert_eq!(e.detail_text, "连续失败次数：2；原因：密码错误");

        let mut e = entry(
            Some("setting:lockout.minutes"),
            json!({"from": "15", "to": "30"}),
        );
        describe(&mut e, &n);
        assert_eq!(e.target_label, "设置 锁定时长（分钟）");
        assert_eq!(e.detail_text, "15 → 30");

        let mut e = entry(
            Some("department:3"),
            json!({"name": "城市管理局", "active": false}),
        );
        describe(&mut e, &n);
        assert_eq!(e.target_label, "部门 城市管理局");
        assert_eq!(e.detail_text, "启用：否；名称：城市管理局");

        let mut e = entry(
            Some("user:5"),
            json!({"grant": 3, "roles": ["management"], "agreementSignedOn": "2026-01-05"}),
        );
        describe(&mut e, &n);
        assert_eq!(
            e.detail_text,
            "保密协议签订日期：2026-01-05；授权申请编号：3；角色：管理层"
        );
        let mut e = entry(
            Some("user:5"),
            json!({"grant": 3, "reason": "user_changed"}),
        );
        describe(&mut e, &n);
        assert_eq!(e.detail_text, "授权申请编号：3；原因：账号已变更或停用");

        let mut e = entry(Some("user:99"), json!({}));
        describe(&mut e, &n);
        assert_eq!(e.target_label, "账号（编号99）");
        assert_eq!(e.detail_text, "");
    }
}
