//! Printing from the window: one appeal's document rendered by minyi-paper into a PDF file, which
//! the command then opens in the system's PDF viewer (print = write + open, ARCHITECTURE) or writes
//! where the user chose in a save dialog.
//!
//! The PDF goes to `<data dir>/prints/` rather than a temp directory so that the copy the viewer
//! holds stays beside the rest of the office's data (it may carry personal data) and is not swept
//! away while the viewer still has it open.

use minyi_core::model::Ctx;
use minyi_core::queries::print::{PrintData, appeal_for_print_by_id};
use minyi_core::store::{print_settings, settings};
use minyi_core::usecases::accounts::list_users;
use minyi_core::{CoreError, Result, Store};
use minyi_paper::{Agreement, AppealDocument, agreement, supervision_notice};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The documents printed from an appeal's detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    let org = settings::get(store.conn(), "org.name")?;
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
            let contact = print_settings::receipt_contact(store.conn())?;
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
/// their name, department, roles and the date it was signed (today when not yet signed), with the
/// clauses from settings → 打印文书. Only administrators see the staff list, so only they print it.
pub fn render_agreement(store: &Store, ctx: &Ctx<'_>, user_id: i64) -> Result<(String, Vec<u8>)> {
    let user = list_users(store, ctx)?
        .into_iter()
        .find(|u| u.id == user_id)
        .ok_or_else(|| CoreError::not_found("没有找到这位工作人员，请刷新列表后再试。"))?;
    let roles: Vec<&str> = user.roles.iter().map(|r| r.label()).collect();
    let a = Agreement {
        name: user.display_name,
        department: user.department_name,
        role: roles.join("、"),
        date: user.agreement_signed_on.unwrap_or_else(|| ctx.today()),
        clauses: print_settings::agreement_clauses(store.conn())?,
    };
    let org = settings::get(store.conn(), "org.name")?;
    let pdf = agreement(&org, &a).map_err(|e| CoreError::invalid_state(e.to_string()))?;
    Ok((format!("保密协议-{}.pdf", user.username), pdf))
}

/// Writes the PDF into `<data_dir>/prints/` and returns its path.
pub fn write_for_viewer(data_dir: &Path, name: &str, pdf: &[u8]) -> Result<PathBuf> {
    let failed = || CoreError::storage("无法写入打印文件，请检查数据目录的磁盘空间和权限。");
    let dir = data_dir.join("prints");
    std::fs::create_dir_all(&dir).map_err(|_| failed())?;
    let path = dir.join(name);
    std::fs::write(&path, pdf).map_err(|_| failed())?;
    Ok(path)
}

/// Writes the PDF where the user chose to save it.
pub fn write_to(path: &Path, pdf: &[u8]) -> Result<()> {
    std::fs::write(path, pdf).map_err(|_| {
        CoreError::storage("无法保存到所选位置，请确认文件夹存在且有写入权限，或换一个位置。")
    })
}
