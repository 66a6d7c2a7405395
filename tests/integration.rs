//! One test binary for every end-to-end test (as ripgrep and just do):
//! each module runs the real `dolgraph` binary in a fresh folder.

mod util;

mod cli;
mod communities;
mod crossformat;
mod determinism;
mod oracle;
mod pictures;
mod real_data;
