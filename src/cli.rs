//! The command line: clap types and one match arm per command, each calling
//! the library. Exit codes: 0 success, 1 the input was refused, 2 misuse.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use essayplan::map::{self, LoadedMap, Report};
use essayplan::plan::{self, Level, Mode, PlanOptions, Timing};
use essayplan::render::{self, Format, Paper, Templates};
use essayplan::{batch, output};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map, template or roster; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)";

/// Turn argument maps into essay plans for "how far" history essays.
#[derive(Parser)]
#[command(name = "essayplan", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render an essay plan for one question of a map.
    #[command(after_help = EXIT_CODES)]
    Render(RenderArgs),
    /// List maps with their titles and questions.
    List {
        /// Map files or folders (default: arguments/).
        paths: Vec<PathBuf>,
    },
    /// Check maps: every problem, located, with a hint.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Map files, or folders of them.
        #[arg(required = true)]
        maps: Vec<PathBuf>,
        /// Treat warnings as errors (for CI of a map library).
        #[arg(long)]
        deny_warnings: bool,
        /// `text` (compiler style, on stderr) or `json` (on stdout).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Write a plan for every student of a class roster (CSV).
    #[command(after_help = EXIT_CODES)]
    Batch(BatchArgs),
    /// Print a commented skeleton map that passes `check`.
    New,
    /// Print the JSON Schema (draft-07) of the map format.
    Schema,
    /// Edit maps in the browser and see the plan change as you type.
    Serve(ServeArgs),
    /// Work with the built-in templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// A map file (opened first) or a folder of maps.
    #[arg(default_value = "arguments")]
    path: PathBuf,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = essayplan::serve::DEFAULT_PORT)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Write the built-in templates to DIR, to edit and pass back with --templates.
    Export { dir: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Md,
    Docx,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    Support,
    Core,
    Stretch,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    Plan,
    Model,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

/// Choices shared by `render` and `batch`.
#[derive(Args)]
struct PlanArgs {
    /// Scaffolding: support (starters, space to write), core, stretch (historiography).
    #[arg(long, value_enum)]
    level: Option<LevelArg>,
    /// plan (a student's scaffold) or model (a teacher's model answer).
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    /// Mark what each part of a model answer does (footnotes; Word comments in DOCX).
    #[arg(long)]
    annotate: bool,
    /// Time allowed, for a timing guide and the model answer's length.
    #[arg(long, conflicts_with = "preset", value_parser = clap::value_parser!(u32).range(5..=600))]
    minutes: Option<u32>,
    /// An exam preset: aqa-a-level, edexcel-a-level, ocr-a-level, ib-paper2, gcse.
    #[arg(long, value_parser = plan::timing::preset_names())]
    preset: Option<String>,
    /// A folder of templates overriding the built-ins file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Paper size for DOCX.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
}

#[derive(Args)]
struct RenderArgs {
    /// The argument map (YAML).
    map: PathBuf,
    /// The question id (default: the map's first question).
    #[arg(long, short)]
    question: Option<String>,
    /// Output format (default: from -o's extension, else md).
    #[arg(long, short, value_enum)]
    format: Option<FormatArg>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
}

#[derive(Args)]
struct BatchArgs {
    /// The argument map (YAML).
    map: PathBuf,
    /// The class roster (CSV: name, question, level, mode).
    #[arg(long)]
    roster: PathBuf,
    /// The folder to write plans and manifest.csv into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// md or docx.
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    format: FormatArg,
    /// The question for rows that leave it empty (default: the map's first).
    #[arg(long, short, conflicts_with = "rotate")]
    question: Option<String>,
    /// Deal the map's questions out row by row (rows without a question).
    #[arg(long)]
    rotate: bool,
    /// Also write one DOCX with every plan, each on a new page.
    #[arg(long, value_name = "FILE.docx")]
    combined: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn misuse(message: &str, hint: &str) -> ExitCode {
    eprintln!("error: {message}");
    if !hint.is_empty() {
        eprintln!("  = hint: {hint}");
    }
    ExitCode::from(2)
}

fn refused(message: impl std::fmt::Display, hint: &str) -> ExitCode {
    eprintln!("error: {message}");
    if !hint.is_empty() {
        eprintln!("  = hint: {hint}");
    }
    ExitCode::from(1)
}

/// Load a map, printing its diagnostics (warnings too) to stderr.
fn load(path: &Path) -> Result<LoadedMap, ExitCode> {
    match map::from_file(path) {
        Ok(loaded) => {
            eprint!("{}", loaded.report.render(color()));
            Ok(loaded)
        }
        Err(report) => {
            eprint!("{}", report.render(color()));
            eprintln!("{}", summary(&report));
            Err(ExitCode::from(1))
        }
    }
}

fn summary(report: &Report) -> String {
    let (e, w) = (report.errors(), report.warnings());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if e > 0 {
        format!(
            "{}: refused: {}, {}",
            report.file,
            plural(e, "error"),
            plural(w, "warning")
        )
    } else {
        format!("{}: ok, {}", report.file, plural(w, "warning"))
    }
}

impl PlanArgs {
    fn options(&self) -> PlanOptions {
        PlanOptions {
            mode: match self.mode {
                Some(ModeArg::Model) => Mode::Model,
                _ => Mode::Plan,
            },
            level: match self.level {
                Some(LevelArg::Support) => Level::Support,
                Some(LevelArg::Stretch) => Level::Stretch,
                _ => Level::Core,
            },
            student: None,
            timing: match (&self.preset, self.minutes) {
                (Some(p), _) => plan::timing::preset(p).map(Timing::from_preset),
                (None, Some(m)) => Some(Timing::from_minutes(m)),
                (None, None) => None,
            },
            annotate: self.annotate,
        }
    }

    fn paper(&self) -> Paper {
        match self.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }

    /// The templates and the map, or the exit code after reporting why not.
    fn prepare(&self, map: &Path) -> Result<(Templates, LoadedMap), ExitCode> {
        let templates = match &self.templates {
            None => Templates::builtin(),
            Some(dir) => Templates::from_dir(dir).map_err(|e| refused(&e, e.hint))?,
        };
        Ok((templates, load(map)?))
    }
}

fn format_of(arg: Option<FormatArg>) -> Option<Format> {
    arg.map(|f| match f {
        FormatArg::Md => Format::Markdown,
        FormatArg::Docx => Format::Docx,
        FormatArg::Json => Format::Json,
    })
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Render(args) => render_command(args),
        Command::List { paths } => list_command(paths),
        Command::Check {
            maps,
            deny_warnings,
            format,
        } => check_command(&maps, deny_warnings, format),
        Command::Batch(args) => batch_command(args),
        Command::New => {
            print!("{}", essayplan::SKELETON_MAP);
            ExitCode::SUCCESS
        }
        Command::Schema => {
            println!("{}", essayplan::schema::schema_json());
            ExitCode::SUCCESS
        }
        Command::Templates {
            action: TemplatesAction::Export { dir },
        } => export_command(&dir),
        Command::Serve(a) => essayplan::serve::main(a.path, a.port, a.open),
    }
}

fn render_command(args: RenderArgs) -> ExitCode {
    let format = match (format_of(args.format), &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => match (Format::from_extension(path), path.extension()) {
            (Some(f), _) => f,
            (None, None) => Format::Markdown,
            (None, Some(ext)) => {
                return misuse(
                    &format!(
                        "cannot tell the output format from `.{}`",
                        ext.to_string_lossy()
                    ),
                    "name the file .md, .docx or .json, or add --format md|docx|json",
                );
            }
        },
        (None, None) => Format::Markdown,
    };
    if format == Format::Docx && args.output.is_none() && std::io::stdout().is_terminal() {
        return misuse(
            "refusing to write a Word document to the terminal",
            "add `-o plan.docx`, or redirect: `> plan.docx`",
        );
    }
    let (templates, loaded) = match args.plan.prepare(&args.map) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    let question = match essayplan::select_question(&loaded.map, args.question.as_deref()) {
        Ok(q) => q,
        Err(e) => return misuse(&format!("{}: {e}", args.map.display()), &e.hint()),
    };
    let plan = plan::build(&loaded.map, question, &args.plan.options());
    let bytes = match render::render(&plan, format, &templates, args.plan.paper()) {
        Ok(b) => b,
        Err(e) => return refused(&e, e.hint),
    };
    match &args.output {
        Some(path) => match output::write_atomic(path, &bytes) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => refused(&e, "check that the folder exists and you can write to it"),
        },
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => refused(format!("cannot write to standard output: {e}"), ""),
            }
        }
    }
}

fn list_command(paths: Vec<PathBuf>) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("arguments")]
    } else {
        paths
    };
    let files = match essayplan::map_files(&paths) {
        Ok(f) => f,
        Err(e) => return refused(e, "give map files or folders that hold them"),
    };
    if files.is_empty() {
        return refused(
            "no maps found (.yaml or .yml files)",
            "give a map file or a folder of maps",
        );
    }
    let mut failed = false;
    let mut out = String::new();
    for path in files {
        match map::from_file(&path) {
            Ok(loaded) => {
                let m = &loaded.map;
                out.push_str(&format!("{}\n  {}", path.display(), m.title));
                if let Some(p) = &m.period
                    && !m.title.contains(p.as_str())
                {
                    out.push_str(&format!(" ({p})"));
                }
                out.push('\n');
                let width = m.questions.iter().map(|q| q.id.len()).max().unwrap_or(0);
                for q in &m.questions {
                    out.push_str(&format!("    {:<width$}  {}\n", q.id, q.text));
                }
            }
            Err(report) => {
                failed = true;
                out.push_str(&format!("{}\n  {}\n", path.display(), summary(&report)));
            }
        }
    }
    print!("{out}");
    if failed {
        eprintln!("some maps were refused: run `essayplan check` on them for the details");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_command(maps: &[PathBuf], deny_warnings: bool, format: CheckFormat) -> ExitCode {
    let mut failed = false;
    let mut json = Vec::new();
    // Folders are searched for maps; files (even missing ones) are checked
    // as named, so a missing file is reported in its place.
    let mut files = Vec::new();
    for path in maps {
        if path.is_dir() {
            match essayplan::map_files(std::slice::from_ref(path)) {
                Ok(found) => files.extend(found),
                Err(e) => return refused(e, ""),
            }
        } else {
            files.push(path.clone());
        }
    }
    for path in &files {
        let report = match map::from_file(path) {
            Ok(loaded) => loaded.report,
            Err(report) => report,
        };
        if report.errors() > 0 || (deny_warnings && report.warnings() > 0) {
            failed = true;
        }
        match format {
            CheckFormat::Text => {
                eprint!("{}", report.render(color()));
                eprintln!("{}", summary(&report));
            }
            CheckFormat::Json => json.extend(report.to_json()),
        }
    }
    if let CheckFormat::Json = format {
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".into())
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn export_command(dir: &Path) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return refused(
            format!("{}: cannot create the folder: {e}", dir.display()),
            "",
        );
    }
    for (name, source) in render::markdown::BUILTIN {
        let path = dir.join(name);
        if path.exists() {
            eprintln!("kept {} (already there)", path.display());
            continue;
        }
        if let Err(e) = output::write_atomic(&path, source.as_bytes()) {
            return refused(&e, "");
        }
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "edit them, then: essayplan render MAP --templates {}",
        dir.display()
    );
    ExitCode::SUCCESS
}

fn batch_command(args: BatchArgs) -> ExitCode {
    let format = format_of(Some(args.format)).unwrap_or(Format::Markdown);
    if format == Format::Json {
        return misuse(
            "batch writes md or docx",
            "use --format md or --format docx",
        );
    }
    let (templates, loaded) = match args.plan.prepare(&args.map) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    let question = match &args.question {
        None => None,
        Some(id) => match essayplan::select_question(&loaded.map, Some(id)) {
            Ok(q) => Some(q),
            Err(e) => return misuse(&format!("{}: {e}", args.map.display()), &e.hint()),
        },
    };
    let roster = match batch::Roster::from_file(&args.roster) {
        Ok(r) => r,
        Err(e) => return refused(&e, e.hint()),
    };
    for w in &roster.warnings {
        eprintln!("warning: {}: {w}", args.roster.display());
    }
    let job = batch::Job {
        map: &loaded.map,
        templates: &templates,
        format,
        defaults: args.plan.options(),
        rotate: args.rotate,
        question,
        paper: args.plan.paper(),
        progress: std::io::stderr().is_terminal(),
    };
    let result = match batch::run(&job, &roster, &args.out, args.combined.as_deref()) {
        Ok(r) => r,
        Err(e) => return refused(&e, "check that the output folder can be written"),
    };
    for failure in &result.failures {
        eprintln!("error: {}: {failure}", args.roster.display());
    }
    eprintln!("{}", result.summary(&args.out));
    if result.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
