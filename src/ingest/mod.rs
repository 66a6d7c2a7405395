//! Ingest: turns input files of any supported format into a stream of
//! [`Record`]s, the one shape the graph builder understands.
//!
//! Readers know formats, never the graph: each reader maps one unit of its
//! format (a JSON line, a CSV row, an edge-list line) to records, following
//! the platform rules of `input-formats.md` (which account a reference
//! points at, which mentions count). The rules that need the whole input
//! (de-duplication, resolving a referenced post to its author, dropping
//! self-interactions) belong to the graph builder, so they are written once.
//!
//! Every record a reader sees ends as exactly one of: a post or interaction
//! (used, or a duplicate), skipped (not a post: a like, a delete), or
//! rejected with a reason. [`Record::Account`] carries account details
//! (an X `includes.users` entry, a Bluesky identity event) and is not a
//! record of its own.

pub mod bluesky;
pub mod csv_export;
pub mod csv_quotes;
pub mod detect;
pub mod edgelist;
pub mod json;
pub mod limits;
pub mod mastodon;
pub mod reject;
pub mod response;
pub mod source;
pub mod stream;
pub mod text;
pub mod twitter_v1;
pub mod twitter_v2;

use crate::kind::Kind;
use std::fmt;

/// Every input format dolgraph reads. The names are the `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// X API v2 JSON lines: response pages or flattened tweets.
    XV2,
    /// X API v1.1 statuses, one per line.
    XV1,
    /// Bluesky Jetstream events or AppView post views, one per line.
    Bluesky,
    /// Mastodon statuses as the REST API returns them, one per line.
    Mastodon,
    /// CSV export with a header (default columns, aliases, or `--columns`).
    Csv,
    /// CSV written by twarc-csv.
    TwarcCsv,
    /// CSV edge list: `source,target[,weight][,kind]`.
    EdgeCsv,
    /// Whitespace-separated edge list: `a b [time] [kind]` (SNAP style).
    EdgeList,
}

/// Where an account lives: what its id means and how its profile is linked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Platform {
    X,
    Bluesky,
    Mastodon,
    /// A listening-tool export: handles from any platform.
    Csv,
    /// An edge list: ids from elsewhere.
    #[default]
    Edge,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Csv => "csv",
            Platform::Edge => "edge",
        }
    }
}

impl Format {
    /// The platform of every account an input of this format names.
    pub fn platform(self) -> Platform {
        match self {
            Format::XV2 | Format::XV1 | Format::TwarcCsv => Platform::X,
            Format::Bluesky => Platform::Bluesky,
            Format::Mastodon => Platform::Mastodon,
            Format::Csv => Platform::Csv,
            Format::EdgeCsv | Format::EdgeList => Platform::Edge,
        }
    }

    pub const ALL: [Format; 8] = [
        Format::XV2,
        Format::XV1,
        Format::Bluesky,
        Format::Mastodon,
        Format::Csv,
        Format::TwarcCsv,
        Format::EdgeCsv,
        Format::EdgeList,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::XV2 => "x-v2",
            Format::XV1 => "x-v1",
            Format::Bluesky => "bluesky",
            Format::Mastodon => "mastodon",
            Format::Csv => "csv",
            Format::TwarcCsv => "twarc-csv",
            Format::EdgeCsv => "edge-csv",
            Format::EdgeList => "edge-list",
        }
    }

    /// The list printed when a format is unknown or cannot be detected.
    pub fn supported_list() -> String {
        Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }

    /// Whether the format is read line by line (JSON lines, SNAP lines) rather
    /// than as CSV records, whose quoted fields may span lines.
    pub fn is_line_based(self) -> bool {
        matches!(self, Format::XV2 | Format::XV1 | Format::Bluesky | Format::Mastodon | Format::EdgeList)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format '{s}'; supported formats: {}", Format::supported_list()))
    }
}

/// A reference to an account: its stable id, and its handle when the
/// record shows it.
///
/// Ids share one namespace across platforms: X numeric user ids, Bluesky
/// DIDs (`did:...`), Mastodon `user@host`, and lower-cased handles for CSV
/// and edge lists. They cannot collide except where they mean the same
/// thing (an edge list keyed by X user ids joins the X accounts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountRef {
    pub id: String,
    pub handle: Option<String>,
}

impl AccountRef {
    pub fn new(id: impl Into<String>, handle: Option<String>) -> Self {
        AccountRef { id: id.into(), handle }
    }
}

/// What a record tells about an account. Empty fields are unknown, not blank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub bio: Option<String>,
    pub followers: Option<u64>,
}

impl Account {
    pub fn from_ref(r: &AccountRef) -> Self {
        Account { id: r.id.clone(), handle: r.handle.clone(), ..Account::default() }
    }

    pub fn as_ref(&self) -> AccountRef {
        AccountRef { id: self.id.clone(), handle: self.handle.clone() }
    }
}

/// The post a reply, quote or repost points at. The author is known when the
/// record names it (X `in_reply_to_user_id`, a Bluesky at-URI, an
/// `includes` expansion); otherwise the builder looks the post up among the
/// posts read, and counts the link as unresolved when it is not there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Target {
    /// Referenced post key (same namespace as [`Post::key`]), when known.
    pub post: Option<String>,
    pub author: Option<AccountRef>,
}

impl Target {
    pub fn author(a: AccountRef) -> Self {
        Target { post: None, author: Some(a) }
    }
    pub fn post(key: String) -> Self {
        Target { post: Some(key), author: None }
    }
}

/// One post, in the same shape whatever platform it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    /// Platform-qualified post key used for de-duplication and for resolving
    /// references: `x:<id>`, a Bluesky at-URI, a Mastodon status URI,
    /// `csv:<post_id>`.
    pub key: String,
    /// Another key of the same post, which references may use instead: a
    /// Mastodon status's id on the instance that served it (replies name
    /// their parent so), when `key` is its URI.
    pub alias: Option<String>,
    pub author: Account,
    /// Seconds since the Unix epoch, UTC.
    pub time: Option<i64>,
    pub text: String,
    /// Lower-cased, without `#`, de-duplicated, in order of appearance.
    pub hashtags: Vec<String>,
    pub reply_to: Option<Target>,
    pub quote_of: Option<Target>,
    /// A repost carries no other edge: readers leave `mentions` empty.
    pub repost_of: Option<Target>,
    /// Accounts mentioned in the post's own text. The builder drops those
    /// the post already reaches by reply, quote or repost.
    pub mentions: Vec<AccountRef>,
    /// The post's language as the platform tagged it (see [`lang_tag`]).
    pub lang: Option<String>,
    /// The engagement the platform reported when the post was collected.
    pub counters: Counters,
    /// Links the post shares, canonical and each once, in order of
    /// appearance; a quote's link to the post it quotes is the quote, not
    /// a link. A repost carries the reposted post's links where the record
    /// shows them.
    pub links: Vec<crate::link::Link>,
}

/// Engagement counters as the platform reported them at collection time
/// (X `public_metrics`, Mastodon `*_count`, Bluesky post views, CSV
/// columns). `None` where the input does not say, which is not zero. They
/// describe the input, never rank: counters are easy to inflate and grow
/// with the time since posting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub likes: Option<u64>,
    pub reposts: Option<u64>,
    pub replies: Option<u64>,
    pub impressions: Option<u64>,
}

impl Counters {
    /// Whether the input reported any counter for the post.
    pub fn any(&self) -> bool {
        self.likes.is_some() || self.reposts.is_some() || self.replies.is_some() || self.impressions.is_some()
    }
}

/// The language of a tag as dolgraph compares them: the primary subtag,
/// lower-cased (`en-US` and `en` are both `en`). Tags that name no language
/// give `None`: `und` (undetermined), `zxx` (no linguistic content), `mul`,
/// and the private-use codes `qaa`-`qtz` X uses for posts of only media,
/// hashtags or mentions (`qme`, `qht`, `qam`).
pub fn lang_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let b = primary.as_bytes();
    let letters = (2..=3).contains(&b.len()) && b.iter().all(u8::is_ascii_lowercase);
    let private = b.len() == 3 && b[0] == b'q' && b[1] <= b't';
    (letters && !private && !matches!(primary.as_str(), "und" | "zxx" | "mul")).then_some(primary)
}

/// An interaction without a post (edge lists).
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    pub source: AccountRef,
    pub target: AccountRef,
    pub kind: Kind,
    pub time: Option<i64>,
    /// Multiplies the kind weight (an edge list's `weight` column); 1 otherwise.
    pub weight: f64,
}

/// What a reader makes of one record of its input.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Post(Box<Post>),
    Interaction(Interaction),
    /// Account details only; not counted as a record.
    Account(Account),
    /// A record that is not a post (a delete, a like, an identity event).
    Skipped(&'static str),
    /// A record that cannot be used, with the reason.
    Rejected(reject::Reject),
}

/// A record with the line of the input it starts on (1-based).
pub type Located = (u64, Record);

/// A reader for one format: maps one unit (a line, or a CSV row) to records.
/// Readers are pure and `Sync`, so units are parsed in parallel.
pub trait UnitReader: Sync {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>);
}

impl Post {
    /// Adds a link the post shares, once, unless it is not a link or it
    /// is how X shows a quote: a quote's link to an X post (the quoted
    /// one), which a retweet of the quote repeats. Call it once the post's
    /// quote and repost are known.
    pub fn add_link(&mut self, raw: &str) {
        if let Some(l) = crate::link::Link::parse(raw) {
            self.add_parsed_link(l);
        }
    }

    /// [`Self::add_link`] of a link parsed already.
    pub fn add_parsed_link(&mut self, l: crate::link::Link) {
        if l.x_status().is_some() && (self.quote_of.is_some() || self.repost_of.is_some()) {
            return;
        }
        if !self.links.iter().any(|x| x.key == l.key) {
            self.links.push(l);
        }
    }
}

/// Lower-cases a hashtag and strips a leading `#`. Unicode-aware.
pub fn normalize_tag(tag: &str) -> String {
    tag.trim().trim_start_matches(['#', '＃']).to_lowercase()
}

/// Pushes a normalised hashtag unless empty or already present.
pub fn push_tag(tags: &mut Vec<String>, tag: &str) {
    let t = normalize_tag(tag);
    if !t.is_empty() && !tags.contains(&t) {
        tags.push(t);
    }
}

/// Strips a leading `@` and lower-cases: the CSV and edge-list account id.
pub fn handle_id(handle: &str) -> String {
    handle.trim().trim_start_matches(['@', '＠']).to_lowercase()
}

/// Builds a reference to an account known only by handle (CSV, edge lists).
pub fn handle_ref(handle: &str) -> Option<AccountRef> {
    let h = handle.trim().trim_start_matches(['@', '＠']);
    if h.is_empty() { None } else { Some(AccountRef::new(h.to_lowercase(), Some(h.to_string()))) }
}
