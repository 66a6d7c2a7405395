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
//! output folder -> report::folder (read back) -> scout (collaborators)
//!                                             -> render (pictures again)
//! ```
//!
//! [`ingest`] knows formats; [`graph`] knows the interaction rules;
//! [`analysis`] knows the graph; [`report`] knows results. Only [`run`] and
//! [`cli`] know every stage.

pub mod analysis;
pub mod cli;
pub mod compare;
pub mod error;
mod evidence;
#[doc(hidden)]
pub mod fault;
pub mod graph;
pub mod ingest;
pub mod par;
pub mod period;
pub mod progress;
pub mod render;
pub mod report;
pub mod rng;
pub mod roster;
mod run;
pub mod scout;
pub mod topics;
pub mod visible;

pub use error::{Error, Result};
pub use run::{AnalyzeConfig, RunSummary, analyze};
