//! The page's files, embedded in the binary so `serve` works offline.
//! `editor.js` is CodeMirror 6 bundled with esbuild from `assets/serve/`
//! (rebuild with `assets/serve/build.sh`; the bundle is committed).

/// The page.
pub(crate) const INDEX_HTML: &str = include_str!("../../assets/serve/index.html");

const APP_CSS: &str = include_str!("../../assets/serve/app.css");
const EDITOR_JS: &str = include_str!("../../assets/serve/dist/editor.js");

/// An asset's body and content type, by file name.
pub(crate) fn get(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.css" => Some((APP_CSS, "text/css; charset=utf-8")),
        "editor.js" => Some((EDITOR_JS, "text/javascript; charset=utf-8")),
        _ => None,
    }
}
