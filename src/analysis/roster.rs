//! The roster on the graph: which accounts of the graph are which roster
//! person's, and, for a person given by name only, which accounts might be
//! theirs.
//!
//! An account is a person's when its platform is the roster row's and its
//! id or handle equals the row's `account`, case-insensitively and without
//! a leading `@`. Nothing is merged in the graph: a person's accounts stay
//! apart (no interaction between platforms appears that did not happen),
//! and the topic ranking adds their scores up ([`super::topics`]).
//!
//! Candidates for a name-only person are accounts, not already a roster
//! person's, whose display name equals the person's name once titles and
//! credentials (`Dr`, `Prof`, `MD`, `PhD`, ...), punctuation and case are
//! removed: same words in the same order first, the same words in another
//! order next; the report orders each group by DOL score. They are only
//! proposed (roster.csv `candidates`): a namesake is not the person.

use crate::graph::AccountInfo;
use crate::roster::{Roster, account_key};

/// Words a display name may carry around a person's name: titles and
/// credentials, compared lower-case without dots.
pub const TITLES: &[&str] = &[
    "dr",
    "doctor",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "md",
    "phd",
    "mph",
    "mba",
    "msc",
    "bsc",
    "ma",
    "do",
    "rn",
    "np",
    "pa",
    "pharmd",
    "rph",
    "dds",
    "dmd",
    "dnp",
    "mbbs",
    "mbchb",
    "frcp",
    "frcpc",
    "frcs",
    "facp",
    "facc",
    "fasco",
    "cgc",
    "rd",
    "dvm",
    "mpp",
    "mhs",
    "msn",
    "bsn",
    "jr",
    "sr",
    "ii",
    "iii",
];

/// The roster matched to the graph's accounts.
#[derive(Clone, Debug, Default)]
pub struct Matched {
    /// The person (an index into the roster's persons) of each account.
    pub person_of: Vec<Option<u32>>,
    /// Each person's accounts found in the graph, by account id.
    pub found: Vec<Vec<u32>>,
    /// For persons named without an account and with none found:
    /// candidate accounts and how well the name matched (0: the same words
    /// in the same order, 1: in another order), by account id.
    pub candidates: Vec<Vec<(u32, u8)>>,
}

impl Matched {
    /// Each account's entry in the rankings: the person's first found
    /// account for a person's accounts, the account itself otherwise.
    pub fn entries(&self) -> Vec<u32> {
        self.person_of
            .iter()
            .enumerate()
            .map(|(a, p)| match p {
                Some(p) => self.found[*p as usize].first().copied().unwrap_or(a as u32),
                None => a as u32,
            })
            .collect()
    }
}

/// A display name or a roster name reduced to the words of the name.
pub fn name_words(name: &str) -> Vec<String> {
    // A credential after a comma ("Ravi Quendale, PhD") goes too.
    name.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '|' || c == '(' || c == ')')
        .map(|w| {
            w.chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'').collect::<String>().to_lowercase()
        })
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect()
}

/// Matches the roster to the graph's accounts (before `--pseudonymize`
/// replaces handles and names).
pub fn match_roster(roster: &Roster, accounts: &[AccountInfo]) -> Matched {
    let mut by_key: std::collections::HashMap<(crate::ingest::Platform, String), u32> =
        std::collections::HashMap::new();
    for (i, a) in accounts.iter().enumerate() {
        for key in std::iter::once(&a.id).chain(a.handle.as_ref()) {
            by_key.entry((a.platform, account_key(key))).or_insert(i as u32);
        }
    }
    let mut m = Matched {
        person_of: vec![None; accounts.len()],
        found: vec![Vec::new(); roster.persons.len()],
        candidates: vec![Vec::new(); roster.persons.len()],
    };
    for (p, person) in roster.persons.iter().enumerate() {
        for known in &person.accounts {
            if let Some(&a) = by_key.get(&(known.platform, known.account.clone()))
                && m.person_of[a as usize].is_none()
            {
                m.person_of[a as usize] = Some(p as u32);
                m.found[p].push(a);
            }
        }
        m.found[p].sort_unstable();
    }
    let wanted: Vec<(usize, Vec<String>, Vec<String>)> = roster
        .persons
        .iter()
        .enumerate()
        .filter(|(p, person)| person.name_only && m.found[*p].is_empty())
        .map(|(p, person)| {
            let words = name_words(&person.name);
            let mut sorted = words.clone();
            sorted.sort();
            (p, words, sorted)
        })
        .filter(|(_, w, _)| !w.is_empty())
        .collect();
    if wanted.is_empty() {
        return m;
    }
    for (a, account) in accounts.iter().enumerate() {
        if m.person_of[a].is_some() {
            continue;
        }
        let Some(name) = account.name.as_deref() else { continue };
        let words = name_words(name);
        if words.is_empty() {
            continue;
        }
        let mut sorted = words.clone();
        sorted.sort();
        for (p, w, s) in &wanted {
            let platforms = &roster.persons[*p].name_only_platforms;
            if !platforms.is_empty() && !platforms.contains(&account.platform) {
                continue;
            }
            let level = if &words == w {
                0
            } else if &sorted == s {
                1
            } else {
                continue;
            };
            m.candidates[*p].push((a as u32, level));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Platform;

    fn account(id: &str, handle: &str, name: &str, platform: Platform) -> AccountInfo {
        AccountInfo {
            id: id.into(),
            handle: Some(handle.into()),
            name: Some(name.into()),
            bio: None,
            followers: None,
            posts: 1,
            platform,
            pseudonym: false,
        }
    }

    #[test]
    fn accounts_match_by_id_or_handle_and_names_without_titles() {
        assert_eq!(name_words("Prof. Dr. Ana María Ruiz, MD PhD"), ["ana", "maría", "ruiz"]);
        assert_eq!(name_words("Ravi Quendale, PhD"), ["ravi", "quendale"]);
        let roster = crate::roster::Roster {
            path: Default::default(),
            bytes: 0,
            sha256: String::new(),
            extra_columns: Vec::new(),
            persons: vec![
                crate::roster::Person {
                    id: "k1".into(),
                    name: "Ana Ruiz".into(),
                    extras: Vec::new(),
                    accounts: vec![
                        crate::roster::KnownAccount { platform: Platform::X, account: "anaruiz".into(), line: 2 },
                        crate::roster::KnownAccount {
                            platform: Platform::Mastodon,
                            account: "ana@med.example".into(),
                            line: 3,
                        },
                    ],
                    name_only_platforms: Vec::new(),
                    name_only: false,
                },
                crate::roster::Person {
                    id: "k2".into(),
                    name: "Dr. Ben Ode".into(),
                    extras: Vec::new(),
                    accounts: Vec::new(),
                    name_only_platforms: Vec::new(),
                    name_only: true,
                },
            ],
            rows: 3,
            rejects: Vec::new(),
        };
        let accounts = vec![
            account("111", "AnaRuiz", "Ana", Platform::X),
            account("ana@med.example", "ana@med.example", "Ana R.", Platform::Mastodon),
            account("222", "benode", "Ben Ode, MD", Platform::X),
            account("333", "odeben", "Ode Ben", Platform::X),
            account("444", "bennode", "Benn Ode", Platform::X),
            account("555", "AnaRuiz", "Ana", Platform::Bluesky),
        ];
        let m = match_roster(&roster, &accounts);
        assert_eq!(m.found[0], [0, 1], "X by handle, Mastodon by user@host; not Bluesky's namesake");
        assert_eq!(m.person_of, [Some(0), Some(0), None, None, None, None]);
        assert_eq!(m.candidates[1], [(2, 0), (3, 1)]);
        assert!(m.candidates[0].is_empty());
        assert_eq!(m.entries(), [0, 0, 2, 3, 4, 5]);
    }
}
