//! The paper a DOL's `why` in topics.csv names: the one the account
//! spread most on the topic, from `graph::links`.

use rustc_hash::FxHashMap;

use crate::graph::links::Links;
use crate::link::label as link_label;

/// Per (account, topic): the paper the account shared on the topic whose
/// posts were reposted most (then by its posts of it, then key), and how
/// many papers it shared there, for the `why` of topics.csv.
pub struct SharedPapers<'g> {
    best: FxHashMap<(u32, u16), (&'g str, u32, u32, u32)>,
}

impl<'g> SharedPapers<'g> {
    pub fn of(links: &'g Links) -> Self {
        let mut best: FxHashMap<(u32, u16), (&'g str, u32, u32, u32)> = FxHashMap::default();
        for s in &links.shares {
            let link = &links.links[s.link as usize];
            if !link.kind.is_paper() {
                continue;
            }
            for t in (0..64u16).filter(|&t| s.topics & (1 << t) != 0) {
                let e = best.entry((s.account, t)).or_insert((&link.key, s.reposts, s.posts, 0));
                e.3 += 1;
                let better =
                    (s.reposts, s.posts) > (e.1, e.2) || ((s.reposts, s.posts) == (e.1, e.2) && *link.key < *e.0);
                if better {
                    (e.0, e.1, e.2) = (&link.key, s.reposts, s.posts);
                }
            }
        }
        SharedPapers { best }
    }

    /// `shared NCT04368728 (12 reposts) and 2 other papers`, or `None`.
    pub fn phrase(&self, account: u32, topic: u16) -> Option<String> {
        let &(key, reposts, _, papers) = self.best.get(&(account, topic))?;
        let mut s = format!("shared {}", link_label(key));
        match reposts {
            0 => {}
            1 => s.push_str(" (1 repost)"),
            n => s.push_str(&format!(" ({n} reposts)")),
        }
        match papers {
            0 | 1 => {}
            2 => s.push_str(" and 1 other paper"),
            n => s.push_str(&format!(" and {} other papers", n - 1)),
        }
        Some(s)
    }
}
