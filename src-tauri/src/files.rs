//! The import reports in the data folder's `imports/`: the window may open one or copy it where
//! the user chose, and only a report in that folder (a request cannot name any other file).

use crate::desktop::folder;
use minyi_core::{CoreError, Result};
use minyi_service::OutputKind;
use std::path::{Path, PathBuf};

/// Where a file a request makes goes: where the user chose to save it (a save dialog), else
/// `name` in the data folder's folder for its kind (this account's alone: prints and exports
/// carry personal data). An import's report always goes to `imports/`. The same in 单机 mode (the
/// host writes there) and in 联网 mode (the download lands there).
pub fn place(
    data_dir: &Path,
    save_to: Option<&Path>,
    kind: OutputKind,
    name: &str,
) -> Result<PathBuf> {
    match (save_to, kind) {
        (Some(to), k) if k != OutputKind::ImportReport => Ok(to.to_path_buf()),
        _ => {
            let dir = folder(data_dir, kind)?;
            minyi_service::private::private_dir(&dir).map_err(|_| {
                CoreError::storage("无法写入文件，请检查数据目录的磁盘空间和权限。")
            })?;
            Ok(dir.join(name))
        }
    }
}

/// `report` if it is a report this app wrote (in `imports/` of the data folder).
pub fn own_report(data_dir: &Path, report: &str) -> Result<PathBuf> {
    let gone = || {
        CoreError::not_found(
            "找不到这份导入报告，它可能已被移走或删除。请重新导入该文件以生成新的报告。",
        )
    };
    let dir = folder(data_dir, OutputKind::ImportReport)?
        .canonicalize()
        .map_err(|_| gone())?;
    let path = Path::new(report).canonicalize().map_err(|_| gone())?;
    if path.parent() != Some(dir.as_path()) || !path.is_file() {
        return Err(gone());
    }
    Ok(path)
}

/// Copies a report to where the user chose.
pub fn save_report(data_dir: &Path, report: &str, to: &Path) -> Result<()> {
    let from = own_report(data_dir, report)?;
    std::fs::copy(&from, to).map_err(|_| {
        CoreError::storage(format!(
            "无法把导入报告保存到 {}。请换一个有写入权限的位置，或关闭正在打开该文件的程序后重试。",
            to.display()
        ))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reports_in_the_data_folder_may_be_opened_or_copied() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let reports = folder(&data, OutputKind::ImportReport).unwrap();
        std::fs::create_dir_all(&reports).unwrap();
        let report = reports.join("微信-导入报告-20261206-101010.xlsx");
        std::fs::write(&report, b"xlsx").unwrap();
        let shown = report.to_str().unwrap();
        assert_eq!(
            own_report(&data, shown).unwrap(),
            report.canonicalize().unwrap()
        );

        // A file elsewhere (say, the appeals database) is refused, as is one that is gone.
        let elsewhere = data.join("minyi.db");
        std::fs::write(&elsewhere, b"db").unwrap();
        for refused in [
            elsewhere.to_str().unwrap(),
            "/etc/passwd",
            "imports/none.xlsx",
        ] {
            assert_eq!(
                own_report(&data, refused).unwrap_err().code,
                minyi_core::ErrorCode::NotFound,
                "{refused}"
            );
        }
        let escaping = format!("{}/../minyi.db", reports.display());
        assert!(own_report(&data, &escaping).is_err());

        let copy = dir.path().join("给领导的报告.xlsx");
        save_report(&data, shown, &copy).unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), b"xlsx");
        let e = save_report(&data, shown, &dir.path().join("no/such/folder.xlsx")).unwrap_err();
        assert!(e.message.contains("无法把导入报告保存到"), "{}", e.message);
    }
}
