//! minyi-paper — the printed documents of Minyi (民意诉求管理系统) as A4 PDFs.
//!
//! Each document is one function from data the core already returns (an [`AppealDetail`], the
//! organisation name) to PDF bytes; this crate never opens the database. Personal data reaches
//! paper only if the caller asked the core for it in full (the core checks the right and logs the
//! access, see `minyi_core::queries::print`).
//!
//! Layout: [`layout`] (pages, margins, wrapped text, page numbers), [`table`] (ruled tables whose
//! rows follow the text and flow across pages), [`linebreak`] (Chinese line breaking with 避头尾),
//! [`qr`] and the embedded fonts ([`fonts`]: sans for forms and tables, 仿宋 and a bold serif for
//! letters, notices and agreements) are shared; one module per document uses them, and
//! `batch` prints many archive sheets into one PDF with progress and cancel. The disclosure report
//! (`disclosure`, and its web-page form [`disclosure_html`]) is drawn from `minyi-analysis`'s
//! disclosure data, which holds no personal data at all.

mod agreement;
mod batch;
mod common;
mod disclosure;
pub mod disclosure_html;
pub mod fonts;
pub mod layout;
mod letters;
pub mod linebreak;
mod pdf_stream;
mod qr;
mod sheet;
pub mod table;

pub use agreement::{Agreement, agreement};
pub use batch::{
    BatchSummary, archive_sheets, archive_sheets_in_parts, archive_sheets_to,
    archive_sheets_to_file,
};
pub use common::cn_date;
pub use disclosure::disclosure_report;
pub use disclosure_html::disclosure_html;
pub use fonts::warm_up;
pub use letters::{
    ReceiptFacts, receipt, receipt_paragraphs, reply, supervision_notice, transfer_slip,
};
pub use sheet::archive_sheet;

use minyi_core::CoreError;
use minyi_core::queries::detail::AppealDetail;
use minyi_core::store::print_settings::ReceiptContact;

/// What can go wrong while printing. Messages are for the office worker and never contain
/// personal data (a missing character is named by its code point only).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    #[error("内置字库中没有字符 U+{0:04X} 的字形，无法打印。请改用常用写法，或联系技术支持。")]
    MissingGlyph(u32),
    #[error("内置字库无法读取，无法生成 PDF。请重新安装本程序。")]
    FontUnreadable,
    #[error("编号过长，无法生成二维码。")]
    Qr,
    #[error("这件诉求还没有督办记录，无法打印督办通知单。")]
    NoSupervision,
    #[error("这件诉求还没有办理结果，无法打印答复意见书。")]
    NoResult,
    #[error("已取消批量打印，没有生成文件。")]
    Cancelled,
    #[error("无法写入 PDF 文件。请检查磁盘空间和文件夹的写入权限，或换一个保存位置。")]
    Write,
    #[error("{0}")]
    Data(String),
}

impl From<CoreError> for PaperError {
    fn from(e: CoreError) -> Self {
        PaperError::Data(e.to_string())
    }
}

/// The documents that print one appeal, for callers that pick one by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealDocument {
    /// 民意诉求登记表 (needs the appellant's data in full).
    ArchiveSheet,
    /// 受理回执 (needs the appellant's name and contact in full).
    Receipt,
    /// 交办单 (masked data is enough).
    TransferSlip,
    /// 答复意见书 (needs the appellant's name in full).
    Reply,
    /// 督办通知单 (masked data is enough).
    SupervisionNotice,
}

impl AppealDocument {
    /// Whether the document shows personal data in full; the text is the access-log purpose.
    pub fn personal_data_purpose(self) -> Option<&'static str> {
        match self {
            AppealDocument::ArchiveSheet => Some("打印诉求登记表"),
            AppealDocument::Receipt => Some("打印受理回执"),
            AppealDocument::Reply => Some("打印答复意见书"),
            AppealDocument::TransferSlip | AppealDocument::SupervisionNotice => None,
        }
    }

    /// Renders this document for `d`; `contact` is printed on the receipt only.
    pub fn render(
        self,
        org: &str,
        contact: &ReceiptContact,
        d: &AppealDetail,
    ) -> Result<Vec<u8>, PaperError> {
        match self {
            AppealDocument::ArchiveSheet => archive_sheet(org, d),
            AppealDocument::Receipt => receipt(org, d, contact),
            AppealDocument::TransferSlip => transfer_slip(org, d),
            AppealDocument::Reply => reply(org, d),
            AppealDocument::SupervisionNotice => supervision_notice(org, d, None),
        }
    }
}
