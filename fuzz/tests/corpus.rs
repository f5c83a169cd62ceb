//! Every seed of every target's corpus runs clean: the seeds are the
//! project's real fixtures, so a failure here is a regression in a parser
//! (or a seed that belongs in `regressions/` instead).

use std::path::Path;

use nubo_fuzz::driver::{install_panic_hook, load_corpus, run_one};
use nubo_fuzz::targets::real_targets;

#[test]
fn every_seed_runs_clean_and_the_corpus_stays_small() {
    install_panic_hook();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut total = 0;
    for target in real_targets() {
        let dir = root.join(target.name);
        let seeds = load_corpus(&dir);
        assert!(seeds.len() >= 5, "{}: a corpus of {} seeds", target.name, seeds.len());
        for (i, seed) in seeds.iter().enumerate() {
            total += seed.len();
            if let Err(p) = run_one(target, seed) {
                panic!("{} seed #{i} panics at {}: {}", target.name, p.signature(), p.message);
            }
        }
    }
    assert!(total < 2 * 1024 * 1024, "seed corpora hold {total} bytes");
}
