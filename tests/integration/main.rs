//! The integration tests: one binary, one module per area.

mod batch;
mod cli;
mod docx;
mod fixtures;
mod props;
mod review_bugs;
mod safety;
mod shipped;
mod support;
