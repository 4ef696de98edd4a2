//! The integration tests: one binary, one module per area.

mod batch;
mod cli;
mod docx;
mod engine;
mod fixtures;
mod props;
mod shipped;
mod support;
