//! Mastodon statuses as the REST API returns them, one per line (timelines,
//! hashtag timelines, account statuses).
//!
//! Ids in a status are local to the instance that served it, and `acct` is
//! `user` for that instance's own accounts but `user@domain` for remote
//! ones; accounts are keyed by the canonical `user@host` so that the same
//! person is one node whichever form a record uses.

use std::borrow::Cow;

use serde::Deserialize;

use super::json::{Count, IdStr, Lang, id_of, read_statuses};
use super::reject::{Reject, RejectKind};
use super::text::html_to_text;
use super::{Account, AccountRef, Located, Post, Record, Target, UnitReader, push_tag};

type S<'a> = Cow<'a, str>;

#[derive(Deserialize, Default)]
#[serde(expecting = "a status object")]
struct Status<'a> {
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    created_at: Option<S<'a>>,
    #[serde(borrow, default)]
    content: Option<S<'a>>,
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
    #[serde(borrow, default)]
    url: Option<S<'a>>,
    #[serde(borrow, default)]
    in_reply_to_id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    in_reply_to_account_id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    reblog: Option<Box<Status<'a>>>,
    #[serde(borrow, default)]
    quote: Option<Box<Quote<'a>>>,
    #[serde(borrow, default)]
    account: Option<MAccount<'a>>,
    #[serde(borrow, default)]
    mentions: Option<Vec<Mention<'a>>>,
    #[serde(borrow, default)]
    tags: Option<Vec<Tag<'a>>>,
    #[serde(default)]
    language: Lang,
    /// The preview card of the status's first link: `{url, title}`.
    #[serde(borrow, default)]
    card: Option<Card<'a>>,
    #[serde(default)]
    favourites_count: Count,
    #[serde(default)]
    reblogs_count: Count,
    #[serde(default)]
    replies_count: Count,
    /// `/api/v2/search` responses hold their statuses under `statuses`.
    #[serde(default)]
    statuses: Option<serde::de::IgnoredAny>,
    /// Streaming API events (`{"event", "payload"}`) and error objects.
    #[serde(default)]
    event: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    error: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(expecting = "a card object")]
struct Card<'a> {
    #[serde(borrow, default)]
    url: Option<S<'a>>,
}

impl Status<'_> {
    /// The links of the status's content, then its card's.
    fn add_links(&self, post: &mut Post) {
        for href in self.content.as_deref().map(super::text::html_links).unwrap_or_default() {
            post.add_link(&href);
        }
        if let Some(url) = self.card.as_ref().and_then(|c| c.url.as_deref()) {
            post.add_link(url);
        }
    }
}

/// Mastodon 4.5+ quote: `{state, quoted_status}` or `{state, quoted_status_id}`.
#[derive(Deserialize)]
#[serde(expecting = "a quote object")]
struct Quote<'a> {
    #[serde(borrow, default)]
    state: Option<S<'a>>,
    #[serde(borrow, default)]
    quoted_status: Option<Box<Status<'a>>>,
    #[serde(borrow, default)]
    quoted_status_id: Option<IdStr<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an account object")]
struct MAccount<'a> {
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    username: Option<S<'a>>,
    #[serde(borrow, default)]
    acct: Option<S<'a>>,
    #[serde(borrow, default)]
    display_name: Option<S<'a>>,
    #[serde(borrow, default)]
    note: Option<S<'a>>,
    #[serde(borrow, default)]
    url: Option<S<'a>>,
    #[serde(borrow, default)]
    uri: Option<S<'a>>,
    #[serde(default)]
    followers_count: Count,
}

#[derive(Deserialize)]
#[serde(expecting = "a mention object")]
struct Mention<'a> {
    #[serde(borrow, default)]
    id: Option<IdStr<'a>>,
    #[serde(borrow, default)]
    username: Option<S<'a>>,
    #[serde(borrow, default)]
    acct: Option<S<'a>>,
    #[serde(borrow, default)]
    url: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a tag object")]
struct Tag<'a> {
    #[serde(borrow, default)]
    name: Option<S<'a>>,
}

fn nonempty<'s>(s: &'s Option<S<'_>>) -> Option<&'s str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The host of an `http(s)://host[:port]/...` URL, lower-cased.
fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty() && !host.contains(char::is_whitespace)).then(|| host.to_ascii_lowercase())
}

/// Whether an `acct` (or `username`) names an account of the serving
/// instance.
fn is_local(acct: &str) -> bool {
    !acct.trim().trim_start_matches('@').contains('@')
}

/// The canonical `user@host` of an account: a remote `acct` as it is,
/// lower-cased; a local one with the host of the account's own URL, else
/// of the serving instance.
fn canonical(
    acct: Option<&str>,
    username: Option<&str>,
    urls: [Option<&str>; 2],
    serving: Option<&str>,
) -> Option<String> {
    let acct = acct.or(username)?.trim().trim_start_matches('@');
    if acct.is_empty() {
        return None;
    }
    if acct.contains('@') {
        return Some(acct.to_lowercase());
    }
    let host = urls.into_iter().flatten().find_map(host_of).or_else(|| serving.map(str::to_string))?;
    Some(format!("{}@{host}", acct.to_lowercase()))
}

impl MAccount<'_> {
    fn canonical(&self, serving: Option<&str>) -> Option<String> {
        canonical(nonempty(&self.acct), nonempty(&self.username), [nonempty(&self.url), nonempty(&self.uri)], serving)
    }

    fn account(&self, serving: Option<&str>) -> Option<Account> {
        let id = self.canonical(serving)?;
        Some(Account {
            handle: Some(id.clone()),
            id,
            name: nonempty(&self.display_name).map(str::to_string),
            bio: nonempty(&self.note).map(html_to_text).filter(|b| !b.is_empty()),
            followers: self.followers_count.0,
        })
    }

    fn local_host(&self) -> Option<String> {
        let acct = nonempty(&self.acct).or(nonempty(&self.username))?;
        if !is_local(acct) {
            return None;
        }
        [nonempty(&self.url), nonempty(&self.uri)].into_iter().flatten().find_map(host_of)
    }
}

impl Mention<'_> {
    fn account_ref(&self, serving: Option<&str>) -> Option<AccountRef> {
        let id = canonical(nonempty(&self.acct), nonempty(&self.username), [nonempty(&self.url), None], serving)?;
        Some(AccountRef { handle: Some(id.clone()), id })
    }

    fn local_host(&self) -> Option<String> {
        let acct = nonempty(&self.acct).or(nonempty(&self.username))?;
        if !is_local(acct) {
            return None;
        }
        nonempty(&self.url).and_then(host_of)
    }
}

impl Status<'_> {
    /// The host of the instance that served the line: the URL host of an
    /// account it calls local (the author, a mention, the reblogged
    /// author), else the host of the status URL.
    fn serving_host(&self) -> Option<String> {
        self.local_host().or_else(|| [nonempty(&self.url), nonempty(&self.uri)].into_iter().flatten().find_map(host_of))
    }

    fn local_host(&self) -> Option<String> {
        self.account
            .as_ref()
            .and_then(MAccount::local_host)
            .or_else(|| self.mentions.iter().flatten().find_map(Mention::local_host))
            .or_else(|| self.reblog.as_ref().and_then(|r| r.local_host()))
    }

    /// The post key: the status URI, else its URL, else the serving
    /// instance's id.
    fn key(&self, serving: Option<&str>) -> Option<String> {
        if let Some(k) = nonempty(&self.uri).or(nonempty(&self.url)) {
            return Some(k.to_string());
        }
        Some(local_key(serving?, id_of(&self.id)?))
    }

    /// A reblogged or quoted status: its key and author, with the author's
    /// details pushed as an account record.
    fn target(&self, serving: Option<&str>, line: u64, out: &mut Vec<Located>) -> Target {
        let account = self.account.as_ref().and_then(|a| a.account(serving));
        let author = account.as_ref().map(Account::as_ref);
        if let Some(a) = account {
            out.push((line, Record::Account(a)));
        }
        Target { post: self.key(serving), author }
    }
}

fn local_key(host: &str, id: &str) -> String {
    format!("mastodon:{host}:{id}")
}

/// Reads Mastodon status lines.
pub struct MastodonReader;

impl UnitReader for MastodonReader {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        read_record(unit, line, out);
    }
}

/// One status, or a whole response: a JSON array of statuses (what the
/// timeline endpoints return) or a search result's `statuses`.
fn read_record(unit: &[u8], line: u64, out: &mut Vec<Located>) {
    read_statuses::<Status<'_>>(unit, line, out, |s| s.statuses.is_some() && s.account.is_none(), status, &read_record);
}

fn status(s: &Status<'_>, line: u64, out: &mut Vec<Located>) -> Record {
    let id = id_of(&s.id);
    let Some(account) = &s.account else {
        if id.is_none() && nonempty(&s.uri).is_none() {
            if s.event.is_some() {
                return Record::Skipped("streaming event");
            }
            if s.error.is_some() {
                return Record::Skipped("API error object");
            }
            return Record::Rejected(Reject::new(
                RejectKind::NotThisFormat,
                "not a Mastodon status (no id, no account)",
            ));
        }
        return Record::Rejected(Reject::with(
            RejectKind::Missing,
            "status '{}' has no account",
            &[&(id.unwrap_or("?"))],
        ));
    };
    let serving = s.serving_host();
    let serving = serving.as_deref();
    let Some(author) = account.account(serving) else {
        let id = id.unwrap_or("?");
        if nonempty(&account.acct).or(nonempty(&account.username)).is_none() {
            return Record::Rejected(Reject::with(RejectKind::Missing, "status '{}' has no account acct", &[&id]));
        }
        return Record::Rejected(Reject::with(
            RejectKind::Missing,
            "status '{}' is by a local account of an unknown instance (no url)",
            &[&id],
        ));
    };
    let Some(key) = s.key(serving) else {
        return Record::Rejected(Reject::new(RejectKind::Missing, "status has no id, uri or url"));
    };
    let alias = match (serving, id) {
        (Some(host), Some(id)) if !key.starts_with("mastodon:") => Some(local_key(host, id)),
        _ => None,
    };
    let mut post = Post {
        key,
        alias,
        author,
        time: s.created_at.as_deref().and_then(crate::time::parse_time),
        text: s.content.as_deref().map(html_to_text).unwrap_or_default(),
        // A reblog has no language of its own: it is the reblogged status's.
        lang: s.language.0.clone().or_else(|| s.reblog.as_ref().and_then(|r| r.language.0.clone())),
        counters: super::Counters {
            likes: s.favourites_count.0,
            reposts: s.reblogs_count.0,
            replies: s.replies_count.0,
            impressions: None,
        },
        ..Post::default()
    };
    for t in s.tags.iter().flatten() {
        if let Some(name) = t.name.as_deref() {
            push_tag(&mut post.hashtags, name);
        }
    }

    if let Some(rb) = &s.reblog {
        // A reblog carries no other edge. Its own content is empty: it
        // carries the reblogged text and tags instead, as an X retweet
        // does, so that it counts for the topics of what it spreads.
        if post.text.is_empty() {
            post.text = rb.content.as_deref().map(html_to_text).unwrap_or_default();
        }
        for t in rb.tags.iter().flatten() {
            if let Some(name) = t.name.as_deref() {
                push_tag(&mut post.hashtags, name);
            }
        }
        post.repost_of = Some(rb.target(serving, line, out));
        rb.add_links(&mut post);
        return Record::Post(Box::new(post));
    }

    if let Some(q) = s.quote.as_deref().filter(|q| q.state.as_deref() == Some("accepted")) {
        post.quote_of = match (&q.quoted_status, id_of(&q.quoted_status_id)) {
            (Some(qs), _) => Some(qs.target(serving, line, out)),
            (None, Some(qid)) => serving.map(|h| Target::post(local_key(h, qid))),
            (None, None) => None,
        };
    }

    if let Some(parent_account) = id_of(&s.in_reply_to_account_id) {
        // Mastodon mentions the parent's author in every reply, except
        // in a reply to oneself.
        let author = if id_of(&account.id) == Some(parent_account) {
            Some(post.author.as_ref())
        } else {
            s.mentions
                .iter()
                .flatten()
                .find(|m| id_of(&m.id) == Some(parent_account))
                .and_then(|m| m.account_ref(serving))
        };
        // The parent's key too, when known: what it says is on a topic,
        // and its engagement, go with the post.
        let parent = id_of(&s.in_reply_to_id).zip(serving).map(|(pid, h)| local_key(h, pid));
        post.reply_to = Some(Target { post: parent, author });
    } else if let Some(pid) = id_of(&s.in_reply_to_id) {
        post.reply_to = Some(Target { post: serving.map(|h| local_key(h, pid)), author: None });
    }

    for m in s.mentions.iter().flatten() {
        // An empty id marks a mention the builder counts as unresolved.
        post.mentions.push(m.account_ref(serving).unwrap_or_default());
    }
    s.add_links(&mut post);
    Record::Post(Box::new(post))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<Record> {
        let mut out = Vec::new();
        MastodonReader.read_unit(line.as_bytes(), 3, &mut out);
        out.into_iter().map(|(_, r)| r).collect()
    }

    fn post(recs: &[Record]) -> Post {
        match recs.last() {
            Some(Record::Post(p)) => (**p).clone(),
            other => panic!("expected a post, got {other:?}"),
        }
    }

    fn r(id: &str) -> AccountRef {
        AccountRef::new(id, Some(id.into()))
    }

    const DRANA: &str = r#"{"id":"100","username":"drana","acct":"drana","display_name":"Dr. Ana","note":"<p>Oncologist &amp; RWE</p>","url":"https://med.example/@drana","followers_count":18240}"#;
    const IWONG: &str = r#"{"id":"108","username":"iwong","acct":"iwong@Other.example","display_name":"Iris","url":"https://other.example/@iwong"}"#;

    #[test]
    fn local_and_remote_accounts_are_canonical() {
        let line = format!(
            r#"{{"id":"1","created_at":"2025-11-04T09:02:14.000Z","uri":"https://med.example/users/drana/statuses/1","url":"https://med.example/@drana/1","content":"<p>Hi <a href=\"https://other.example/@iwong\">@<span>iwong</span></a> &amp; @lchen #RWE</p>","account":{DRANA},"mentions":[{{"id":"108","username":"iwong","acct":"iwong@other.example","url":"https://other.example/@iwong"}},{{"id":"112","username":"lchen","acct":"lchen","url":"https://med.example/@lchen"}}],"tags":[{{"name":"RWE"}}]}}"#
        );
        let p = post(&read(&line));
        assert_eq!(p.key, "https://med.example/users/drana/statuses/1");
        assert_eq!(
            p.author,
            Account {
                id: "drana@med.example".into(),
                handle: Some("drana@med.example".into()),
                name: Some("Dr. Ana".into()),
                bio: Some("Oncologist & RWE".into()),
                followers: Some(18240),
            }
        );
        assert_eq!(p.text, "Hi @iwong & @lchen #RWE");
        assert_eq!(p.time, Some(1_762_246_934));
        assert_eq!(p.mentions, [r("iwong@other.example"), r("lchen@med.example")]);
        assert_eq!(p.hashtags, ["rwe"]);

        // A remote author keeps its acct; a local mention without a URL
        // takes the serving host (here known from the reblog-free status URL).
        let line = format!(
            r#"{{"id":"2","url":"https://med.example/@x/2","content":"","account":{IWONG},"mentions":[{{"id":"9","acct":"bkoh"}}]}}"#
        );
        let p = post(&read(&line));
        assert_eq!(p.key, "https://med.example/@x/2");
        assert_eq!(p.author.id, "iwong@other.example");
        assert_eq!(p.mentions, [r("bkoh@med.example")]);
    }

    #[test]
    fn reblog_is_a_repost_without_mentions() {
        let line = format!(
            r#"{{"id":"3","uri":"https://med.example/users/eosei/statuses/3/activity","content":"","account":{{"id":"104","acct":"eosei","url":"https://med.example/@eosei"}},"mentions":[],"reblog":{{"id":"1","uri":"https://med.example/users/drana/statuses/1","content":"<p>@bkoh</p>","account":{DRANA},"mentions":[{{"id":"101","acct":"bkoh","url":"https://med.example/@bkoh"}}]}}}}"#
        );
        let recs = read(&line);
        assert!(matches!(&recs[0], Record::Account(a) if a.id == "drana@med.example" && a.followers == Some(18240)));
        let p = post(&recs);
        assert_eq!(p.author.id, "eosei@med.example");
        assert_eq!(
            p.repost_of,
            Some(Target {
                post: Some("https://med.example/users/drana/statuses/1".into()),
                author: Some(r("drana@med.example"))
            })
        );
        assert!(p.mentions.is_empty() && p.reply_to.is_none() && p.quote_of.is_none());
    }

    #[test]
    fn only_accepted_quotes_count() {
        let quoted =
            format!(r#"{{"id":"16","uri":"https://other.example/users/iwong/statuses/16","account":{IWONG}}}"#);
        let line = |quote: &str| {
            format!(r#"{{"id":"5","uri":"https://med.example/s/5","account":{DRANA},"mentions":[],"quote":{quote}}}"#)
        };
        let p = post(&read(&line(&format!(r#"{{"state":"accepted","quoted_status":{quoted}}}"#))));
        assert_eq!(
            p.quote_of,
            Some(Target {
                post: Some("https://other.example/users/iwong/statuses/16".into()),
                author: Some(r("iwong@other.example"))
            })
        );
        let p = post(&read(&line(r#"{"state":"accepted","quoted_status_id":"16"}"#)));
        assert_eq!(p.quote_of, Some(Target::post("mastodon:med.example:16".into())));
        for pending in [
            r#"{"state":"pending","quoted_status":null}"#.to_string(),
            format!(r#"{{"state":"pending","quoted_status":{quoted}}}"#),
            r#"{"state":"rejected","quoted_status_id":"16"}"#.to_string(),
            r#"{"state":"unauthorized"}"#.to_string(),
            "null".to_string(),
        ] {
            assert_eq!(post(&read(&line(&pending))).quote_of, None, "{pending}");
        }
    }

    #[test]
    fn replies_find_the_parent_author_among_mentions() {
        let line = |in_reply: &str, mentions: &str| {
            format!(
                r#"{{"id":"6","uri":"https://med.example/s/6","account":{DRANA},"in_reply_to_id":"5",{in_reply},"mentions":{mentions}}}"#
            )
        };
        let mentions = r#"[{"id":"108","acct":"iwong@other.example"},{"id":"101","acct":"bkoh","url":"https://med.example/@bkoh"}]"#;
        let p = post(&read(&line(r#""in_reply_to_account_id":"108""#, mentions)));
        let parent = Some("mastodon:med.example:5".to_string());
        assert_eq!(p.reply_to, Some(Target { post: parent.clone(), author: Some(r("iwong@other.example")) }));
        assert_eq!(p.alias.as_deref(), Some("mastodon:med.example:6"), "replies name their parent by this id");
        assert_eq!(p.mentions.len(), 2, "the builder drops the @parent mention, not the reader");

        // Not among the mentions: unresolved, keyed by the serving instance's id.
        let p = post(&read(&line(r#""in_reply_to_account_id":"999""#, mentions)));
        assert_eq!(p.reply_to, Some(Target::post("mastodon:med.example:5".into())));

        // A reply to oneself (a thread) does not mention oneself.
        let p = post(&read(&line(r#""in_reply_to_account_id":"100""#, "[]")));
        assert_eq!(p.reply_to, Some(Target { post: parent, author: Some(r("drana@med.example")) }));
    }

    #[test]
    fn key_falls_back_to_url_then_local_id() {
        let p = post(&read(&format!(r#"{{"id":"7","url":"https://med.example/@drana/7","account":{DRANA}}}"#)));
        assert_eq!(p.key, "https://med.example/@drana/7");
        let p = post(&read(&format!(r#"{{"id":"7","account":{DRANA}}}"#)));
        assert_eq!(p.key, "mastodon:med.example:7");
    }

    #[test]
    fn bad_lines_are_rejected_or_skipped() {
        let reject = |line: &[u8]| {
            let mut out = Vec::new();
            MastodonReader.read_unit(line, 1, &mut out);
            match &out[..] {
                [(1, Record::Rejected(why))] => why.message(),
                other => panic!("expected a reject, got {other:?}"),
            }
        };
        assert!(reject(br#"{"id":"1","content":"<p>x</p>"}"#).contains("has no account"));
        assert!(reject(br#"{"id":"1","account":{"id":"2","display_name":"no acct"}}"#).contains("no account acct"));
        assert!(reject(br#"{"account":{"acct":"a@b.example"}}"#).contains("no id, uri or url"));
        assert!(reject(br#"{"id":"1","account":{"acct":"a"}}"#).contains("local account of an unknown instance"));
        assert!(
            reject(br#"{"id":"1","account":{"acct":"a","url":"https://b.example/@a"},"content":"#)
                .starts_with("invalid JSON")
        );
        assert!(
            reject(b"{\"id\":\"1\",\"content\":\"\xff\xfe\",\"account\":{\"acct\":\"a@b.c\"}}")
                .starts_with("line is not valid UTF-8")
        );
        assert!(reject(br#"{"id":"1","account":"drana"}"#).starts_with("unexpected JSON value"));
        assert!(reject(b"\"a string\"").starts_with("not a JSON object"));
        assert!(matches!(read(r#"{"error":"Record not found"}"#)[..], [Record::Skipped(_)]));
        assert!(matches!(read(r#"{"event":"update","payload":"{}"}"#)[..], [Record::Skipped(_)]));
    }

    #[test]
    fn hosts_are_parsed_robustly() {
        assert_eq!(host_of("https://Med.Example/@drana").as_deref(), Some("med.example"));
        assert_eq!(host_of("https://med.example:8443").as_deref(), Some("med.example:8443"));
        assert_eq!(host_of("med.example/@drana"), None);
        assert_eq!(host_of("https:///x"), None);
        assert_eq!(
            canonical(Some("@DrAna"), None, [None, None], Some("med.example")).as_deref(),
            Some("drana@med.example")
        );
        assert_eq!(canonical(Some("drana"), None, [None, None], None), None);
        assert_eq!(canonical(None, Some("x@Y.org"), [None, None], None).as_deref(), Some("x@y.org"));
    }
}
