//! Handing freed memory back to the system where a run has just dropped a
//! large structure and is about to build the next one.
//!
//! mimalloc 3 (the binary's allocator) keeps freed pages for a second
//! before returning them, so that a program which frees and allocates
//! again soon reuses them. Most of a run gains from that: made immediate
//! for every free, a whole `analyze` of the 10M-interaction graph took
//! 62-64 s against 69-75 s (Leiden's levels and the workbook reallocate
//! often). But where a large structure is dropped and a different one
//! filled within that second, both sit in memory together: the graph
//! build's per-kind edge maps (about 600 MB there) stayed while the edge
//! list of the same edges filled, which made the peak of the whole run.
//! [`give_back`] is called at those few points only: when an edge map
//! doubles and when it has been drained (graph build), when Leiden drops a
//! level that held most of the links, and when the communities stage ends
//! (the projection and Leiden's networks).

// The allocator's own library, linked here too (the binary sets it as the
// global allocator; tests and benches link it for this call alone).
use mimalloc as _;

unsafe extern "C" {
    fn mi_collect(force: bool);
}

/// Returns the memory freed so far to the system now (mimalloc's forced
/// collection: each thread's free pages and the purge the delay would do
/// later). Harmless when another allocator serves the process: mimalloc's
/// own heap is then empty.
pub fn give_back() {
    // SAFETY: mi_collect takes no pointers and may run at any time.
    unsafe { mi_collect(true) }
}
