//! `essayplan new`: a commented skeleton map that passes `check`, written
//! with the JSON Schema beside it, or printed.

use std::path::{Path, PathBuf};

use clap::Args;

use essayplan::output;

use super::Error;

pub(super) const HELP: &str = "\
Exit codes:
  0  success
  1  the file exists already, or cannot be written

Examples:
  essayplan new my-map.yaml      writes my-map.yaml and argument-map.schema.json beside it
  essayplan new > my-map.yaml    prints the skeleton only";

#[derive(Args)]
pub(super) struct NewArgs {
    /// The map file to create (refused if it exists); without it the
    /// skeleton is printed.
    file: Option<PathBuf>,
}

/// The schema's file name, as the skeleton's modeline names it.
const SCHEMA_FILE: &str = "argument-map.schema.json";

pub(super) fn execute(args: NewArgs) -> Result<(), Error> {
    match args.file {
        None => super::emit(essayplan::SKELETON_MAP.as_bytes()),
        Some(file) => write(&file),
    }
}

/// `new FILE`: the skeleton, and the JSON Schema beside it so the editor
/// modeline (`$schema=argument-map.schema.json`) resolves.
fn write(file: &Path) -> Result<(), Error> {
    if file.exists() {
        return Err(Error::refused(
            format!("{}: the file exists already", file.display()),
            "choose another name, or delete the file first",
        ));
    }
    output::write_atomic(file, essayplan::SKELETON_MAP.as_bytes())?;
    note!("wrote {}", file.display());
    let schema_path = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(SCHEMA_FILE),
        _ => PathBuf::from(SCHEMA_FILE),
    };
    let schema = format!("{}\n", essayplan::schema::schema_json());
    if std::fs::read(&schema_path).is_ok_and(|old| old == schema.as_bytes()) {
        note!("kept {} (up to date)", schema_path.display());
    } else {
        output::write_atomic(&schema_path, schema.as_bytes())?;
        note!(
            "wrote {} (editors with a YAML language server use it)",
            schema_path.display()
        );
    }
    note!("next: edit it, then `essayplan check {}`", file.display());
    Ok(())
}
