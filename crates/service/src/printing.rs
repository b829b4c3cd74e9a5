//! Printed documents of one appeal and a staff member's agreement, rendered by minyi-paper into
//! PDF bytes; the commands in [`crate::commands::paper`] write them where the host says (the
//! desktop's `prints/` folder and the viewer, a download on the server, `--out` on the command
//! line).

use minyi_core::model::Ctx;
use minyi_core::queries::print::{PrintData, appeal_for_print_by_id};
use minyi_core::usecases::accounts::list_users;
use minyi_core::{CoreError, Result, Store};
use minyi_paper::{Agreement, AppealDocument, agreement, supervision_notice};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The documents printed from an appeal's detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrintDocument {
    /// 民意诉求登记表
    ArchiveSheet,
    /// 受理回执
    Receipt,
    /// 交办单
    TransferSlip,
    /// 答复意见书
    Reply,
    /// 督办通知单
    SupervisionNotice,
}

impl PrintDocument {
    fn paper(self) -> AppealDocument {
        match self {
            PrintDocument::ArchiveSheet => AppealDocument::ArchiveSheet,
            PrintDocument::Receipt => AppealDocument::Receipt,
            PrintDocument::TransferSlip => AppealDocument::TransferSlip,
            PrintDocument::Reply => AppealDocument::Reply,
            PrintDocument::SupervisionNotice => AppealDocument::SupervisionNotice,
        }
    }

    /// The document's title, used in the file name.
    pub fn title(self) -> &'static str {
        match self {
            PrintDocument::ArchiveSheet => "民意诉求登记表",
            PrintDocument::Receipt => "受理回执",
            PrintDocument::TransferSlip => "交办单",
            PrintDocument::Reply => "答复意见书",
            PrintDocument::SupervisionNotice => "督办通知单",
        }
    }
}

/// Renders `document` for appeal `appeal_id`; returns the suggested file name and the PDF.
/// Documents with the appellant's data in full check the right to see it and log the access.
/// `supervision` picks which supervision notice (its number, e.g. DB-2026-0003) prints; without
/// it the latest one does. The receipt carries the office's contact from settings.
pub fn render(
    store: &Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    document: PrintDocument,
    supervision: Option<&str>,
) -> Result<(String, Vec<u8>)> {
    let kind = document.paper();
    let data = match kind.personal_data_purpose() {
        Some(purpose) => PrintData::Full { purpose },
        None => PrintData::Masked,
    };
    let detail = appeal_for_print_by_id(store, ctx, appeal_id, data)?;
    let org = store.org_name()?;
    let failed = |e: minyi_paper::PaperError| CoreError::invalid_state(e.to_string());
    let (pdf, name) = match (document, supervision) {
        (PrintDocument::SupervisionNotice, Some(number)) => {
            if !detail.supervisions.iter().any(|s| s.number == number) {
                return Err(CoreError::not_found(
                    "这件诉求没有这个编号的督办记录，请刷新页面后再试。",
                ));
            }
            let pdf = supervision_notice(&org, &detail, Some(number)).map_err(failed)?;
            (
                pdf,
                format!(
                    "{}-{}-{number}.pdf",
                    detail.appeal.reg_number,
                    document.title()
                ),
            )
        }
        _ => {
            let contact = store.receipt_contact()?;
            let pdf = kind.render(&org, &contact, &detail).map_err(failed)?;
            (
                pdf,
                format!("{}-{}.pdf", detail.appeal.reg_number, document.title()),
            )
        }
    };
    Ok((name, pdf))
}

/// Renders the confidentiality agreement (保密协议) of staff member `user_id`, pre-filled with
/// their name, department, roles and `date`, else the date it was signed (today when not yet
/// signed), with the clauses from settings → 打印文书. Only administrators see the staff list, so
/// only they print it.
pub fn render_agreement(
    store: &Store,
    ctx: &Ctx<'_>,
    user_id: i64,
    date: Option<chrono::NaiveDate>,
) -> Result<(String, Vec<u8>)> {
    let user = list_users(store, ctx)?
        .into_iter()
        .find(|u| u.id == user_id)
        .ok_or_else(|| CoreError::not_found("没有找到这位工作人员，请刷新列表后再试。"))?;
    let roles: Vec<&str> = user.roles.iter().map(|r| r.label()).collect();
    let a = Agreement {
        name: user.display_name,
        department: user.department_name,
        role: roles.join("、"),
        date: date
            .or(user.agreement_signed_on)
            .unwrap_or_else(|| ctx.today()),
        clauses: store.agreement_clauses()?,
    };
    let org = store.org_name()?;
    let pdf = agreement(&org, &a).map_err(|e| CoreError::invalid_state(e.to_string()))?;
    Ok((format!("保密协议-{}.pdf", user.username), pdf))
}
