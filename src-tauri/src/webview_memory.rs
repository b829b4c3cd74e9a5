//! Keeps the window's web engine small.
//!
//! Why: the issue asks for less than 300 MB of memory after browsing the million-appeal file, and
//! most of the app's memory is WebKitGTK's, not ours. Measured (docs/performance.md): with its
//! defaults WebKit draws the page through accelerated compositing, which under a software renderer
//! (Xvfb, virtual machines, remote desktops, office PCs without a GPU driver) kept ~100 MB more in
//! the web process after browsing; the screens here are tables and forms that need none of it, and
//! they drew as fast without it. (The `DocumentViewer` cache model was tried too and changed
//! nothing measurable, so WebKit's default stays.)
//!
//! Only Linux has this knob (WebView2 and WKWebView decide for themselves).

/// Turns hardware acceleration off in the window's webview.
pub fn apply<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = applied {
            log::warn!("webview memory settings not applied: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
