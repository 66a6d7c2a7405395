//! `suggest-topics`' arguments to its settings. Its inputs are read as
//! `analyze` reads them: its reading flags are analyze's own
//! ([`ReadingArgs`](super::ReadingArgs)), set into an `analyze` command
//! line's arguments, so analyze's defaults and checks apply here too.

use super::SuggestArgs;
use crate::analysis::suggest::SuggestSettings;
use crate::config::SuggestConfig;
use crate::error::Result;

impl SuggestArgs {
    /// Checks values and builds the run's settings.
    pub fn into_config(self) -> Result<SuggestConfig> {
        let mut analyze = self.run.into_analyze(&self.inputs, "suggest-topics")?;
        analyze.reading = self.reading;
        analyze.topics = self.topics;
        let read = analyze.into_config(std::env::args().collect())?;
        let settings = SuggestSettings { min_posts: self.min_posts, limit: self.limit as usize };
        Ok(SuggestConfig { read, settings })
    }
}
