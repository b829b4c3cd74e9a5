//! Compiles the portal's page — the Vue 3 + Vant 4 app built from `portal-ui/` into
//! `portal-ui/dist` — into the server: one `include_bytes!` per file, in a table the portal
//! serves from (`src/portal/app.rs`). The server is one binary to install, and the page it serves
//! is always the one its API was built with. Without a built app the build stops and says how to
//! make one (as the desktop's Tauri build needs `ui/dist`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dist = manifest.join("../../portal-ui/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    if !dist.join("index.html").is_file() {
        println!(
            "cargo::error=portal-ui/dist is missing: run `make ui` (npm --prefix portal-ui run \
             build) first (looked for {})",
            dist.join("index.html").display()
        );
        return;
    }
    let dist = dist.canonicalize().expect("portal-ui/dist can be read");
    let mut files = Vec::new();
    walk(&dist, &mut files);
    files.sort();
    let mut table = String::from(
        "/// The files of `portal-ui/dist`: (path below it with `/`, bytes), sorted by path.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for path in &files {
        let relative = path
            .strip_prefix(&dist)
            .expect("below dist")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = path.to_str().expect("a path in UTF-8");
        writeln!(table, "    ({relative:?}, include_bytes!({absolute:?})),").expect("a string");
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("portal_ui.rs"), table).expect("OUT_DIR is writable");
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("portal-ui/dist can be read");
    for entry in entries {
        let path = entry.expect("portal-ui/dist can be read").path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}
