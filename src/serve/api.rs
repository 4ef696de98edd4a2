//! The router: the page and its assets, and a small JSON API.
//!
//! | route                | does                                              |
//! |----------------------|---------------------------------------------------|
//! | `GET /`              | the page                                          |
//! | `GET /assets/*`      | its CSS and script                                |
//! | `GET /api/info`      | the folder's maps, the map to open, the choices   |
//! | `GET /api/map?name=` | a map's text and fingerprint                      |
//! | `GET /api/hash?name=`| the fingerprint only (the page polls it)          |
//! | `GET /api/skeleton`  | the text of a new map                             |
//! | `POST /api/check`    | diagnostics for map text                          |
//! | `POST /api/preview`  | diagnostics and the plan as HTML                  |
//! | `POST /api/save`     | write a map back (409 if it changed on disk)      |
//! | `POST /api/download` | the plan as DOCX / Markdown (PDF when available)  |
//! | `POST /api/batch`    | one plan per roster row, zipped                   |
//!
//! Every request passes `guard` first: `Host` must name this server on
//! loopback and `Origin`, when sent, must be this page (else 403). Bodies
//! are limited to [`MAX_BODY_BYTES`] (else 413). Map and template errors come
//! back as data with status 200 or 422; the server never stops on them.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::assets;
use super::engine::{self, PlanChoice};
use super::files::{Folder, MapEntry, PathError};
use crate::render::Format;

/// The largest request body: a map at its size limit, JSON-escaped, with room
/// for a roster.
pub const MAX_BODY_BYTES: usize = engine::MAX_MAP_BYTES + 1024 * 1024;

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    folder: Arc<Folder>,
    port: u16,
    initial: Option<String>,
}

impl AppState {
    /// `port` is the port the server listens on (checked in `Host`);
    /// `initial` the map to open first.
    pub fn new(folder: Folder, port: u16, initial: Option<String>) -> Self {
        Self {
            folder: Arc::new(folder),
            port,
            initial,
        }
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{file}", get(asset))
        .route("/api/info", get(info))
        .route("/api/map", get(read_map))
        .route("/api/hash", get(hash))
        .route("/api/skeleton", get(skeleton))
        .route("/api/check", post(check))
        .route("/api/preview", post(preview))
        .route("/api/save", post(save))
        .route("/api/download", post(download))
        .route("/api/batch", post(batch))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// A JSON error body: `{"error": {"message", "hint"}}`.
fn error(status: StatusCode, message: impl Into<String>, hint: impl Into<String>) -> Response {
    let body = json!({ "error": { "message": message.into(), "hint": hint.into() } });
    (status, Json(body)).into_response()
}

/// Refuse requests that do not come from this page on loopback: a `Host`
/// other than `127.0.0.1:PORT` / `localhost:PORT` (DNS rebinding), or an
/// `Origin` other than this server's (cross-site requests).
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let port = state.port;
    let allowed_hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host.as_ref().is_some_and(|h| allowed_hosts.contains(h)) {
        return error(
            StatusCode::FORBIDDEN,
            "this server only answers to 127.0.0.1 or localhost",
            format!("open http://127.0.0.1:{port}/"),
        );
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let ok = origin.to_str().ok().is_some_and(|o| {
            let o = o.to_ascii_lowercase();
            allowed_hosts.iter().any(|h| o == format!("http://{h}"))
        });
        if !ok {
            return error(
                StatusCode::FORBIDDEN,
                "requests from other sites are refused",
                "use the page this server serves",
            );
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn index() -> Response {
    page(assets::INDEX_HTML, "text/html; charset=utf-8")
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
             connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match assets::get(&file) {
        Some((body, content_type)) => page(body, content_type),
        None => error(StatusCode::NOT_FOUND, format!("no asset `{file}`"), ""),
    }
}

fn path_error(e: &PathError) -> Response {
    let status = match e {
        PathError::Missing(_) => StatusCode::NOT_FOUND,
        PathError::Outside(_) => StatusCode::FORBIDDEN,
        PathError::BadName(_) | PathError::Io { .. } => StatusCode::BAD_REQUEST,
    };
    error(
        status,
        e.to_string(),
        "maps are plain file names in the served folder, like `my-map.yaml`",
    )
}

async fn info(State(state): State<AppState>) -> Response {
    let maps: Vec<MapEntry> = state
        .folder
        .list()
        .into_iter()
        .map(|name| {
            let (title, ok) = match state.folder.read(&name) {
                Ok((text, _)) => {
                    let checked = engine::check(&name, &text);
                    (checked.title, checked.ok)
                }
                Err(_) => (None, false),
            };
            MapEntry { name, title, ok }
        })
        .collect();
    let initial = state
        .initial
        .clone()
        .or_else(|| maps.first().map(|m| m.name.clone()));
    Json(json!({
        "folder": state.folder.root().display().to_string(),
        "maps": maps,
        "initial": initial,
        "choices": engine::choices(),
        "max_map_bytes": engine::MAX_MAP_BYTES,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct NameQuery {
    name: String,
}

async fn read_map(State(state): State<AppState>, Query(q): Query<NameQuery>) -> Response {
    match state.folder.read(&q.name) {
        Ok((text, hash)) => {
            Json(json!({ "name": q.name, "text": text, "hash": hash })).into_response()
        }
        Err(e) => path_error(&e),
    }
}

/// The fingerprint of a map as it is on disk now (`null`: no such file), so
/// the page can notice changes made by another program.
async fn hash(State(state): State<AppState>, Query(q): Query<NameQuery>) -> Response {
    match state.folder.current(&q.name) {
        Ok(hash) => Json(json!({ "name": q.name, "hash": hash })).into_response(),
        Err(e) => path_error(&e),
    }
}

async fn skeleton() -> Response {
    Json(json!({ "text": engine::skeleton() })).into_response()
}

/// Map text as the page sends it.
#[derive(Deserialize)]
struct MapText {
    /// The file name (how diagnostics name it); `untitled.yaml` if none.
    #[serde(default)]
    name: Option<String>,
    text: String,
    #[serde(default)]
    choice: PlanChoice,
}

impl MapText {
    fn name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("untitled.yaml")
    }
}

async fn check(Json(body): Json<MapText>) -> Response {
    Json(engine::check(body.name(), &body.text)).into_response()
}

async fn preview(Json(body): Json<MapText>) -> Response {
    Json(engine::preview(body.name(), &body.text, &body.choice)).into_response()
}

#[derive(Deserialize)]
struct SaveRequest {
    name: String,
    text: String,
    /// The fingerprint the page loaded (None for a new file).
    hash: Option<String>,
    /// Write even if the file changed on disk (the user chose "overwrite").
    #[serde(default)]
    overwrite: bool,
}

#[derive(Serialize)]
struct Saved {
    name: String,
    hash: String,
    bytes: usize,
}

async fn save(State(state): State<AppState>, Json(body): Json<SaveRequest>) -> Response {
    if body.text.len() > engine::MAX_MAP_BYTES {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the map is larger than a map may be",
            "split it into several maps",
        );
    }
    let path = match state.folder.resolve(&body.name) {
        Ok(p) => p,
        Err(e) => return path_error(&e),
    };
    let current = match state.folder.current(&body.name) {
        Ok(c) => c,
        Err(e) => return path_error(&e),
    };
    if !body.overwrite && current != body.hash {
        let message = match (&current, &body.hash) {
            (Some(_), None) => format!("`{}` already exists", body.name),
            (None, Some(_)) => format!("`{}` was deleted or moved since you opened it", body.name),
            _ => format!("`{}` changed on disk since you opened it", body.name),
        };
        return (
            StatusCode::CONFLICT,
            Json(json!({
                "conflict": true,
                "error": { "message": message, "hint": "reload it (losing your edits) or overwrite it (losing the other changes)" },
                "current": current,
            })),
        )
            .into_response();
    }
    match engine::write_atomic(&path, body.text.as_bytes()) {
        Ok(()) => Json(Saved {
            hash: super::files::fingerprint(body.text.as_bytes()),
            bytes: body.text.len(),
            name: body.name,
        })
        .into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            e,
            "check that the folder can be written",
        ),
    }
}

#[derive(Deserialize)]
struct DownloadRequest {
    #[serde(flatten)]
    map: MapText,
    format: String,
}

/// `ww1-germany-q1-core.docx`: ASCII letters, digits and `-` only.
fn download_name(map: &str, choice: &PlanChoice, ext: &str) -> String {
    let stem = map
        .strip_suffix(".yaml")
        .or_else(|| map.strip_suffix(".yml"))
        .unwrap_or(map);
    let mut parts = vec![stem.to_string()];
    parts.extend(choice.question.clone().filter(|q| !q.is_empty()));
    parts.push(choice.level.clone().unwrap_or_else(|| "core".into()));
    if let Some(mode) = choice.mode.clone().filter(|m| m != "plan") {
        parts.push(mode);
        if choice.annotate {
            parts.push("annotated".into());
        }
    }
    let safe: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.{ext}", safe.trim_matches('-'))
}

fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, Body::from(bytes)).into_response()
}

async fn download(Json(body): Json<DownloadRequest>) -> Response {
    let Some(format) = engine::download_format(&body.format) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("unknown format `{}`", body.format),
            "docx or md",
        );
    };
    if format == Format::Pdf && !engine::has_pdf() {
        return error(
            StatusCode::NOT_IMPLEMENTED,
            "PDF output needs LibreOffice, and `soffice` is not on the PATH",
            "install LibreOffice Writer and restart essayplan serve, or download the DOCX",
        );
    }
    let filename = download_name(body.map.name(), &body.map.choice, format.extension());
    // A PDF takes LibreOffice seconds: off the server's one thread, so the
    // preview keeps answering meanwhile.
    let made = tokio::task::spawn_blocking(move || {
        engine::render_file(body.map.name(), &body.map.text, &body.map.choice, format)
    })
    .await;
    match made {
        Ok(Ok(bytes)) => attachment(bytes, format.content_type(), &filename),
        Ok(Err(e)) => error(StatusCode::UNPROCESSABLE_ENTITY, e.message, e.hint),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "essayplan hit an internal error on this map",
            "please report it with the map attached; the server keeps running",
        ),
    }
}

#[derive(Deserialize)]
struct BatchRequest {
    #[serde(flatten)]
    map: MapText,
    /// docx or md.
    format: String,
    roster_name: String,
    /// The roster file, base64.
    roster: String,
}

async fn batch(Json(body): Json<BatchRequest>) -> Response {
    use base64::Engine as _;
    let Some(format) = engine::download_format(&body.format) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("unknown format `{}`", body.format),
            "docx or md",
        );
    };
    let Ok(roster) = base64::engine::general_purpose::STANDARD.decode(body.roster.as_bytes())
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "the roster did not arrive intact",
            "choose the file again",
        );
    };
    let name = body.map.name();
    match engine::batch_zip(
        name,
        &body.map.text,
        &body.map.choice,
        &body.roster_name,
        &roster,
        format,
    ) {
        Ok(done) => {
            let mut response = attachment(
                done.zip,
                "application/zip",
                &download_name(name, &body.map.choice, "zip"),
            );
            let report = json!({
                "summary": done.summary,
                "failures": done.failures,
                "warnings": done.warnings,
            });
            // Header values must be visible ASCII: JSON with \u escapes.
            let ascii = report
                .to_string()
                .chars()
                .map(|c| {
                    if c.is_ascii() && !c.is_ascii_control() {
                        c.to_string()
                    } else {
                        let mut buf = [0u16; 2];
                        c.encode_utf16(&mut buf)
                            .iter()
                            .map(|u| format!("\\u{u:04x}"))
                            .collect()
                    }
                })
                .collect::<String>();
            if let Ok(v) = HeaderValue::from_str(&ascii) {
                response.headers_mut().insert("x-batch-report", v);
            }
            response
        }
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e.message, e.hint),
    }
}
