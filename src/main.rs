//! The `essayplan` binary: parse the command line, run the command, and
//! print its error, if any, in the one place errors are printed.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    essayplan::output::install_interrupt_cleanup();
    match cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => cli::error::print(&e),
    }
}
