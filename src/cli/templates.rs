//! `essayplan templates export`: the built-in templates, written to a
//! folder to edit and pass back with `--templates`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use essayplan::{output, render};

use super::Error;

pub(super) const HELP: &str = "\
Examples:
  essayplan templates export my-templates
  essayplan render my-map.yaml --templates my-templates";

#[derive(Args)]
pub(super) struct TemplatesArgs {
    #[command(subcommand)]
    action: TemplatesAction,
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Write the built-in templates to DIR, to edit and pass back with --templates.
    #[command(after_help = HELP)]
    Export {
        /// The folder to write them into (created if missing; files already there are kept).
        dir: PathBuf,
    },
}

pub(super) fn execute(args: TemplatesArgs) -> Result<(), Error> {
    let TemplatesAction::Export { dir } = args.action;
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::refused(
            format!("{}: cannot create the folder: {e}", dir.display()),
            "",
        )
    })?;
    for (name, source) in render::markdown::BUILTIN {
        let path = dir.join(name);
        if path.exists() {
            note!("kept {} (already there)", path.display());
            continue;
        }
        output::write_atomic(&path, source.as_bytes())?;
        note!("wrote {}", path.display());
    }
    note!(
        "edit them, then: essayplan render MAP --templates {}",
        dir.display()
    );
    Ok(())
}
