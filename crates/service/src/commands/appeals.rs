//! Registration, the list, the detail page, attachments, the vocabulary and one's own password.

use crate::command::{Call, Command, Effect};
use crate::host::{FileRef, OutputKind};
use crate::views::Vocabulary;
use minyi_core::queries::detail::{AppealDetail, PersonalData, detail, detail_by_number};
use minyi_core::queries::duplicates::DuplicateHint;
use minyi_core::queries::history::{AppellantHistory, appellant_history};
use minyi_core::queries::list::{AppealRow, ListFilter, Page, list};
use minyi_core::store::registry::AttachmentRecord;
use minyi_core::usecases::accounts;
use minyi_core::usecases::add_attachment::{add_attachment, read_attachment};
use minyi_core::usecases::register::{
    RegisterInput, Registered, hints_for_form, register, validate_all,
};
use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Every coded value with its Chinese label.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetVocabulary {}

impl Command for GetVocabulary {
    const NAME: &'static str = "vocabulary";
    const EFFECT: Effect = Effect::Open;
    type Output = Vocabulary;
    fn run(self, _: &Call<'_>) -> Result<Vocabulary> {
        Ok(Vocabulary::build())
    }
}

/// Every field problem of a registration form at once (empty when it may be saved).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CheckRegistration {
    pub input: RegisterInput,
}

impl Command for CheckRegistration {
    const NAME: &'static str = "check_registration";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<CoreError>;
    fn run(self, call: &Call<'_>) -> Result<Vec<CoreError>> {
        call.read(|_, c| Ok(validate_all(&self.input, c.now)))
    }
}

/// Likely duplicates of the form being filled in.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct FindDuplicates {
    pub input: RegisterInput,
}

impl Command for FindDuplicates {
    const NAME: &'static str = "find_duplicates";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<DuplicateHint>;
    fn run(self, call: &Call<'_>) -> Result<Vec<DuplicateHint>> {
        call.read(|s, c| hints_for_form(s, c, &self.input))
    }
}

/// Registers an appeal.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct RegisterAppeal {
    pub input: RegisterInput,
}

impl Command for RegisterAppeal {
    const NAME: &'static str = "register_appeal";
    const EFFECT: Effect = Effect::Write;
    type Output = Registered;
    fn run(self, call: &Call<'_>) -> Result<Registered> {
        call.write(|s, c| register(s, c, &self.input))
    }
}

/// A page of the appeal list.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ListAppeals {
    pub filter: ListFilter,
}

impl Command for ListAppeals {
    const NAME: &'static str = "list_appeals";
    const EFFECT: Effect = Effect::Read;
    type Output = Page<AppealRow>;
    fn run(self, call: &Call<'_>) -> Result<Page<AppealRow>> {
        call.read(|s, c| list(s, c, &self.filter))
    }
}

/// One appeal with its timeline; `personal: "full"` reveals the appellant's data (logged).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetAppealDetail {
    pub id: i64,
    pub personal: PersonalData,
}

impl Command for GetAppealDetail {
    const NAME: &'static str = "appeal_detail";
    const EFFECT: Effect = Effect::Read;
    type Output = AppealDetail;
    fn run(self, call: &Call<'_>) -> Result<AppealDetail> {
        call.read(|s, c| detail(s, c, self.id, self.personal))
    }
}

/// The other appeals of an appeal's appellant (same phone, ID number, or name and address), with
/// their outcomes; `None` for staff who may not look people up, so they see nothing of it. Each
/// viewing is logged in the access log.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetAppellantHistory {
    pub id: i64,
}

impl Command for GetAppellantHistory {
    const NAME: &'static str = "appellant_history";
    const EFFECT: Effect = Effect::Read;
    type Output = Option<AppellantHistory>;
    fn run(self, call: &Call<'_>) -> Result<Option<AppellantHistory>> {
        call.read(|s, c| appellant_history(s, c, self.id))
    }
}

/// The id of the appeal with this registration or archive number (old archive numbers too).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct FindAppeal {
    pub number: String,
}

impl Command for FindAppeal {
    const NAME: &'static str = "find_appeal";
    const EFFECT: Effect = Effect::Read;
    type Output = i64;
    fn run(self, call: &Call<'_>) -> Result<i64> {
        call.read(|s, c| {
            detail_by_number(s, c, self.number.trim(), PersonalData::Masked).map(|d| d.appeal.id)
        })
    }
}

/// Files larger than this are refused before reading them (the core's own limit is lower and
/// comes from settings; this only keeps a mistaken pick of a huge file from filling memory).
const READ_LIMIT: u64 = 512 * 1024 * 1024;

/// Attaches a file (picked on the desktop, uploaded to the server) to an appeal.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddAttachment {
    pub appeal_id: i64,
    /// The file: a path picked on the desktop, an upload on the server.
    pub file: FileRef,
    /// Its name as the user knows it; by default the picked file's own name.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub name: Option<String>,
}

impl Command for AddAttachment {
    const NAME: &'static str = "add_attachment";
    const EFFECT: Effect = Effect::Write;
    type Output = AttachmentRecord;
    fn run(self, call: &Call<'_>) -> Result<AttachmentRecord> {
        let path = call.host().input(&self.file)?;
        let bytes = read_picked(&path)?;
        let name = self
            .name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "附件".to_string());
        call.write(|s, c| add_attachment(s, c, self.appeal_id, &name, &bytes))
    }
}

fn read_picked(path: &Path) -> Result<Vec<u8>> {
    let unreadable = || {
        CoreError::field(
            "file",
            "无法读取所选文件，请确认文件存在且未被其他程序占用。",
        )
    };
    let len = std::fs::metadata(path).map_err(|_| unreadable())?.len();
    if len > READ_LIMIT {
        return Err(CoreError::field(
            "file",
            "文件过大，不能作为附件。请压缩或拆分后再上传。",
        ));
    }
    std::fs::read(path).map_err(|_| unreadable())
}

/// A copy of an attachment with its original name, to open in its viewer (the desktop) or to
/// download (the server). Answers where the copy is.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct AttachmentFile {
    pub id: i64,
}

impl Command for AttachmentFile {
    const NAME: &'static str = "attachment_file";
    const EFFECT: Effect = Effect::Read;
    type Output = String;
    fn run(self, call: &Call<'_>) -> Result<String> {
        let (record, bytes) = call.read(|s, c| read_attachment(s, c, self.id))?;
        // The id prefix keeps two attachments with the same name apart; the name keeps the
        // extension the viewer needs.
        let name = format!("{}-{}", record.id, record.file_name);
        let target = call.output(OutputKind::Attachment, &name)?;
        // Readable by this account only, and never through a link planted at the name.
        crate::private::write_private(&target.path, &bytes)
            .map_err(|_| CoreError::storage("无法打开附件：临时文件夹不可写。"))?;
        Ok(target.shown)
    }
}

/// Changes one's own password (the old one must be given).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ChangePassword {
    pub old: String,
    pub new: String,
}

impl Command for ChangePassword {
    const NAME: &'static str = "change_password";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| accounts::change_password(s, c, &self.old, &self.new))
    }
}
