//! One module per subcommand, each wiring the stages it needs from its
//! settings ([`crate::config`]) to its output folder or its lines on
//! stdout. No command line here (`cli` parses), no format (`report`
//! writes): only the order of the stages and what passes between them.

pub mod analyze;
pub mod compare;
mod evidence;
pub mod extract;
pub mod render;
pub mod scout;
pub mod suggest;
pub mod verify;

pub use analyze::{RunSummary, analyze};
