//! Pseudonymisation (`analyze --pseudonymize KEYFILE`): replaces every
//! account's id, handle and name by a keyed hash, and drops its bio, on the
//! built graph, before any report is written. Every output (tables, graph
//! files, pictures, the HTML report) is made from the graph, so each
//! inherits the pseudonyms without knowing about them.
//!
//! The hash is HMAC-SHA256 keyed with the key file's bytes: without the key
//! nobody can recompute a pseudonym from a known handle (a plain hash of a
//! public handle is reversed by hashing every handle); with the same key,
//! the same account gets the same pseudonym in every run, so results can
//! be compared across runs and joined by whoever holds the key.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{InteractionGraph, NO_TIME};
use crate::error::{Error, Result};
use crate::roster::Roster;

/// Shortest key accepted, in bytes: below it, keys can be guessed.
pub const MIN_KEY_BYTES: usize = 16;

/// Hex digits of a pseudonym (48 bits); more when two accounts of a graph
/// would otherwise share one.
const HEX_DIGITS: usize = 12;

/// Seconds in a day: pseudonymised interaction times keep only their day.
const DAY: i64 = 86_400;

/// The lower end of the 1-2-5 bucket holding `n` (546 -> 500, 12,345 ->
/// 10,000): exact follower counts are quasi-identifiers (546 of the
/// sample's 754 accounts have one nobody else has), buckets say the reach.
pub fn follower_bucket(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    let mut decade = 1u64;
    while decade <= n / 10 {
        decade *= 10;
    }
    let lead = n / decade;
    decade
        * if lead >= 5 {
            5
        } else if lead >= 2 {
            2
        } else {
            1
        }
}

/// A pseudonymisation key. Its bytes are never printed or written.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PseudonymKey(Vec<u8>);

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PseudonymKey({} bytes)", self.0.len())
    }
}

impl PseudonymKey {
    pub fn new(bytes: Vec<u8>) -> Result<Self, String> {
        if bytes.is_empty() {
            return Err("the key file is empty".into());
        }
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!("the key is {} bytes; use at least {MIN_KEY_BYTES}", bytes.len()));
        }
        Ok(PseudonymKey(bytes))
    }

    /// Reads a key file, with an error that says how to make one.
    pub fn from_file(path: &Path) -> Result<Self> {
        let how = "make one with: head -c 32 /dev/urandom > KEYFILE (keep it apart from the results)";
        let err = |reason: String| Error::Input { path: path.to_path_buf(), reason: format!("{reason}; {how}") };
        let bytes =
            crate::ingest::limits::read_capped(path, crate::ingest::limits::MAX_KEY_FILE, "--pseudonymize key file")
                .map_err(err)?;
        PseudonymKey::new(bytes).map_err(err)
    }

    fn mac(&self, kind: &str, value: &str) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("invariant: HMAC takes keys of any length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The pseudonym of `value` of the given kind ("id", "handle",
    /// "name"): `prefix` and the first `digits` hex digits of its HMAC.
    pub fn pseudonym(&self, kind: &str, prefix: &str, value: &str, digits: usize) -> String {
        let mut s = String::with_capacity(prefix.len() + digits);
        s.push_str(prefix);
        for b in self.mac(kind, value) {
            s.push_str(&format!("{b:02x}"));
        }
        s.truncate(prefix.len() + digits.min(64));
        s
    }

    /// A check value that tells two keys apart without revealing either:
    /// recorded in the manifest, so a re-run can show it used the same key.
    pub fn check(&self) -> String {
        self.pseudonym("key-check", "", "dolgraph", 16)
    }
}

/// Carried columns kept under `--pseudonymize`: categories a team sorts
/// its list by, shared by many persons. Every other carried column
/// (institution, email, city, ...) can name the person and is emptied.
pub const KEPT_UNDER_PSEUDONYMS: &[&str] = &["segment", "tier", "specialty", "therapeutic_area"];

/// What `--pseudonymize` did to the roster, for the manifest.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RosterPseudonyms {
    pub method: &'static str,
    pub kept_columns: Vec<String>,
    pub emptied_columns: Vec<String>,
}

/// Replaces a roster's person ids and names by keyed hashes (the key of
/// the accounts' pseudonyms) and empties the carried columns not in
/// [`KEPT_UNDER_PSEUDONYMS`]. Call after matching: the known accounts are
/// cleared too.
pub fn pseudonymize_roster(roster: &mut Roster, key: &PseudonymKey) -> RosterPseudonyms {
    let kept: Vec<bool> = roster.extra_columns.iter().map(|c| KEPT_UNDER_PSEUDONYMS.contains(&c.as_str())).collect();
    for p in &mut roster.persons {
        p.id = key.pseudonym("person", "person-", &p.id, 12);
        if !p.name.is_empty() {
            p.name = key.pseudonym("person-name", "name-", &p.name, 12);
        }
        for (cell, keep) in p.extras.iter_mut().zip(&kept) {
            if !keep {
                cell.clear();
            }
        }
        p.accounts.iter_mut().for_each(|a| a.account.clear());
    }
    let pick = |want: bool| -> Vec<String> {
        roster.extra_columns.iter().zip(&kept).filter(|(_, k)| **k == want).map(|(c, _)| c.clone()).collect()
    };
    RosterPseudonyms {
        method: "person ids and names: HMAC-SHA256 under the key file's bytes; carried columns other than the kept ones emptied",
        kept_columns: pick(true),
        emptied_columns: pick(false),
    }
}

/// What the manifest records: that pseudonyms were used, how they are
/// made, and the key's check value (never the key).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PseudonymEntry {
    pub method: &'static str,
    pub key_check: String,
    pub digits: usize,
}

/// Drops the shared links that name an account: a profile or a post on a
/// platform, a shortened link (it may point at one), and any link with an
/// account's handle or id as a word of it (`news.example/fernnews/123`), of 4 characters or more.
/// Papers, trials and other pages stay.
fn drop_naming_links(graph: &mut InteractionGraph) {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    // Words of 4 characters or more: shorter ones are common in paths.
    let mut named: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for a in &graph.accounts {
        let handle = a.handle.as_deref().map(|h| h.trim_start_matches('@'));
        // An id or a name that is one word (not `user@host`, whose host is a site's).
        let one_word = [Some(a.id.as_str()), a.name.as_deref()].into_iter().flatten().filter(|w| words(w).len() == 1);
        named.extend(handle.into_iter().chain(one_word).map(str::to_lowercase).filter(|w| w.chars().count() >= 4));
    }
    graph.links.retain(|l| !crate::link::may_name_account(&l.key) && !words(&l.key).iter().any(|w| named.contains(w)));
}

/// Replaces ids, handles and names of every account of `graph` by
/// pseudonyms, drops bios, and returns what the manifest records. Ids
/// stay distinct: if two would share a pseudonym, all get more digits.
pub fn pseudonymize(graph: &mut InteractionGraph, key: &PseudonymKey) -> PseudonymEntry {
    drop_naming_links(graph);
    let mut digits = HEX_DIGITS;
    let ids = loop {
        let ids: Vec<String> = graph.accounts.iter().map(|a| key.pseudonym("id", "acct-", &a.id, digits)).collect();
        let mut sorted: Vec<&String> = ids.iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() == ids.len() || digits >= 64 {
            break ids;
        }
        digits += 4;
    };
    for (a, id) in graph.accounts.iter_mut().zip(ids) {
        a.id = id;
        a.handle = a.handle.as_deref().map(|h| key.pseudonym("handle", "user-", &h.to_lowercase(), digits));
        a.name = a.name.as_deref().map(|n| key.pseudonym("name", "name-", n, digits));
        a.bio = None;
        a.pseudonym = true;
        a.followers = a.followers.map(follower_bucket);
    }
    // Exact times re-identify too: most interactions of a conversation
    // have a second of their own, which the public posts show.
    for e in &mut graph.edges {
        if e.first != NO_TIME {
            e.first = e.first.div_euclid(DAY) * DAY;
        }
        if e.last != NO_TIME {
            e.last = e.last.div_euclid(DAY) * DAY;
        }
    }
    PseudonymEntry {
        method: "HMAC-SHA256 of id, handle (lower-cased) and name under the key file's bytes; bios and profile links dropped; \
                 follower counts cut to 0, 1, 2, 5, 10, 20, 50, ...; interaction times cut to the day (UTC); shared links \
                 that may name an account dropped (X and Bluesky profiles and posts, Mastodon-shaped /@name and \
                 /users/ paths, shortened links, and links with an account's handle or id as a word)",
        key_check: key.check(),
        digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> PseudonymKey {
        PseudonymKey::new(s.as_bytes().to_vec()).expect("key")
    }

    #[test]
    fn pseudonyms_are_keyed_hmacs() {
        let k = key("0123456789abcdef");
        // HMAC-SHA256(key, "id\0drana"), as computed by Python's hmac module.
        assert_eq!(k.pseudonym("id", "acct-", "drana", 12), "acct-3555f253233a");
        assert_ne!(
            k.pseudonym("id", "acct-", "drana", 12),
            key("fedcba9876543210").pseudonym("id", "acct-", "drana", 12)
        );
        assert_ne!(k.pseudonym("id", "", "drana", 12), k.pseudonym("handle", "", "drana", 12));
        assert_eq!(k.pseudonym("id", "acct-", "drana", 12).len(), 17);
    }

    #[test]
    fn follower_counts_fall_in_1_2_5_buckets() {
        let cases = [(0, 0), (1, 1), (4, 2), (9, 5), (10, 10), (546, 500), (1999, 1000), (12_345, 10_000)];
        for (n, b) in cases {
            assert_eq!(follower_bucket(n), b, "{n}");
        }
        assert_eq!(follower_bucket(u64::MAX), 10_000_000_000_000_000_000);
    }

    #[test]
    fn short_and_empty_keys_are_refused() {
        assert_eq!(PseudonymKey::new(Vec::new()), Err("the key file is empty".into()));
        assert_eq!(PseudonymKey::new(b"short".to_vec()), Err("the key is 5 bytes; use at least 16".into()));
        assert_eq!(format!("{:?}", key("0123456789abcdef")), "PseudonymKey(16 bytes)");
    }
}
