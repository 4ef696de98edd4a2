//! `essayplan check`: every problem of every map, located, with a hint; as
//! compiler-style text on stderr or as JSON on stdout.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Error;

pub(super) const HELP: &str = "\
Exit codes:
  0  every map is valid (warnings allowed unless --deny-warnings)
  1  a map was refused
  2  misuse (bad arguments)

Examples:
  essayplan check my-map.yaml
  essayplan check --deny-warnings maps/
  essayplan check --format json my-map.yaml";

#[derive(Args)]
pub(super) struct CheckArgs {
    /// Map files, or folders of them.
    #[arg(required = true)]
    maps: Vec<PathBuf>,
    /// Treat warnings as errors (for CI of a map library).
    #[arg(long)]
    deny_warnings: bool,
    /// `text` (compiler style, on stderr) or `json` (on stdout).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

pub(super) fn execute(args: CheckArgs) -> Result<(), Error> {
    // Folders are searched for maps; files (even missing ones) are checked
    // as named, so a missing file is reported in its place.
    let mut files = Vec::new();
    for path in &args.maps {
        if path.is_dir() {
            let found = super::map_files(std::slice::from_ref(path))?;
            if found.is_empty() {
                return Err(Error::refused(
                    format!("{}: no maps found (.yaml or .yml files)", path.display()),
                    "give a map file or a folder of maps",
                ));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut refused = 0;
    let mut json = Vec::new();
    for path in &files {
        let report = match essayplan::builtin::load(path).0 {
            Ok(loaded) => loaded.report,
            Err(report) => report,
        };
        let bad = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
        refused += usize::from(bad);
        // The reports are what `check` is for: its output, not its errors.
        match args.format {
            CheckFormat::Text if super::quiet() && !bad => {}
            CheckFormat::Text => {
                eprint!("{}", report.render(super::color()));
                eprintln!("{}", report.summary());
            }
            CheckFormat::Json => json.extend(report.to_json()),
        }
    }
    if let CheckFormat::Json = args.format {
        let text = serde_json::to_string_pretty(&json).expect("JSON values serialise");
        super::emit(format!("{text}\n").as_bytes())?;
    }
    if refused > 0 {
        Err(Error::Checked(refused))
    } else {
        Ok(())
    }
}
