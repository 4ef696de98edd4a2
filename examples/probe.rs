fn main() {
    for p in std::env::args().skip(1) {
        match essayplan::map::from_file(std::path::Path::new(&p)) {
            Ok(l) => {
                println!("OK {} warnings", l.report.warnings());
                print!("{}", l.report.render(false));
            }
            Err(r) => print!("{}", r.render(false)),
        }
    }
}
