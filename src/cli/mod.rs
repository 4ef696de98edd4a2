//! The command line: the clap types, and one module per command, each a
//! thin call into the library that returns a [`Result`]; errors are printed
//! once, by [`error::print`]. Exit codes: 0 success, 1 the input was
//! refused, 2 misuse.
//!
//! | command | module |
//! |---|---|
//! | `render` | [`render`] (plan choices shared with `batch`: [`args`]) |
//! | `batch` | [`batch`] |
//! | `check` | [`check`] |
//! | `list` | [`list`] |
//! | `new` | [`new`] |
//! | `schema` | [`schema`] |
//! | `graph` | [`graph`] |
//! | `serve` | [`serve`] |
//! | `templates export` | [`templates`] |
//! | `completions`, `manpage` | [`completions`] |

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

use clap::{Parser, Subcommand};

use essayplan::map::{LoadedMap, MapError};

/// How much to say on stderr: 0 quiet, 1 normal, 2 verbose.
static VERBOSITY: AtomicU8 = AtomicU8::new(1);

fn quiet() -> bool {
    VERBOSITY.load(Ordering::Relaxed) == 0
}

fn verbose() -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= 2
}

/// A progress or status line (`wrote FILE`), unless --quiet.
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::cli::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// A detail for --verbose.
macro_rules! detail {
    ($($arg:tt)*) => {
        if $crate::cli::verbose() {
            eprintln!($($arg)*);
        }
    };
}

mod args;
mod batch;
mod check;
mod completions;
pub(crate) mod error;
mod graph;
mod list;
mod new;
mod render;
mod schema;
mod serve;
mod templates;

pub(crate) use error::Error;

const TOP_HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map, template or roster; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan list
  essayplan render great-purges -o plan.docx
  essayplan new my-map.yaml && essayplan check my-map.yaml";

/// Turn argument maps into essay plans for "how far" history essays.
#[derive(Parser)]
#[command(name = "essayplan", version, about, after_help = TOP_HELP)]
pub(crate) struct Cli {
    /// Print only errors (no warnings, progress or "wrote FILE").
    #[arg(long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more: which map and converter are used, and how long it took.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render an essay plan for one question of a map.
    #[command(after_help = render::HELP)]
    Render(render::RenderArgs),
    /// List maps with their titles and questions.
    #[command(after_help = list::HELP)]
    List(list::ListArgs),
    /// Check maps: every problem, located, with a hint.
    #[command(after_help = check::HELP)]
    Check(check::CheckArgs),
    /// Write a plan for every student of a class roster (CSV).
    #[command(after_help = batch::HELP)]
    Batch(batch::BatchArgs),
    /// Draw the judgement line or the interpretation map of a question.
    #[command(after_help = graph::HELP)]
    Graph(graph::GraphArgs),
    /// Start a map: write a commented skeleton that passes `check` (and the
    /// JSON Schema beside it), or print the skeleton.
    #[command(after_help = new::HELP)]
    New(new::NewArgs),
    /// Print the JSON Schema (draft-07) of the map format.
    #[command(after_help = schema::HELP)]
    Schema,
    /// Edit maps in the browser and see the plan change as you type.
    #[command(after_help = essayplan::serve::HELP)]
    Serve(serve::ServeArgs),
    /// Work with the built-in templates.
    #[command(after_help = templates::HELP)]
    Templates(templates::TemplatesArgs),
    /// Print a shell completion script.
    #[command(after_help = completions::COMPLETIONS_HELP)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    #[command(after_help = completions::MANPAGE_HELP)]
    Manpage,
}

/// Run a command; its error, if any, is for [`error::print`].
pub(crate) fn run(cli: Cli) -> Result<(), Error> {
    let level = if cli.quiet {
        0
    } else if cli.verbose {
        2
    } else {
        1
    };
    VERBOSITY.store(level, Ordering::Relaxed);
    match cli.command {
        Command::Render(args) => render::execute(args),
        Command::List(args) => list::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::Graph(args) => graph::execute(args),
        Command::New(args) => new::execute(args),
        Command::Schema => schema::execute(),
        Command::Serve(args) => serve::execute(args),
        Command::Templates(args) => templates::execute(args),
        Command::Completions(args) => completions::completions(args),
        Command::Manpage => completions::manpage(),
    }
}

/// Colour on stderr: a terminal, and `NO_COLOR` unset.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Write to standard output. A closed pipe (`| head`) is not a failure;
/// any other error (a full disk) is.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}

/// Write the output to a file (saying so, unless --quiet), or to standard
/// output.
fn deliver(output: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match output {
        Some(path) => {
            essayplan::output::write_atomic(path, bytes)?;
            note!("wrote {}", path.display());
            Ok(())
        }
        None => emit(bytes),
    }
}

/// Load a map (a file, or a built-in map by name when no such file
/// exists), printing its warnings unless --quiet.
fn load(path: &Path) -> Result<LoadedMap, Error> {
    let (loaded, builtin) = essayplan::builtin::load(path);
    if builtin {
        detail!("using the built-in map `{}`", path.display());
    }
    let loaded = loaded.map_err(MapError::from)?;
    if !quiet() {
        eprint!("{}", loaded.report.render(color()));
    }
    Ok(loaded)
}

/// The question a `--question` names (the map's first without one).
fn question<'m>(
    map_path: &Path,
    loaded: &'m LoadedMap,
    id: Option<&str>,
) -> Result<&'m essayplan::map::Question, Error> {
    essayplan::select_question(&loaded.map, id).map_err(|source| Error::Question {
        file: map_path.display().to_string(),
        source,
    })
}

/// A PDF converter, or why not (what to install).
fn converter() -> Result<essayplan::pdf::Converter, Error> {
    let converter = essayplan::pdf::Converter::new()?;
    detail!(
        "converting to PDF with {}",
        essayplan::pdf::soffice().unwrap_or_default().display()
    );
    Ok(converter)
}

/// The map files named by `paths`: files as given, folders searched (not
/// recursively) for `.yaml`/`.yml`, sorted by name.
fn map_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let refused =
        |message: String| Error::refused(message, "give map files or folders that hold them");
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| refused(format!("{}: cannot read the folder: {e}", path.display())))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_map_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(refused(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    Ok(files)
}

fn is_map_file(p: &Path) -> bool {
    p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}
