//! `essayplan completions` and `essayplan manpage`: what clap generates from
//! the command line's own definition.

use clap::{Args, CommandFactory};

use super::{Cli, Error};

pub(super) const COMPLETIONS_HELP: &str = "\
Examples:
  essayplan completions bash > ~/.local/share/bash-completion/completions/essayplan
  essayplan completions zsh > ~/.zfunc/_essayplan
  essayplan completions fish > ~/.config/fish/completions/essayplan.fish";

pub(super) const MANPAGE_HELP: &str = "\
Examples:
  essayplan manpage > essayplan.1 && man ./essayplan.1
  essayplan manpage > ~/.local/share/man/man1/essayplan.1";

#[derive(Args)]
pub(super) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// A shell completion script on standard output.
pub(super) fn completions(args: CompletionsArgs) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "essayplan", &mut script);
    super::emit(&script)
}

/// The manual page (roff) on standard output.
pub(super) fn manpage() -> Result<(), Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::refused(format!("cannot write the manual page: {e}"), ""))?;
    super::emit(&page)
}
