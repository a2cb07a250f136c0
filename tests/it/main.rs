use carecast::experiment;
use carecast::scenario::Scenario;

#[test]
fn scratch() {
    let sc = Scenario::builtin(&[]).unwrap().with_run(None, Some(4));
    let t = std::time::Instant::now();
    let r = experiment::run(&sc, &|| {});
    eprintln!("{:?}", t.elapsed());
    for (n, s) in r.kpi_names.iter().zip(&r.summary) {
        eprintln!("{n:28} {:12.4} ± {:.4}", s.mean, s.half_width());
    }
}
