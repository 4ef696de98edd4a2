//! `essayplan render`: one plan of one question, as Markdown, DOCX, PDF or
//! JSON, to a file or standard output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use essayplan::output;
use essayplan::plan::Mode;
use essayplan::render::{self, Format};

use super::Error;
use super::args::PlanArgs;

pub(super) const HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map or template; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan render great-purges                        a plan on stdout (a built-in map)
  essayplan render my-map.yaml --level support -o plan.docx
  essayplan render my-map.yaml --mode model --annotate --preset aqa-a-level -o model.pdf";

#[derive(Args)]
pub(super) struct RenderArgs {
    /// The argument map (YAML; `-` for standard input), or the name of a built-in map (`essayplan list`).
    map: PathBuf,
    /// The question id (default: the map's first question).
    #[arg(long, short)]
    question: Option<String>,
    /// Output format (default: from -o's extension, else md); it must agree
    /// with -o's extension.
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of standard output (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
}

pub(super) fn execute(mut args: RenderArgs) -> Result<(), Error> {
    // `-o -` is standard output.
    args.output = args.output.filter(|p| p.as_os_str() != "-");
    if let Some(out) = &args.output
        && output::same_file(out, &args.map)
    {
        return Err(Error::refused(
            format!("{}: the output would overwrite the map", out.display()),
            "choose another file for -o, e.g. plan.md",
        ));
    }
    let started = std::time::Instant::now();
    let format = format(args.format, args.output.as_deref())?;
    if matches!(format, Format::Docx | Format::Pdf)
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(Error::misuse(
            format!(
                "refusing to write a {} document to the terminal",
                format_name(format)
            ),
            format!(
                "add `-o plan.{0}`, or redirect: `> plan.{0}`",
                format.extension()
            ),
        ));
    }
    if args.plan.annotate && !args.plan.is_model() {
        return Err(Error::misuse(
            "--annotate marks up a model answer, and this is a plan",
            "add --mode model (annotations say what each part of the model answer does)",
        ));
    }
    let converter = match format {
        Format::Pdf => Some(super::converter()?),
        _ => None,
    };
    let (templates, loaded) = args.plan.prepare(&args.map)?;
    let question = super::question(&args.map, &loaded, args.question.as_deref())?;
    let plan = essayplan::make_plan(&loaded.map, question, &args.plan.options(), &templates)?;
    // A Markdown plan written to a file links its judgement line, drawn as
    // an SVG beside it ("plan.md" → "plan.judgement-line.svg").
    let line_svg = match (&args.output, format) {
        (Some(path), Format::Markdown) => path.file_stem().map(|stem| {
            path.with_file_name(format!("{}.judgement-line.svg", stem.to_string_lossy()))
        }),
        _ => None,
    };
    let bytes = match &line_svg {
        Some(svg) => {
            render::markdown_bytes(&plan, &templates, svg.file_name().and_then(|n| n.to_str()))?
        }
        None => render::render(&plan, format, &templates, &args.plan.layout())?,
    };
    if let Some(svg) = &line_svg
        && plan.mode != Mode::Model
    {
        output::write_atomic(svg, render::pictures::line_svg(&plan).as_bytes())?;
    }
    let bytes = match &converter {
        Some(c) => c.convert(&bytes)?,
        None => bytes,
    };
    detail!("rendered in {} ms", started.elapsed().as_millis());
    super::deliver(args.output.as_deref(), &bytes)
}

/// The format asked for: `--format`, else -o's extension, else Markdown;
/// the two must agree.
fn format(asked: Option<Format>, output: Option<&Path>) -> Result<Format, Error> {
    let implied = output.and_then(Format::from_extension);
    Ok(match (asked, output) {
        (Some(f), Some(path)) => match implied {
            Some(e) if e != f => {
                return Err(Error::misuse(
                    format!(
                        "--format asks for {} but `{}` names a {} file",
                        format_name(f),
                        path.display(),
                        format_name(e)
                    ),
                    format!("drop --format, or name the file .{} instead", f.extension()),
                ));
            }
            _ => f,
        },
        (Some(f), None) => f,
        (None, Some(path)) => match (implied, path.extension()) {
            (Some(f), _) => f,
            (None, None) => Format::Markdown,
            (None, Some(ext)) => {
                return Err(Error::misuse(
                    format!(
                        "cannot tell the output format from `.{}`",
                        ext.to_string_lossy()
                    ),
                    "name the file .md, .docx, .pdf or .json, or add --format md|docx|pdf|json",
                ));
            }
        },
        (None, None) => Format::Markdown,
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
