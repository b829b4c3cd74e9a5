//! The installers' settings, read from the files the Tauri CLI reads: `tauri.conf.json` and its
//! platform overlays (`tauri.linux.conf.json`, `tauri.windows.conf.json`, merged over it by the CLI
//! on that platform), and the window's capability. The Windows installer cannot be built on this
//! Linux machine, so this test is what keeps its settings from drifting; the .deb is built,
//! installed and started by `make package-check` (packaging/desktop/check.sh).

use serde_json::Value;
use std::path::{Path, PathBuf};

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> Value {
    let path = here().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

/// A path of the config, relative to `src-tauri` as the CLI resolves it.
fn config_path(p: &str) -> PathBuf {
    here().join(p)
}

#[test]
fn the_app_is_named_in_chinese_where_people_read_it() {
    let conf = read("tauri.conf.json");
    assert_eq!(conf["productName"], "民意诉求管理系统");
    assert_eq!(conf["mainBinaryName"], "minyi");
    assert_eq!(conf["identifier"], "cn.minyi.desktop");
    assert_eq!(conf["app"]["windows"][0]["title"], "民意诉求管理系统");
    assert_eq!(conf["bundle"]["shortDescription"], "民意诉求管理系统");
    // One of the bundler's categories ("Office" is not one: the build stopped at "invalid
    // category"); Productivity is the desktop menu's Office section.
    assert_eq!(conf["bundle"]["category"], "Productivity");
    for icon in strings(&conf["bundle"]["icon"]) {
        assert!(config_path(icon).is_file(), "missing icon {icon}");
    }
}

#[test]
fn the_deb_has_an_ascii_package_name_and_a_chinese_menu_entry() {
    let linux = read("tauri.linux.conf.json");
    // The bundler writes the package name from productName (kebab-cased, non-ASCII kept, which
    // dpkg refuses): on Linux it is the ASCII name, and everything people see says 民意诉求管理系统.
    let name = linux["productName"].as_str().unwrap();
    assert_eq!(name, "minyi");
    assert!(
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    );
    assert!(
        linux["app"].is_null(),
        "the window keeps the title of tauri.conf.json"
    );
    let deb = &linux["bundle"]["linux"]["deb"];
    let template = std::fs::read_to_string(config_path(deb["desktopTemplate"].as_str().unwrap()))
        .expect("the menu entry's template");
    assert!(template.lines().any(|l| l == "Name=民意诉求管理系统"));
    assert!(template.lines().any(|l| l == "Exec={{exec}}"));
    // A CJK font, any of those the supported systems carry (without one the window has no Chinese).
    let depends = strings(&deb["depends"]);
    let fonts = depends
        .iter()
        .find(|d| d.contains("fonts-noto-cjk"))
        .expect("a font dependency");
    let alternatives: Vec<&str> = fonts.split('|').map(str::trim).collect();
    assert!(alternatives.len() >= 3, "{fonts}");
    assert!(alternatives.contains(&"fonts-wqy-microhei"), "{fonts}");
}

#[test]
fn the_windows_installer_is_nsis_in_chinese_for_the_whole_machine_and_offline() {
    let windows = read("tauri.windows.conf.json");
    let bundle = &windows["bundle"];
    assert_eq!(strings(&bundle["targets"]), ["nsis"]);
    assert!(
        windows["productName"].is_null(),
        "on Windows the product (and its folder, menu entry and uninstaller) is 民意诉求管理系统"
    );
    let nsis = &bundle["windows"]["nsis"];
    assert_eq!(nsis["installMode"], "perMachine");
    assert_eq!(strings(&nsis["languages"]), ["SimpChinese"]);
    // Office intranets have no internet: the WebView2 runtime travels inside the installer.
    assert_eq!(
        bundle["windows"]["webviewInstallMode"]["type"],
        "offlineInstaller"
    );
    let ico = config_path(nsis["installerIcon"].as_str().unwrap());
    let conf = read("tauri.conf.json");
    assert!(strings(&conf["bundle"]["icon"]).contains(&"../icons/icon.ico"));
    let bytes = std::fs::read(&ico).expect("icons/icon.ico");
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO file");
    let sizes = u16::from_le_bytes([bytes[4], bytes[5]]);
    assert!(
        sizes >= 4,
        "the .ico carries the small and the large sizes: {sizes}"
    );
}

#[test]
fn the_window_may_do_only_what_the_ui_does() {
    let cap = read("capabilities/default.json");
    let granted = strings(&cap["permissions"]);
    // Each permission with the UI call that needs it (ui/src/api).
    let used = [
        ("core:event:allow-listen", "api/events.ts", "listen"),
        ("core:event:allow-unlisten", "api/events.ts", "UnlistenFn"),
        ("core:event:allow-emit", "api/events.ts", "await emit("),
        ("core:window:allow-set-title", "api/window.ts", ".setTitle("),
        ("dialog:allow-open", "api/dialog.ts", "await open("),
        ("dialog:allow-save", "api/dialog.ts", "await save("),
        // The bell's desktop notifications: the plugin's script in the page asks whether it may
        // notify (and asks for leave) before it sends, so the three go together.
        (
            "notification:allow-notify",
            "lib/desktopNotify.ts",
            "sendNotification(",
        ),
        (
            "notification:allow-is-permission-granted",
            "lib/desktopNotify.ts",
            "sendNotification(",
        ),
        (
            "notification:allow-request-permission",
            "lib/desktopNotify.ts",
            "sendNotification(",
        ),
    ];
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    for (permission, file, call) in used {
        let source = std::fs::read_to_string(ui.join(file)).unwrap();
        assert!(source.contains(call), "{file} no longer calls {call}");
        assert!(granted.contains(&permission), "{permission} is not granted");
    }
    assert_eq!(granted.len(), used.len(), "unused permissions: {granted:?}");
}
