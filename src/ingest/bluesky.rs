//! Bluesky JSON lines, in either of the two common shapes (one reader, per
//! line): Jetstream firehose events (`kind`: commit, identity, account) and
//! AppView post views (`getAuthorFeed`, `searchPosts`, feed dumps), bare or
//! wrapped as feed items `{post, reason}`.
//!
//! Accounts are keyed by DID (handles change); handles come from identity
//! events, author views and the text of mention facets. A reference counts
//! only when its at-URI names an `app.bsky.feed.post`: embeds can also point
//! at lists, feeds or starter packs.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use super::json::{Count, IdStr, Lang, parse_line};
use super::reject::{Reject, RejectKind};
use super::response;
use super::{Account, AccountRef, Located, Post, Record, Target, UnitReader, push_tag};
use crate::time::parse_time;

type S<'a> = Cow<'a, str>;

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";
const EMBED_RECORD: &str = "app.bsky.embed.record";
const EMBED_RECORD_WITH_MEDIA: &str = "app.bsky.embed.recordWithMedia";
const FACET_MENTION: &str = "app.bsky.richtext.facet#mention";
const FACET_TAG: &str = "app.bsky.richtext.facet#tag";
const FACET_LINK: &str = "app.bsky.richtext.facet#link";
/// The repost reason of a feed item: the lexicon moved it from
/// `feedViewPost` to `defs` in 2023, and saved feeds hold both.
const REASON_REPOST: [&str; 2] = ["app.bsky.feed.defs#reasonRepost", "app.bsky.feed.feedViewPost#reasonRepost"];

/// One line: a Jetstream event, a post view, or a feed item. One type for
/// all shapes, so a line is parsed once; a feed item's `post` is a line of
/// the post-view shape.
#[derive(Deserialize, Default)]
#[serde(expecting = "a Bluesky event or post view")]
struct Line<'a> {
    // Jetstream
    #[serde(borrow, default)]
    did: Option<S<'a>>,
    #[serde(default)]
    time_us: Count,
    #[serde(borrow, default)]
    kind: Option<S<'a>>,
    #[serde(borrow, default)]
    commit: Option<Commit<'a>>,
    #[serde(borrow, default)]
    identity: Option<Identity<'a>>,
    // Post view
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
    #[serde(borrow, default)]
    author: Option<Profile<'a>>,
    #[serde(borrow, default)]
    record: Option<PostRecord<'a>>,
    #[serde(borrow, default, rename = "indexedAt")]
    indexed_at: Option<S<'a>>,
    #[serde(default, rename = "likeCount")]
    like_count: Count,
    #[serde(default, rename = "repostCount")]
    repost_count: Count,
    #[serde(default, rename = "replyCount")]
    reply_count: Count,
    // Feed item
    #[serde(borrow, default)]
    post: Option<Box<Line<'a>>>,
    #[serde(borrow, default)]
    reason: Option<Reason<'a>>,
    // Whole responses: getAuthorFeed and getTimeline (`feed`), searchPosts
    // (`posts`), getPostThread (`thread`); their records are read one by
    // one from the line (see `super::response`).
    #[serde(default)]
    feed: Option<IgnoredAny>,
    #[serde(default)]
    posts: Option<IgnoredAny>,
    #[serde(default)]
    thread: Option<IgnoredAny>,
    #[serde(default)]
    cursor: Option<IgnoredAny>,
}

/// A Jetstream commit. Its `record` is read only for posts and reposts;
/// other collections' records (likes, follows, third-party lexicons) have
/// shapes of their own and are skipped unread.
#[derive(Default)]
struct Commit<'a> {
    operation: Option<S<'a>>,
    collection: Option<S<'a>>,
    rkey: Option<S<'a>>,
    record: Option<PostRecord<'a>>,
}

fn wanted(collection: &str) -> bool {
    collection == POST || collection == REPOST
}

enum CommitField {
    Operation,
    Collection,
    Rkey,
    Record,
    Other,
}

impl<'de> Deserialize<'de> for CommitField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = CommitField;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a commit field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CommitField, E> {
                Ok(match v {
                    "operation" => CommitField::Operation,
                    "collection" => CommitField::Collection,
                    "rkey" => CommitField::Rkey,
                    "record" => CommitField::Record,
                    _ => CommitField::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Commit<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Commit<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a Jetstream commit object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Commit<'a>, A::Error> {
                let mut c = Commit::default();
                // Jetstream writes `collection` before `record`; in another
                // key order the record is kept as a value until the
                // collection is known.
                let mut unsure: Option<serde_json::Value> = None;
                while let Some(field) = map.next_key::<CommitField>()? {
                    match field {
                        CommitField::Operation => c.operation = map.next_value::<Option<IdStr<'de>>>()?.map(|s| s.0),
                        CommitField::Collection => c.collection = map.next_value::<Option<IdStr<'de>>>()?.map(|s| s.0),
                        CommitField::Rkey => c.rkey = map.next_value::<Option<IdStr<'de>>>()?.map(|s| s.0),
                        CommitField::Record => match c.collection.as_deref() {
                            Some(col) if wanted(col) => c.record = map.next_value()?,
                            Some(_) => {
                                map.next_value::<IgnoredAny>()?;
                            }
                            None => unsure = map.next_value()?,
                        },
                        CommitField::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                if let Some(v) = unsure.filter(|_| c.collection.as_deref().is_some_and(wanted)) {
                    c.record = Some(PostRecord::deserialize(v).map_err(de::Error::custom)?);
                }
                Ok(c)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(expecting = "an identity object")]
struct Identity<'a> {
    #[serde(borrow, default)]
    did: Option<S<'a>>,
    #[serde(borrow, default)]
    handle: Option<S<'a>>,
}

/// An author view (`profileViewBasic`) or a repost reason's `by`.
#[derive(Deserialize)]
#[serde(expecting = "an author profile object")]
struct Profile<'a> {
    #[serde(borrow, default)]
    did: Option<S<'a>>,
    #[serde(borrow, default)]
    handle: Option<S<'a>>,
    #[serde(borrow, default, rename = "displayName")]
    display_name: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a reason object")]
struct Reason<'a> {
    #[serde(borrow, default, rename = "$type")]
    kind: Option<S<'a>>,
    #[serde(borrow, default)]
    by: Option<Profile<'a>>,
    /// The repost record's at-URI (recent AppView versions).
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
    #[serde(borrow, default, rename = "indexedAt")]
    indexed_at: Option<S<'a>>,
}

/// An `app.bsky.feed.post` or `app.bsky.feed.repost` record.
#[derive(Deserialize)]
#[serde(expecting = "a post record object")]
struct PostRecord<'a> {
    #[serde(borrow, default)]
    text: Option<S<'a>>,
    #[serde(borrow, default, rename = "createdAt")]
    created_at: Option<S<'a>>,
    #[serde(borrow, default)]
    reply: Option<ReplyRef<'a>>,
    #[serde(borrow, default)]
    embed: Option<Embed<'a>>,
    #[serde(borrow, default)]
    facets: Option<Vec<Facet<'a>>>,
    #[serde(borrow, default)]
    tags: Option<Vec<S<'a>>>,
    /// The author's language tags; the first is the post's.
    #[serde(default)]
    langs: Lang,
    /// Reposts: the reposted post.
    #[serde(borrow, default)]
    subject: Option<StrongRef<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a strong reference object (uri, cid)")]
struct StrongRef<'a> {
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a reply reference object")]
struct ReplyRef<'a> {
    #[serde(borrow, default)]
    parent: Option<StrongRef<'a>>,
}

/// `app.bsky.embed.record` holds `record: {uri}`; `recordWithMedia` holds
/// `record: {record: {uri}}`. Other embeds (images, external, video) have
/// no `record`.
#[derive(Deserialize)]
#[serde(expecting = "an embed object")]
struct Embed<'a> {
    #[serde(borrow, default, rename = "$type")]
    kind: Option<S<'a>>,
    #[serde(borrow, default)]
    record: Option<EmbedRecord<'a>>,
    /// `app.bsky.embed.external` (a link card): `external: {uri, title}`.
    #[serde(borrow, default)]
    external: Option<External<'a>>,
    /// `recordWithMedia`: the media beside the record, an external card among them.
    #[serde(borrow, default)]
    media: Option<Box<Embed<'a>>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an external embed object")]
struct External<'a> {
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an embedded record object")]
struct EmbedRecord<'a> {
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
    #[serde(borrow, default)]
    record: Option<StrongRef<'a>>,
}

#[derive(Deserialize)]
struct Facet<'a> {
    #[serde(default)]
    index: Option<ByteSlice>,
    #[serde(borrow, default)]
    features: Option<Vec<Feature<'a>>>,
}

#[derive(Deserialize)]
struct ByteSlice {
    #[serde(default, rename = "byteStart")]
    start: Count,
    #[serde(default, rename = "byteEnd")]
    end: Count,
}

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(borrow, default, rename = "$type")]
    kind: Option<S<'a>>,
    #[serde(borrow, default)]
    did: Option<S<'a>>,
    #[serde(borrow, default)]
    tag: Option<S<'a>>,
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
}

fn nonempty<'s>(s: &'s Option<S<'_>>) -> Option<&'s str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A handle worth keeping (`handle.invalid` marks a handle that failed
/// verification).
fn handle(s: &Option<S<'_>>) -> Option<String> {
    nonempty(s).filter(|h| !h.eq_ignore_ascii_case("handle.invalid")).map(str::to_string)
}

impl Profile<'_> {
    fn account(&self) -> Option<Account> {
        Some(Account {
            id: nonempty(&self.did)?.to_string(),
            handle: handle(&self.handle),
            name: nonempty(&self.display_name).map(str::to_string),
            ..Account::default()
        })
    }
}

/// `did:<method>:<id>` with the characters the DID syntax allows.
fn is_did(s: &str) -> bool {
    let Some((method, id)) = s.strip_prefix("did:").and_then(|r| r.split_once(':')) else {
        return false;
    };
    !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && !id.is_empty()
        && !id.ends_with(':')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:%-".contains(&b))
}

/// Splits `at://<authority>/<collection>/<rkey>` into authority and
/// collection; `None` when the URI does not have that shape.
fn split_at_uri(uri: &str) -> Option<(&str, &str)> {
    let mut parts = uri.strip_prefix("at://")?.split('/');
    let (authority, collection, rkey) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && !authority.is_empty()
        && !rkey.is_empty()
        && !collection.is_empty()
        && collection.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !rkey.contains(|c: char| c.is_whitespace() || c == '?' || c == '#');
    ok.then_some((authority, collection))
}

/// The DID of a post's at-URI, when the URI is a well-formed post URI.
fn post_author(uri: &str) -> Option<&str> {
    split_at_uri(uri).filter(|(did, col)| *col == POST && is_did(did)).map(|(did, _)| did)
}

/// The target of a reply or quote at-URI: the post and its author (the
/// URI's DID); nothing when the URI names something other than a post (a
/// list, a feed, a starter pack); the post only (resolved by the builder,
/// or counted unresolved) when the URI is malformed.
fn post_ref(uri: &str) -> Option<Target> {
    let uri = uri.trim();
    if uri.is_empty() {
        return Some(Target::default());
    }
    match split_at_uri(uri) {
        Some((_, col)) if col != POST => None,
        Some((did, _)) if is_did(did) => {
            Some(Target { post: Some(uri.to_string()), author: Some(AccountRef::new(did, None)) })
        }
        _ => Some(Target::post(uri.to_string())),
    }
}

/// The handle written in a mention facet's byte range (`@name.host`), if
/// the range is valid for `text` and holds a handle.
fn span_handle(text: &str, index: Option<&ByteSlice>) -> Option<String> {
    let index = index?;
    let (start, end) = (usize::try_from(index.start.0?).ok()?, usize::try_from(index.end.0?).ok()?);
    // `get` returns None out of bounds, for start > end, and off char boundaries.
    let h = text.get(start..end)?.trim().strip_prefix('@')?;
    let ok = h.contains('.') && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    ok.then(|| h.to_ascii_lowercase())
}

/// A post from an `app.bsky.feed.post` record.
fn post_from_record(key: String, author: Account, rec: &PostRecord<'_>, fallback_time: Option<i64>) -> Post {
    let text = rec.text.as_deref().unwrap_or_default();
    let mut post = Post {
        key,
        author,
        time: rec.created_at.as_deref().and_then(parse_time).or(fallback_time),
        text: text.to_string(),
        lang: rec.langs.0.clone(),
        ..Post::default()
    };
    if let Some(reply) = &rec.reply {
        // A reply always refers to a post; without a parent URI it is unresolved.
        post.reply_to = match reply.parent.as_ref().and_then(|p| p.uri.as_deref()) {
            Some(uri) => post_ref(uri),
            None => Some(Target::default()),
        };
    }
    if let Some(embed) = &rec.embed {
        let uri = match embed.kind.as_deref() {
            Some(EMBED_RECORD) => embed.record.as_ref().and_then(|r| r.uri.as_deref()),
            Some(EMBED_RECORD_WITH_MEDIA) => {
                embed.record.as_ref().and_then(|r| r.record.as_ref()).and_then(|r| r.uri.as_deref())
            }
            _ => None,
        };
        post.quote_of = uri.and_then(post_ref);
    }
    for facet in rec.facets.iter().flatten() {
        for feature in facet.features.iter().flatten() {
            match feature.kind.as_deref() {
                Some(FACET_MENTION) => {
                    let did = nonempty(&feature.did).filter(|d| is_did(d));
                    // An empty id marks a mention the builder counts as unresolved.
                    post.mentions.push(AccountRef {
                        id: did.unwrap_or_default().to_string(),
                        handle: did.and_then(|_| span_handle(text, facet.index.as_ref())),
                    });
                }
                Some(FACET_TAG) => {
                    if let Some(tag) = feature.tag.as_deref() {
                        push_tag(&mut post.hashtags, tag);
                    }
                }
                _ => {}
            }
        }
    }
    for tag in rec.tags.iter().flatten() {
        push_tag(&mut post.hashtags, tag);
    }
    add_links(rec, &mut post);
    post
}

/// The links a post record shares: link facets in its text, then the
/// external card it embeds (alone or beside a record).
fn add_links(rec: &PostRecord<'_>, post: &mut Post) {
    for facet in rec.facets.iter().flatten() {
        for feature in facet.features.iter().flatten() {
            if feature.kind.as_deref() == Some(FACET_LINK)
                && let Some(uri) = nonempty(&feature.uri)
            {
                post.add_link(uri);
            }
        }
    }
    let embed = rec.embed.as_ref();
    for e in [embed, embed.and_then(|e| e.media.as_deref())].into_iter().flatten() {
        if let Some(uri) = e.external.as_ref().and_then(|x| nonempty(&x.uri)) {
            post.add_link(uri);
        }
    }
}

/// Reads Bluesky lines: Jetstream events and AppView post views.
pub struct BlueskyReader;

impl UnitReader for BlueskyReader {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        read_record(unit, line, out);
    }
}

/// One event, post view or feed item; or a whole response (a JSON array
/// of them, `feed`, `posts`, `thread`), read record by record.
fn read_record(unit: &[u8], line: u64, out: &mut Vec<Located>) {
    if response::read_array(unit, line, out, &read_record) {
        return;
    }
    let l: Line<'_> = match parse_line(unit) {
        Ok(v) => v,
        Err(why) => {
            out.push((line, Record::Rejected(why)));
            return;
        }
    };
    let record = if l.kind.is_some() || l.commit.is_some() || l.identity.is_some() {
        jetstream(&l, line, out)
    } else if let Some(view) = &l.post {
        feed_item(view, l.reason.as_ref(), line, out)
    } else if l.uri.is_some() || l.author.is_some() || l.record.is_some() {
        post_view(&l)
    } else if l.feed.is_some() || l.posts.is_some() {
        let key = if l.feed.is_some() { "feed" } else { "posts" };
        return response::read_member_list(unit, line, key, out, &read_record);
    } else if l.thread.is_some() {
        return thread(unit, line, out);
    } else if l.cursor.is_some() {
        Record::Skipped("response page with no posts")
    } else {
        Record::Rejected(Reject::new(
            RejectKind::NotThisFormat,
            "not a Bluesky event, post view or response (no did, uri, post or feed)",
        ))
    };
    out.push((line, record));
}

/// A getPostThread response: `thread` is a thread view post with its
/// `parent` (up to the root) and `replies` (each a thread view post). Read
/// root first: the ancestors, the post, then each reply and its replies.
/// Entries that are not found or blocked are skipped.
fn thread(unit: &[u8], line: u64, out: &mut Vec<Located>) {
    let Some((offset, _)) = response::member(unit, "thread") else {
        out.push((line, Record::Rejected(Reject::new(RejectKind::Json, "the \"thread\" cannot be read"))));
        return;
    };
    let mut index = 0;
    thread_node(unit, line, offset, true, &mut index, out);
}

fn thread_node(unit: &[u8], line: u64, offset: usize, up: bool, index: &mut usize, out: &mut Vec<Located>) {
    let here = response::line_at(unit, line, offset);
    let members = match response::object_members(unit, offset) {
        Ok(m) => m,
        Err(e) => {
            out.push((here, Record::Rejected(e.in_list("thread", *index))));
            *index += 1;
            return;
        }
    };
    let get = |key: &str| members.iter().find(|(k, _, _)| *k == key.as_bytes()).map(|(_, o, v)| (*o, *v));
    if up && let Some((parent, _)) = get("parent") {
        thread_node(unit, line, parent, true, index, out);
    }
    match get("post") {
        Some((at, post)) => {
            let start = out.len();
            read_record(post, response::line_at(unit, line, at), out);
            for (_, rec) in &mut out[start..] {
                if let Record::Rejected(why) = rec {
                    why.item = Some(super::reject::Item { list: "thread", index: *index });
                }
            }
        }
        None => out.push((here, Record::Skipped("thread entry not found or blocked"))),
    }
    *index += 1;
    if let Some((at, replies)) = get("replies") {
        let (items, error) = response::array_items(replies, 0);
        for (item_at, _) in items {
            thread_node(unit, line, at + item_at, false, index, out);
        }
        if let Some(e) = error {
            out.push((here, Record::Rejected(e.in_list("thread", *index))));
        }
    }
}

fn jetstream(l: &Line<'_>, line: u64, out: &mut Vec<Located>) -> Record {
    match l.kind.as_deref() {
        Some("identity") => identity(l, line, out),
        None if l.commit.is_none() => identity(l, line, out),
        Some("commit") | None => commit(l),
        Some("account") => Record::Skipped("account event"),
        Some(_) => Record::Skipped("unknown Jetstream event kind"),
    }
}

/// An identity event gives a DID its handle; it is a record, not a post.
fn identity(l: &Line<'_>, line: u64, out: &mut Vec<Located>) -> Record {
    let ident = l.identity.as_ref();
    let did = ident.and_then(|i| nonempty(&i.did)).or_else(|| nonempty(&l.did));
    let handle = ident.and_then(|i| handle(&i.handle));
    if let (Some(did), Some(handle)) = (did, handle) {
        out.push((line, Record::Account(Account { id: did.to_string(), handle: Some(handle), ..Account::default() })));
    }
    Record::Skipped("identity event")
}

fn commit(l: &Line<'_>) -> Record {
    let Some(c) = &l.commit else {
        return Record::Rejected(Reject::new(RejectKind::Missing, "commit event has no commit"));
    };
    match c.operation.as_deref() {
        Some("create") => {}
        Some("delete") => return Record::Skipped("delete event"),
        Some("update") => return Record::Skipped("update event"),
        _ => return Record::Skipped("unknown commit operation"),
    }
    let collection = c.collection.as_deref().unwrap_or_default();
    if !wanted(collection) {
        return Record::Skipped(match collection {
            "app.bsky.feed.like" => "like",
            "app.bsky.graph.follow" => "follow",
            "app.bsky.graph.block" => "block",
            "app.bsky.actor.profile" => "profile record",
            _ => "not a post or repost",
        });
    }
    let Some(did) = nonempty(&l.did) else {
        return Record::Rejected(Reject::new(RejectKind::Missing, "commit event has no did"));
    };
    let Some(rkey) = nonempty(&c.rkey) else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "commit by '{}' has no rkey", &[&did]));
    };
    let key = format!("at://{did}/{collection}/{rkey}");
    let Some(rec) = &c.record else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "commit '{}' has no record", &[&key]));
    };
    let author = Account { id: did.to_string(), ..Account::default() };
    let fallback_time = l.time_us.0.map(|us| (us / 1_000_000) as i64);
    if collection == POST {
        return Record::Post(Box::new(post_from_record(key, author, rec, fallback_time)));
    }
    let Some(subject) = rec.subject.as_ref().and_then(|s| nonempty(&s.uri)) else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "repost '{}' has no subject uri", &[&key]));
    };
    // A repost carries no other edge, and its record has no text.
    Record::Post(Box::new(Post {
        key,
        author,
        time: rec.created_at.as_deref().and_then(parse_time).or(fallback_time),
        repost_of: Some(post_ref(subject).unwrap_or_else(|| Target::post(subject.to_string()))),
        ..Post::default()
    }))
}

fn post_view(v: &Line<'_>) -> Record {
    let Some(uri) = nonempty(&v.uri) else {
        return Record::Rejected(Reject::new(RejectKind::Missing, "post view has no uri"));
    };
    let Some(author) = v.author.as_ref().and_then(Profile::account) else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "post view '{}' has no author did", &[&uri]));
    };
    let Some(rec) = &v.record else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "post view '{}' has no record", &[&uri]));
    };
    let fallback_time = v.indexed_at.as_deref().and_then(parse_time);
    let mut post = post_from_record(uri.to_string(), author, rec, fallback_time);
    post.counters = crate::ingest::Counters {
        likes: v.like_count.0,
        reposts: v.repost_count.0,
        replies: v.reply_count.0,
        impressions: None,
    };
    Record::Post(Box::new(post))
}

fn feed_item(view: &Line<'_>, reason: Option<&Reason<'_>>, line: u64, out: &mut Vec<Located>) -> Record {
    let Some(reason) = reason.filter(|r| r.kind.as_deref().is_some_and(|k| REASON_REPOST.contains(&k))) else {
        // A post in a feed, or pinned: the post itself.
        return post_view(view);
    };
    let Some(by) = reason.by.as_ref().and_then(Profile::account) else {
        return Record::Rejected(Reject::new(RejectKind::Missing, "repost reason has no 'by' did"));
    };
    let Some(uri) = nonempty(&view.uri) else {
        return Record::Rejected(Reject::with(
            RejectKind::Missing,
            "repost by '{}' of a post view with no uri",
            &[&by.id],
        ));
    };
    let original = view.author.as_ref().and_then(Profile::account);
    let author =
        original.as_ref().map(Account::as_ref).or_else(|| post_author(uri).map(|did| AccountRef::new(did, None)));
    if let Some(a) = original {
        out.push((line, Record::Account(a)));
    }
    // The repost record's own URI when the view gives it (the key a
    // Jetstream repost has), else a key stable across reads of the item.
    let key = match nonempty(&reason.uri).filter(|u| split_at_uri(u).is_some()) {
        Some(u) => u.to_string(),
        None => format!("repost:{}:{uri}", by.id),
    };
    let mut post = Post {
        key,
        author: by,
        time: reason.indexed_at.as_deref().and_then(parse_time),
        // The reposted post's language, so that `--lang` keeps or drops both alike.
        lang: view.record.as_ref().and_then(|r| r.langs.0.clone()),
        repost_of: Some(Target { post: Some(uri.to_string()), author }),
        ..Post::default()
    };
    // And its links, as an X retweet carries them.
    if let Some(rec) = &view.record {
        add_links(rec, &mut post);
    }
    Record::Post(Box::new(post))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<Record> {
        read_bytes(line.as_bytes())
    }

    fn read_bytes(line: &[u8]) -> Vec<Record> {
        let mut out = Vec::new();
        BlueskyReader.read_unit(line, 9, &mut out);
        assert!(out.iter().all(|(l, _)| *l == 9));
        out.into_iter().map(|(_, r)| r).collect()
    }

    fn post(recs: &[Record]) -> Post {
        match recs.last() {
            Some(Record::Post(p)) => (**p).clone(),
            other => panic!("expected a post, got {other:?}"),
        }
    }

    fn reject(line: &[u8]) -> String {
        match &read_bytes(line)[..] {
            [Record::Rejected(why)] => why.message(),
            other => panic!("expected a reject, got {other:?}"),
        }
    }

    const ANA: &str = "did:plc:kbicl5hb6ahpfmymoiaggvk4";
    const BEN: &str = "did:plc:ewc5der4avvmxdksox2o653v";
    const CLARA: &str = "did:plc:ebqqm7wedcuhadxhevqqbeph";

    fn jetstream_post(record: &str) -> String {
        format!(
            r#"{{"did":"{BEN}","time_us":1762247440000000,"kind":"commit","commit":{{"rev":"r","operation":"create","collection":"app.bsky.feed.post","rkey":"3m4s6uept222q","record":{record},"cid":"c"}}}}"#
        )
    }

    #[test]
    fn jetstream_reply_with_facets_and_tags() {
        // "📊 " is 5 bytes: facets use UTF-8 byte offsets.
        let text = "📊 @drana.bsky.social — ask @Clara.bsky.social #RWE";
        let start_a = text.find("@drana").unwrap();
        let start_c = text.find("@Clara").unwrap();
        let record = format!(
            r#"{{"$type":"app.bsky.feed.post","createdAt":"2025-11-04T09:10:40.000Z","text":"{text}","facets":[{{"index":{{"byteStart":{start_a},"byteEnd":{}}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{ANA}"}}]}},{{"index":{{"byteStart":{start_c},"byteEnd":{}}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{CLARA}"}}]}},{{"index":{{"byteStart":0,"byteEnd":1}},"features":[{{"$type":"app.bsky.richtext.facet#tag","tag":"RWE"}}]}}],"tags":["GeriatricOncology","rwe"],"reply":{{"root":{{"uri":"at://{ANA}/app.bsky.feed.post/root"}},"parent":{{"uri":"at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f"}}}}}}"#,
            start_a + "@drana.bsky.social".len(),
            start_c + "@Clara.bsky.social".len(),
        );
        let p = post(&read(&jetstream_post(&record)));
        assert_eq!(p.key, format!("at://{BEN}/app.bsky.feed.post/3m4s6uept222q"));
        assert_eq!(p.author, Account { id: BEN.into(), ..Account::default() });
        assert_eq!(p.time, Some(1_762_247_440));
        assert_eq!(p.text, text);
        assert_eq!(
            p.reply_to,
            Some(Target {
                post: Some(format!("at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f")),
                author: Some(AccountRef::new(ANA, None))
            })
        );
        assert_eq!(
            p.mentions,
            [
                AccountRef::new(ANA, Some("drana.bsky.social".into())),
                AccountRef::new(CLARA, Some("clara.bsky.social".into()))
            ]
        );
        assert_eq!(p.hashtags, ["rwe", "geriatriconcology"]);
        assert!(p.quote_of.is_none() && p.repost_of.is_none());
    }

    #[test]
    fn bad_facet_ranges_keep_the_mention_without_handle() {
        let text = "é @drana.bsky.social";
        for (start, end) in [(1, 20), (3, 200), (10, 3), (2, 8)] {
            let record = format!(
                r#"{{"text":"{text}","facets":[{{"index":{{"byteStart":{start},"byteEnd":{end}}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{ANA}"}}]}}]}}"#
            );
            let p = post(&read(&jetstream_post(&record)));
            assert_eq!(p.mentions, [AccountRef::new(ANA, None)], "{start}..{end}");
        }
        // No createdAt: the event time.
        let p = post(&read(&jetstream_post(r#"{"text":"hi"}"#)));
        assert_eq!(p.time, Some(1_762_247_440));
    }

    #[test]
    fn embeds_count_as_quotes_only_for_posts() {
        let quote_of =
            |embed: &str| post(&read(&jetstream_post(&format!(r#"{{"text":"x","embed":{embed}}}"#)))).quote_of;
        let to_post = format!("at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f");
        let want = Some(Target { post: Some(to_post.clone()), author: Some(AccountRef::new(ANA, None)) });
        assert_eq!(
            quote_of(&format!(r#"{{"$type":"app.bsky.embed.record","record":{{"cid":"c","uri":"{to_post}"}}}}"#)),
            want
        );
        assert_eq!(
            quote_of(&format!(
                r#"{{"$type":"app.bsky.embed.recordWithMedia","media":{{"$type":"app.bsky.embed.images","images":[]}},"record":{{"record":{{"cid":"c","uri":"{to_post}"}}}}}}"#
            )),
            want
        );
        for other in ["app.bsky.graph.starterpack", "app.bsky.graph.list", "app.bsky.feed.generator"] {
            let embed =
                format!(r#"{{"$type":"app.bsky.embed.record","record":{{"uri":"at://{CLARA}/{other}/3lxq"}}}}"#);
            assert_eq!(quote_of(&embed), None, "{other}");
        }
        assert_eq!(quote_of(r#"{"$type":"app.bsky.embed.images","images":[{"alt":"x"}]}"#), None);
        assert_eq!(quote_of(r#"{"$type":"app.bsky.embed.external","external":{"uri":"https://x.org"}}"#), None);
        // Malformed or handle-keyed URIs: no guessed author; the builder may resolve the post.
        for bad in [
            "at://did:plc:/app.bsky.feed.post/x",
            "at://drana.bsky.social/app.bsky.feed.post/x",
            "https://bsky.app/profile/x/post/y",
            "at://did:plc:abc/app.bsky.feed.post",
        ] {
            let embed = format!(r#"{{"$type":"app.bsky.embed.record","record":{{"uri":"{bad}"}}}}"#);
            assert_eq!(quote_of(&embed), Some(Target::post(bad.into())), "{bad}");
        }
    }

    #[test]
    fn jetstream_repost_identity_and_skips() {
        let repost = format!(
            r#"{{"did":"{BEN}","time_us":1762248782000000,"kind":"commit","commit":{{"operation":"create","collection":"app.bsky.feed.repost","rkey":"3m4sa4ekfw24h","record":{{"$type":"app.bsky.feed.repost","createdAt":"2025-11-04T09:33:02.000Z","subject":{{"cid":"c","uri":"at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f"}}}}}}}}"#
        );
        let p = post(&read(&repost));
        assert_eq!(p.key, format!("at://{BEN}/app.bsky.feed.repost/3m4sa4ekfw24h"));
        assert_eq!(p.repost_of.as_ref().and_then(|t| t.author.clone()), Some(AccountRef::new(ANA, None)));
        assert!(p.mentions.is_empty() && p.text.is_empty());

        let identity = format!(
            r#"{{"did":"{ANA}","time_us":1,"kind":"identity","identity":{{"did":"{ANA}","handle":"drana.bsky.social","seq":1}}}}"#
        );
        assert_eq!(
            read(&identity),
            [
                Record::Account(Account {
                    id: ANA.into(),
                    handle: Some("drana.bsky.social".into()),
                    ..Account::default()
                }),
                Record::Skipped("identity event")
            ]
        );
        let skipped = |l: &str| match &read(l)[..] {
            [Record::Skipped(why)] => *why,
            other => panic!("expected a skip, got {other:?}"),
        };
        assert_eq!(
            skipped(&format!(r#"{{"did":"{ANA}","kind":"account","account":{{"active":false,"did":"{ANA}"}}}}"#)),
            "account event"
        );
        assert_eq!(
            skipped(&format!(
                r#"{{"did":"{ANA}","kind":"commit","commit":{{"operation":"delete","collection":"app.bsky.feed.post","rkey":"x"}}}}"#
            )),
            "delete event"
        );
        assert_eq!(
            skipped(&format!(
                r#"{{"did":"{ANA}","kind":"commit","commit":{{"operation":"update","collection":"app.bsky.feed.post","rkey":"x","record":{{"text":"edited"}}}}}}"#
            )),
            "update event"
        );
        // A follow's subject is a string: never read as a post record, in either key order.
        for commit in [
            r#"{"operation":"create","collection":"app.bsky.graph.follow","rkey":"x","record":{"subject":"did:plc:x"}}"#,
            r#"{"record":{"subject":"did:plc:x","createdAt":7},"rkey":"x","operation":"create","collection":"app.bsky.graph.follow"}"#,
        ] {
            assert_eq!(skipped(&format!(r#"{{"did":"{ANA}","kind":"commit","commit":{commit}}}"#)), "follow");
        }
        // A post record before its collection is still read.
        let late = format!(
            r#"{{"did":"{ANA}","kind":"commit","commit":{{"record":{{"text":"hi","tags":["late"]}},"rkey":"k","operation":"create","collection":"app.bsky.feed.post"}}}}"#
        );
        assert_eq!(post(&read(&late)).hashtags, ["late"]);
        assert_eq!(
            skipped(&format!(
                r#"{{"did":"{ANA}","kind":"commit","commit":{{"operation":"create","collection":"app.bsky.feed.like","rkey":"x","record":{{"subject":{{"uri":"at://x"}}}}}}}}"#
            )),
            "like"
        );
    }

    const VIEW: &str = r#"{"uri":"at://did:plc:kbicl5hb6ahpfmymoiaggvk4/app.bsky.feed.post/3m4s6fc5wg22f","cid":"c","author":{"did":"did:plc:kbicl5hb6ahpfmymoiaggvk4","handle":"drana.bsky.social","displayName":"Dr. Ana Rana"},"record":{"$type":"app.bsky.feed.post","createdAt":"2025-11-04T09:02:14.000Z","text":"Thoughts @bkoh.bsky.social?","facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:ewc5der4avvmxdksox2o653v"}],"index":{"byteEnd":26,"byteStart":9}}]},"replyCount":2,"indexedAt":"2025-11-04T09:02:15.000Z"}"#;

    #[test]
    fn post_view_and_plain_feed_item() {
        let p = post(&read(VIEW));
        assert_eq!(p.key, format!("at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f"));
        assert_eq!(
            p.author,
            Account {
                id: ANA.into(),
                handle: Some("drana.bsky.social".into()),
                name: Some("Dr. Ana Rana".into()),
                ..Account::default()
            }
        );
        assert_eq!(p.time, Some(1_762_246_934));
        assert_eq!(p.mentions, [AccountRef::new(BEN, Some("bkoh.bsky.social".into()))]);
        // Without a repost reason (or with a pin), a feed item is its post.
        assert_eq!(post(&read(&format!(r#"{{"post":{VIEW}}}"#))), p);
        assert_eq!(
            post(&read(&format!(r#"{{"post":{VIEW},"reason":{{"$type":"app.bsky.feed.defs#reasonPin"}}}}"#))),
            p
        );
    }

    #[test]
    fn feed_item_repost_is_a_repost_by_reason_by() {
        let by = format!(r#"{{"did":"{BEN}","handle":"bkoh.bsky.social","displayName":"Ben"}}"#);
        let with_uri = format!(
            r#"{{"post":{VIEW},"reason":{{"$type":"app.bsky.feed.defs#reasonRepost","by":{by},"uri":"at://{BEN}/app.bsky.feed.repost/3m4sa4ekfw24h","indexedAt":"2025-11-04T09:33:02.000Z"}}}}"#
        );
        let recs = read(&with_uri);
        assert!(matches!(&recs[0], Record::Account(a) if a.id == ANA && a.name.as_deref() == Some("Dr. Ana Rana")));
        let p = post(&recs);
        assert_eq!(
            p.key,
            format!("at://{BEN}/app.bsky.feed.repost/3m4sa4ekfw24h"),
            "the Jetstream key of the same repost"
        );
        assert_eq!(p.author.id, BEN);
        assert_eq!(p.author.name.as_deref(), Some("Ben"));
        assert_eq!(p.time, Some(1_762_248_782));
        assert_eq!(
            p.repost_of,
            Some(Target {
                post: Some(format!("at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f")),
                author: Some(AccountRef::new(ANA, Some("drana.bsky.social".into())))
            })
        );
        assert!(p.mentions.is_empty(), "a repost carries no mentions");

        let without_uri =
            format!(r#"{{"post":{VIEW},"reason":{{"$type":"app.bsky.feed.defs#reasonRepost","by":{by}}}}}"#);
        let p1 = post(&read(&without_uri));
        assert_eq!(p1.key, format!("repost:{BEN}:at://{ANA}/app.bsky.feed.post/3m4s6fc5wg22f"));
        assert_eq!(post(&read(&without_uri)).key, p1.key, "the same repost read twice has one key");
    }

    #[test]
    fn bad_lines_are_rejected_not_panicked() {
        assert!(reject(br#"{"uri":"at://x","record":{"text":"no author"}}"#).contains("has no author"));
        assert!(reject(br#"{"uri":"at://x","author":{"handle":"a.b"},"record":{}}"#).contains("has no author"));
        assert!(reject(br#"{"author":{"did":"did:plc:a"},"record":{}}"#).contains("no uri"));
        assert!(reject(br#"{"uri":"at://x","author":{"did":"did:plc:a"}}"#).contains("no record"));
        assert!(
            reject(br#"{"post":{"uri":"at://x"},"reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{}}}"#)
                .contains("'by'")
        );
        assert!(reject(br#"{"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"k","record":{}}}"#).contains("no did"));
        assert!(reject(br#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"k"}}"#).contains("no record"));
        assert!(reject(br#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.repost","rkey":"k","record":{}}}"#).contains("no subject"));
        assert!(reject(br#"{"did":"did:plc:a","kind":"commit"}"#).contains("no commit"));
        assert!(
            reject(br#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"create","#)
                .starts_with("invalid JSON")
        );
        assert!(
            reject(b"{\"uri\":\"at://x\",\"author\":{\"did\":\"did:plc:a\"},\"record\":{\"text\":\"\xc3\x28\"}}")
                .starts_with("line is not valid UTF-8")
        );
        assert!(
            reject(br#"{"uri":"at://x","author":{"did":"did:plc:a"},"record":{"text":"x","facets":"oops"}}"#)
                .starts_with("unexpected JSON value")
        );
        let messages: Vec<String> = read("[1,2]")
            .iter()
            .map(|r| if let Record::Rejected(w) = r { w.message() } else { format!("{r:?}") })
            .collect();
        assert_eq!(messages, ["record 1 of the list: not a JSON object", "record 2 of the list: not a JSON object"]);
        assert!(reject(b"{}").starts_with("not a Bluesky event"), "an object of no known shape is rejected");
        assert!(reject(br#"{"id":"1","account":{"acct":"a"}}"#).starts_with("not a Bluesky event"));
        assert!(matches!(read(r#"{"cursor":"abc"}"#)[..], [Record::Skipped(_)]));
    }

    /// The records of a unit with their lines, for responses.
    fn read_located(unit: &str) -> Vec<(u64, Record)> {
        let mut out = Vec::new();
        BlueskyReader.read_unit(unit.as_bytes(), 3, &mut out);
        out
    }

    #[test]
    fn whole_responses_are_read_record_by_record() {
        let by = format!(r#"{{"did":"{BEN}","handle":"bkoh.bsky.social"}}"#);
        // getAuthorFeed: a post, a repost under the 2023 reason type, and a
        // record that is not a post view; spread over lines as a
        // pretty-printer writes it.
        let feed = format!(
            "{{\"feed\": [\n  {{\"post\": {VIEW}}},\n  {{\"post\": {VIEW}, \"reason\": {{\"$type\": \"app.bsky.feed.feedViewPost#reasonRepost\", \"by\": {by}}}}},\n  {{\"post\": {{\"uri\": \"at://x\"}}}}\n], \"cursor\": \"c\"}}"
        );
        let recs = read_located(&feed);
        let posts: Vec<(u64, &Post)> =
            recs.iter().filter_map(|(l, r)| if let Record::Post(p) = r { Some((*l, &**p)) } else { None }).collect();
        assert_eq!(posts.len(), 2, "{recs:?}");
        assert_eq!(posts[0].0, 4);
        assert_eq!((posts[1].0, posts[1].1.author.id.as_str()), (5, BEN), "the old reason type is a repost by `by`");
        assert!(posts[1].1.repost_of.is_some());
        let Some((6, Record::Rejected(why))) = recs.last() else { panic!("{recs:?}") };
        assert_eq!(why.message(), "record 3 of the feed: post view 'at://x' has no author did");
        assert_eq!(why.class(), "post view '…' has no author did", "the class leaves out the place and the uri");
        assert_eq!(why.kind, RejectKind::Missing);
        // searchPosts
        let recs = read_located(&format!(r#"{{"posts":[{VIEW},{VIEW}],"hitsTotal":2}}"#));
        assert_eq!(recs.iter().filter(|(_, r)| matches!(r, Record::Post(_))).count(), 2);
        // getPostThread: parent first, then the post, then replies (one not found).
        let post = |rkey: &str, did: &str| {
            format!(
                r#"{{"uri":"at://{did}/app.bsky.feed.post/{rkey}","author":{{"did":"{did}"}},"record":{{"text":"{rkey}"}}}}"#
            )
        };
        let thread = format!(
            r#"{{"thread":{{"$type":"app.bsky.feed.defs#threadViewPost","post":{},"parent":{{"$type":"app.bsky.feed.defs#threadViewPost","post":{}}},"replies":[{{"$type":"app.bsky.feed.defs#threadViewPost","post":{},"replies":[{{"$type":"app.bsky.feed.defs#threadViewPost","post":{}}}]}},{{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://x","notFound":true}}]}}}}"#,
            post("b", BEN),
            post("a", ANA),
            post("c", CLARA),
            post("d", ANA)
        );
        let texts: Vec<String> = read_located(&thread)
            .into_iter()
            .map(|(_, r)| match r {
                Record::Post(p) => p.text,
                Record::Skipped(why) => why.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["a", "b", "c", "d", "thread entry not found or blocked"]);
    }

    #[test]
    fn at_uris_are_split_robustly() {
        assert_eq!(post_author(&format!("at://{ANA}/app.bsky.feed.post/3m4s")), Some(ANA));
        assert_eq!(post_author("at://did:web:example.com/app.bsky.feed.post/3m4s"), Some("did:web:example.com"));
        for bad in [
            "",
            "at://",
            "at:///app.bsky.feed.post/x",
            "at://did:plc:x/app.bsky.feed.post/",
            "at://did:plc:x/app.bsky.feed.post/a/b",
            "at://did:plc:x/app.bsky.graph.list/x",
            "at://did:PLC:x/app.bsky.feed.post/x",
            "at://did:plc:x y/app.bsky.feed.post/x",
            "at://dïd:plc:x/app.bsky.feed.post/x",
        ] {
            assert_eq!(post_author(bad), None, "{bad}");
        }
    }
}
