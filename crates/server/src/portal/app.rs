//! The portal's page: the Vue 3 + Vant 4 app of `portal-ui/`, built into `portal-ui/dist` and
//! compiled into the server by `build.rs` (a table of its files). The app routes on the client
//! (HTML5 history), so every GET that is none of the server's own paths (`/public-api/…`,
//! `/assets/…`, `/captcha/…`, `/disclosure/{id}`) answers its `index.html`, never cached, so a
//! new server's page is seen at once. Vite names the built scripts and styles after their content
//! (`/assets/index-3f9a1c.js`), so those are cached for a year. Paths of the staff side
//! (`/api/…`, `/healthz`) are not pages of the app: they answer 404 here, like any file that is
//! not there.

use axum::extract::Path as UrlPath;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/portal_ui.rs"));
}

/// The built file at `path` (below `portal-ui/dist`, with `/`).
pub fn file(path: &str) -> Option<&'static [u8]> {
    embedded::FILES
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| embedded::FILES[i].1)
}

/// The paths of every built file (below `portal-ui/dist`, with `/`), sorted.
pub fn paths() -> impl Iterator<Item = &'static str> {
    embedded::FILES.iter().map(|(p, _)| *p)
}

/// The content type of a built file, by its ending.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/{*path}`: a built script, style, image or font, cached for a year (its name
/// changes with its content).
pub async fn asset(UrlPath(path): UrlPath<String>) -> Response {
    let path = format!("assets/{path}");
    match file(&path) {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(&path)),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response(),
        None => not_found(),
    }
}

/// Every other request: a file at the top of the build (an icon), else for a GET the app's
/// `index.html`; the staff side's paths and other methods get 404.
pub async fn page(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if (method != Method::GET && method != Method::HEAD)
        || path == "/healthz"
        || path == "/api"
        || path.starts_with("/api/")
    {
        return not_found();
    }
    let name = path.trim_start_matches('/');
    if !name.is_empty()
        && name != "index.html"
        && let Some(bytes) = file(name)
    {
        return (
            [
                (header::CONTENT_TYPE, content_type(name)),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes,
        )
            .into_response();
    }
    index()
}

/// The app's page, never cached.
pub fn index() -> Response {
    match file("index.html") {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        None => not_found(),
    }
}

/// A short page saying there is nothing here, with the way back.
pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>找不到页面</title>\
         <p>您要找的页面不存在。<a href=\"/\">返回网上平台首页</a></p></html>",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_app_is_compiled_in_with_its_page() {
        assert!(file("index.html").is_some());
        assert!(file("no/such/file.js").is_none());
        assert_eq!(
            content_type("assets/index-3f9a.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("assets/x.CSS"), "text/css; charset=utf-8");
    }
}
