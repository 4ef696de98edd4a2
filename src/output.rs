//! Write: bytes → files, atomically. Each file is written to a temporary
//! name in its destination folder and renamed into place, so a reader never
//! sees a half-written file under a final name.
//!
//! Safety rules (every write goes through here):
//! - a target that is not a regular file (a device such as `/dev/null`, a
//!   FIFO, a symlink to one) is written *through*, never replaced; a folder
//!   is refused;
//! - a new file gets `0666 & !umask`, a replaced file keeps its mode, and a
//!   file the user may not write (read-only, another user's) is refused;
//! - temporary files are named `.essayplan-<pid>-….tmp`: the next run
//!   removes those of a process that is gone (`clean_leftovers`), and
//!   Ctrl-C removes the live ones before exiting
//!   ([`install_interrupt_cleanup`]).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {}", .path.display(), plain(.source))]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl WriteError {
    /// An error with a message of our own (shown as it is).
    pub(crate) fn new(path: &Path, kind: std::io::ErrorKind, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            source: std::io::Error::new(kind, message.into()),
        }
    }
}

impl crate::error::Diagnose for WriteError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        // Refusals of our own (a device in the way, a clash with another
        // output) say what to do already.
        (self.source.kind() != std::io::ErrorKind::InvalidInput)
            .then_some("check that the folder exists and you can write to it".into())
    }
}

/// An I/O error in words, without the temporary file's name.
fn plain(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if e.get_ref().is_some() {
        // A message of our own.
        return e.to_string();
    }
    match e.kind() {
        K::NotFound => "the folder does not exist".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AlreadyExists | K::NotADirectory => "a file is in the way of the folder".into(),
        K::IsADirectory => "a folder of that name is in the way".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// What is at a target path now.
enum Target {
    /// Nothing (or a symlink to nothing): a new file.
    Missing,
    /// A regular file (not through a symlink), with its permissions.
    Regular(std::fs::Permissions),
    /// A symlink to a regular file: the link is replaced by a file.
    LinkToFile,
    /// A device, FIFO or socket, or a symlink to one: written through.
    Special,
}

fn target(path: &Path) -> Result<Target, WriteError> {
    use std::io::ErrorKind as K;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == K::NotFound => return Ok(Target::Missing),
        // A missing folder or a file in the way: reported when writing.
        Err(_) => return Ok(Target::Missing),
    };
    if meta.is_dir() {
        return Err(WriteError::new(
            path,
            K::IsADirectory,
            "a folder of that name is in the way",
        ));
    }
    if meta.file_type().is_symlink() {
        return Ok(match std::fs::metadata(path) {
            Ok(m) if m.is_file() => Target::LinkToFile,
            Ok(m) if m.is_dir() => Target::LinkToFile,
            Ok(_) => Target::Special,
            Err(_) => Target::Missing,
        });
    }
    if !meta.is_file() {
        return Ok(Target::Special);
    }
    if !may_write(path, &meta) {
        return Err(WriteError::new(
            path,
            K::PermissionDenied,
            "the file is read-only or belongs to someone else, so it is not replaced \
             (make it writable, or remove it, first)",
        ));
    }
    Ok(Target::Regular(meta.permissions()))
}

/// Whether the user may write the existing file: it has a write bit, and
/// the system agrees (another user's file does not pass).
fn may_write(path: &Path, meta: &std::fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return false;
    }
    #[cfg(target_os = "linux")]
    {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        true
    }
}

/// Write into an existing device, FIFO or socket (or a link to one).
fn write_through(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    file.flush().map_err(err)
}

/// Temporary files alive now (removed on Ctrl-C), and whether Ctrl-C came.
static LIVE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Forgets a temporary file when dropped (after it was renamed or removed).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock()
            && let Some(set) = live.as_mut()
        {
            set.remove(&self.0);
        }
    }
}

const PREFIX: &str = ".essayplan-";
const SUFFIX: &str = ".tmp";

fn temporary(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(tempfile::NamedTempFile, Registered), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let prefix = format!("{PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created 0666, so the umask applies as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let (mut tmp, registered) = {
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            )));
        }
        // tempfile names its temporary file in the error: keep the kind
        // only, which `plain` puts in words ("the folder does not exist").
        let tmp = builder
            .tempfile_in(folder_of(path))
            .map_err(|e| err(std::io::Error::from(e.kind())))?;
        let p = tmp.path().to_path_buf();
        live.get_or_insert_with(HashSet::new).insert(p.clone());
        (tmp, Registered(p))
    };
    if let Some(permissions) = permissions {
        // A replaced file keeps its mode (set exactly: no umask here).
        tmp.as_file().set_permissions(permissions).map_err(err)?;
    }
    tmp.write_all(bytes).map_err(err)?;
    Ok((tmp, registered))
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the final name. A device or FIFO is
/// written through instead; see the module docs for the rules.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let permissions = match target(path)? {
        Target::Special => return write_through(path, bytes),
        Target::Regular(p) => Some(p),
        Target::Missing | Target::LinkToFile => None,
    };
    let (tmp, _registered) = temporary(path, bytes, permissions)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// As [`write_atomic`], for a file too large to hold in memory: `fill`
/// writes it into the temporary file (an error from `fill` is reported as
/// a write error of `path`, and nothing is put in place).
pub(crate) fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let permissions = match target(path)? {
        Target::Special => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(err)?;
            return fill(&mut file).map_err(err);
        }
        Target::Regular(p) => Some(p),
        Target::Missing | Target::LinkToFile => None,
    };
    let (mut tmp, _registered) = temporary(path, b"", permissions)?;
    fill(tmp.as_file_mut()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Whether two paths name the same existing file (so writing one would
/// overwrite the other).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// A file written under a temporary name, waiting to be renamed into place
/// by [`commit_each`]. Dropped uncommitted, the temporary file is removed.
pub(crate) struct Staged {
    temp: tempfile::TempPath,
    path: PathBuf,
    _registered: Registered,
}

/// Write `bytes` under a temporary name beside `path` (no flush yet). A
/// target that may not be replaced (a folder, a device, a read-only file)
/// is refused here.
pub(crate) fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let permissions = match target(path)? {
        Target::Special => {
            return Err(WriteError::new(
                path,
                std::io::ErrorKind::InvalidInput,
                "something other than a file (a device or a pipe) has that name",
            ));
        }
        Target::Regular(p) => Some(p),
        Target::Missing | Target::LinkToFile => None,
    };
    let (tmp, registered) = temporary(path, bytes, permissions)?;
    Ok(Staged {
        temp: tmp.into_temp_path(),
        path: path.to_path_buf(),
        _registered: registered,
    })
}

/// Make staged files durable with one flush of their file system, then
/// rename each into place: many files cost one flush, not one each, and a
/// crash before the renames leaves only temporary files. Every file is
/// tried: one result per staged file, in order, so a file that cannot be
/// renamed into place (a folder in the way, a file open in Word on Windows)
/// fails alone.
pub(crate) fn commit_each(staged: Vec<Staged>) -> Vec<Result<(), WriteError>> {
    if let Err(e) = flush(&staged) {
        let message = plain(&e.source);
        return staged
            .iter()
            .map(|s| {
                Err(WriteError::new(
                    &s.path,
                    std::io::ErrorKind::Other,
                    message.clone(),
                ))
            })
            .collect();
    }
    staged
        .into_iter()
        .map(|s| {
            let Staged {
                temp,
                path,
                _registered,
            } = s;
            temp.persist(&path).map(|_| ()).map_err(|e| WriteError {
                path: path.clone(),
                source: e.error,
            })
        })
        .collect()
}

#[cfg(target_os = "linux")]
fn flush(staged: &[Staged]) -> Result<(), WriteError> {
    let Some(first) = staged.first() else {
        return Ok(());
    };
    let err = |source: std::io::Error| WriteError {
        path: first.path.clone(),
        source,
    };
    let folder = std::fs::File::open(folder_of(&first.path)).map_err(err)?;
    rustix::fs::syncfs(&folder).map_err(|e| err(e.into()))
}

#[cfg(not(target_os = "linux"))]
fn flush(staged: &[Staged]) -> Result<(), WriteError> {
    for s in staged {
        let file = std::fs::File::open(&s.temp).map_err(|source| WriteError {
            path: s.path.clone(),
            source,
        })?;
        file.sync_all().map_err(|source| WriteError {
            path: s.path.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Remove the temporary files a killed run left in `folder`: those of a
/// process that no longer runs (where the system cannot tell, those over an
/// hour old), and unnamed (0.1) ones older than a minute.
/// Returns how many were removed. Files of a run still going are kept.
pub(crate) fn clean_leftovers(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_suffix(SUFFIX))
        else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .map_or(0, |age| age.as_secs());
        let stale = match middle
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        {
            Some(pid) => match process_alive(pid) {
                Some(alive) => !alive,
                // No cheap way to ask: a run does not take an hour.
                None => age > 3600,
            },
            None => age > 60,
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether process `pid` runs, where the system can tell cheaply.
fn process_alive(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    #[cfg(target_os = "linux")]
    {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// On Ctrl-C (or SIGTERM), remove every temporary file still alive, then
/// exit with 130. Call once, at start-up.
pub fn install_interrupt_cleanup() {
    let _ = ctrlc::set_handler(|| {
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        INTERRUPTED.store(true, Ordering::SeqCst);
        for path in live.take().unwrap_or_default() {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("interrupted: nothing more was written");
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_overwrites_leaving_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn staged_files_appear_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let a = stage(&dir.path().join("a.md"), b"a").unwrap();
        let b = stage(&dir.path().join("b.md"), b"b").unwrap();
        assert!(!dir.path().join("a.md").exists());
        drop(b);
        for r in commit_each(vec![a]) {
            r.unwrap();
        }
        assert_eq!(std::fs::read(dir.path().join("a.md")).unwrap(), b"a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("no/such/plan.md"), b"x").unwrap_err();
        assert!(e.to_string().contains("cannot write"));
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.md");
        write_atomic(&new, b"x").unwrap();
        // The umask only removes bits: group and others can read unless it
        // says otherwise (0600 was the bug).
        let umask = {
            let probe = dir.path().join("probe");
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(true)
                .write(true)
                .open(&probe)
                .unwrap();
            0o666 & !mode(&probe)
        };
        assert_eq!(mode(&new), 0o666 & !umask);
        let kept = dir.path().join("kept.md");
        std::fs::write(&kept, b"old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"new").unwrap();
        assert_eq!(mode(&kept), 0o640);
        let staged = stage(&dir.path().join("staged.md"), b"s").unwrap();
        for r in commit_each(vec![staged]) {
            r.unwrap();
        }
        assert_eq!(mode(&dir.path().join("staged.md")), 0o666 & !umask);
    }

    #[cfg(unix)]
    #[test]
    fn read_only_files_are_refused_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.md");
        std::fs::write(&path, b"keep me").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&path, b"x").unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert!(stage(&path, b"x").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_links_to_devices_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null.md");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        write_atomic(&link, b"x").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        let fifo = dir.path().join("pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        // A batch never writes into one.
        assert!(stage(&fifo, b"x").is_err());
    }

    #[test]
    fn commit_each_fails_only_the_blocked_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = stage(&dir.path().join("a.md"), b"a").unwrap();
        let b = stage(&dir.path().join("b.md"), b"b").unwrap();
        let c = stage(&dir.path().join("c.md"), b"c").unwrap();
        std::fs::create_dir(dir.path().join("b.md")).unwrap();
        let results = commit_each(vec![a, b, c]);
        assert!(results[0].is_ok() && results[1].is_err() && results[2].is_ok());
        assert_eq!(std::fs::read(dir.path().join("c.md")).unwrap(), b"c");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // pid 0x7fff_fff0 is not running; ours is.
        let dead = dir
            .path()
            .join(format!("{PREFIX}{}-abc{SUFFIX}", 0x7fff_fff0u32));
        let mine = dir
            .path()
            .join(format!("{PREFIX}{}-abc{SUFFIX}", std::process::id()));
        std::fs::write(&dead, b"x").unwrap();
        std::fs::write(&mine, b"x").unwrap();
        std::fs::write(dir.path().join("plan.md"), b"x").unwrap();
        #[cfg(target_os = "linux")]
        {
            assert_eq!(clean_leftovers(dir.path()), 1);
            assert!(!dead.exists());
        }
        assert!(mine.exists() && dir.path().join("plan.md").exists());
    }
}
