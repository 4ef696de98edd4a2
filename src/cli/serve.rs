//! `essayplan serve`: the local web page (see [`essayplan::serve`]).

use std::path::PathBuf;

use clap::Args;

use essayplan::serve::{self, ServeOptions};

use super::Error;

#[derive(Args)]
pub(super) struct ServeArgs {
    /// A map file (opened first) or a folder of maps.
    #[arg(default_value = "arguments")]
    path: PathBuf,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = serve::DEFAULT_PORT)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
}

/// Serve until stopped; a folder that cannot be read or a port that is
/// taken is refused (exit 1).
pub(super) fn execute(args: ServeArgs) -> Result<(), Error> {
    Ok(serve::run(&ServeOptions {
        path: args.path,
        port: args.port,
        open: args.open,
    })?)
}
