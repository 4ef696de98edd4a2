//! The command line: clap types and one match arm per command, each calling
//! the library. Exit codes: 0 success, 1 the input was refused, 2 misuse.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use essayplan::map::{self, LoadedMap};
use essayplan::plan::{self, Level, Mode, PlanOptions, Timing};
use essayplan::render::{self, Format, Layout, Paper, Templates};
use essayplan::{batch, output};

const RENDER_HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map or template; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan render great-purges                        a plan on stdout (a built-in map)
  essayplan render my-map.yaml --level support -o plan.docx
  essayplan render my-map.yaml --mode model --annotate --preset aqa-a-level -o model.pdf";

const BATCH_HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map, template or roster; a bad roster row; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan batch great-purges --roster class.csv --out plans --format docx
  essayplan batch my-map.yaml --roster class.csv --out plans --rotate --combined all.docx
  essayplan batch my-map.yaml --roster class.csv --out plans --format pdf --level support";

const CHECK_HELP: &str = "\
Exit codes:
  0  every map is valid (warnings allowed unless --deny-warnings)
  1  a map was refused
  2  misuse (bad arguments)

Examples:
  essayplan check my-map.yaml
  essayplan check --deny-warnings maps/
  essayplan check --format json my-map.yaml";

const LIST_HELP: &str = "\
Exit codes:
  0  success
  1  a map could not be read or was refused

Examples:
  essayplan list                 the maps built into essayplan
  essayplan list maps/           the maps in a folder
  essayplan list a.yaml b.yaml";

const NEW_HELP: &str = "\
Exit codes:
  0  success
  1  the file exists already, or cannot be written

Examples:
  essayplan new my-map.yaml      writes my-map.yaml and argument-map.schema.json beside it
  essayplan new > my-map.yaml    prints the skeleton only";

const GRAPH_HELP: &str = "\
Examples:
  essayplan graph great-purges --picture line -o line.png
  essayplan graph arguments/great-purges.yaml --format mermaid
  essayplan graph my-map.yaml --question main --format dot | dot -Tsvg > map.svg

Exit codes: 0 success, 1 input refused, 2 misuse.
";

const SCHEMA_HELP: &str = "\
Examples:
  essayplan schema > argument-map.schema.json
  essayplan new my-map.yaml      (writes the schema beside the map)";

const TEMPLATES_HELP: &str = "\
Examples:
  essayplan templates export my-templates
  essayplan render my-map.yaml --templates my-templates";

const COMPLETIONS_HELP: &str = "\
Examples:
  essayplan completions bash > ~/.local/share/bash-completion/completions/essayplan
  essayplan completions zsh > ~/.zfunc/_essayplan
  essayplan completions fish > ~/.config/fish/completions/essayplan.fish";

const MANPAGE_HELP: &str = "\
Examples:
  essayplan manpage > essayplan.1 && man ./essayplan.1
  essayplan manpage > ~/.local/share/man/man1/essayplan.1";

const TOP_HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map, template or roster; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan list
  essayplan render great-purges -o plan.docx
  essayplan new my-map.yaml && essayplan check my-map.yaml";

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
        if !quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// A detail for --verbose.
macro_rules! detail {
    ($($arg:tt)*) => {
        if verbose() {
            eprintln!($($arg)*);
        }
    };
}

/// Turn argument maps into essay plans for "how far" history essays.
#[derive(Parser)]
#[command(name = "essayplan", version, about, after_help = TOP_HELP)]
pub struct Cli {
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
    #[command(after_help = RENDER_HELP)]
    Render(RenderArgs),
    /// List maps with their titles and questions.
    #[command(after_help = LIST_HELP)]
    List {
        /// Map files or folders (default: the maps built into essayplan).
        paths: Vec<PathBuf>,
    },
    /// Check maps: every problem, located, with a hint.
    #[command(after_help = CHECK_HELP)]
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
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// Draw the judgement line or the interpretation map of a question.
    #[command(after_help = GRAPH_HELP)]
    Graph(GraphArgs),
    /// Start a map: write a commented skeleton that passes `check` (and the
    /// JSON Schema beside it), or print the skeleton.
    #[command(after_help = NEW_HELP)]
    New {
        /// The map file to create (refused if it exists); without it the
        /// skeleton is printed.
        file: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft-07) of the map format.
    #[command(after_help = SCHEMA_HELP)]
    Schema,
    /// Edit maps in the browser and see the plan change as you type.
    #[command(after_help = essayplan::serve::HELP)]
    Serve(ServeArgs),
    /// Work with the built-in templates.
    #[command(after_help = TEMPLATES_HELP)]
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = MANPAGE_HELP)]
    Manpage,
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
    #[command(after_help = TEMPLATES_HELP)]
    Export {
        /// The folder to write them into (created if missing; files already there are kept).
        dir: PathBuf,
    },
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
    /// DOCX converted by LibreOffice (needs `soffice` on the PATH).
    Pdf,
}

/// The formats a batch writes.
#[derive(Clone, Copy, ValueEnum)]
enum BatchFormatArg {
    Md,
    Docx,
    /// DOCX converted by LibreOffice (needs `soffice` on the PATH).
    Pdf,
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
    Bank,
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
    /// plan (a student's scaffold), model (a teacher's model answer) or bank (every interpretation and item, for teachers).
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    /// Section headings inside a model answer (students don't write them; off by default).
    #[arg(long)]
    headings: bool,
    /// Mark what each part of a model answer does (footnotes; Word comments
    /// in DOCX). Needs --mode model.
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
    /// The document's language, for spelling and hyphenation (DOCX).
    #[arg(long, value_name = "TAG", default_value = "en-GB", value_parser = language_tag)]
    lang: String,
    /// The base font of a Word document.
    #[arg(long, value_name = "NAME", default_value = "Calibri", value_parser = font_name)]
    font: String,
    /// The body text size in points (6–36, halves allowed); headings scale with it.
    #[arg(long, value_name = "PT", default_value = "11", value_parser = font_size)]
    font_size: u32,
}

fn language_tag(s: &str) -> Result<String, String> {
    if render::is_language_tag(s) {
        Ok(s.to_string())
    } else {
        Err("expected a language tag such as en-GB, en-US, fr or de-CH".into())
    }
}

fn font_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
        Err("expected a font name such as Calibri or \"Times New Roman\"".into())
    } else {
        Ok(s.to_string())
    }
}

/// Points (halves allowed) → half-points.
fn font_size(s: &str) -> Result<u32, String> {
    let bad = || "expected a size in points between 6 and 36, such as 11 or 12.5".to_string();
    let points: f64 = s.trim().parse().map_err(|_| bad())?;
    let half = points * 2.0;
    if !(12.0..=72.0).contains(&half) || half.fract() != 0.0 {
        return Err(bad());
    }
    Ok(half as u32)
}

#[derive(Args)]
struct RenderArgs {
    /// The argument map (YAML; `-` for standard input), or the name of a built-in map (`essayplan list`).
    map: PathBuf,
    /// The question id (default: the map's first question).
    #[arg(long, short)]
    question: Option<String>,
    /// Output format (default: from -o's extension, else md); it must agree
    /// with -o's extension.
    #[arg(long, short, value_enum)]
    format: Option<FormatArg>,
    /// Write to FILE instead of standard output (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
}

#[derive(Args)]
struct GraphArgs {
    /// The argument map (YAML).
    map: PathBuf,
    /// The question id (default: the map's first question).
    #[arg(long, short)]
    question: Option<String>,
    /// `line` (the judgement line) or `map` (the interpretations and their relations).
    #[arg(long, value_enum, default_value = "map")]
    picture: PictureArg,
    /// svg, png, dot or mermaid (dot and mermaid: the map only). Default: from -o's extension, else svg.
    #[arg(long, short, value_enum)]
    format: Option<GraphFormat>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum PictureArg {
    Line,
    Map,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum GraphFormat {
    Svg,
    Png,
    Dot,
    Mermaid,
}

#[derive(Args)]
struct BatchArgs {
    /// The argument map (YAML), or the name of a built-in map (`essayplan list`).
    map: PathBuf,
    /// The class roster (CSV: name, question, level, mode).
    #[arg(long)]
    roster: PathBuf,
    /// The folder to write plans and manifest.csv into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// The format of each student's file.
    #[arg(long, short, value_enum, default_value_t = BatchFormatArg::Md)]
    format: BatchFormatArg,
    /// The question for rows that leave it empty (default: the map's first).
    #[arg(long, short, conflicts_with = "rotate")]
    question: Option<String>,
    /// Deal the map's questions out row by row (rows without a question).
    #[arg(long)]
    rotate: bool,
    /// Also write one DOCX with every plan, each in a section of its own
    /// (the student's name in the header, pages numbered from 1).
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

/// Write to standard output. A closed pipe (`| head`) is not a failure;
/// any other error (a full disk) is reported and gives exit 1.
fn emit(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => refused(format!("cannot write to standard output: {e}"), ""),
    }
}

/// Load a map (a file, or a built-in map by name when no such file
/// exists), printing its diagnostics (warnings too, unless --quiet).
fn load(path: &Path) -> Result<LoadedMap, ExitCode> {
    let (loaded, builtin) = essayplan::builtin::load(path);
    if builtin {
        detail!("using the built-in map `{}`", path.display());
    }
    match loaded {
        Ok(loaded) => {
            if !quiet() {
                eprint!("{}", loaded.report.render(color()));
            }
            Ok(loaded)
        }
        Err(report) => {
            eprint!("{}", report.render(color()));
            eprintln!("{}", report.summary());
            Err(ExitCode::from(1))
        }
    }
}

impl PlanArgs {
    fn options(&self) -> PlanOptions {
        PlanOptions {
            mode: match self.mode {
                Some(ModeArg::Model) => Mode::Model,
                Some(ModeArg::Bank) => Mode::Bank,
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
                // A model answer is written to the AQA A-level essay unless told otherwise.
                (None, None) if matches!(self.mode, Some(ModeArg::Model)) => {
                    plan::timing::preset("aqa-a-level").map(Timing::from_preset)
                }
                (None, None) => None,
            },
            annotate: self.annotate,
            headings: self.headings,
            limits: None,
        }
    }

    fn layout(&self) -> Layout {
        Layout {
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            },
            font: self.font.clone(),
            size: self.font_size,
            lang: self.lang.clone(),
        }
    }

    /// The templates and the map, or the exit code after reporting why not.
    fn prepare(&self, map: &Path) -> Result<(Templates, LoadedMap), ExitCode> {
        let templates = match &self.templates {
            None => Templates::builtin(),
            Some(dir) => Templates::from_dir(dir).map_err(|e| refused(&e, e.hint))?,
        };
        for w in templates.warnings() {
            eprintln!("warning: {w}");
        }
        Ok((templates, load(map)?))
    }
}

fn format_of(arg: Option<FormatArg>) -> Option<Format> {
    arg.map(|f| match f {
        FormatArg::Md => Format::Markdown,
        FormatArg::Docx => Format::Docx,
        FormatArg::Json => Format::Json,
        FormatArg::Pdf => Format::Pdf,
    })
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "Markdown",
        Format::Docx => "Word (DOCX)",
        Format::Json => "JSON",
        Format::Pdf => "PDF",
    }
}

/// A PDF converter, or the exit code after saying what to install.
fn converter() -> Result<essayplan::pdf::Converter, ExitCode> {
    match essayplan::pdf::Converter::new() {
        Ok(c) => {
            detail!(
                "converting to PDF with {}",
                essayplan::pdf::soffice().unwrap_or_default().display()
            );
            Ok(c)
        }
        Err(e) => Err(refused(&e, e.hint())),
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let level = if cli.quiet {
        0
    } else if cli.verbose {
        2
    } else {
        1
    };
    VERBOSITY.store(level, Ordering::Relaxed);
    match cli.command {
        Command::Render(args) => render_command(args),
        Command::List { paths } => list_command(paths),
        Command::Check {
            maps,
            deny_warnings,
            format,
        } => check_command(&maps, deny_warnings, format),
        Command::Batch(args) => batch_command(args),
        Command::Graph(args) => graph_command(args),
        Command::New { file: None } => emit(essayplan::SKELETON_MAP.as_bytes()),
        Command::New { file: Some(file) } => new_command(&file),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "essayplan", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Manpage => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => {
                    let _ = std::io::stdout().write_all(&out);
                    ExitCode::SUCCESS
                }
                Err(e) => refused(format!("cannot write the manual page: {e}"), ""),
            }
        }
        Command::Schema => emit(format!("{}\n", essayplan::schema::schema_json()).as_bytes()),
        Command::Templates {
            action: TemplatesAction::Export { dir },
        } => export_command(&dir),
        Command::Serve(a) => essayplan::serve::main(a.path, a.port, a.open),
    }
}

fn render_command(mut args: RenderArgs) -> ExitCode {
    // `-o -` is standard output.
    args.output = args.output.filter(|p| p.as_os_str() != "-");
    if let Some(out) = &args.output
        && output::same_file(out, &args.map)
    {
        return refused(
            format!("{}: the output would overwrite the map", out.display()),
            "choose another file for -o, e.g. plan.md",
        );
    }
    let started = std::time::Instant::now();
    let implied = args.output.as_deref().and_then(Format::from_extension);
    let format = match (format_of(args.format), &args.output) {
        (Some(f), Some(path)) => match implied {
            Some(e) if e != f => {
                return misuse(
                    &format!(
                        "--format asks for {} but `{}` names a {} file",
                        format_name(f),
                        path.display(),
                        format_name(e)
                    ),
                    &format!("drop --format, or name the file .{} instead", f.extension()),
                );
            }
            _ => f,
        },
        (Some(f), None) => f,
        (None, Some(path)) => match (implied, path.extension()) {
            (Some(f), _) => f,
            (None, None) => Format::Markdown,
            (None, Some(ext)) => {
                return misuse(
                    &format!(
                        "cannot tell the output format from `.{}`",
                        ext.to_string_lossy()
                    ),
                    "name the file .md, .docx, .pdf or .json, or add --format md|docx|pdf|json",
                );
            }
        },
        (None, None) => Format::Markdown,
    };
    if matches!(format, Format::Docx | Format::Pdf)
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return misuse(
            &format!(
                "refusing to write a {} document to the terminal",
                format_name(format)
            ),
            &format!(
                "add `-o plan.{0}`, or redirect: `> plan.{0}`",
                format.extension()
            ),
        );
    }
    if args.plan.annotate && !matches!(args.plan.mode, Some(ModeArg::Model)) {
        return misuse(
            "--annotate marks up a model answer, and this is a plan",
            "add --mode model (annotations say what each part of the model answer does)",
        );
    }
    let converter = match format {
        Format::Pdf => match converter() {
            Ok(c) => Some(c),
            Err(code) => return code,
        },
        _ => None,
    };
    let (templates, loaded) = match args.plan.prepare(&args.map) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    let question = match essayplan::select_question(&loaded.map, args.question.as_deref()) {
        Ok(q) => q,
        Err(e) => return misuse(&format!("{}: {e}", args.map.display()), &e.hint()),
    };
    let plan = match essayplan::make_plan(&loaded.map, question, &args.plan.options(), &templates) {
        Ok(p) => p,
        Err(e) => return refused(&e, e.hint),
    };
    // A Markdown plan written to a file links its judgement line, drawn as
    // an SVG beside it ("plan.md" → "plan.judgement-line.svg").
    let line_svg = match (&args.output, format) {
        (Some(path), Format::Markdown) if path.as_os_str() != "-" => path.file_stem().map(|stem| {
            path.with_file_name(format!("{}.judgement-line.svg", stem.to_string_lossy()))
        }),
        _ => None,
    };
    let rendered = match &line_svg {
        Some(svg) => {
            render::markdown_bytes(&plan, &templates, svg.file_name().and_then(|n| n.to_str()))
                .map_err(render::RenderError::from)
        }
        None => render::render(&plan, format, &templates, &args.plan.layout()),
    };
    let bytes = match rendered {
        Ok(b) => b,
        Err(e) => return refused(&e, e.hint()),
    };
    if let Some(svg) = &line_svg
        && plan.mode != essayplan::plan::Mode::Model
        && let Err(e) = output::write_atomic(svg, render::pictures::line_svg(&plan).as_bytes())
    {
        return refused(&e, "check that the folder exists and you can write to it");
    }
    let bytes = match &converter {
        Some(c) => match c.convert(&bytes) {
            Ok(pdf) => pdf,
            Err(e) => return refused(&e, e.hint()),
        },
        None => bytes,
    };
    detail!("rendered in {} ms", started.elapsed().as_millis());
    match &args.output {
        Some(path) => match output::write_atomic(path, &bytes) {
            Ok(()) => {
                note!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => refused(&e, "check that the folder exists and you can write to it"),
        },
        None => emit(&bytes),
    }
}

fn list_command(paths: Vec<PathBuf>) -> ExitCode {
    let files: Vec<PathBuf> = if paths.is_empty() {
        // The built-in maps, by the names `render` takes.
        essayplan::builtin::names().map(PathBuf::from).collect()
    } else {
        match essayplan::map_files(&paths) {
            Ok(f) => f,
            Err(e) => return refused(e, "give map files or folders that hold them"),
        }
    };
    if files.is_empty() {
        return refused(
            "no maps found (.yaml or .yml files)",
            "give a map file or a folder of maps",
        );
    }
    if paths.is_empty() {
        note!("built-in maps (use a name as the map: `essayplan render great-purges`):");
    }
    let mut failed = false;
    let mut out = String::new();
    for path in files {
        let loaded = if paths.is_empty() {
            let name = path.to_string_lossy();
            let source = essayplan::builtin::source(&name).unwrap_or_default();
            map::from_bytes(&name, source.as_bytes())
        } else {
            map::from_file(&path)
        };
        match loaded {
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
                out.push_str(&format!("{}\n  {}\n", path.display(), report.summary()));
            }
        }
    }
    let printed = emit(out.as_bytes());
    if printed != ExitCode::SUCCESS {
        return printed;
    }
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
                Ok(found) if found.is_empty() => {
                    return refused(
                        format!("{}: no maps found (.yaml or .yml files)", path.display()),
                        "give a map file or a folder of maps",
                    );
                }
                Ok(found) => files.extend(found),
                Err(e) => return refused(e, ""),
            }
        } else {
            files.push(path.clone());
        }
    }
    for path in &files {
        let report = match essayplan::builtin::load(path).0 {
            Ok(loaded) => loaded.report,
            Err(report) => report,
        };
        let bad = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
        failed |= bad;
        match format {
            CheckFormat::Text if quiet() && !bad => {}
            CheckFormat::Text => {
                eprint!("{}", report.render(color()));
                eprintln!("{}", report.summary());
            }
            CheckFormat::Json => json.extend(report.to_json()),
        }
    }
    if let CheckFormat::Json = format {
        let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".into());
        let printed = emit(format!("{text}\n").as_bytes());
        if printed != ExitCode::SUCCESS {
            return printed;
        }
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
            note!("kept {} (already there)", path.display());
            continue;
        }
        if let Err(e) = output::write_atomic(&path, source.as_bytes()) {
            return refused(&e, "");
        }
        note!("wrote {}", path.display());
    }
    note!(
        "edit them, then: essayplan render MAP --templates {}",
        dir.display()
    );
    ExitCode::SUCCESS
}

/// The schema's file name, as the skeleton's modeline names it.
const SCHEMA_FILE: &str = "argument-map.schema.json";

/// `new FILE`: the skeleton, and the JSON Schema beside it so the editor
/// modeline (`$schema=argument-map.schema.json`) resolves.
fn new_command(file: &Path) -> ExitCode {
    if file.exists() {
        return refused(
            format!("{}: the file exists already", file.display()),
            "choose another name, or delete the file first",
        );
    }
    if let Err(e) = output::write_atomic(file, essayplan::SKELETON_MAP.as_bytes()) {
        return refused(&e, "check that the folder exists and you can write to it");
    }
    note!("wrote {}", file.display());
    let schema_path = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(SCHEMA_FILE),
        _ => PathBuf::from(SCHEMA_FILE),
    };
    let schema = format!("{}\n", essayplan::schema::schema_json());
    if std::fs::read(&schema_path).is_ok_and(|old| old == schema.as_bytes()) {
        note!("kept {} (up to date)", schema_path.display());
    } else {
        if let Err(e) = output::write_atomic(&schema_path, schema.as_bytes()) {
            return refused(&e, "");
        }
        note!(
            "wrote {} (editors with a YAML language server use it)",
            schema_path.display()
        );
    }
    note!("next: edit it, then `essayplan check {}`", file.display());
    ExitCode::SUCCESS
}

fn batch_command(args: BatchArgs) -> ExitCode {
    let format = match args.format {
        BatchFormatArg::Md => Format::Markdown,
        BatchFormatArg::Docx => Format::Docx,
        BatchFormatArg::Pdf => Format::Pdf,
    };
    if let Some(path) = &args.combined
        && Format::from_extension(path) != Some(Format::Docx)
    {
        return misuse(
            &format!(
                "--combined writes a Word document, and `{}` is not named .docx",
                path.display()
            ),
            "name it .docx, e.g. --combined all.docx",
        );
    }
    if format == Format::Pdf
        && let Err(code) = converter()
    {
        return code;
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
    if args.plan.annotate
        && !matches!(args.plan.mode, Some(ModeArg::Model))
        && !roster
            .rows
            .iter()
            .any(|r| Mode::parse(&r.mode) == Some(Mode::Model))
    {
        return misuse(
            "--annotate marks up model answers, and every plan here is a student's plan",
            "add --mode model, or set `model` in the roster's mode column",
        );
    }
    for w in &roster.warnings {
        note!("warning: {}: {w}", args.roster.display());
    }
    let job = batch::Job {
        map: &loaded.map,
        templates: &templates,
        format,
        defaults: args.plan.options(),
        rotate: args.rotate,
        question,
        layout: args.plan.layout(),
        progress: std::io::stderr().is_terminal() && !quiet(),
    };
    let result = match batch::run(&job, &roster, &args.out, args.combined.as_deref()) {
        Ok(r) => r,
        Err(e) => return refused(&e, "check that the output folder can be written"),
    };
    for failure in &result.failures {
        eprintln!("error: {}: {failure}", args.roster.display());
    }
    note!("{}", result.summary(&args.out));
    for e in &result.errors {
        eprintln!("error: {e}");
    }
    if result.failures.is_empty() && result.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `graph`: one picture of one question, drawn from the plan the default
/// choices give.
fn graph_command(args: GraphArgs) -> ExitCode {
    use essayplan::picture::{self, adapt};
    let ext = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    let format = match (args.format, ext.as_deref()) {
        (Some(f), _) => f,
        (None, Some("png")) => GraphFormat::Png,
        (None, Some("dot" | "gv")) => GraphFormat::Dot,
        (None, Some("mmd" | "mermaid")) => GraphFormat::Mermaid,
        (None, _) => GraphFormat::Svg,
    };
    if args.picture == PictureArg::Line && matches!(format, GraphFormat::Dot | GraphFormat::Mermaid)
    {
        return misuse(
            "the judgement line is drawn as svg or png only",
            "use --format svg|png, or --picture map for dot and mermaid",
        );
    }
    if format == GraphFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        return misuse(
            "refusing to write a PNG to the terminal",
            "add `-o picture.png`, or redirect: `> picture.png`",
        );
    }
    let loaded = match load(&args.map) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let question = match essayplan::select_question(&loaded.map, args.question.as_deref()) {
        Ok(q) => q,
        Err(e) => return misuse(&format!("{}: {e}", args.map.display()), &e.hint()),
    };
    let plan = plan::build(&loaded.map, question, &PlanOptions::default());
    let svg = || match args.picture {
        // The command is a teacher's tool: the line shows its numbers.
        PictureArg::Line => picture::svg(&picture::JudgementLine {
            show_scores: true,
            ..adapt::judgement_line(&plan)
        }),
        PictureArg::Map => picture::svg_map(&adapt::interpretation_map(&plan)),
    };
    let bytes = match format {
        GraphFormat::Svg => svg().into_bytes(),
        GraphFormat::Png => match picture::png(&svg(), 1600) {
            Ok(b) => b,
            Err(e) => return refused(&e, ""),
        },
        GraphFormat::Dot => picture::dot(&adapt::interpretation_map(&plan)).into_bytes(),
        GraphFormat::Mermaid => picture::mermaid(&adapt::interpretation_map(&plan)).into_bytes(),
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
