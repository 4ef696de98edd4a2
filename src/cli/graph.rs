//! `essayplan graph`: one picture of one question (the judgement line or
//! the interpretation map), drawn from the plan the default choices give.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use essayplan::picture::{self, adapt};
use essayplan::plan::{self, PlanOptions};

use super::Error;

pub(super) const HELP: &str = "\
Examples:
  essayplan graph great-purges --picture line -o line.png
  essayplan graph arguments/great-purges.yaml --format mermaid
  essayplan graph my-map.yaml --question main --format dot | dot -Tsvg > map.svg

Exit codes: 0 success, 1 input refused, 2 misuse.
";

#[derive(Args)]
pub(super) struct GraphArgs {
    /// The argument map (YAML).
    map: PathBuf,
    /// The question id (default: the map's first question).
    #[arg(long, short)]
    question: Option<String>,
    /// `line` (the judgement line) or `map` (the interpretations and their relations).
    #[arg(long, value_enum, default_value = "map")]
    picture: Picture,
    /// svg, png, dot or mermaid (dot and mermaid: the map only). Default: from -o's extension, else svg.
    #[arg(long, short, value_enum)]
    format: Option<GraphFormat>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Which picture.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Picture {
    Line,
    Map,
}

/// How it is drawn.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum GraphFormat {
    Svg,
    Png,
    Dot,
    Mermaid,
}

pub(super) fn execute(args: GraphArgs) -> Result<(), Error> {
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
    if args.picture == Picture::Line && matches!(format, GraphFormat::Dot | GraphFormat::Mermaid) {
        return Err(Error::misuse(
            "the judgement line is drawn as svg or png only",
            "use --format svg|png, or --picture map for dot and mermaid",
        ));
    }
    if format == GraphFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::misuse(
            "refusing to write a PNG to the terminal",
            "add `-o picture.png`, or redirect: `> picture.png`",
        ));
    }
    let loaded = super::load(&args.map)?;
    let question = super::question(&args.map, &loaded, args.question.as_deref())?;
    let plan = plan::build(&loaded.map, question, &PlanOptions::default());
    let svg = || match args.picture {
        // The command is a teacher's tool: the line shows its numbers.
        Picture::Line => picture::svg(&picture::JudgementLine {
            show_scores: true,
            ..adapt::judgement_line(&plan)
        }),
        Picture::Map => picture::svg_map(&adapt::interpretation_map(&plan)),
    };
    let bytes = match format {
        GraphFormat::Svg => svg().into_bytes(),
        GraphFormat::Png => picture::png(&svg(), 1600)?,
        GraphFormat::Dot => picture::dot(&adapt::interpretation_map(&plan)).into_bytes(),
        GraphFormat::Mermaid => picture::mermaid(&adapt::interpretation_map(&plan)).into_bytes(),
    };
    super::deliver(args.output.as_deref(), &bytes)
}
