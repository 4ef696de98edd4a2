//! Build script: embed every map in `arguments/` (`*.yaml`, found by
//! scanning the folder, so a new map needs no code change) into the binary
//! as `builtin_maps.rs` in OUT_DIR, for `src/builtin.rs`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("arguments");
    println!("cargo::rerun-if-changed=arguments");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// The shipped maps: (name without `.yaml`, source), sorted by name.\n\
         pub(crate) static MAPS: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let stem = name.trim_end_matches(".yaml");
        let _ = writeln!(
            code,
            "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/arguments/{name}")
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("builtin_maps.rs"), code).expect("write builtin_maps.rs");
}
