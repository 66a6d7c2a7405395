//! X / Twitter API v2 JSON lines: response pages (`data` + `includes`) or
//! one flattened tweet per line (twarc's `author`, `in_reply_to_user`,
//! `referenced_tweets[].tweet`).
//!
//! One line type reads both shapes, so a line is parsed once. Strings are
//! borrowed from the line where JSON escapes allow it.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::json::{Count, Lang, nonempty, parse_line};
use super::reject::{Reject, RejectKind};
use super::{Account, AccountRef, Located, Post, Record, Target, UnitReader, push_tag};

type S<'a> = Cow<'a, str>;

/// `data` holds a list of tweets (search, timelines) or one tweet (lookup).
/// A visitor rather than `#[serde(untagged)]`, which would buffer the page.
enum OneOrMany<T> {
    Many(Vec<T>),
    One(Box<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a tweet or a list of tweets")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(t) = seq.next_element()? {
                    v.push(t);
                }
                Ok(OneOrMany::Many(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(|t| OneOrMany::One(Box::new(t)))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an includes object")]
struct Includes<'a> {
    #[serde(borrow, default)]
    users: Vec<User<'a>>,
    #[serde(borrow, default)]
    tweets: Vec<Tweet<'a>>,
}

/// A tweet; on a page line, also the page's `data` and `includes` (one
/// type reads both shapes of line in a single pass).
#[derive(Deserialize, Default)]
#[serde(expecting = "a tweet object")]
struct Tweet<'a> {
    #[serde(borrow, default)]
    data: Option<OneOrMany<Tweet<'a>>>,
    #[serde(borrow, default)]
    includes: Option<Includes<'a>>,
    #[serde(borrow, default)]
    id: Option<S<'a>>,
    #[serde(borrow, default)]
    author_id: Option<S<'a>>,
    #[serde(borrow, default)]
    created_at: Option<S<'a>>,
    #[serde(borrow, default)]
    text: Option<S<'a>>,
    #[serde(borrow, default)]
    in_reply_to_user_id: Option<S<'a>>,
    #[serde(borrow, default)]
    referenced_tweets: Option<Vec<RefTweet<'a>>>,
    #[serde(borrow, default)]
    entities: Option<Entities<'a>>,
    #[serde(default)]
    lang: Lang,
    #[serde(default)]
    public_metrics: Option<TweetMetrics>,
    /// Flattened dumps: the author's user object.
    #[serde(borrow, default)]
    author: Option<User<'a>>,
    /// Flattened dumps: the replied-to user's object.
    #[serde(borrow, default)]
    in_reply_to_user: Option<User<'a>>,
    /// Objects that are not tweets, found in the same dumps: a user
    /// (`username`), a list (`owner_id`, `member_count`), an error page
    /// (`errors`), a page with no results (`meta` only).
    #[serde(default)]
    username: Option<IgnoredAny>,
    #[serde(default)]
    owner_id: Option<IgnoredAny>,
    #[serde(default)]
    member_count: Option<IgnoredAny>,
    #[serde(default)]
    errors: Option<IgnoredAny>,
    #[serde(default)]
    meta: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(expecting = "a referenced_tweets entry (object)")]
struct RefTweet<'a> {
    #[serde(borrow, rename = "type")]
    kind: S<'a>,
    #[serde(borrow)]
    id: S<'a>,
    /// Flattened dumps (input-formats.md): the referenced tweet.
    #[serde(borrow, default)]
    tweet: Option<Box<Tweet<'a>>>,
    /// `twarc2 flatten` merges the referenced tweet's fields into the entry.
    #[serde(borrow, default)]
    author_id: Option<S<'a>>,
    #[serde(borrow, default)]
    author: Option<User<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an entities object")]
struct Entities<'a> {
    #[serde(borrow, default)]
    mentions: Vec<MentionEntity<'a>>,
    #[serde(borrow, default)]
    hashtags: Vec<TagEntity<'a>>,
    #[serde(borrow, default)]
    urls: Vec<super::json::UrlEntity<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a mentions entry (object)")]
struct MentionEntity<'a> {
    #[serde(borrow, default)]
    username: Option<S<'a>>,
    #[serde(borrow, default)]
    id: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a hashtags entry (object)")]
struct TagEntity<'a> {
    #[serde(borrow, default)]
    tag: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a user object")]
struct User<'a> {
    #[serde(borrow, default)]
    id: Option<S<'a>>,
    #[serde(borrow, default)]
    username: Option<S<'a>>,
    #[serde(borrow, default)]
    name: Option<S<'a>>,
    #[serde(borrow, default)]
    description: Option<S<'a>>,
    #[serde(default)]
    public_metrics: Option<UserMetrics>,
}

#[derive(Deserialize)]
#[serde(expecting = "a public_metrics object")]
struct UserMetrics {
    #[serde(default)]
    followers_count: Count,
}

/// A tweet's `public_metrics` (`impression_count` since 2022).
#[derive(Deserialize)]
#[serde(expecting = "a public_metrics object")]
struct TweetMetrics {
    #[serde(default)]
    like_count: Count,
    #[serde(default)]
    retweet_count: Count,
    #[serde(default)]
    reply_count: Count,
    #[serde(default)]
    impression_count: Count,
}

impl TweetMetrics {
    fn counters(&self) -> super::Counters {
        super::Counters {
            likes: self.like_count.0,
            reposts: self.retweet_count.0,
            replies: self.reply_count.0,
            impressions: self.impression_count.0,
        }
    }
}

impl User<'_> {
    fn account(&self) -> Option<Account> {
        Some(Account {
            id: nonempty(&self.id)?,
            handle: nonempty(&self.username),
            name: nonempty(&self.name),
            bio: nonempty(&self.description),
            followers: self.public_metrics.as_ref().and_then(|m| m.followers_count.0),
        })
    }
}

/// Reads X API v2 lines.
pub struct XV2Reader;

impl UnitReader for XV2Reader {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        read_record(unit, line, out);
    }
}

/// One page or tweet; or a JSON array of them (a flattened dump saved as
/// one list), read record by record.
fn read_record(unit: &[u8], line: u64, out: &mut Vec<Located>) {
    if super::response::read_array(unit, line, out, &read_record) {
        return;
    }
    {
        let mut parsed: Tweet<'_> = match parse_line(unit) {
            Ok(l) => l,
            Err(why) => {
                out.push((line, Record::Rejected(why)));
                return;
            }
        };
        let includes = parsed.includes.take().unwrap_or_default();
        let users: FxHashMap<&str, &User<'_>> =
            includes.users.iter().filter_map(|u| Some((u.id.as_deref()?, u))).collect();
        let ref_authors: FxHashMap<&str, &str> =
            includes.tweets.iter().filter_map(|t| Some((t.id.as_deref()?, t.author_id.as_deref()?))).collect();
        for u in &includes.users {
            if let Some(a) = u.account() {
                out.push((line, Record::Account(a)));
            }
        }
        let ctx = Context { users: &users, ref_authors: &ref_authors };
        match parsed.data.take() {
            Some(OneOrMany::Many(tweets)) => {
                for t in &tweets {
                    {
                        let r = ctx.tweet(t, line, out);
                        out.push((line, r));
                    }
                }
            }
            Some(OneOrMany::One(t)) => {
                let r = ctx.tweet(&t, line, out);
                out.push((line, r));
            }
            None if parsed.id.is_some() => {
                let r = ctx.tweet(&parsed, line, out);
                out.push((line, r));
            }
            None if includes.users.is_empty() && includes.tweets.is_empty() => {
                let record = if parsed.errors.is_some() {
                    Record::Skipped("API error object")
                } else if parsed.meta.is_some() {
                    Record::Skipped("page with no results")
                } else {
                    Record::Rejected(Reject::new(
                        RejectKind::NotThisFormat,
                        "not an X v2 tweet or response page (no data, no id)",
                    ))
                };
                out.push((line, record));
            }
            None => {} // a page with no results: expansions only
        }
    }
}

struct Context<'c, 'a> {
    users: &'c FxHashMap<&'c str, &'c User<'a>>,
    ref_authors: &'c FxHashMap<&'c str, &'c str>,
}

impl Context<'_, '_> {
    fn account_ref(&self, id: &str) -> AccountRef {
        let handle = self.users.get(id).and_then(|u| nonempty(&u.username));
        AccountRef::new(id, handle)
    }

    /// The record of one tweet; details of the accounts it refers to are
    /// pushed to `out` first.
    fn tweet(&self, t: &Tweet<'_>, line: u64, out: &mut Vec<Located>) -> Record {
        let Some(id) = t.id.as_deref().filter(|s| !s.is_empty()) else {
            return Record::Rejected(Reject::new(RejectKind::Missing, "tweet has no id"));
        };
        let author = match (&t.author, t.author_id.as_deref()) {
            (Some(u), _) if u.id.is_some() => u.account(),
            (_, Some(aid)) if !aid.is_empty() => Some(
                self.users
                    .get(aid)
                    .and_then(|u| u.account())
                    .unwrap_or_else(|| Account { id: aid.to_string(), ..Account::default() }),
            ),
            _ => None,
        };
        let Some(author) = author else {
            if t.text.is_none() && t.username.is_some() {
                return Record::Skipped("user object");
            }
            if t.text.is_none() && (t.owner_id.is_some() || t.member_count.is_some()) {
                return Record::Skipped("list object");
            }
            return Record::Rejected(Reject::with(RejectKind::Missing, "tweet '{}' has no author_id", &[&id]));
        };
        let mut post = Post {
            key: format!("x:{id}"),
            author,
            time: t.created_at.as_deref().and_then(crate::time::parse_time),
            text: t.text.as_deref().unwrap_or_default().to_string(),
            lang: t.lang.0.clone(),
            counters: t.public_metrics.as_ref().map(TweetMetrics::counters).unwrap_or_default(),
            ..Post::default()
        };
        for r in t.referenced_tweets.iter().flatten() {
            // Flattened dumps carry the referenced author's user object:
            // its handle and name, as a page's `includes.users` would.
            let ref_user = r.tweet.as_ref().and_then(|rt| rt.author.as_ref()).or(r.author.as_ref());
            let ref_account = ref_user.and_then(User::account);
            let ref_author = r
                .tweet
                .as_ref()
                .and_then(|rt| rt.author.as_ref().and_then(|u| nonempty(&u.id)).or_else(|| nonempty(&rt.author_id)))
                .or_else(|| r.author.as_ref().and_then(|u| nonempty(&u.id)))
                .or_else(|| nonempty(&r.author_id))
                .or_else(|| self.ref_authors.get(r.id.as_ref()).map(|s| s.to_string()));
            let mut target = Target {
                post: Some(format!("x:{}", r.id)),
                author: ref_author.map(|a| match &ref_account {
                    Some(acc) if acc.id == a => acc.as_ref(),
                    _ => self.account_ref(&a),
                }),
            };
            if let Some(acc) = ref_account {
                out.push((line, Record::Account(acc)));
            }
            match r.kind.as_ref() {
                "replied_to" => {
                    let replied = t
                        .in_reply_to_user
                        .as_ref()
                        .and_then(|u| nonempty(&u.id))
                        .or_else(|| nonempty(&t.in_reply_to_user_id));
                    if let Some(uid) = replied {
                        target.author = Some(self.account_ref(&uid));
                    }
                    post.reply_to = Some(target);
                }
                "quoted" => post.quote_of = Some(target),
                "retweeted" => post.repost_of = Some(target),
                _ => {}
            }
        }
        if post.reply_to.is_none() {
            // A reply whose referenced tweet is withheld still names its user.
            if let Some(uid) =
                t.in_reply_to_user.as_ref().and_then(|u| nonempty(&u.id)).or_else(|| nonempty(&t.in_reply_to_user_id))
            {
                post.reply_to = Some(Target::author(self.account_ref(&uid)));
            }
        }
        if let Some(e) = &t.entities {
            if post.repost_of.is_none() {
                for m in &e.mentions {
                    let handle = nonempty(&m.username);
                    let id = nonempty(&m.id).or_else(|| {
                        let h = handle.as_deref()?;
                        self.users
                            .values()
                            .find(|u| u.username.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(h)))
                            .and_then(|u| nonempty(&u.id))
                    });
                    // An empty id marks a mention the builder counts as unresolved.
                    post.mentions.push(AccountRef { id: id.unwrap_or_default(), handle });
                }
            }
            for h in &e.hashtags {
                if let Some(tag) = h.tag.as_deref() {
                    push_tag(&mut post.hashtags, tag);
                }
            }
            for u in &e.urls {
                if let Some(url) = u.target() {
                    post.add_link(url);
                }
            }
        }
        Record::Post(Box::new(post))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<Record> {
        let mut out = Vec::new();
        XV2Reader.read_unit(line.as_bytes(), 1, &mut out);
        out.into_iter().map(|(_, r)| r).collect()
    }

    #[test]
    fn page_resolves_retweet_author_from_includes() {
        let line = r#"{"data":[{"id":"2","author_id":"10","text":"RT @ana: hi @bob","referenced_tweets":[{"type":"retweeted","id":"1"}],"entities":{"mentions":[{"username":"ana","id":"11"},{"username":"bob","id":"12"}]}}],"includes":{"users":[{"id":"10","username":"carl"},{"id":"11","username":"ana"}],"tweets":[{"id":"1","author_id":"11","text":"hi @bob"}]}}"#;
        let recs = read(line);
        assert_eq!(recs.len(), 3);
        let Record::Post(p) = &recs[2] else { panic!("{recs:?}") };
        assert_eq!(p.author.handle.as_deref(), Some("carl"));
        let rt = p.repost_of.as_ref().expect("repost");
        assert_eq!(rt.author.as_ref().map(|a| a.id.as_str()), Some("11"));
        assert!(p.mentions.is_empty(), "a repost carries no mention edges");
    }

    #[test]
    fn flattened_reply_uses_in_reply_to_user() {
        let line = r#"{"id":"5","author":{"id":"1","username":"a"},"text":"@b yes","in_reply_to_user_id":"2","referenced_tweets":[{"type":"replied_to","id":"4"}],"entities":{"mentions":[{"username":"b","id":"2"}],"hashtags":[{"tag":"RWE"}]}}"#;
        let recs = read(line);
        let Record::Post(p) = &recs[0] else { panic!("{recs:?}") };
        assert_eq!(p.reply_to.as_ref().and_then(|t| t.author.as_ref()).map(|a| a.id.as_str()), Some("2"));
        assert_eq!(p.reply_to.as_ref().and_then(|t| t.post.as_deref()), Some("x:4"));
        assert_eq!(p.hashtags, vec!["rwe"]);
    }

    #[test]
    fn bad_lines_are_rejected_not_panicked() {
        assert!(matches!(read("{\"data\":[{\"id\":\"1\"}]}")[0], Record::Rejected(_)));
        assert!(matches!(read("{\"data\":[{\"id\":")[0], Record::Rejected(_)));
        assert!(matches!(read("[1,2]")[0], Record::Rejected(_)));
        assert!(matches!(read("{}")[0], Record::Rejected(_)), "no data, no id: not a v2 record");
        assert!(matches!(read(r#"{"errors":[{"title":"x"}]}"#)[0], Record::Skipped("API error object")));
        assert!(matches!(read(r#"{"meta":{"result_count":0}}"#)[0], Record::Skipped("page with no results")));
        assert!(matches!(read(r#"{"id":"5","username":"ana","name":"Ana"}"#)[0], Record::Skipped("user object")));
        assert!(matches!(
            read(r#"{"id":"6","name":"RWE","owner_id":"5","member_count":3}"#)[0],
            Record::Skipped("list object")
        ));
    }

    #[test]
    fn flattened_references_carry_their_authors_handles() {
        // twarc2 flatten merges the referenced tweet into the entry; other
        // dumps nest it as `tweet`: either way the author's handle is kept.
        for entry in [
            r#"{"type":"retweeted","id":"1","author_id":"11","author":{"id":"11","username":"ana","name":"Dr Ana"}}"#,
            r#"{"type":"retweeted","id":"1","tweet":{"id":"1","author_id":"11","author":{"id":"11","username":"ana","name":"Dr Ana"}}}"#,
        ] {
            let line = format!(
                r#"{{"id":"2","author_id":"10","author":{{"id":"10","username":"carl"}},"text":"RT","referenced_tweets":[{entry}]}}"#
            );
            let recs = read(&line);
            assert!(
                recs.iter()
                    .any(|r| matches!(r, Record::Account(a) if a.id == "11" && a.name.as_deref() == Some("Dr Ana"))),
                "{recs:?}"
            );
            let Some(Record::Post(p)) = recs.last() else { panic!("{recs:?}") };
            let author = p.repost_of.as_ref().and_then(|t| t.author.as_ref()).expect("repost author");
            assert_eq!((author.id.as_str(), author.handle.as_deref()), ("11", Some("ana")), "{entry}");
        }
    }

    #[test]
    fn a_json_array_is_read_record_by_record() {
        let recs = read(r#"[{"id":"1","author_id":"10","text":"a"},{"id":"2","text":"no author"}]"#);
        assert!(matches!(&recs[0], Record::Post(p) if p.key == "x:1"));
        let Record::Rejected(why) = &recs[1] else { panic!("{recs:?}") };
        assert_eq!(why.message(), "record 2 of the list: tweet '2' has no author_id");
        assert_eq!(why.item, Some(crate::ingest::reject::Item { list: "list", index: 1 }));
    }
}
