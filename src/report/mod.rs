//! Report: writes results into the output folder. Knows results, not how
//! they were computed. Every file is written into a staging folder beside
//! `--out`, swapped into place in one step at the end (see [`output`]), so
//! an interrupted run never leaves half-written results.

pub mod audit;
pub mod escape;
pub mod explore;
pub mod folder;
pub mod gexf;
pub mod graph_files;
pub mod graph_schema;
pub mod graphml;
pub mod hashtags;
pub mod html;
pub mod links;
pub mod manifest;
pub mod markup;
pub mod not_on_roster;
pub mod output;
pub mod palette;
pub mod papers;
pub mod pictures;
pub mod rejects;
pub mod rising;
pub mod scout;
pub mod tables;
pub mod trends;
pub mod workbook;

use crate::analysis::betweenness::Betweenness;
use crate::analysis::communities::Communities;
use crate::analysis::degree::Degrees;
use crate::analysis::hits::Hits;
use crate::analysis::pagerank::PageRank;
use crate::analysis::persona::Persona;
use crate::analysis::topics::TopicScores;
use crate::graph::InteractionGraph;

/// Everything the tables are made of.
pub struct Results<'a> {
    pub graph: &'a InteractionGraph,
    pub degrees: &'a Degrees,
    pub pagerank: &'a PageRank,
    pub betweenness: &'a Betweenness,
    pub hits: &'a Hits,
    pub coreness: &'a [u32],
    pub communities: &'a Communities,
    /// Each community's term of the modularity sum.
    pub modularity_shares: &'a [f64],
    pub topics: &'a TopicScores,
    /// Persona of each account.
    pub personas: &'a [Persona],
    /// The rule that decided each persona (`bio: "MD"`), empty for `other`.
    pub persona_rules: &'a [String],
    /// `--persona`: topics.csv lists only this persona.
    pub persona_filter: Option<Persona>,
    /// `--roster`: the roster and its accounts found in the graph.
    pub roster: Option<(&'a crate::roster::Roster, &'a crate::analysis::roster::Matched)>,
}

impl<'a> Results<'a> {
    /// The rows of one topic that topics.csv lists, with their rank there:
    /// all of them, or with `--persona` only that persona's (ranks count
    /// within it).
    pub fn listed<'r>(
        &'r self,
        ranking: &'r crate::analysis::topics::TopicRanking,
    ) -> impl Iterator<Item = (u64, &'r crate::analysis::topics::TopicRow)> + 'r {
        ranking
            .rows
            .iter()
            .filter(|row| self.persona_filter.is_none_or(|p| self.personas[row.account as usize] == p))
            .enumerate()
            .map(|(i, row)| (i as u64 + 1, row))
    }
}
