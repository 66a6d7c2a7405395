//! What the platforms reported about each account's own posts: the sums of
//! their engagement counters and the languages they were written in.
//!
//! Both describe the input and never rank: counters are easy to inflate and
//! grow with the time between posting and collection, so dol_score does
//! not read them. Only an account's own posts, replies and quotes count: a
//! repost's counters and language are the reposted post's, and counting
//! them would credit the reposter with the original's reach. A post read
//! twice counts once, with the counters of the first copy read.

use rustc_hash::FxHashMap;

use crate::ingest::{Counters, Post};

/// How many languages `languages` lists per account.
const TOP_LANGUAGES: usize = 3;

/// One account's figures; `None` where no post of it reported the counter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountEngagement {
    pub likes: Option<u64>,
    pub reposts: Option<u64>,
    pub replies: Option<u64>,
    pub impressions: Option<u64>,
    /// Median over its posts of likes + reposts + replies, over the posts
    /// that reported at least one of the three.
    pub median: Option<f64>,
    /// Its most used languages with their shares of its posts with a
    /// language: `en 92%; fr 8%`. Empty when none was tagged.
    pub languages: String,
}

/// Per-account figures, indexed by account id. Accounts past the end (or
/// all of them, when the input reported nothing) have none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Engagement {
    accounts: Vec<AccountEngagement>,
}

impl Engagement {
    pub fn of(&self, account: usize) -> Option<&AccountEngagement> {
        self.accounts.get(account)
    }
}

/// Collects the figures while the graph is built: memory per account that
/// reported something, plus 16 bytes per post with counters (the medians
/// need every value).
#[derive(Default)]
pub(super) struct EngagementTracker {
    sums: Vec<Counters>,
    values: Vec<(u32, u64)>,
    lang_ids: FxHashMap<Box<str>, u16>,
    lang_names: Vec<Box<str>>,
    langs: FxHashMap<(u32, u16), u32>,
}

fn add(sum: &mut Option<u64>, v: Option<u64>) {
    if let Some(v) = v {
        *sum = Some(sum.unwrap_or(0).saturating_add(v));
    }
}

impl EngagementTracker {
    /// Counts one new (not duplicate) post of `author`.
    pub(super) fn post(&mut self, author: u32, post: &Post) {
        if post.repost_of.is_some() {
            return;
        }
        let c = &post.counters;
        if c.any() {
            let a = author as usize;
            if self.sums.len() <= a {
                self.sums.resize(a + 1, Counters::default());
            }
            let s = &mut self.sums[a];
            add(&mut s.likes, c.likes);
            add(&mut s.reposts, c.reposts);
            add(&mut s.replies, c.replies);
            add(&mut s.impressions, c.impressions);
            let parts = [c.likes, c.reposts, c.replies];
            if parts.iter().any(Option::is_some) {
                let total = parts.iter().flatten().fold(0u64, |t, v| t.saturating_add(*v));
                self.values.push((author, total));
            }
        }
        if let Some(lang) = &post.lang {
            let id = match self.lang_ids.get(lang.as_str()) {
                Some(&id) => id,
                None => {
                    // Tags are 2-3 ASCII letters (`ingest::lang_tag`): fewer than 2^16.
                    let id = u16::try_from(self.lang_names.len()).unwrap_or(u16::MAX);
                    self.lang_ids.insert(lang.as_str().into(), id);
                    self.lang_names.push(lang.as_str().into());
                    id
                }
            };
            *self.langs.entry((author, id)).or_default() += 1;
        }
    }

    pub(super) fn finish(mut self) -> Engagement {
        let max_lang_author = self.langs.keys().map(|&(a, _)| a as usize + 1).max().unwrap_or(0);
        let n = self.sums.len().max(max_lang_author);
        let mut accounts = vec![AccountEngagement::default(); n];
        for (a, s) in self.sums.iter().enumerate() {
            let e = &mut accounts[a];
            (e.likes, e.reposts, e.replies, e.impressions) = (s.likes, s.reposts, s.replies, s.impressions);
        }
        self.values.sort_unstable();
        for run in self.values.chunk_by(|x, y| x.0 == y.0) {
            let k = run.len();
            let mid = |i: usize| run[i].1 as f64;
            accounts[run[0].0 as usize].median =
                Some(if k % 2 == 1 { mid(k / 2) } else { (mid(k / 2 - 1) + mid(k / 2)) / 2.0 });
        }
        let langs: Vec<(u32, &str, u32)> =
            self.langs.iter().map(|(&(a, l), &n)| (a, &*self.lang_names[l as usize], n)).collect();
        set_languages(&mut accounts, langs);
        Engagement { accounts }
    }
}

/// Fills `languages` from (account, language, posts) rows, each pair once.
fn set_languages(accounts: &mut [AccountEngagement], mut langs: Vec<(u32, &str, u32)>) {
    // Per account, most used first, ties by tag.
    langs.sort_unstable_by(|x, y| (x.0, std::cmp::Reverse(x.2), x.1).cmp(&(y.0, std::cmp::Reverse(y.2), y.1)));
    for run in langs.chunk_by(|x, y| x.0 == y.0) {
        let total: u64 = run.iter().map(|x| u64::from(x.2)).sum();
        let shown: Vec<String> =
            run.iter().take(TOP_LANGUAGES).map(|&(_, l, k)| format!("{l} {}%", percent(u64::from(k), total))).collect();
        if let Some(a) = accounts.get_mut(run[0].0 as usize) {
            a.languages = shown.join("; ");
        }
    }
}

impl Engagement {
    /// The figures of `n` accounts from what an aggregate summed: per
    /// account its counter sums and median, and (account, language,
    /// posts) rows.
    pub(super) fn from_sums(
        n: usize,
        sums: Vec<(u32, Counters, Option<f64>)>,
        langs: Vec<(u32, String, u32)>,
    ) -> Engagement {
        let mut accounts = vec![AccountEngagement::default(); n];
        for (a, s, median) in sums {
            if let Some(e) = accounts.get_mut(a as usize) {
                (e.likes, e.reposts, e.replies, e.impressions) = (s.likes, s.reposts, s.replies, s.impressions);
                e.median = median;
            }
        }
        set_languages(&mut accounts, langs.iter().map(|(a, l, k)| (*a, l.as_str(), *k)).collect());
        Engagement { accounts }
    }
}

/// A share in whole percent, never shown as 0 for a language that was used.
fn percent(part: u64, total: u64) -> u64 {
    ((part * 100 + total / 2) / total.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(likes: Option<u64>, reposts: Option<u64>, lang: Option<&str>) -> Post {
        Post {
            counters: Counters { likes, reposts, replies: None, impressions: None },
            lang: lang.map(String::from),
            ..Post::default()
        }
    }

    #[test]
    fn sums_medians_and_languages_per_account() {
        let mut t = EngagementTracker::default();
        t.post(1, &post(Some(3), Some(1), Some("en")));
        t.post(1, &post(Some(10), None, Some("en")));
        t.post(1, &post(None, None, Some("fr")));
        t.post(1, &post(Some(0), Some(0), None));
        let mut repost = post(Some(1000), Some(1000), Some("de"));
        repost.repost_of = Some(crate::ingest::Target::default());
        t.post(2, &repost);
        let e = t.finish();
        let a = e.of(1).expect("account 1 reported");
        assert_eq!((a.likes, a.reposts, a.replies, a.impressions), (Some(13), Some(1), None, None));
        // Engagements 4, 10 and 0: the median is 4.
        assert_eq!(a.median, Some(4.0));
        assert_eq!(a.languages, "en 67%; fr 33%");
        assert_eq!(e.of(0), Some(&AccountEngagement::default()));
        assert_eq!(e.of(2), None, "a repost's counters and language are the original's");
    }

    #[test]
    fn an_even_count_takes_the_mean_of_the_middle_two() {
        let mut t = EngagementTracker::default();
        for likes in [1, 2, 5, 9] {
            t.post(0, &post(Some(likes), None, None));
        }
        assert_eq!(t.finish().of(0).and_then(|a| a.median), Some(3.5));
    }
}
