//! X / Twitter API v1.1 statuses, one per line (REST `tweet_mode=extended`
//! dumps with `full_text`, or streamed statuses with `text` and, when
//! `truncated`, `extended_tweet`).

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::json::{Count, IdStr, Lang, id_of, nonempty, read_statuses};
use super::reject::{Reject, RejectKind};
use super::{Account, AccountRef, Located, Post, Record, Target, UnitReader, push_tag};

type S<'a> = Cow<'a, str>;

#[derive(Deserialize, Default)]
#[serde(expecting = "a status object")]
struct Status<'a> {
    #[serde(borrow, default)]
    id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    created_at: Option<S<'a>>,
    #[serde(borrow, default)]
    full_text: Option<S<'a>>,
    #[serde(borrow, default)]
    text: Option<S<'a>>,
    #[serde(default)]
    truncated: Option<bool>,
    #[serde(borrow, default)]
    extended_tweet: Option<Extended<'a>>,
    #[serde(borrow, default)]
    entities: Option<Entities<'a>>,
    #[serde(borrow, default)]
    user: Option<User<'a>>,
    #[serde(default)]
    lang: Lang,
    #[serde(default)]
    favorite_count: Count,
    #[serde(default)]
    retweet_count: Count,
    /// Only in premium and enterprise payloads.
    #[serde(default)]
    reply_count: Count,
    #[serde(borrow, default)]
    in_reply_to_status_id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    in_reply_to_status_id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    in_reply_to_user_id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    in_reply_to_user_id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    in_reply_to_screen_name: Option<S<'a>>,
    #[serde(borrow, default)]
    retweeted_status: Option<Box<RefStatus<'a>>>,
    #[serde(default)]
    is_quote_status: Option<bool>,
    #[serde(borrow, default)]
    quoted_status_id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    quoted_status_id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    quoted_status: Option<Box<RefStatus<'a>>>,
    /// Stream delete notice: `{"delete": {"status": {...}}}`.
    #[serde(default)]
    delete: Option<IgnoredAny>,
    /// Search responses: `{"statuses": [...], "search_metadata": {...}}`.
    #[serde(default)]
    statuses: Option<IgnoredAny>,
    /// A user object (users/lookup, followers): `screen_name` at the top.
    #[serde(default)]
    screen_name: Option<IgnoredAny>,
    // Stream notices other than deletes: not posts, skipped.
    #[serde(default)]
    limit: Option<IgnoredAny>,
    #[serde(default)]
    scrub_geo: Option<IgnoredAny>,
    #[serde(default)]
    status_withheld: Option<IgnoredAny>,
    #[serde(default)]
    user_withheld: Option<IgnoredAny>,
    #[serde(default)]
    disconnect: Option<IgnoredAny>,
    #[serde(default)]
    warning: Option<IgnoredAny>,
    #[serde(default)]
    friends: Option<IgnoredAny>,
    #[serde(default)]
    friends_str: Option<IgnoredAny>,
    #[serde(default)]
    event: Option<IgnoredAny>,
}

impl Status<'_> {
    fn is_stream_notice(&self) -> bool {
        [
            &self.limit,
            &self.scrub_geo,
            &self.status_withheld,
            &self.user_withheld,
            &self.disconnect,
            &self.warning,
            &self.friends,
            &self.friends_str,
            &self.event,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}

/// A retweeted or quoted status: only its id and author matter here (its
/// text and entities belong to the original post).
#[derive(Deserialize)]
#[serde(expecting = "a status object")]
struct RefStatus<'a> {
    #[serde(borrow, default)]
    id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    user: Option<User<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an extended_tweet object")]
struct Extended<'a> {
    #[serde(borrow, default)]
    full_text: Option<S<'a>>,
    #[serde(borrow, default)]
    entities: Option<Entities<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an entities object")]
struct Entities<'a> {
    #[serde(borrow, default)]
    user_mentions: Option<Vec<MentionEntity<'a>>>,
    #[serde(borrow, default)]
    hashtags: Option<Vec<TagEntity<'a>>>,
    #[serde(borrow, default)]
    urls: Option<Vec<super::json::UrlEntity<'a>>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a user_mentions entry (object)")]
struct MentionEntity<'a> {
    #[serde(borrow, default)]
    id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    screen_name: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a hashtags entry (object)")]
struct TagEntity<'a> {
    #[serde(borrow, default)]
    text: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a user object")]
struct User<'a> {
    #[serde(borrow, default)]
    id_str: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    screen_name: Option<S<'a>>,
    #[serde(borrow, default)]
    name: Option<S<'a>>,
    #[serde(borrow, default)]
    description: Option<S<'a>>,
    #[serde(default)]
    followers_count: Count,
}

impl User<'_> {
    fn id(&self) -> Option<&str> {
        id_of(&self.id_str).or_else(|| id_of(&self.id))
    }

    fn account(&self) -> Option<Account> {
        Some(Account {
            id: self.id()?.to_string(),
            handle: nonempty(&self.screen_name),
            name: nonempty(&self.name),
            bio: nonempty(&self.description),
            followers: self.followers_count.0,
        })
    }

    fn account_ref(&self) -> Option<AccountRef> {
        Some(AccountRef::new(self.id()?, nonempty(&self.screen_name)))
    }
}

impl RefStatus<'_> {
    /// The referenced post and its author, with the author's details
    /// pushed as an account record.
    fn target(&self, line: u64, out: &mut Vec<Located>) -> Target {
        let id = id_of(&self.id_str).or_else(|| id_of(&self.id));
        if let Some(a) = self.user.as_ref().and_then(User::account) {
            out.push((line, Record::Account(a)));
        }
        Target { post: id.map(|i| format!("x:{i}")), author: self.user.as_ref().and_then(User::account_ref) }
    }
}

/// Reads X API v1.1 status lines.
pub struct XV1Reader;

impl UnitReader for XV1Reader {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        read_record(unit, line, out);
    }
}

/// One status, or a whole response: a JSON array of statuses (timelines,
/// lookups) or a search response's `statuses`.
fn read_record(unit: &[u8], line: u64, out: &mut Vec<Located>) {
    read_statuses::<Status<'_>>(unit, line, out, |s| s.statuses.is_some() && s.user.is_none(), status, &read_record);
}

fn status(s: &Status<'_>, line: u64, out: &mut Vec<Located>) -> Record {
    let id = id_of(&s.id_str).or_else(|| id_of(&s.id));
    if s.delete.is_some() && id.is_none() {
        return Record::Skipped("delete notice");
    }
    if s.user.is_none() && s.is_stream_notice() {
        return Record::Skipped("stream notice (limit, withheld, warning...)");
    }
    if s.user.is_none() && s.screen_name.is_some() {
        return Record::Skipped("user object");
    }
    let Some(id) = id else {
        if s.user.is_none() {
            return Record::Rejected(Reject::new(
                RejectKind::NotThisFormat,
                "not an X v1.1 status (no id_str, no user)",
            ));
        }
        return Record::Rejected(Reject::new(RejectKind::Missing, "status has no id_str"));
    };
    let Some(author) = s.user.as_ref().and_then(User::account) else {
        return Record::Rejected(Reject::with(RejectKind::Missing, "status '{}' has no user id", &[&id]));
    };

    let extended = s.extended_tweet.as_ref().filter(|e| s.truncated == Some(true) && e.full_text.is_some());
    let (text, entities) = match extended {
        Some(e) => (e.full_text.as_deref(), e.entities.as_ref()),
        None => (s.full_text.as_deref().or(s.text.as_deref()), s.entities.as_ref()),
    };
    let mut post = Post {
        key: format!("x:{id}"),
        author,
        time: s.created_at.as_deref().and_then(crate::time::parse_time),
        text: text.unwrap_or_default().to_string(),
        lang: s.lang.0.clone(),
        counters: super::Counters {
            likes: s.favorite_count.0,
            reposts: s.retweet_count.0,
            replies: s.reply_count.0,
            impressions: None,
        },
        ..Post::default()
    };
    if let Some(tags) = entities.and_then(|e| e.hashtags.as_ref()) {
        for t in tags {
            if let Some(tag) = t.text.as_deref() {
                push_tag(&mut post.hashtags, tag);
            }
        }
    }

    let links = |post: &mut Post| {
        for u in entities.and_then(|e| e.urls.as_ref()).into_iter().flatten() {
            if let Some(url) = u.target() {
                post.add_link(url);
            }
        }
    };
    if let Some(rt) = &s.retweeted_status {
        // A retweet carries no other edge: its mentions, reply and quote
        // (a retweet of a quote repeats `quoted_status` at the top level)
        // belong to the original.
        post.repost_of = Some(rt.target(line, out));
        // The retweet's entities are the original's: its links too.
        links(&mut post);
        return Record::Post(Box::new(post));
    }

    let quoted_id = id_of(&s.quoted_status_id_str).or_else(|| id_of(&s.quoted_status_id));
    let is_quote = s.is_quote_status.unwrap_or(s.quoted_status.is_some() || quoted_id.is_some());
    if is_quote {
        post.quote_of = match &s.quoted_status {
            Some(q) => {
                let mut t = q.target(line, out);
                if t.post.is_none() {
                    t.post = quoted_id.map(|i| format!("x:{i}"));
                }
                Some(t)
            }
            None => quoted_id.map(|i| Target::post(format!("x:{i}"))),
        };
    }

    let reply_post =
        id_of(&s.in_reply_to_status_id_str).or_else(|| id_of(&s.in_reply_to_status_id)).map(|i| format!("x:{i}"));
    let reply_user = id_of(&s.in_reply_to_user_id_str).or_else(|| id_of(&s.in_reply_to_user_id));
    post.reply_to = match (reply_user, reply_post) {
        (Some(uid), post) => {
            Some(Target { post, author: Some(AccountRef::new(uid, nonempty(&s.in_reply_to_screen_name))) })
        }
        (None, Some(p)) => Some(Target::post(p)),
        (None, None) => None,
    };

    // After the quote is known: a quote's link to its post is not a link.
    links(&mut post);
    if let Some(mentions) = entities.and_then(|e| e.user_mentions.as_ref()) {
        for m in mentions {
            let id = id_of(&m.id_str).or_else(|| id_of(&m.id));
            let handle = nonempty(&m.screen_name);
            if id.is_none() && handle.is_none() {
                continue;
            }
            // An empty id marks a mention the builder counts as unresolved.
            post.mentions.push(AccountRef { id: id.unwrap_or_default().to_string(), handle });
        }
    }
    Record::Post(Box::new(post))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &[u8]) -> Vec<Record> {
        let mut out = Vec::new();
        XV1Reader.read_unit(line, 7, &mut out);
        assert!(out.iter().all(|(l, _)| *l == 7));
        out.into_iter().map(|(_, r)| r).collect()
    }

    fn post(recs: &[Record]) -> &Post {
        match recs.last() {
            Some(Record::Post(p)) => p,
            other => panic!("expected a post, got {other:?}"),
        }
    }

    const USER: &str = r#""user":{"id":1349920173,"id_str":"1349920173","screen_name":"drana","name":"Dr. Ana","description":"Oncologist","followers_count":18240}"#;

    #[test]
    fn reply_with_mentions_and_author_details() {
        let line = format!(
            r#"{{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","full_text":"@bkoh yes, ask @eosei #RWE","truncated":false,"entities":{{"hashtags":[{{"text":"RWE"}}],"user_mentions":[{{"screen_name":"bkoh","id":228451077,"id_str":"228451077"}},{{"screen_name":"eosei","id_str":"1188260743"}}]}},"in_reply_to_status_id_str":"99","in_reply_to_user_id":228451077,"in_reply_to_user_id_str":"228451077","in_reply_to_screen_name":"bkoh",{USER},"is_quote_status":false}}"#
        );
        let recs = read(line.as_bytes());
        assert_eq!(recs.len(), 1, "the author is described by the post itself: {recs:?}");
        let p = post(&recs);
        assert_eq!(p.key, "x:1050118621198921728");
        assert_eq!(p.time, Some(1_539_202_764));
        assert_eq!(
            p.author,
            Account {
                id: "1349920173".into(),
                handle: Some("drana".into()),
                name: Some("Dr. Ana".into()),
                bio: Some("Oncologist".into()),
                followers: Some(18240),
            }
        );
        let reply = p.reply_to.as_ref().expect("reply");
        assert_eq!(reply.post.as_deref(), Some("x:99"));
        assert_eq!(reply.author, Some(AccountRef::new("228451077", Some("bkoh".into()))));
        // The builder, not the reader, drops the @parent mention.
        let ids: Vec<&str> = p.mentions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["228451077", "1188260743"]);
        assert_eq!(p.hashtags, ["rwe"]);
        assert!(p.quote_of.is_none() && p.repost_of.is_none());
    }

    #[test]
    fn retweet_is_a_repost_without_mentions_or_quote() {
        // A retweet of a quote repeats is_quote_status/quoted_status at the top.
        let line = format!(
            r#"{{"id_str":"3","full_text":"RT @dpatel: Important work by @drana","entities":{{"user_mentions":[{{"screen_name":"dpatel","id_str":"907364180"}},{{"screen_name":"drana","id_str":"1349920173"}}],"hashtags":[]}},{USER},"retweeted_status":{{"id_str":"2","full_text":"Important work by @drana","user":{{"id_str":"907364180","screen_name":"dpatel","name":"Dev Patel"}},"is_quote_status":true,"quoted_status":{{"id_str":"1","user":{{"id_str":"1349920173"}}}}}},"is_quote_status":true,"quoted_status_id_str":"1","quoted_status":{{"id_str":"1","user":{{"id_str":"1349920173"}}}}}}"#
        );
        let recs = read(line.as_bytes());
        assert!(
            matches!(&recs[0], Record::Account(a) if a.id == "907364180" && a.name.as_deref() == Some("Dev Patel")),
            "{recs:?}"
        );
        let p = post(&recs);
        let rt = p.repost_of.as_ref().expect("repost");
        assert_eq!(rt.post.as_deref(), Some("x:2"));
        assert_eq!(rt.author, Some(AccountRef::new("907364180", Some("dpatel".into()))));
        assert!(p.mentions.is_empty(), "a repost carries no mentions");
        assert!(p.quote_of.is_none() && p.reply_to.is_none(), "a repost carries no other edge");
    }

    #[test]
    fn quote_with_and_without_the_quoted_status() {
        let full = format!(
            r#"{{"id_str":"5","text":"so true",{USER},"is_quote_status":true,"quoted_status_id_str":"4","quoted_status":{{"id_str":"4","user":{{"id_str":"11","screen_name":"iwong"}}}}}}"#
        );
        let p = post(&read(full.as_bytes())).clone();
        let q = p.quote_of.expect("quote");
        assert_eq!((q.post.as_deref(), q.author.map(|a| a.id)), (Some("x:4"), Some("11".to_string())));

        let bare =
            format!(r#"{{"id_str":"6","text":"so true",{USER},"is_quote_status":true,"quoted_status_id_str":"4"}}"#);
        let p = post(&read(bare.as_bytes())).clone();
        assert_eq!(p.quote_of, Some(Target::post("x:4".into())));

        let not = format!(r#"{{"id_str":"7","text":"x",{USER},"is_quote_status":false,"quoted_status_id_str":null}}"#);
        assert!(post(&read(not.as_bytes())).quote_of.is_none());
    }

    #[test]
    fn truncated_status_uses_extended_tweet() {
        let line = r#"{"id_str":"8","text":"Recap (@drana), and\u2026 https://t.co/x","truncated":true,"entities":{"user_mentions":[{"screen_name":"drana","id_str":"1349920173"}],"hashtags":[]},"extended_tweet":{"full_text":"Recap (@drana), and early (@iwong). #RWE","entities":{"user_mentions":[{"screen_name":"drana","id_str":"1349920173"},{"screen_name":"iwong","id_str":"1267095384"}],"hashtags":[{"text":"RWE"}]}},"user":{"id_str":"3093884716","screen_name":"gruiz"}}"#;
        let p = post(&read(line.as_bytes())).clone();
        assert_eq!(p.text, "Recap (@drana), and early (@iwong). #RWE");
        let handles: Vec<_> = p.mentions.iter().filter_map(|m| m.handle.as_deref()).collect();
        assert_eq!(handles, ["drana", "iwong"]);
        assert_eq!(p.hashtags, ["rwe"]);

        // Not truncated: extended_tweet (if any) is ignored; full_text wins over text.
        let line = r#"{"id_str":"9","full_text":"long","text":"short","truncated":false,"extended_tweet":{"full_text":"other"},"user":{"id_str":"1"}}"#;
        assert_eq!(post(&read(line.as_bytes())).text, "long");
    }

    #[test]
    fn reply_to_a_withheld_tweet_and_numeric_ids() {
        let line = r#"{"id":42,"text":"@x hi","in_reply_to_status_id":41,"in_reply_to_user_id":7,"user":{"id":1}}"#;
        let p = post(&read(line.as_bytes())).clone();
        assert_eq!(p.key, "x:42");
        assert_eq!(p.author.id, "1");
        let r = p.reply_to.expect("reply");
        assert_eq!((r.post.as_deref(), r.author.map(|a| a.id)), (Some("x:41"), Some("7".to_string())));
    }

    #[test]
    fn notices_are_skipped_and_bad_lines_rejected() {
        assert!(matches!(
            read(br#"{"delete":{"status":{"id":1,"id_str":"1","user_id":3}}}"#)[0],
            Record::Skipped("delete notice")
        ));
        assert!(matches!(read(br#"{"limit":{"track":12}}"#)[0], Record::Skipped(_)));
        let reject = |line: &[u8]| match &read(line)[..] {
            [Record::Rejected(why)] => why.message(),
            other => panic!("expected a reject, got {other:?}"),
        };
        assert!(reject(br#"{"id_str":"1","text":"no author"}"#).contains("has no user"));
        assert!(reject(br#"{"id_str":"1","text":"x","user":{"screen_name":"a"}}"#).contains("has no user"));
        assert!(reject(br#"{"text":"x","user":{"id_str":"1"}}"#).contains("no id"));
        assert!(reject(br#"{"id_str":"1","text":"x","user":{"id_str":"2"#).starts_with("invalid JSON"));
        assert!(
            reject(b"{\"id_str\":\"1\",\"text\":\"caf\xe9\",\"user\":{\"id_str\":\"2\"}}")
                .starts_with("line is not valid UTF-8")
        );
        assert_eq!(reject(br#"[{"id_str":"1"}]"#), "record 1 of the list: status '1' has no user id");
        assert_eq!(reject(b"[{\"id_str\":"), "record 1 of the list: the JSON text ends inside a value (cut short?)");
        // Not a status: rejected, not skipped (a v2 page read as v1); a user object is skipped.
        assert_eq!(reject(br#"{"data":[{"id":"1","text":"x"}]}"#), "not an X v1.1 status (no id_str, no user)");
        assert!(matches!(
            read(br#"{"id_str":"9","screen_name":"ana","followers_count":3}"#)[..],
            [Record::Skipped("user object")]
        ));
        assert!(reject(br#"{"id_str":{"x":1},"user":{"id_str":"2"}}"#).starts_with("unexpected JSON value"));
        // A byte-order mark before the first line's object is not an error.
        assert!(matches!(read(b"\xEF\xBB\xBF{\"id_str\":\"1\",\"user\":{\"id_str\":\"2\"}}")[..], [Record::Post(_)]));
    }

    #[test]
    fn odd_counts_do_not_reject_the_line() {
        for c in ["null", "-1", "12.0", "\"12\"", "[]"] {
            let line = format!(r#"{{"id_str":"1","text":"x","user":{{"id_str":"2","followers_count":{c}}}}}"#);
            let recs = read(line.as_bytes());
            assert!(matches!(recs[0], Record::Post(_)), "{c}: {recs:?}");
        }
    }
}
