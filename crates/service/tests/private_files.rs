//! Opening an office makes its data folder and database readable by this account only, and
//! removes prints, exports and import reports older than the retention setting, and attachment
//! files a day old that no attachment refers to.

#![cfg(unix)]

use minyi_service::{Office, Profile};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn aged(path: &Path, days: u64) {
    std::fs::write(path, b"personal data").unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(days * 86_400))
        .unwrap();
}

#[test]
fn the_data_folder_is_private_and_old_files_are_swept_at_open() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    drop(Office::open(&data, Profile::DESKTOP).unwrap());
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("minyi.db")), 0o600);

    // A folder made by an older version with the system's defaults is tightened too.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        data.join("minyi.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    for f in ["prints", "exports", "imports"] {
        std::fs::create_dir_all(data.join(f)).unwrap();
    }
    aged(&data.join("prints/受理告知书-1.pdf"), 45);
    aged(&data.join("exports/台账.xlsx"), 31);
    aged(&data.join("imports/微信-导入报告.xlsx"), 3);
    // An upload cut short between its file and its row, two days ago, and one a moment ago.
    let orphan = data.join("attachments/ab").join("ab".repeat(32));
    let fresh = data.join("attachments/cd").join("cd".repeat(32));
    for p in [&orphan, &fresh] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    }
    aged(&orphan, 2);
    std::fs::write(&fresh, b"an upload about to commit").unwrap();
    drop(Office::open(&data, Profile::DESKTOP).unwrap());
    assert!(!orphan.exists());
    assert!(fresh.exists());
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("minyi.db")), 0o600);
    assert!(!data.join("prints/受理告知书-1.pdf").exists());
    assert!(!data.join("exports/台账.xlsx").exists());
    assert!(data.join("imports/微信-导入报告.xlsx").exists());
}
