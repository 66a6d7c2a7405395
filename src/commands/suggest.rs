//! `suggest-topics`: reads the inputs as `analyze` does (the same reader,
//! the same accounting), builds the graph, and prints either suggestions
//! for each topic of a topics file or a starting topics file. Nothing is
//! written to disk: stdout carries the result, stderr a summary.

use crate::analysis::suggest;
use crate::config::SuggestConfig;
use crate::error::Result;
use crate::graph::GraphBuilder;
use crate::progress::Progress;
use crate::report::rejects::RejectWriter;

/// What a run prints: the text for stdout, and the summary for stderr.
#[derive(Debug)]
pub struct Suggested {
    pub text: String,
    pub summary: String,
    /// Printed even with --quiet: the run succeeded, but said little.
    pub warnings: Vec<String>,
}

/// Runs `suggest-topics`.
pub fn run(cfg: &SuggestConfig) -> Result<Suggested> {
    let threads = cfg.read.threads;
    crate::par::with_pool(threads, || suggest_topics(cfg))?
}

fn suggest_topics(cfg: &SuggestConfig) -> Result<Suggested> {
    let read = &cfg.read;
    let topics = crate::topics::load_optional(read.topics.as_ref())?;
    let mut builder =
        GraphBuilder::new(read.weights, read.since.as_ref().map(|s| s.0), read.until.as_ref().map(|u| u.0))
            .with_topics(topics.clone())
            .with_languages(read.languages.clone());
    let progress = Progress::new(read.quiet);
    let mut rejects = RejectWriter::discard();
    let got = super::analyze::read_inputs(read, &mut builder, &mut rejects, &progress)?;
    let graph = builder.finish();
    let h = &graph.hashtags;
    let r = &got.records;
    let mut summary = format!(
        "dolgraph: {} records from {} input{}: {} used, {} duplicates, {} skipped, {} rejected; \
         {} hashtags in {} posts with a hashtag (reposts not counted)",
        r.read,
        read.inputs.len(),
        if read.inputs.len() == 1 { "" } else { "s" },
        r.used,
        r.duplicates,
        r.skipped,
        r.rejected,
        h.counts.posts.iter().filter(|&&p| p > 0).count(),
        h.counts.tagged_posts
    );
    if r.rejected > 0 {
        summary.push_str(" (run analyze to see the rejects in rejects.jsonl)");
    }
    let mut warnings = Vec::new();
    let text = match &topics {
        Some(t) => crate::report::hashtags::suggestions_table(&suggest::for_topics(h, t, &cfg.settings)),
        None => {
            let found = suggest::clusters(h, &cfg.settings);
            let header = format!(
                "Topics suggested by dolgraph suggest-topics: clusters of the hashtags used in at least {} \
                 posts,\nby the posts using them together ({} posts with a hashtag; reposts not counted).\n\
                 Rename the topics, merge or split them, and add keywords before `dolgraph analyze --topics`.",
                cfg.settings.min_posts, h.counts.tagged_posts
            );
            if found.is_empty() {
                warnings.push(format!(
                    "no two hashtags with {} posts or more are used together: no topic to suggest \
                     (a lower --min-posts may find some)",
                    cfg.settings.min_posts
                ));
            }
            crate::report::hashtags::topics_toml(&found, &header)
        }
    };
    Ok(Suggested { text, summary, warnings })
}
