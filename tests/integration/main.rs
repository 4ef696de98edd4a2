//! The integration tests: one binary, one module per area.

mod batch;
mod cli;
mod docx;
mod fixtures;
mod pictures;
mod props;
mod shipped;
mod support;
