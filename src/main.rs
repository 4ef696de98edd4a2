//! The `essayplan` binary: parse the command line and hand over to `cli`.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    essayplan::output::install_interrupt_cleanup();
    cli::run(cli)
}
