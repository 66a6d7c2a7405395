//! Evidence posts: of each account's own posts on a topic, the few that
//! others engaged with most, so a reader can see what earned a rank.
//!
//! A post's engagement (the replies, quotes and reposts by other accounts
//! that point at it) is known only once the whole input is read, and a
//! post's text is the largest thing it has. So the builder keeps no text:
//! it counts engagements per referenced post, and notes where each own
//! on-topic post is (input, line, and its place among the line's posts,
//! 32 bytes a post). [`EvidenceTracker::finish`] picks the top posts of
//! every (topic, account); `analyze` then reads just those lines again for
//! their text (see `evidence.rs` at the crate root). Keeping the text of
//! every on-topic post instead would grow with the posts, 100 to 300 bytes
//! each, and holding back a bounded top 3 while reading cannot work: a
//! post's replies may come after it, in this input or the next.

use rustc_hash::FxHashMap;

/// Posts kept per (topic, account).
pub const PER_ACCOUNT: usize = 3;

/// Where a post was read: the input (in command-line order), the line its
/// unit starts on, and its place among the posts read from that line (a
/// page of an API response holds many).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostAt {
    pub input: u32,
    pub line: u64,
    pub ordinal: u32,
}

/// One chosen post: an account's own post on a topic, with its engagement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvidencePost {
    pub topic: u16,
    pub author: u32,
    pub at: PostAt,
    /// Replies, quotes and reposts of it by other accounts in the input;
    /// `None` when its input names no post that it answers, quotes or
    /// reposts (a listening export that names only the account): unknown,
    /// not zero.
    pub engagements: Option<u32>,
}

/// An own on-topic post, noted while reading.
struct Noted {
    /// Its key's hash, and its alias's (references may use either).
    hashes: [Option<u64>; 2],
    at: PostAt,
    author: u32,
    set: u64,
}

/// What the builder notes for evidence while it reads.
#[derive(Default)]
pub(super) struct EvidenceTracker {
    /// The input and line of the records being added, when the caller says.
    at: Option<(u32, u64)>,
    /// Posts read so far from that line.
    ordinal: u32,
    engaged: FxHashMap<u64, u32>,
    noted: Vec<Noted>,
    /// Inputs with at least one reference to a post by its key: the
    /// engagement of their posts can be counted.
    linking: rustc_hash::FxHashSet<u32>,
}

impl EvidenceTracker {
    /// The records that follow start on this line of this input.
    pub(super) fn locate(&mut self, input: u32, line: u64) {
        if self.at != Some((input, line)) {
            self.at = Some((input, line));
            self.ordinal = 0;
        }
    }

    /// Every post record read, used or not: its place on its line (the
    /// second pass counts the same records the same way).
    pub(super) fn next_post(&mut self) -> Option<PostAt> {
        let (input, line) = self.at?;
        let ordinal = self.ordinal;
        self.ordinal += 1;
        Some(PostAt { input, line, ordinal })
    }

    /// An own post (not a repost) used for the graph, on the topics of `set`.
    pub(super) fn note(&mut self, at: Option<PostAt>, hashes: [Option<u64>; 2], author: u32, set: u64) {
        if let Some(at) = at
            && set != 0
        {
            self.noted.push(Noted { hashes, at, author, set });
        }
    }

    /// The post being added names the post it answers, quotes or reposts.
    pub(super) fn links_posts(&mut self) {
        if let Some((input, _)) = self.at {
            self.linking.insert(input);
        }
    }

    /// Another account replied to, quoted or reposted the post `hash`.
    pub(super) fn engaged(&mut self, hash: u64) {
        let n = self.engaged.entry(hash).or_default();
        *n = n.saturating_add(1);
    }

    /// The top [`PER_ACCOUNT`] posts of every (topic, account) on the named
    /// topics (bits below `topics`), most engaged first, then in input
    /// order; sorted by (topic, author).
    pub(super) fn finish(self, topics: usize) -> Vec<EvidencePost> {
        let mut all: Vec<EvidencePost> = Vec::new();
        for n in &self.noted {
            let engagements = self.linking.contains(&n.at.input).then(|| {
                n.hashes
                    .iter()
                    .flatten()
                    .map(|h| self.engaged.get(h).copied().unwrap_or(0))
                    .fold(0u32, u32::saturating_add)
            });
            for topic in (0..topics.min(64)).filter(|&t| n.set & (1 << t) != 0) {
                all.push(EvidencePost { topic: topic as u16, author: n.author, at: n.at, engagements });
            }
        }
        all.sort_unstable_by_key(|e| (e.topic, e.author, std::cmp::Reverse(e.engagements), e.at));
        let mut kept = Vec::new();
        let mut run = 0;
        for (i, e) in all.iter().enumerate() {
            let same = i > 0 && (all[i - 1].topic, all[i - 1].author) == (e.topic, e.author);
            run = if same { run + 1 } else { 0 };
            if run < PER_ACCOUNT {
                kept.push(*e);
            }
        }
        kept
    }
}

/// A post's id as its platform shows it, and its public page where one
/// can be made, from its key (`x:<id>`, a Bluesky at-URI, a Mastodon
/// status URI or URL, `mastodon:<host>:<id>`, `csv:<id>`) and its
/// author's handle. Only plain keys become links: a key with markup or
/// spaces gives none.
pub fn post_link(key: &str, handle: Option<&str>) -> (String, Option<String>) {
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-:".contains(&b));
    if let Some(id) = key.strip_prefix("x:") {
        let url = plain(id).then(|| match handle.filter(|h| plain(h)) {
            Some(h) => format!("https://x.com/{h}/status/{id}"),
            None => format!("https://x.com/i/status/{id}"),
        });
        return (id.to_string(), url);
    }
    if let Some(rest) = key.strip_prefix("at://") {
        let mut parts = rest.split('/');
        let url = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(did), Some("app.bsky.feed.post"), Some(rkey), None) if plain(did) && plain(rkey) => {
                Some(format!("https://bsky.app/profile/{did}/post/{rkey}"))
            }
            _ => None,
        };
        return (key.to_string(), url);
    }
    if key.starts_with("https://") || key.starts_with("http://") {
        let safe = key.bytes().all(|b| b.is_ascii_graphic() && !b"\"'<>`\\".contains(&b));
        return (key.to_string(), safe.then(|| key.to_string()));
    }
    if let Some(rest) = key.strip_prefix("mastodon:") {
        return (rest.rsplit_once(':').map_or(rest, |(_, id)| id).to_string(), None);
    }
    (key.strip_prefix("csv:").unwrap_or(key).to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_three_most_engaged_posts_per_topic_and_account() {
        let mut t = EvidenceTracker::default();
        for (line, engagements) in [(1u64, 0u32), (2, 5), (3, 1), (4, 5), (5, 9)] {
            t.locate(0, line);
            let at = t.next_post();
            t.note(at, [Some(line), None], 7, 0b11);
            t.links_posts();
            for _ in 0..engagements {
                t.engaged(line);
            }
        }
        t.locate(1, 1);
        let skipped = t.next_post();
        let second = t.next_post();
        assert_eq!(second.map(|a| a.ordinal), Some(1), "posts of one line are counted in order");
        t.note(skipped, [None, None], 8, 0);
        t.note(second, [None, Some(99)], 8, 0b10);
        t.engaged(99);
        let kept = t.finish(2);
        let lines: Vec<(u16, u32, u64, Option<u32>)> =
            kept.iter().map(|e| (e.topic, e.author, e.at.line, e.engagements)).collect();
        let (some, none) = (Some, None::<u32>);
        assert_eq!(
            lines,
            [
                (0, 7, 5, some(9)),
                (0, 7, 2, some(5)),
                (0, 7, 4, some(5)),
                (1, 7, 5, some(9)),
                (1, 7, 2, some(5)),
                (1, 7, 4, some(5)),
                (1, 8, 1, none),
            ],
            "input 1 names no post it answers: its engagement is unknown"
        );
    }

    #[test]
    fn posts_link_to_their_public_page_where_the_key_allows() {
        let link = |k: &str, h: Option<&str>| post_link(k, h);
        assert_eq!(
            link("x:1790000000000000001", Some("DrAna")),
            ("1790000000000000001".into(), Some("https://x.com/DrAna/status/1790000000000000001".into()))
        );
        assert_eq!(link("x:17", Some("=cmd()")).1.as_deref(), Some("https://x.com/i/status/17"));
        assert_eq!(
            link("at://did:plc:abc/app.bsky.feed.post/3m4s", None).1.as_deref(),
            Some("https://bsky.app/profile/did:plc:abc/post/3m4s")
        );
        assert_eq!(link("at://did:plc:abc/app.bsky.feed.like/3m4s", None).1, None);
        let toot = "https://med.example/users/drana/statuses/11";
        assert_eq!(link(toot, None), (toot.into(), Some(toot.into())));
        assert_eq!(link("https://med.example/\"onclick", None).1, None);
        assert_eq!(link("mastodon:med.example:11", None), ("11".into(), None));
        assert_eq!(link("csv:abc", None), ("abc".into(), None));
    }
}
