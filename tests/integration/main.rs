//! The integration tests: one binary, one module per area.

mod batch;
mod cli;
mod docx;
mod fixtures;
mod props;
mod serve;
mod shipped;
mod support;
