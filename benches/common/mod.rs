//! Seeded generators shared by the benches: heavy-tailed interaction
//! networks written as X API v2 pages or as edge lists. Deterministic for a
//! seed. Also the one way the benches read what they generate:
//! [`records`], through `ingest::stream` as `analyze` reads.

#![allow(dead_code)]

use std::io::{self, Write};

use dolgraph::ingest::limits::DEFAULT_MAX_RECORD;
use dolgraph::ingest::stream::{BadHeader, stream};
use dolgraph::ingest::{Format, Located};

/// The records of `bytes`, an input of `format` in JSON lines or rows,
/// read through `ingest::stream` (the reader `analyze` uses).
pub fn records(bytes: &[u8], format: Format) -> Vec<Located> {
    let mut out = Vec::new();
    each_record(&mut &bytes[..], format, |r| out.push(r));
    out
}

/// Streams `reader`, an input of `format`, through `ingest::stream` to `f`,
/// record by record, without holding the input.
pub fn each_record(reader: &mut dyn io::BufRead, format: Format, mut f: impl FnMut(Located) + Send) {
    let sink = |batch: Vec<Located>| -> Result<(), Failed> {
        batch.into_iter().for_each(&mut f);
        Ok(())
    };
    stream(reader, format, false, DEFAULT_MAX_RECORD, &Vec::new(), None, sink).expect("bench input reads");
}

/// Why generated input could not be read: never expected.
#[derive(Debug)]
pub struct Failed(String);

impl From<io::Error> for Failed {
    fn from(e: io::Error) -> Self {
        Failed(e.to_string())
    }
}

impl From<BadHeader> for Failed {
    fn from(e: BadHeader) -> Self {
        Failed(e.0)
    }
}

/// SplitMix64: small, fast, good enough for benchmark data. Kept apart
/// from `dolgraph::rng` on purpose: `benches/compare_peers.py` has a numpy
/// port of these generators that must give the same bytes, so this stream
/// must not change when the crate's own derivation does.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Heavy-tailed account index in [0, n): P(i) ~ (i+1)^(-1/(a-1)) by
    /// inverse transform of a continuous Pareto, so a few accounts receive
    /// most interactions, as in real conversations.
    pub fn popular(&mut self, n: u64) -> u64 {
        let u = self.unit().max(1e-12);
        let x = (u.powf(-1.0 / 1.2) - 1.0) * (n as f64 / 50.0);
        (x as u64).min(n - 1)
    }
}

/// Writes `edges` SNAP-style lines `a b time KIND` between `accounts`
/// accounts: sources uniform, targets heavy-tailed.
pub fn edge_list(w: &mut impl Write, accounts: u64, edges: u64, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let kinds = ["RT", "RT", "MT", "RE", "QT"];
    for i in 0..edges {
        let a = rng.below(accounts);
        let b = rng.popular(accounts);
        let k = kinds[rng.below(kinds.len() as u64) as usize];
        writeln!(w, "{a} {b} {} {k}", 1_700_000_000 + i / 10)?;
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "checkpoint",
    "inhibitor",
    "trial",
    "data",
    "patients",
    "survival",
    "real-world",
    "evidence",
    "dose",
    "response",
    "cohort",
    "registry",
    "outcomes",
    "biomarker",
    "therapy",
    "safety",
    "signal",
    "study",
];
const TAGS: &[&str] = &["ImmunoOncology", "RWE", "GLP1", "vaccines", "RareDisease", "MedTwitter", "ASCO26"];

/// Writes X API v2 search pages (100 tweets per line, with `includes`),
/// `posts` tweets in all among `accounts` authors: a third retweets, a
/// quarter replies, some quotes, mentions and hashtags, as a real dump.
/// The `entities.urls` entry of a generated tweet's link, from its t.co
/// code (no draw of its own, so the rest of the file is as before): one
/// of 65,536 targets, the low ones far more often (the product of two
/// uniform halves of the code), three in ten a paper's DOI on a journal's
/// site, some with tracking parameters.
fn shared_link(code: u64) -> String {
    let k = ((code & 0xFFFF) * ((code >> 16) & 0x3FFF)) >> 14;
    let target = match code % 10 {
        0..=2 => format!("https://journal{}.example/doi/full/10.5555/gen.{k}", k % 40),
        3 => format!("https://site{}.example/news/{k}?utm_source=twitter&utm_medium=social", k % 500),
        _ => format!("https://site{}.example/news/{k}", k % 500),
    };
    format!(
        r#"{{"start":0,"end":23,"url":"https://t.co/x{code}","expanded_url":"{target}","display_url":"site.example/news"}}"#
    )
}

pub fn x_v2_pages(w: &mut impl Write, posts: u64, accounts: u64, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let mut line = String::with_capacity(1 << 20);
    let mut next_id: u64 = 1_900_000_000_000_000_000;
    let mut written = 0;
    while written < posts {
        let n = (posts - written).min(100);
        let mut data = Vec::with_capacity(n as usize);
        let mut users: Vec<u64> = Vec::new();
        let mut refs: Vec<(u64, u64)> = Vec::new();
        for _ in 0..n {
            next_id += 1 + rng.below(1000);
            let author = rng.below(accounts);
            users.push(author);
            let mut text = String::new();
            let mut referenced = String::new();
            let mut reply_to = String::new();
            let mut mentions = String::new();
            let roll = rng.unit();
            let target = rng.popular(accounts);
            users.push(target);
            let ref_id = next_id - 1 - rng.below(1_000_000);
            if roll < 0.35 {
                text.push_str(&format!("RT @user{target}: "));
                referenced = format!(r#","referenced_tweets":[{{"type":"retweeted","id":"{ref_id}"}}]"#);
                refs.push((ref_id, target));
                mentions = format!(r#"{{"start":3,"end":10,"username":"user{target}","id":"{target}"}}"#);
            } else if roll < 0.6 {
                text.push_str(&format!("@user{target} "));
                referenced = format!(r#","referenced_tweets":[{{"type":"replied_to","id":"{ref_id}"}}]"#);
                reply_to = format!(r#","in_reply_to_user_id":"{target}""#);
                mentions = format!(r#"{{"start":0,"end":8,"username":"user{target}","id":"{target}"}}"#);
            } else if roll < 0.7 {
                referenced = format!(r#","referenced_tweets":[{{"type":"quoted","id":"{ref_id}"}}]"#);
                refs.push((ref_id, target));
            } else if roll < 0.85 {
                let other = rng.popular(accounts);
                users.push(other);
                text.push_str(&format!("cc @user{target} @user{other} "));
                mentions = format!(
                    r#"{{"start":3,"end":10,"username":"user{target}","id":"{target}"}},{{"start":11,"end":19,"username":"user{other}","id":"{other}"}}"#
                );
            }
            for _ in 0..(8 + rng.below(14)) {
                text.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
                text.push(' ');
            }
            let tag = TAGS[rng.below(TAGS.len() as u64) as usize];
            let code = rng.below(1 << 30);
            text.push_str(&format!("#{tag} \\u2014 https://t.co/x{code}"));
            let urls = shared_link(code);
            data.push(format!(
                r#"{{"id":"{next_id}","author_id":"{author}","created_at":"2026-03-{:02}T{:02}:{:02}:{:02}.000Z","text":"{text}","lang":"en","conversation_id":"{next_id}"{referenced}{reply_to},"entities":{{"mentions":[{mentions}],"hashtags":[{{"start":0,"end":5,"tag":"{tag}"}}],"urls":[{urls}]}},"public_metrics":{{"retweet_count":{},"reply_count":0,"like_count":{},"quote_count":0}},"possibly_sensitive":false,"reply_settings":"everyone","source":"Twitter Web App"}}"#,
                1 + rng.below(28),
                rng.below(24),
                rng.below(60),
                rng.below(60),
                rng.below(50),
                rng.below(200)
            ));
        }
        users.sort_unstable();
        users.dedup();
        line.clear();
        line.push_str(r#"{"data":["#);
        line.push_str(&data.join(","));
        line.push_str(r#"],"includes":{"users":["#);
        let us: Vec<String> = users
            .iter()
            .map(|u| {
                format!(
                    r#"{{"id":"{u}","username":"user{u}","name":"User {u}","description":"Clinician and researcher #{}","public_metrics":{{"followers_count":{},"following_count":10,"tweet_count":100,"listed_count":1}},"verified":false,"created_at":"2015-01-01T00:00:00.000Z"}}"#,
                    TAGS[(u % TAGS.len() as u64) as usize],
                    u % 100_000
                )
            })
            .collect();
        line.push_str(&us.join(","));
        line.push_str(r#"],"tweets":["#);
        let ts: Vec<String> = refs
            .iter()
            .map(|(id, a)| format!(r#"{{"id":"{id}","author_id":"{a}","text":"original post","created_at":"2026-02-01T00:00:00.000Z"}}"#))
            .collect();
        line.push_str(&ts.join(","));
        line.push_str(&format!(r#"]}},"meta":{{"result_count":{n},"newest_id":"{next_id}"}}}}"#));
        line.push('\n');
        w.write_all(line.as_bytes())?;
        written += n;
    }
    Ok(())
}
