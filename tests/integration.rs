//! One test binary for every end-to-end test (as ripgrep and just do):
//! each module runs the real `dolgraph` binary in a fresh folder.

mod util;

/// The benches' generators (heavy-tailed X v2 pages and edge lists), for
/// networks larger than the sample; declared once for every module.
#[path = "../benches/common/mod.rs"]
mod generate;

mod atomicity;
mod audit;
mod bad_input;
mod cli;
mod communities;
mod crossformat;
mod detection;
mod determinism;
mod engagement;
mod evidence;
mod explore;
mod exports;
mod fuzz_corpus;
mod graphfiles;
mod hashtags;
mod limits;
mod links;
mod oracle;
mod pictures;
mod properties;
mod pseudonymize;
mod reading;
mod readme;
mod real_data;
mod roster;
mod scale;
mod topics;
mod trends;
mod workbook;
