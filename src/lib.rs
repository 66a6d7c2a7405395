//! dolgraph finds digital opinion leaders (DOLs): the accounts others engage
//! with on a medical topic, in public social-media posts.
//!
//! One way through the code:
//!
//! ```text
//! files -> ingest (readers, in parallel) -> Record stream
//!       -> graph (GraphBuilder: accounts, edges, CSR) -> InteractionGraph
//!       -> analysis (degrees, PageRank)              -> scores
//!       -> report (tables, pictures, manifest, rejects) -> output folder
//!
//! output folder -> report::folder (read back) -> commands::scout (collaborators)
//!                                             -> commands::render (pictures again)
//!                                             -> commands::compare (movers)
//! ```
//!
//! [`ingest`] knows formats; [`graph`] knows the interaction rules;
//! [`analysis`] knows the graph; [`report`] knows results. [`commands`]
//! wires the stages of each subcommand from its [`config`]; [`cli`] only
//! turns the command line into those settings.

pub mod analysis;
pub mod cli;
pub mod columnar;
pub mod commands;
pub mod config;
pub mod error;
#[doc(hidden)]
pub mod fault;
pub mod graph;
pub mod ingest;
pub mod kind;
pub mod link;
pub mod memory;
pub mod par;
pub mod period;
pub mod progress;
pub mod report;
pub mod rng;
pub mod roster;
pub mod time;
pub mod topics;
pub mod visible;

pub use commands::{RunSummary, analyze};
pub use config::AnalyzeConfig;
pub use error::{Error, Result};
