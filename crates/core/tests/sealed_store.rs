//! The store is sealed (see `store`'s docs): no crate of the workspace but minyi-core depends on
//! rusqlite, none enables core's `testing` feature outside its dev-dependencies, and no program
//! code outside core reaches a connection. This test reads the workspace's manifests and sources,
//! so that a later change that opens the boundary again fails here rather than in the PostgreSQL
//! work that relies on it.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every crate's manifest but core's, by crate folder.
fn other_manifests() -> Vec<(PathBuf, String)> {
    let root = workspace();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file() && !p.ends_with("core"))
        .collect();
    dirs.push(root.join("src-tauri"));
    dirs.into_iter()
        .map(|d| {
            let text = fs::read_to_string(d.join("Cargo.toml")).unwrap();
            (d, text)
        })
        .collect()
}

/// The `[dependencies]` table of a manifest (up to the next table), without comments.
fn dependencies(manifest: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_other_crate_depends_on_rusqlite() {
    for (dir, manifest) in other_manifests() {
        assert!(
            !manifest.contains("rusqlite"),
            "{} depends on rusqlite: reach the data through minyi-core (tests: minyi_core::testing)",
            dir.display()
        );
    }
}

#[test]
fn the_testing_feature_is_enabled_by_dev_dependencies_only() {
    for (dir, manifest) in other_manifests() {
        assert!(
            !dependencies(&manifest).contains("testing"),
            "{} enables minyi-core's testing feature for its program code",
            dir.display()
        );
    }
}

#[test]
fn no_program_code_outside_core_reaches_a_connection() {
    let mut files = Vec::new();
    for (dir, _) in other_manifests() {
        rust_files(&dir.join("src"), &mut files);
    }
    assert!(files.len() > 50, "{} files", files.len());
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for banned in [
            "rusqlite",
            "sql_for_tests",
            "minyi_core::testing",
            ".conn()",
        ] {
            assert!(
                !text.contains(banned),
                "{} uses {banned}: the store is sealed",
                f.display()
            );
        }
    }
}

/// The modules of core that are SQLite's own and get a PostgreSQL sibling rather than a shared
/// body (docs/decisions/0014-postgresql.md, §2.2), plus the layer itself and the tests' module.
const SQLITE_ONLY: &[&str] = &[
    "store/sql.rs",
    "store/sql/",
    "store/db.rs",
    "store/copy.rs",
    "store/bulk/",
    "store/move_to_pg.rs",
    "store/move_to_pg/",
    "store/search.rs",
    "store/fts_backlog.rs",
    "store/baseline.rs",
    "queries/fold.rs",
    "queries/stats.rs",
    "testing.rs",
];

#[test]
fn shared_store_code_reaches_the_database_through_the_sql_layer_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "{} files", files.len());
    let mut checked = 0;
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if SQLITE_ONLY.iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        checked += 1;
        let text = fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("rusqlite"),
                "src/{rel}:{}: names rusqlite; import from crate::store::sql (the layer a second \
                 backend implements), or list the module as SQLite-only",
                n + 1
            );
        }
    }
    assert!(checked > 80, "{checked} files checked");
}
