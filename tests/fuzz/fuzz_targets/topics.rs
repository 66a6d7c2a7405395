//! Fuzz target: the topics file, and the builder and topic ranking with
//! it on X v2 lines (see ../feed.rs).
#![no_main]

#[path = "../feed.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(init: feed::one_thread(), |data: &[u8]| feed::feed("topics", data));
