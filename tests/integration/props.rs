//! Property tests: random mutations of a valid map, and random bytes, never
//! panic; they either load or yield errors.

use proptest::prelude::*;

const MAP: &str = include_str!("../fixtures/valid/weighted.yaml");

fn check(bytes: &[u8]) {
    match essayplan::map::from_bytes("p.yaml", bytes) {
        Ok(loaded) => {
            // A map that loads must plan and render.
            for q in &loaded.map.questions {
                let plan = essayplan::plan::build(&loaded.map, q, &Default::default());
                essayplan::render::Templates::builtin()
                    .render(&plan)
                    .unwrap();
            }
        }
        Err(report) => {
            assert!(report.errors() > 0);
            let _ = report.render(false);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_maps_never_panic(line in 0usize..80, op in 0u8..4, text in "[ -~\\n\\t:\\[\\]{}#&*!|>'\"%@`-]{0,12}") {
        let mut lines: Vec<String> = MAP.lines().map(str::to_string).collect();
        let i = line % lines.len();
        match op {
            0 => { lines.remove(i); }
            1 => { let l = lines[i].clone(); lines.insert(i, l); }
            2 => { lines[i].push_str(&text); }
            _ => { lines.insert(i, text.clone()); }
        }
        check(lines.join("\n").as_bytes());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }
}
