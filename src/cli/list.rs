//! `essayplan list`: maps with their titles and questions (the built-in
//! maps, or those in the files and folders given).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use essayplan::map;

use super::Error;

pub(super) const HELP: &str = "\
Exit codes:
  0  success
  1  a map could not be read or was refused

Examples:
  essayplan list                 the maps built into essayplan
  essayplan list maps/           the maps in a folder
  essayplan list a.yaml b.yaml";

#[derive(Args)]
pub(super) struct ListArgs {
    /// Map files or folders (default: the maps built into essayplan).
    paths: Vec<PathBuf>,
}

pub(super) fn execute(args: ListArgs) -> Result<(), Error> {
    let builtin = args.paths.is_empty();
    let files: Vec<PathBuf> = if builtin {
        // The built-in maps, by the names `render` takes.
        essayplan::builtin::names().map(PathBuf::from).collect()
    } else {
        super::map_files(&args.paths)?
    };
    if files.is_empty() {
        return Err(Error::refused(
            "no maps found (.yaml or .yml files)",
            "give a map file or a folder of maps",
        ));
    }
    if builtin {
        note!("built-in maps (use a name as the map: `essayplan render great-purges`):");
    }
    let mut failed = false;
    let mut out = String::new();
    for path in files {
        let loaded = if builtin {
            let name = path.to_string_lossy();
            let source = essayplan::builtin::source(&name).unwrap_or_default();
            map::from_bytes(&name, source.as_bytes())
        } else {
            map::from_file(&path)
        };
        match loaded {
            Ok(loaded) => {
                let m = &loaded.map;
                let _ = write!(out, "{}\n  {}", path.display(), m.title);
                if let Some(p) = &m.period
                    && !m.title.contains(p.as_str())
                {
                    let _ = write!(out, " ({p})");
                }
                out.push('\n');
                let width = m.questions.iter().map(|q| q.id.len()).max().unwrap_or(0);
                for q in &m.questions {
                    let _ = writeln!(out, "    {:<width$}  {}", q.id, q.text);
                }
            }
            Err(report) => {
                failed = true;
                let _ = writeln!(out, "{}\n  {}", path.display(), report.summary());
            }
        }
    }
    super::emit(out.as_bytes())?;
    if failed {
        return Err(Error::refused(
            "some maps were refused",
            "run `essayplan check` on them for the details",
        ));
    }
    Ok(())
}
