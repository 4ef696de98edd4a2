//! `essayplan serve`: the HTTP API called in-process (no socket), through
//! the same router and guard the server runs.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use essayplan::serve::files::Folder;
use essayplan::serve::{AppState, router};
use serde_json::{Value, json};
use tower::ServiceExt;

const PORT: u16 = 8417;
const HOST: &str = "127.0.0.1:8417";

/// A temporary folder holding a copy of one shipped map.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "arguments/ww1-germany.yaml",
        dir.path().join("ww1-germany.yaml"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join("ww1-germany.yaml");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    dir
}

fn app(dir: &tempfile::TempDir) -> axum::Router {
    router(AppState::new(Folder::new(dir.path()).unwrap(), PORT, None))
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

fn post(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn send(app: &axum::Router, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, bytes.to_vec())
}

async fn send_json(app: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
    let (status, bytes) = send(app, request).await;
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

fn map_text() -> String {
    std::fs::read_to_string("arguments/ww1-germany.yaml").unwrap()
}

/// The shipped map with one `supports:` id misspelt.
fn typo_text() -> String {
    let text = map_text();
    let typo = text.replacen("supports: [germany]", "supports: [germny]", 1);
    assert_ne!(typo, text, "the map has a `supports: [germany]` line");
    typo
}

#[tokio::test]
async fn page_and_assets_are_served() {
    let dir = folder();
    let app = app(&dir);
    let (status, body) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("/assets/editor.js"));
    let (status, body) = send(&app, get("/assets/editor.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.len() > 10_000);
    let (status, _) = send(&app, get("/assets/nothing.js")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn info_lists_the_maps_and_choices() {
    let dir = folder();
    let (status, info) = send_json(&app(&dir), get("/api/info")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["maps"][0]["name"], "ww1-germany.yaml");
    assert_eq!(info["maps"][0]["ok"], true);
    assert_eq!(info["initial"], "ww1-germany.yaml");
    assert_eq!(
        info["choices"]["levels"],
        json!(["support", "core", "stretch"])
    );
    assert_eq!(info["choices"]["modes"], json!(["plan", "model", "bank"]));
    let pdf = info["choices"]["formats"]
        .as_array()
        .unwrap()
        .contains(&json!("pdf"));
    assert_eq!(pdf, essayplan::pdf::soffice().is_some());
}

#[tokio::test]
async fn preview_renders_a_plan() {
    let dir = folder();
    let body = json!({ "name": "ww1-germany.yaml", "text": map_text(),
        "choice": { "level": "support", "mode": "plan", "preset": "aqa-a-level" } });
    let (status, p) = send_json(&app(&dir), post("/api/preview", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["check"]["ok"], true);
    let html = p["html"].as_str().unwrap();
    assert!(html.contains("<h1>"));
    assert!(html.contains("<figure class=\"picture judgement-line\">\n<svg "));
    assert!(html.contains("<figure class=\"picture interpretation-map\">\n<svg "));
    let judgement = p["judgement"].as_str().unwrap();
    assert!(judgement.starts_with("To a large extent. "), "{judgement}");
    assert!(p["micros"].as_u64().is_some());
}

#[tokio::test]
async fn check_locates_a_typo_with_did_you_mean() {
    let dir = folder();
    let body = json!({ "name": "ww1-germany.yaml", "text": typo_text() });
    let (status, c) = send_json(&app(&dir), post("/api/check", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(c["ok"], false);
    let d = &c["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert!(d["line"].as_u64().unwrap() > 1);
    assert!(d["hint"].as_str().unwrap().contains("germany"), "{d}");
    // The same text as `essayplan check` prints.
    assert!(
        d["text"]
            .as_str()
            .unwrap()
            .contains("--> ww1-germany.yaml:")
    );
    // The preview of an invalid map is data, not a failure.
    let (status, p) = send_json(&app(&dir), post("/api/preview", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(p["html"].is_null());
}

#[tokio::test]
async fn unknown_level_and_garbage_are_data() {
    let dir = folder();
    let body = json!({ "text": map_text(), "choice": { "level": "hard" } });
    let (status, p) = send_json(&app(&dir), post("/api/preview", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(p["error"]["message"].as_str().unwrap().contains("hard"));
    let body = json!({ "text": "\u{0}: [{\n\t- ]]" });
    let (status, p) = send_json(&app(&dir), post("/api/preview", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["check"]["ok"], false);
}

#[tokio::test]
async fn save_writes_and_refuses_a_conflict() {
    let dir = folder();
    let app = app(&dir);
    let (_, loaded) = send_json(&app, get("/api/map?name=ww1-germany.yaml")).await;
    let hash = loaded["hash"].as_str().unwrap().to_string();
    let edited = format!("{}\n# edited\n", loaded["text"].as_str().unwrap());
    let body = json!({ "name": "ww1-germany.yaml", "text": edited, "hash": hash });
    let (status, saved) = send_json(&app, post("/api/save", &body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let on_disk = std::fs::read_to_string(dir.path().join("ww1-germany.yaml")).unwrap();
    assert_eq!(on_disk, edited);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("ww1-germany.yaml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "the file keeps its permissions");
    }

    let (_, now) = send_json(&app, get("/api/hash?name=ww1-germany.yaml")).await;
    assert_eq!(now["hash"], saved["hash"]);
    assert_ne!(now["hash"].as_str(), Some(hash.as_str()));
    let (_, none) = send_json(&app, get("/api/hash?name=not-yet.yaml")).await;
    assert!(none["hash"].is_null());

    // Saving again with the old fingerprint: the file changed since.
    let (status, conflict) = send_json(&app, post("/api/save", &body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["conflict"], true);
    assert!(
        conflict["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("reload")
    );
    // Overwrite is the user's explicit choice.
    let body =
        json!({ "name": "ww1-germany.yaml", "text": "# mine\n", "hash": hash, "overwrite": true });
    let (status, _) = send_json(&app, post("/api/save", &body)).await;
    assert_eq!(status, StatusCode::OK);
    let on_disk = std::fs::read_to_string(dir.path().join("ww1-germany.yaml")).unwrap();
    assert_eq!(on_disk, "# mine\n");

    // A new map (no fingerprint) may not replace an existing file.
    let body = json!({ "name": "ww1-germany.yaml", "text": "x", "hash": null });
    let (status, _) = send_json(&app, post("/api/save", &body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let body = json!({ "name": "new-map.yaml", "text": essayplan::SKELETON_MAP, "hash": null });
    let (status, _) = send_json(&app, post("/api/save", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(dir.path().join("new-map.yaml").is_file());
}

#[tokio::test]
async fn paths_outside_the_folder_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    let served = outer.path().join("served");
    std::fs::create_dir(&served).unwrap();
    std::fs::write(outer.path().join("secret.yaml"), "secret: 1\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("secret.yaml"), served.join("link.yaml")).unwrap();
    let app = router(AppState::new(Folder::new(&served).unwrap(), PORT, None));
    for name in [
        "../secret.yaml",
        "..%2Fsecret.yaml",
        "%2Fetc%2Fpasswd",
        "sub%2Fx.yaml",
        "link.yaml",
    ] {
        let (status, _) = send(&app, get(&format!("/api/map?name={name}"))).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::FORBIDDEN,
            "{name}: {status}"
        );
        let body = json!({ "name": name.replace("%2F", "/"), "text": "x", "hash": null, "overwrite": true });
        let (status, _) = send(&app, post("/api/save", &body)).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::FORBIDDEN,
            "save {name}: {status}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(outer.path().join("secret.yaml")).unwrap(),
        "secret: 1\n"
    );
    // The symlink out is not even listed.
    let (_, info) = send_json(&app, get("/api/info")).await;
    assert_eq!(info["maps"], json!([]));
}

#[tokio::test]
async fn bad_host_is_refused() {
    let dir = folder();
    let app = app(&dir);
    for host in ["evil.example:8417", "127.0.0.1:9999", "127.0.0.1", ""] {
        let request = Request::get("/api/info")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let (status, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
    }
    let request = Request::get("/api/info").body(Body::empty()).unwrap();
    assert_eq!(send(&app, request).await.0, StatusCode::FORBIDDEN);
    let request = Request::get("/")
        .header(header::HOST, "localhost:8417")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.0, StatusCode::OK);
}

#[tokio::test]
async fn bad_origin_is_refused() {
    let dir = folder();
    let app = app(&dir);
    for origin in [
        "http://evil.example",
        "null",
        "http://127.0.0.1:9999",
        "https://127.0.0.1:8417",
    ] {
        let request = Request::post("/api/save")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "name": "ww1-germany.yaml", "text": "x", "overwrite": true }).to_string(),
            ))
            .unwrap();
        let (status, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
    }
    // Nothing was written.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ww1-germany.yaml")).unwrap(),
        map_text()
    );
}

#[tokio::test]
async fn oversized_body_is_refused() {
    let dir = folder();
    let big = "a".repeat(essayplan::serve::api::MAX_BODY_BYTES + 10);
    let body = json!({ "text": big });
    let (status, _) = send(&app(&dir), post("/api/preview", &body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn downloads_docx_and_markdown() {
    let dir = folder();
    let app = app(&dir);
    let body = json!({ "name": "ww1-germany.yaml", "text": map_text(), "format": "docx",
        "choice": { "level": "stretch" } });
    let response = app
        .clone()
        .oneshot(post("/api/download", &body))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("ww1-germany-stretch.docx"),
        "{disposition}"
    );
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let body = json!({ "text": map_text(), "format": "md" });
    let (status, md) = send(&app, post("/api/download", &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(md).unwrap().starts_with('#'));

    let body = json!({ "text": typo_text(), "format": "md" });
    let (status, e) = send_json(&app, post("/api/download", &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["message"].as_str().unwrap().contains("refused"));

    let body = json!({ "text": map_text(), "format": "pdf" });
    let (status, pdf) = send(&app, post("/api/download", &body)).await;
    if essayplan::pdf::soffice().is_some() {
        assert_eq!(status, StatusCode::OK);
        assert!(pdf.starts_with(b"%PDF"));
    } else {
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    }
}

#[tokio::test]
async fn batch_from_a_roster_is_a_zip() {
    use base64::Engine as _;
    let dir = folder();
    let roster = "name,question,level\nAda Lovelace,,support\nAlan Turing,,stretch\nNo One,q9,\n";
    let body = json!({ "name": "ww1-germany.yaml", "text": map_text(), "format": "docx",
        "roster_name": "class.csv",
        "roster": base64::engine::general_purpose::STANDARD.encode(roster) });
    let response = app(&dir).oneshot(post("/api/batch", &body)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value =
        serde_json::from_str(response.headers()["x-batch-report"].to_str().unwrap()).unwrap();
    assert_eq!(report["failures"].as_array().unwrap().len(), 1, "{report}");
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert!(names.contains(&"manifest.csv".to_string()), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".docx")).count(), 2);
    assert!(zip.by_name("manifest.csv").is_ok());
}
