//! Kind weights: how much one interaction of each kind counts in the
//! weighted graph the algorithms see.

use crate::ingest::Kind;

/// Weight per interaction kind, indexed by `Kind as usize`.
///
/// Defaults: reply, quote, repost and edge-list interactions 1.0; mention
/// 0.5. A reply, quote or repost is a deliberate act of engagement with one
/// post; a mention is often incidental (a list of handles, a courtesy tag),
/// so it counts half.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct KindWeights {
    pub reply: f64,
    pub quote: f64,
    pub repost: f64,
    pub mention: f64,
    pub interaction: f64,
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights { reply: 1.0, quote: 1.0, repost: 1.0, mention: 0.5, interaction: 1.0 }
    }
}

impl KindWeights {
    pub fn get(&self, kind: Kind) -> f64 {
        match kind {
            Kind::Reply => self.reply,
            Kind::Quote => self.quote,
            Kind::Repost => self.repost,
            Kind::Mention => self.mention,
            Kind::Interaction => self.interaction,
        }
    }

    /// Parses `kind=weight[,kind=weight...]` over the defaults.
    pub fn parse(spec: &str) -> Result<KindWeights, String> {
        let mut w = KindWeights::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(|| format!("'{part}' is not kind=weight"))?;
            let kind = Kind::parse(k.trim()).ok_or_else(|| {
                format!("unknown kind '{}'; kinds are reply, quote, repost, mention, interaction", k.trim())
            })?;
            let value: f64 = v
                .trim()
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("weight '{}' for {} is not a non-negative number", v.trim(), kind.name()))?;
            match kind {
                Kind::Reply => w.reply = value,
                Kind::Quote => w.quote = value,
                Kind::Repost => w.repost = value,
                Kind::Mention => w.mention = value,
                Kind::Interaction => w.interaction = value,
            }
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_over_defaults() {
        let w = KindWeights::parse("mention=0.25, RT=2").expect("valid");
        assert_eq!((w.mention, w.repost, w.reply), (0.25, 2.0, 1.0));
        assert!(KindWeights::parse("like=1").unwrap_err().contains("unknown kind"));
        assert!(KindWeights::parse("reply=-1").is_err());
        assert!(KindWeights::parse("reply").is_err());
    }
}
