//! The interaction vocabulary: how one account engages with another.
//!
//! Shared by the readers (an edge list names its kinds) and the graph
//! (which counts, weights and files edges by kind), so it sits below both:
//! in `graph`, the readers would import upward.

/// How one account interacts with another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Reply,
    Quote,
    Repost,
    Mention,
    /// An edge-list row without a kind: an interaction of unknown type.
    Interaction,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Reply, Kind::Quote, Kind::Repost, Kind::Mention, Kind::Interaction];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Reply => "reply",
            Kind::Quote => "quote",
            Kind::Repost => "repost",
            Kind::Mention => "mention",
            Kind::Interaction => "interaction",
        }
    }

    /// Parses the kind names and the SNAP codes (RT, MT, RE, QT), any case.
    pub fn parse(s: &str) -> Option<Kind> {
        let k = match s.to_ascii_lowercase().as_str() {
            "reply" | "re" | "replied_to" => Kind::Reply,
            "quote" | "qt" | "quoted" => Kind::Quote,
            "repost" | "rt" | "retweet" | "retweeted" | "reblog" => Kind::Repost,
            "mention" | "mt" => Kind::Mention,
            "interaction" => Kind::Interaction,
            _ => return None,
        };
        Some(k)
    }
}
