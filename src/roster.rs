//! The KOL roster (`analyze --roster FILE`): a team's own list of the
//! people it knows, as CSV with the header `person, name, platform,
//! account`, one row per known account of a person. More columns (say
//! `segment`, `tier`, `institution`) are carried through to roster.csv.
//! A row with an empty `account` names a person whose accounts are not
//! known: dolgraph proposes candidates for them, never merges them.
//!
//! This module reads and checks the file; matching its accounts to the
//! graph and ranking a person as one entry is analysis
//! ([`crate::analysis::roster`]).
//!
//! A file that cannot be used (unreadable, not UTF-8, a missing column, no
//! usable row) stops the run with exit 1 and the file and line. A row that
//! cannot be used (an unknown platform, an account already under another
//! person, a duplicate, a person named two ways, a wrong number of cells)
//! is a reject: written to rejects.jsonl with its line and counted in the
//! manifest, and the run goes on.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ingest::Platform;
use crate::ingest::reject::{Reject, RejectKind};

/// The columns a roster must have, in any order.
pub const COLUMNS: [&str; 4] = ["person", "name", "platform", "account"];

/// The largest roster read, in bytes: a CRM export of a few hundred
/// thousand rows fits; anything larger is the wrong file.
pub const MAX_BYTES: u64 = 64 << 20;

/// One known account of a person: its platform and the handle or id as
/// matched (lower-cased, without a leading `@`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownAccount {
    pub platform: Platform,
    pub account: String,
    /// The roster line that names it.
    pub line: u64,
}

/// One person of the roster, in the order of first appearance.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// The carried columns' cells, in the order of [`Roster::extra_columns`],
    /// from the person's first row.
    pub extras: Vec<String>,
    pub accounts: Vec<KnownAccount>,
    /// Platforms named on rows without an account: where candidates are
    /// looked for (every platform when empty).
    pub name_only_platforms: Vec<Platform>,
    /// Whether some row named the person without an account.
    pub name_only: bool,
}

/// A roster row that was not used.
#[derive(Clone, Debug, PartialEq)]
pub struct RowReject {
    pub line: u64,
    pub reason: Reject,
}

/// A roster as read.
#[derive(Clone, Debug)]
pub struct Roster {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    /// Columns beyond the four, in the file's order.
    pub extra_columns: Vec<String>,
    pub persons: Vec<Person>,
    /// Data rows read (used + rejected).
    pub rows: u64,
    pub rejects: Vec<RowReject>,
}

/// The platform a roster names, as `--format` names platforms.
pub fn platform(name: &str) -> Option<Platform> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "x" | "twitter" => Platform::X,
        "bluesky" | "bsky" => Platform::Bluesky,
        "mastodon" => Platform::Mastodon,
        "csv" => Platform::Csv,
        "edge" => Platform::Edge,
        _ => return None,
    })
}

/// A handle or id as the roster and the graph are matched: trimmed,
/// lower-cased, without a leading `@` (`@User@Host` -> `user@host`).
pub fn account_key(s: &str) -> String {
    s.trim().trim_start_matches('@').to_lowercase()
}

impl Roster {
    /// Reads and checks a roster file.
    pub fn load(path: &Path) -> Result<Roster> {
        let bad = |reason: String| Error::Input { path: path.to_path_buf(), reason };
        let bytes = crate::ingest::limits::read_capped(path, MAX_BYTES, "roster").map_err(bad)?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        let size = bytes.len() as u64;
        let text = String::from_utf8(bytes).map_err(|_| bad("line 1: the roster is not UTF-8 text".into()))?;
        let mut roster = parse(&text).map_err(bad)?;
        (roster.path, roster.bytes, roster.sha256) = (path.to_path_buf(), size, sha256);
        Ok(roster)
    }

    /// The person with this id, or (case-insensitively) this name.
    pub fn find(&self, id_or_name: &str) -> Option<usize> {
        let wanted = id_or_name.trim();
        self.persons
            .iter()
            .position(|p| p.id == wanted)
            .or_else(|| self.persons.iter().position(|p| p.name.eq_ignore_ascii_case(wanted)))
    }
}

/// Parses a roster's text; `Err` when the file cannot be used at all.
fn parse(text: &str) -> std::result::Result<Roster, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> =
        reader.headers().map_err(|e| format!("line 1: {e}"))?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if header.iter().all(String::is_empty) {
        return Err("line 1: the roster is empty; its header is person,name,platform,account".into());
    }
    let mut at = [0usize; 4];
    for (slot, name) in at.iter_mut().zip(COLUMNS) {
        *slot = header.iter().position(|h| h == name).ok_or_else(|| {
            format!("line 1: no column '{name}'; a roster's header is person,name,platform,account (more columns are carried through)")
        })?;
    }
    for (i, h) in header.iter().enumerate() {
        if header[..i].contains(h) {
            return Err(format!("line 1: the column '{h}' appears twice"));
        }
    }
    let extra: Vec<usize> = (0..header.len()).filter(|i| !at.contains(i)).collect();
    let mut roster = Roster {
        path: PathBuf::new(),
        bytes: 0,
        sha256: String::new(),
        extra_columns: extra.iter().map(|&i| header[i].clone()).collect(),
        persons: Vec::new(),
        rows: 0,
        rejects: Vec::new(),
    };
    let mut owner = Owners::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(format!("line {line}: {e}"));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        roster.rows += 1;
        if let Err(reason) = add_row(&mut roster, &mut owner, &record, &header, &at, &extra, line) {
            roster.rejects.push(RowReject { line, reason });
        }
    }
    if roster.persons.is_empty() {
        let why = match roster.rejects.first() {
            Some(r) => format!("line {}: {}", r.line, r.reason.message()),
            None => "line 2: no rows below the header".into(),
        };
        return Err(format!("no usable person in the roster ({} rows rejected); first: {why}", roster.rejects.len()));
    }
    Ok(roster)
}

/// `(platform, account)` -> `(person, line)`: who owns each account named.
type Owners = std::collections::HashMap<(Platform, String), (usize, u64)>;

/// Adds one data row to `roster`, or says why it cannot be used.
fn add_row(
    roster: &mut Roster,
    owner: &mut Owners,
    record: &csv::StringRecord,
    header: &[String],
    at: &[usize; 4],
    extra: &[usize],
    line: u64,
) -> std::result::Result<(), Reject> {
    if record.len() != header.len() {
        return Err(Reject::with(
            RejectKind::Shape,
            "{} cells where the header has {}",
            &[&record.len(), &header.len()],
        ));
    }
    let cell = |i: usize| record.get(i).unwrap_or_default().trim();
    let (id, name, platform_cell, account) = (cell(at[0]), cell(at[1]), cell(at[2]), cell(at[3]));
    if id.is_empty() {
        return Err(Reject::new(RejectKind::Missing, "no person id"));
    }
    let platform = match (platform_cell.is_empty(), platform(platform_cell)) {
        (true, _) => None,
        (false, Some(p)) => Some(p),
        (false, None) => {
            let why = "unknown platform '{}' (x, bluesky, mastodon, csv or edge)";
            return Err(Reject::with(RejectKind::BadValue, why, &[&platform_cell]));
        }
    };
    if !account.is_empty() && platform.is_none() {
        let why = "account '{}' without a platform (x, bluesky, mastodon, csv or edge)";
        return Err(Reject::with(RejectKind::Missing, why, &[&account]));
    }
    let key = (!account.is_empty()).then(|| account_key(account));
    let existing = roster.persons.iter().position(|p| p.id == id);
    if let Some(p) = existing {
        let known = &roster.persons[p].name;
        if !known.is_empty() && !name.is_empty() && known != name {
            let why = "person '{}' is named '{}' on an earlier line, '{}' here";
            return Err(Reject::with(RejectKind::BadValue, why, &[&id, known, &name]));
        }
    }
    if let (Some(platform), Some(key)) = (platform, &key)
        && let Some(&(other, first)) = owner.get(&(platform, key.clone()))
    {
        return Err(if Some(other) == existing {
            Reject::with(RejectKind::BadValue, "duplicate of line {}", &[&first])
        } else {
            let why = format!("{} account '{{}}' is already person '{{}}''s (line {{}})", platform.name());
            Reject::with(RejectKind::BadValue, why, &[&account, &roster.persons[other].id, &first])
        });
    }
    let person = match existing {
        Some(p) => p,
        None => {
            roster.persons.push(Person {
                id: id.to_string(),
                name: String::new(),
                extras: extra.iter().map(|&i| cell(i).to_string()).collect(),
                accounts: Vec::new(),
                name_only_platforms: Vec::new(),
                name_only: false,
            });
            roster.persons.len() - 1
        }
    };
    let p = &mut roster.persons[person];
    if p.name.is_empty() {
        p.name = name.to_string();
    }
    match (platform, key) {
        (Some(platform), Some(key)) => {
            owner.insert((platform, key.clone()), (person, line));
            p.accounts.push(KnownAccount { platform, account: key, line });
        }
        (platform, _) => {
            if p.name_only && platform.is_none_or(|x| p.name_only_platforms.contains(&x)) {
                let why = "person '{}' is named without an account on an earlier line";
                return Err(Reject::with(RejectKind::BadValue, why, &[&id]));
            }
            p.name_only = true;
            p.name_only_platforms.extend(platform);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_persons_and_bad_rows_are_rejected_with_their_line() {
        let r = parse(
            "person,name,platform,account,tier\n\
             k1,Dr. Ana Ruiz,x,@AnaRuiz,1\n\
             k1,Dr. Ana Ruiz,mastodon,@ana@med.example,1\n\
             k2,Ben Ode,,,2\n\
             k3,Cy Lam,facebook,cylam,3\n\
             k4,Di Wu,X,anaruiz,1\n\
             k1,Dr. Ana Ruiz,x,anaruiz,1\n\
             k5,Eve,x\n\
             k1,Ana Ruiz,bluesky,ana.bsky.social,1\n",
        )
        .expect("usable");
        assert_eq!(r.extra_columns, ["tier"]);
        assert_eq!(r.rows, 8);
        let ids: Vec<&str> = r.persons.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["k1", "k2"]);
        assert_eq!(r.persons[0].accounts.len(), 2);
        assert_eq!(r.persons[0].accounts[1].account, "ana@med.example");
        assert!(r.persons[1].name_only && r.persons[1].accounts.is_empty());
        let lines: Vec<u64> = r.rejects.iter().map(|x| x.line).collect();
        assert_eq!(lines, [5, 6, 7, 8, 9]);
        assert!(r.rejects[0].reason.message().contains("unknown platform 'facebook'"), "{:?}", r.rejects);
        assert!(r.rejects[1].reason.message().contains("already person 'k1''s (line 2)"), "{:?}", r.rejects);
        assert_eq!(r.rejects[2].reason.message(), "duplicate of line 2");
        assert!(r.rejects[3].reason.message().contains("3 cells where the header has 5"));
        assert!(r.rejects[4].reason.message().contains("named 'Dr. Ana Ruiz'"));
    }

    #[test]
    fn an_unusable_roster_says_why_with_a_line() {
        let e = parse("person,name,account\nk1,A,a\n").expect_err("no platform column");
        assert!(e.starts_with("line 1: no column 'platform'"), "{e}");
        let e = parse("person,name,platform,account\nk1,A,myspace,a\n").expect_err("nothing usable");
        assert!(e.contains("line 2: unknown platform 'myspace'"), "{e}");
        let e = parse("").expect_err("empty");
        assert!(e.contains("empty"), "{e}");
        assert!(parse("person,name,platform,account\n").is_err());
    }
}
