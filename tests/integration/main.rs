//! The integration tests: one binary, one module per area.

mod batch;
mod cli;
mod conventions;
mod docx;
mod engine;
mod fixtures;
mod judge;
mod layout;
mod pictures;
mod props;
mod review_bugs;
mod safety;
mod serve;
mod shipped;
mod support;
