//! Fuzz target: the mastodon reader and the graph builder (see ../feed.rs).
#![no_main]

#[path = "../feed.rs"]
mod feed;

libfuzzer_sys::fuzz_target!(init: feed::one_thread(), |data: &[u8]| feed::feed("mastodon", data));
