//! Topic DOL ranking: who do others engage with on a topic, and does the
//! account itself speak on it.
//!
//! The score of account `a` on topic `T` is
//!
//! ```text
//! score(a) = affinity(a) x sum over engagers s of  share_s(a) x standing(s)
//! share_s(a)  = w(s -> a) / sum_b w(s -> b)      (on-topic interactions only)
//! standing(s) = 1 + ln(1 + attention(s)),  attention(s) = sum_r share_r(s)
//! affinity(a) = on-topic voice / voice            (voice: posts + reposts received)
//! ```
//!
//! It borrows from Topic-Sensitive PageRank (Haveliwala 2002: one ranking
//! per topic, computed on what is relevant to the topic) and from
//! TwitterRank (Weng et al. 2010: an account passes on its attention in
//! proportion to its interactions, and topical similarity scales the
//! transition), and departs from both where the rules of a DOL ranking
//! demand it:
//!
//! - **One account, one unit of attention.** Each engager's on-topic
//!   interactions are normalised to a share, so volume buys nothing: an
//!   account that replies to a DOL 200 times gives what one reply gives.
//!   An account nobody engages with scores 0, however much it posts, and is
//!   never listed (the hashtag flooder).
//! - **No recirculation.** PageRank lets a closed group keep its rank mass
//!   circulating (a pod of k accounts holds k times the mass of a teleport
//!   share, more than a DOL engaged by a few dozen one-off repliers). Here
//!   the engagers' standing is one step deep and grows with the log of the
//!   attention they receive, so a pod of k members can generate at most k
//!   units of attention among themselves, about 1 to 1.7 each, while the
//!   people whom the wider topic community engages with gather one unit
//!   from each engager.
//! - **Speaking on the topic.** Engagement is multiplied by the share of
//!   the account's own voice that is on the topic: its posts, plus the
//!   reposts others make of its posts (their text is its text, and the
//!   original may be missing from a hashtag-search export). A news outlet
//!   or celebrity that everybody mentions but that posts off-topic keeps
//!   only that share of its engagement.
//!
//! The global `dol_score` is the same score on "any topic" (every on-topic
//! interaction, affinity to any topic), or on every interaction with
//! affinity 1 when no topics are given.

use rayon::prelude::*;

/// The method, as the manifest names it.
pub const METHOD: &str = "engagement share x engager standing (1 + ln(1 + attention)) x on-topic affinity; see README";

use crate::graph::{InteractionGraph, TopicEdge};
use crate::kind::Kind;

/// One entry's standing on one topic: an account, or a roster person's
/// accounts taken together.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicRow {
    /// The account, or a person's strongest account on the topic.
    pub account: u32,
    /// The roster person (an index into the roster's persons), if any.
    pub person: Option<u32>,
    /// Every account of the entry, strongest on the topic first (ties to
    /// the smaller id): `[account]` for an account alone.
    pub accounts: Vec<u32>,
    pub score: f64,
    pub affinity: f64,
    pub on_topic_posts: u32,
    /// On-topic interactions received (all kinds, counted).
    pub engagement_in: u64,
    /// Distinct accounts that engaged on the topic, per kind (reply, quote,
    /// repost, mention, interaction) and in all.
    pub engagers_by_kind: [u32; 5],
    pub engagers: u32,
    /// Distinct communities among the engagers.
    pub engager_communities: u32,
    pub posts: u64,
}

/// The DOLs of one topic, strongest first. Only accounts with a score
/// above zero are listed: somebody engaged with them on the topic.
#[derive(Clone, Debug)]
pub struct TopicRanking {
    pub topic: String,
    pub rows: Vec<TopicRow>,
}

/// Every topic's ranking, each account's affinity per topic, and the
/// global DOL score.
#[derive(Clone, Debug)]
pub struct TopicScores {
    pub rankings: Vec<TopicRanking>,
    /// `affinity[t][a]`.
    pub affinity: Vec<Vec<f64>>,
    pub dol_score: Vec<f64>,
}

/// Ranks accounts on every topic of the graph and computes `dol_score`.
/// `persons` lists the accounts of each roster person (`&[]` without a
/// roster): on each topic they are one entry, whose score is the sum of
/// their scores ([`combine`]). `dol_score` stays per account.
pub fn rank(g: &InteractionGraph, membership: &[u32], persons: &[Vec<u32>]) -> TopicScores {
    let n = g.node_count();
    let entries = Entries::new(n, persons);
    let t = &g.topics;
    let reposts_received = reposts_received(g);
    let voice: Vec<u64> = (0..n).map(|a| g.accounts[a].posts + reposts_received[a]).collect();
    let views: Vec<u16> = (0..=t.any()).collect();
    let mut scored: Vec<(Vec<f64>, TopicRanking)> = if t.names.is_empty() {
        Vec::new()
    } else {
        views
            .par_iter()
            .map(|&k| {
                let name = t.names.get(k as usize).cloned().unwrap_or_else(|| "any".into());
                let mut on_posts = vec![0u32; n];
                for &(a, topic, c) in &t.posts {
                    if topic == k {
                        on_posts[a as usize] = c;
                    }
                }
                // The "any topic" view gives the per-account dol_score.
                let entries = if k == t.any() { None } else { Some(&entries) };
                rank_view(g, &name, t.edges_of(k), &on_posts, &voice, membership, entries)
            })
            .collect()
    };
    let dol_score = match scored.pop() {
        Some((_, any)) => {
            let mut s = vec![0.0; n];
            any.rows.iter().for_each(|r| s[r.account as usize] = r.score);
            s
        }
        None => whole_graph_scores(g),
    };
    let (affinity, rankings) = scored.into_iter().unzip();
    TopicScores { rankings, affinity, dol_score }
}

/// Reposts each account received (counted), from the aggregated edges.
fn reposts_received(g: &InteractionGraph) -> Vec<u64> {
    let mut r = vec![0u64; g.node_count()];
    for e in g.edges.iter().filter(|e| e.kind == Kind::Repost) {
        r[e.target as usize] += u64::from(e.count);
    }
    r
}

/// Score on every interaction, affinity 1: the global score without topics.
/// The links are the edges with their kinds summed per pair in edge
/// order, as `forward` sums them (the same bits), made from the edges
/// because `analyze` has freed `forward` by now (see
/// [`InteractionGraph::undirected_freeing_links`]).
fn whole_graph_scores(g: &InteractionGraph) -> Vec<f64> {
    let mut links: Vec<(u32, u32, f64)> = Vec::new();
    for e in &g.edges {
        match links.last_mut() {
            Some((s, t, w)) if (*s, *t) == (e.source, e.target) => *w += e.weight,
            _ => links.push((e.source, e.target, e.weight)),
        }
    }
    endorsement(g.node_count(), &links)
}

/// Attention each account receives and the endorsement (attention weighted
/// by the engagers' standing), from links sorted by source.
fn endorsement(n: usize, links: &[(u32, u32, f64)]) -> Vec<f64> {
    let mut out_weight = vec![0.0f64; n];
    for &(s, _, w) in links {
        out_weight[s as usize] += w;
    }
    // An engager whose links all weigh 0 (kind weights of 0) gives no
    // attention: its share would be 0/0.
    let share = |s: u32, w: f64| if w > 0.0 { w / out_weight[s as usize] } else { 0.0 };
    let mut attention = vec![0.0f64; n];
    for &(s, t, w) in links {
        attention[t as usize] += share(s, w);
    }
    let mut endorsed = vec![0.0f64; n];
    for &(s, t, w) in links {
        let standing = 1.0 + attention[s as usize].ln_1p();
        endorsed[t as usize] += share(s, w) * standing;
    }
    endorsed
}

/// Which accounts are ranked together: each roster person's accounts are
/// one entry, keyed by the person's first account; every other account is
/// its own entry.
pub struct Entries<'a> {
    /// The entry key of each account.
    key: Vec<u32>,
    /// The person whose entry a key is, by key.
    person_of_key: std::collections::HashMap<u32, u32>,
    persons: &'a [Vec<u32>],
}

impl<'a> Entries<'a> {
    pub fn new(n: usize, persons: &'a [Vec<u32>]) -> Self {
        let mut key: Vec<u32> = (0..n as u32).collect();
        let mut person_of_key = std::collections::HashMap::new();
        for (p, accounts) in persons.iter().enumerate() {
            if let Some(&first) = accounts.first() {
                accounts.iter().for_each(|&a| key[a as usize] = first);
                person_of_key.insert(first, p as u32);
            }
        }
        Entries { key, person_of_key, persons }
    }

    /// The accounts of the entry keyed `k`.
    fn members(&self, k: u32) -> (&[u32], Option<u32>) {
        match self.person_of_key.get(&k) {
            Some(&p) => (&self.persons[p as usize], Some(p)),
            None => (std::slice::from_ref(&self.key[k as usize]), None),
        }
    }
}

/// A person's score on a topic from their accounts' scores: the sum.
///
/// Each engager's attention is one unit shared over the accounts it
/// engages (a share per account), so the sum is the attention the person
/// received, each account's share weighted by its own affinity; it is
/// never below the person's strongest account, and an engager who engages
/// two of the person's accounts gives them no more than one unit together.
/// The graph is not changed: the accounts keep their own interactions, so
/// no interaction between platforms appears that did not happen.
pub fn combine(scores: impl IntoIterator<Item = f64>) -> f64 {
    scores.into_iter().sum()
}

/// Ranks one topic from its on-topic interactions (sorted by source,
/// target, kind); with `entries`, a roster person's accounts are one row.
fn rank_view(
    g: &InteractionGraph,
    name: &str,
    edges: &[TopicEdge],
    on_posts: &[u32],
    voice: &[u64],
    membership: &[u32],
    entries: Option<&Entries>,
) -> (Vec<f64>, TopicRanking) {
    let (affinity, endorsed) = view_scores(g.node_count(), edges, on_posts, voice);
    let key = |a: u32| entries.map_or(a, |e| e.key[a as usize]);
    let score_of = |a: u32| endorsed[a as usize] * affinity[a as usize];

    // Explanations: distinct engagers by kind, interactions, communities.
    let mut by_target: Vec<&TopicEdge> = edges.iter().collect();
    by_target.sort_by_key(|e| (key(e.target), e.source, e.kind, e.target));
    let mut rows = Vec::new();
    let mut i = 0;
    while i < by_target.len() {
        let k = key(by_target[i].target);
        let (members, person) = match entries {
            Some(e) => e.members(k),
            None => (std::slice::from_ref(&by_target[i].target), None),
        };
        let mut accounts = members.to_vec();
        accounts.sort_by(|&x, &y| stronger_first((score_of(x), x), (score_of(y), y)));
        let lead = accounts[0];
        let row_affinity = if members.len() == 1 {
            affinity[lead as usize]
        } else {
            // The accounts' on-topic voice over their voice.
            let v: u64 = members.iter().map(|&a| voice[a as usize]).sum();
            let on: f64 = members.iter().map(|&a| affinity[a as usize] * voice[a as usize] as f64).sum();
            if v == 0 { 0.0 } else { (on / v as f64).min(1.0) }
        };
        let mut row = TopicRow {
            account: lead,
            person,
            score: if members.len() == 1 { score_of(lead) } else { combine(accounts.iter().map(|&a| score_of(a))) },
            affinity: row_affinity,
            on_topic_posts: members.iter().map(|&a| on_posts[a as usize]).sum(),
            engagement_in: 0,
            engagers_by_kind: [0; 5],
            engagers: 0,
            engager_communities: 0,
            posts: members.iter().map(|&a| g.accounts[a as usize].posts).sum(),
            accounts,
        };
        let mut communities: Vec<u32> = Vec::new();
        let mut last_source = None;
        let mut last_kind = None;
        while i < by_target.len() && key(by_target[i].target) == k {
            let e = by_target[i];
            row.engagement_in += u64::from(e.count);
            // Distinct engagers per kind: an engager of two of a person's
            // accounts counts once.
            if last_kind != Some((e.source, e.kind)) {
                row.engagers_by_kind[kind_index(e.kind)] += 1;
                last_kind = Some((e.source, e.kind));
            }
            if last_source != Some(e.source) {
                row.engagers += 1;
                communities.push(membership.get(e.source as usize).copied().unwrap_or(u32::MAX));
                last_source = Some(e.source);
            }
            i += 1;
        }
        communities.sort_unstable();
        communities.dedup();
        row.engager_communities = communities.len() as u32;
        if row.score > 0.0 {
            rows.push(row);
        }
    }
    rows.sort_by(|x, y| stronger_first((x.score, x.account), (y.score, y.account)));
    (affinity, TopicRanking { topic: name.to_string(), rows })
}

/// The ranking's core on one view (a topic, over the whole input or in
/// one period): each account's affinity and endorsement (its score is
/// their product), from the view's on-topic interactions (sorted by
/// source, target, kind), on-topic posts and voice, indexed `0..n`.
pub(crate) fn view_scores(n: usize, edges: &[TopicEdge], on_posts: &[u32], voice: &[u64]) -> (Vec<f64>, Vec<f64>) {
    let mut reposts_in = vec![0u64; n];
    for e in edges.iter().filter(|e| e.kind == Kind::Repost) {
        reposts_in[e.target as usize] += u64::from(e.count);
    }
    let affinity: Vec<f64> = (0..n)
        .map(|a| {
            let on = u64::from(on_posts[a]) + reposts_in[a];
            if voice[a] == 0 { 0.0 } else { (on as f64 / voice[a] as f64).min(1.0) }
        })
        .collect();
    (affinity, engagement(n, edges))
}

/// The endorsement of each account from interactions sorted by (source,
/// target, kind), their kinds summed per link: the score without affinity
/// (the global score when there are no topics).
pub(crate) fn engagement(n: usize, edges: &[TopicEdge]) -> Vec<f64> {
    let mut links: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len());
    for e in edges {
        match links.last_mut() {
            Some(l) if l.0 == e.source && l.1 == e.target => l.2 += e.weight,
            _ => links.push((e.source, e.target, e.weight)),
        }
    }
    endorsement(n, &links)
}

/// The order of a ranking: higher score first, ties to the smaller id.
pub(crate) fn stronger_first(x: (f64, u32), y: (f64, u32)) -> std::cmp::Ordering {
    y.0.total_cmp(&x.0).then(x.1.cmp(&y.1))
}

fn kind_index(k: Kind) -> usize {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(4)
}

impl TopicRow {
    /// What drove the score, in words: "replied to by 12, reposted by 30
    /// accounts on rwe; 35 accounts from 3 communities; 13 of 21 posts on
    /// the topic".
    pub fn why(&self, topic: &str) -> String {
        let verbs = ["replied to", "quoted", "reposted", "mentioned", "engaged"];
        let parts: Vec<String> = verbs
            .iter()
            .zip(self.engagers_by_kind)
            .filter(|(_, c)| *c > 0)
            .map(|(v, c)| format!("{v} by {c}"))
            .collect();
        let plural = |n: u32, one: &str, many: &str| if n == 1 { one.to_string() } else { many.to_string() };
        format!(
            "{} on {topic}; {} {} from {} {}; {} of {} posts on the topic",
            parts.join(", "),
            self.engagers,
            plural(self.engagers, "account", "accounts"),
            self.engager_communities,
            plural(self.engager_communities, "community", "communities"),
            self.on_topic_posts,
            self.posts,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, KindWeights};
    use crate::ingest::{Account, AccountRef, Post, Record, Target};
    use crate::topics::{Topic, Topics};

    fn topics() -> Topics {
        Topics::new(vec![Topic { name: "rwe".into(), hashtags: vec!["rwe".into()], keywords: vec![] }])
    }

    struct Net {
        b: GraphBuilder,
        next: u32,
    }

    impl Net {
        fn post(&mut self, author: &str, tags: &[&str], reply_to: Option<&str>, mentions: &[&str]) {
            self.next += 1;
            let p = Post {
                key: format!("k{}", self.next),
                author: Account { id: author.into(), handle: Some(author.into()), ..Account::default() },
                hashtags: tags.iter().map(|t| t.to_string()).collect(),
                reply_to: reply_to.map(|r| Target::author(AccountRef::new(r, Some(r.into())))),
                mentions: mentions.iter().map(|m| AccountRef::new(*m, Some(m.to_string()))).collect(),
                ..Post::default()
            };
            self.b.add(Record::Post(Box::new(p)));
        }
    }

    #[test]
    fn volume_pods_and_off_topic_fame_do_not_win() {
        let mut net =
            Net { b: GraphBuilder::new(KindWeights::default(), None, None).with_topics(Some(topics())), next: 0 };
        // The DOL posts on topic and 12 distinct accounts reply once each.
        for _ in 0..5 {
            net.post("dol", &["rwe"], None, &[]);
        }
        for i in 0..12 {
            net.post(&format!("fan{i}"), &["rwe"], Some("dol"), &[]);
        }
        // A flooder posts 100 times on topic; nobody answers.
        for _ in 0..100 {
            net.post("flood", &["rwe"], None, &["dol"]);
        }
        // A pod of 4 replies to one another 50 times a day on topic.
        let pod = ["p0", "p1", "p2", "p3"];
        for round in 0..50 {
            for (i, a) in pod.iter().enumerate() {
                net.post(a, &["rwe"], Some(pod[(i + 1 + round % 3) % 4]), &[]);
            }
        }
        // A news outlet posts off topic and is mentioned by 14 accounts on topic.
        for _ in 0..6 {
            net.post("news", &["sport"], None, &[]);
        }
        for i in 0..14 {
            net.post(&format!("reader{i}"), &["rwe"], None, &["news"]);
        }
        let g = net.b.finish();
        let membership = vec![0; g.node_count()];
        let s = rank(&g, &membership, &[]);
        let rows = &s.rankings[0].rows;
        let handle = |r: &TopicRow| g.accounts[r.account as usize].id.clone();
        assert_eq!(handle(&rows[0]), "dol", "{:?}", rows.iter().map(handle).collect::<Vec<_>>());
        assert!(rows.iter().all(|r| handle(r) != "flood"), "a flooder nobody engages is not listed");
        let pod_best = rows.iter().filter(|r| handle(r).starts_with('p')).map(|r| r.score).fold(0.0, f64::max);
        assert!(pod_best < rows[0].score / 2.0, "pod {pod_best} vs dol {}", rows[0].score);
        let news = rows.iter().find(|r| handle(r) == "news").map_or(0.0, |r| r.score);
        assert_eq!(news, 0.0, "never posts on the topic");
        assert_eq!(rows[0].engagers, 13, "12 fans and the flooder's mentions");
        assert!(
            rows[0].why("rwe").starts_with("replied to by 12, mentioned by 1 on rwe; 13 accounts"),
            "{}",
            rows[0].why("rwe")
        );
        // Global score: the same ranking on "any topic".
        let dol = g.accounts.iter().position(|a| a.id == "dol").expect("dol");
        assert!(s.dol_score[dol] > 0.0 && s.dol_score.iter().all(|&x| x <= s.dol_score[dol]));
    }

    #[test]
    fn without_topics_the_whole_graph_is_the_topic() {
        let mut net = Net { b: GraphBuilder::new(KindWeights::default(), None, None), next: 0 };
        for i in 0..3 {
            net.post(&format!("f{i}"), &[], Some("hub"), &[]);
        }
        net.post("f0", &[], Some("f1"), &[]);
        let g = net.b.finish();
        let s = rank(&g, &vec![0; g.node_count()], &[]);
        assert!(s.rankings.is_empty());
        let hub = g.accounts.iter().position(|a| a.id == "hub").expect("hub");
        let best = s.dol_score.iter().cloned().fold(0.0, f64::max);
        assert_eq!(s.dol_score[hub], best);
        // hub: f1 and f2 give it their whole attention; f0 gives half,
        // and f1 received half of f0's attention (standing 1 + ln 1.5).
        let expect = 0.5 + (1.0 + 0.5f64.ln_1p()) + 1.0;
        assert!((s.dol_score[hub] - expect).abs() < 1e-12, "{}", s.dol_score[hub]);
    }

    #[test]
    fn a_persons_accounts_rank_as_one_entry_scoring_their_sum() {
        let mut net =
            Net { b: GraphBuilder::new(KindWeights::default(), None, None).with_topics(Some(topics())), next: 0 };
        for a in ["ana_x", "ana_m", "ben"] {
            net.post(a, &["rwe"], None, &[]);
        }
        for i in 0..3 {
            net.post(&format!("f{i}"), &["rwe"], Some("ana_x"), &[]);
            net.post(&format!("g{i}"), &["rwe"], Some("ana_m"), &[]);
        }
        net.post("f0", &["rwe"], Some("ana_m"), &[]);
        for i in 0..5 {
            net.post(&format!("h{i}"), &["rwe"], Some("ben"), &[]);
        }
        let g = net.b.finish();
        let id = |name: &str| g.accounts.iter().position(|a| a.id == name).expect(name) as u32;
        let membership = vec![0; g.node_count()];
        let alone = rank(&g, &membership, &[]);
        let mut ana = vec![id("ana_x"), id("ana_m")];
        ana.sort_unstable();
        let merged = rank(&g, &membership, std::slice::from_ref(&ana));
        let score = |s: &TopicScores, a: u32| s.rankings[0].rows.iter().find(|r| r.account == a).map(|r| r.score);
        let (x, m) = (score(&alone, id("ana_x")).expect("x"), score(&alone, id("ana_m")).expect("m"));
        assert!(score(&alone, id("ben")).expect("ben") > x.max(m), "alone, each account ranks below ben");
        let rows = &merged.rankings[0].rows;
        assert_eq!(rows.len(), alone.rankings[0].rows.len() - 1, "one row for the person");
        let person = &rows[0];
        assert_eq!((person.person, person.account), (Some(0), id("ana_m")), "together they lead, ana_m strongest");
        assert_eq!(person.accounts, [id("ana_m"), id("ana_x")]);
        assert!((person.score - (x + m)).abs() < 1e-12 && person.score >= x.max(m));
        assert_eq!(person.engagers, 6, "f0 engaged both accounts and counts once");
        assert_eq!(person.engagers_by_kind[0], 6);
        assert_eq!(person.engagement_in, 7);
        assert_eq!((person.on_topic_posts, person.posts), (2, 2));
        assert_eq!(rows[1].person, None);
        assert_eq!(merged.dol_score, alone.dol_score, "dol_score stays per account");
    }
}
