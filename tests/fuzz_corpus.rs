//! Replays the fuzz corpus (tests/fuzz/corpus/<target>/) through the
//! readers, the graph builder and the algorithms, as the fuzz targets do:
//! CI does not run the fuzzer, but every input it kept, and every input
//! that once crashed, must still go through without a panic.

#[path = "fuzz/feed.rs"]
mod feed;

use crate::util::root;

#[test]
fn fuzz_corpus_replays_without_panics() {
    let mut replayed = 0;
    for target in feed::TARGETS {
        let dir = root().join("tests/fuzz/corpus").join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: empty corpus", dir.display());
        for f in files {
            let data = std::fs::read(&f).expect("read");
            let outcome = std::panic::catch_unwind(|| feed::feed(target, &data));
            assert!(outcome.is_ok(), "{target}: {} panics", f.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 7, "{replayed}");
}
