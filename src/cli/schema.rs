//! `essayplan schema`: the JSON Schema (draft-07) of the map format.

use super::Error;

pub(super) const HELP: &str = "\
Examples:
  essayplan schema > argument-map.schema.json
  essayplan new my-map.yaml      (writes the schema beside the map)";

pub(super) fn execute() -> Result<(), Error> {
    super::emit(format!("{}\n", essayplan::schema::schema_json()).as_bytes())
}
