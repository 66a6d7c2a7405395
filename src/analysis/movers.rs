//! Rising and fading DOLs: one topic's ranking at two times (the last
//! period and the one before, or two runs' topics.csv) compared account by
//! account.
//!
//! The rule, stable on noise: an account moves only when its rank changes
//! by at least [`MIN_PLACES`] places *and* its score changes by at least
//! the factor [`MIN_RATIO`] in the same direction. Rank alone jitters among
//! accounts of near-equal score; a score ratio alone moves everyone when
//! the whole topic gets busier or quieter. Accounts in neither top
//! [`LISTED`] are not listed.

/// Places an account must gain (or lose) to be rising (or falling).
pub const MIN_PLACES: u32 = 3;
/// Factor its score must grow by (or shrink by) at the same time.
pub const MIN_RATIO: f64 = 1.5;
/// Accounts listed: those in the top this many of either ranking.
pub const LISTED: u32 = 50;

/// The rule in words, for the README and the manifest.
pub fn rule() -> String {
    format!(
        "accounts in the top {LISTED} of either ranking; new: not ranked before; gone: not ranked now; \
         rising: up at least {MIN_PLACES} places and score at least x{MIN_RATIO}; \
         falling: down at least {MIN_PLACES} places and score at most /{MIN_RATIO}; steady: otherwise"
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    New,
    Rising,
    Steady,
    Falling,
    Gone,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Rising => "rising",
            Status::Steady => "steady",
            Status::Falling => "falling",
            Status::Gone => "gone",
        }
    }
}

/// One account of one ranking: its key (the account id) and score; the
/// rank is the position in the list, 1 the strongest.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked<K> {
    pub key: K,
    pub score: f64,
}

/// One account compared: ranks are `None` where it was not ranked, and
/// its score is then 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Mover<K> {
    pub key: K,
    pub rank_before: Option<u32>,
    pub rank_after: Option<u32>,
    pub score_before: f64,
    pub score_after: f64,
    pub status: Status,
}

/// Compares one topic's rankings (each strongest first). Rows come ranked
/// now first (by rank now), then those gone (by rank before).
pub fn compare<K: Clone + Ord>(before: &[Ranked<K>], after: &[Ranked<K>]) -> Vec<Mover<K>> {
    use std::collections::BTreeMap;
    let mut by: BTreeMap<&K, (Option<(u32, f64)>, Option<(u32, f64)>)> = BTreeMap::new();
    for (i, r) in before.iter().enumerate() {
        by.entry(&r.key).or_default().0.get_or_insert((i as u32 + 1, r.score));
    }
    for (i, r) in after.iter().enumerate() {
        by.entry(&r.key).or_default().1.get_or_insert((i as u32 + 1, r.score));
    }
    let mut out: Vec<Mover<K>> = by
        .into_iter()
        .filter(|(_, (b, a))| b.is_some_and(|b| b.0 <= LISTED) || a.is_some_and(|a| a.0 <= LISTED))
        .map(|(key, (b, a))| {
            let status = match (b, a) {
                (None, _) => Status::New,
                (_, None) => Status::Gone,
                (Some((rb, sb)), Some((ra, sa))) => {
                    if ra + MIN_PLACES <= rb && sa >= sb * MIN_RATIO {
                        Status::Rising
                    } else if rb + MIN_PLACES <= ra && sa * MIN_RATIO <= sb {
                        Status::Falling
                    } else {
                        Status::Steady
                    }
                }
            };
            Mover {
                key: key.clone(),
                rank_before: b.map(|b| b.0),
                rank_after: a.map(|a| a.0),
                score_before: b.map_or(0.0, |b| b.1),
                score_after: a.map_or(0.0, |a| a.1),
                status,
            }
        })
        .collect();
    out.sort_by_key(|m| (m.rank_after.is_none(), m.rank_after, m.rank_before));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(scores: &[(&'static str, f64)]) -> Vec<Ranked<&'static str>> {
        scores.iter().map(|&(key, score)| Ranked { key, score }).collect()
    }

    #[test]
    fn a_move_needs_places_and_a_score_ratio() {
        let before = ranking(&[("a", 10.0), ("b", 9.0), ("c", 8.0), ("d", 7.9), ("e", 7.8), ("f", 2.0)]);
        // The whole topic twice as busy: scores double, ranks barely move.
        let busier: Vec<_> = before.iter().map(|r| Ranked { key: r.key, score: r.score * 2.0 }).collect();
        assert!(compare(&before, &busier).iter().all(|m| m.status == Status::Steady));
        // Near-equal scores swap ranks: not a move.
        let jitter = ranking(&[("a", 10.0), ("e", 8.1), ("d", 8.0), ("c", 7.9), ("b", 7.7), ("f", 2.0)]);
        let m = compare(&before, &jitter);
        assert!(m.iter().all(|m| m.status == Status::Steady), "{m:?}");
        // f climbs 5 places with 5 times the score; a drops and fades;
        // g is new; b is gone.
        let after = ranking(&[("f", 10.0), ("c", 8.0), ("d", 7.9), ("e", 7.8), ("g", 4.0), ("a", 3.0)]);
        let m = compare(&before, &after);
        let status = |k: &str| m.iter().find(|x| x.key == k).map(|x| x.status);
        assert_eq!(status("f"), Some(Status::Rising));
        assert_eq!(status("a"), Some(Status::Falling));
        assert_eq!(status("g"), Some(Status::New));
        assert_eq!(status("b"), Some(Status::Gone));
        assert_eq!(status("c"), Some(Status::Steady));
        let order: Vec<&str> = m.iter().map(|x| x.key).collect();
        assert_eq!(order, ["f", "c", "d", "e", "g", "a", "b"], "ranked now first, then the gone");
        let b = m.iter().find(|x| x.key == "b").expect("b");
        assert_eq!((b.rank_before, b.rank_after, b.score_before, b.score_after), (Some(2), None, 9.0, 0.0));
    }

    #[test]
    fn only_the_top_of_either_ranking_is_listed() {
        let before: Vec<Ranked<u32>> = (0..80).map(|k| Ranked { key: k, score: 100.0 - k as f64 }).collect();
        let m = compare(&before, &before);
        assert_eq!(m.len(), LISTED as usize);
        // Account 70 climbs to the top: listed, rising.
        let mut after = before.clone();
        let climber = after.remove(70);
        after.insert(0, Ranked { key: climber.key, score: 500.0 });
        let m = compare(&before, &after);
        assert_eq!(m[0].key, 70);
        assert_eq!((m[0].rank_before, m[0].rank_after, m[0].status), (Some(71), Some(1), Status::Rising));
    }
}
