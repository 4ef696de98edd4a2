//! `essayplan serve`: a local web page to edit a map and see its plan as you
//! type. axum on a current-thread tokio runtime, bound to 127.0.0.1 only.
//!
//! - `engine`: every call into the map/plan/render engine (one facade);
//! - [`files`]: the served folder, with names confined to it;
//! - [`api`]: the router, the JSON handlers and the request guard
//!   (`Host`/`Origin` checked against DNS rebinding and cross-site requests,
//!   bodies size-limited);
//! - `assets`: the page, its CSS and the bundled CodeMirror editor,
//!   embedded in the binary (works offline).

pub mod api;
pub(crate) mod assets;
pub(crate) mod engine;
pub mod files;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

pub use api::{AppState, router};

/// The port `serve` uses when none is given.
pub const DEFAULT_PORT: u16 = 8417;

/// The end of `essayplan serve --help`.
pub const HELP: &str = "\
It serves until stopped (Ctrl-C). Exit code 1: the folder or map cannot
be read, or the port is taken.

Examples:
  essayplan serve arguments --open      the shipped maps, in the default browser
  essayplan serve my-map.yaml           its folder, with my-map.yaml open
  essayplan serve maps/ --port 0        any free port (the address is printed)";

/// What `essayplan serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A map file (its folder is served, the map opened first) or a folder.
    pub path: PathBuf,
    /// 0 for any free port.
    pub port: u16,
    /// Open the page in the default browser.
    pub open: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    #[error("{}: cannot serve it: {}", .0.display(), .1)]
    Folder(PathBuf, std::io::Error),
    #[error("cannot listen on 127.0.0.1:{0}: {1}")]
    Bind(u16, std::io::Error),
    #[error("the server stopped: {0}")]
    Runtime(std::io::Error),
}

impl crate::error::Diagnose for ServeError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::Bind(..) => {
                Some("another program uses that port: try `--port 0` for any free one".into())
            }
            Self::NotFound(_) | Self::Folder(..) => {
                Some("give a map file or a folder of maps".into())
            }
            Self::Runtime(_) => None,
        }
    }
}

/// The folder to serve and the map to open first, from the path given.
fn folder_and_map(path: &Path) -> Result<(files::Folder, Option<String>), ServeError> {
    if !path.exists() {
        return Err(ServeError::NotFound(path.to_path_buf()));
    }
    let (dir, initial) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string);
        (dir, name)
    };
    let folder = files::Folder::new(&dir).map_err(|e| ServeError::Folder(dir.clone(), e))?;
    Ok((folder, initial))
}

/// Serve until the process is stopped.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let (folder, initial) = folder_and_map(&options.path)?;
    engine::warm_up();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
                .await
                .map_err(|e| ServeError::Bind(options.port, e))?;
        let port = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(options.port, e))?
            .port();
        let url = format!("http://127.0.0.1:{port}/");
        println!("essayplan serve: {url}");
        println!(
            "  serving the maps in {} (Ctrl-C to stop)",
            folder.root().display()
        );
        let app = router(AppState::new(folder, port, initial));
        if options.open
            && let Err(e) = open::that_detached(&url)
        {
            eprintln!("warning: could not open a browser ({e}); open {url} yourself");
        }
        axum::serve(listener, app)
            .await
            .map_err(ServeError::Runtime)
    })
}
