//! Fuzz target: the value parsers every reader shares (see ../feed.rs).
#![no_main]

#[path = "../feed.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(init: feed::one_thread(), |data: &[u8]| feed::feed("values", data));
