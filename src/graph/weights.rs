//! Kind weights: how much one interaction of each kind counts in the
//! weighted graph the algorithms see.

use crate::ingest::reject::{Reject, RejectKind};
use crate::kind::Kind;

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

/// The range a weight must fall in when it is not 0, for kind weights and
/// edge-list weights alike. With both factors inside it, an edge's weight
/// (up to 2^32 interactions x row weight x kind weight) stays below
/// 10^28 and the sum over any graph far below `f64::MAX`; and the smallest
/// non-zero weight, 10^-18, is still a normal float, so no normalisation
/// divides by a subnormal or by an overflowed sum.
pub const WEIGHT_RANGE: (f64, f64) = (1e-9, 1e9);

/// Checks one weight against [`WEIGHT_RANGE`]; the error says the rule.
pub fn check_weight(w: f64) -> Result<f64, Reject> {
    let (lo, hi) = WEIGHT_RANGE;
    if w == 0.0 || (w.is_finite() && (lo..=hi).contains(&w)) {
        Ok(w)
    } else if !w.is_finite() || w < 0.0 {
        Err(Reject::with(RejectKind::BadValue, "weight {} is not a non-negative number", &[&w]))
    } else {
        let why = "weight {} is outside the accepted range: 0, or {} to {}";
        Err(Reject::with(RejectKind::BadValue, why, &[&format!("{w:e}"), &format!("{lo:e}"), &format!("{hi:e}")]))
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
            let value = check_weight(value).map_err(|e| format!("{} {e}", kind.name()))?;
            match kind {
                Kind::Reply => w.reply = value,
                Kind::Quote => w.quote = value,
                Kind::Repost => w.repost = value,
                Kind::Mention => w.mention = value,
                Kind::Interaction => w.interaction = value,
            }
        }
        if [w.reply, w.quote, w.repost, w.mention, w.interaction].iter().all(|&x| x == 0.0) {
            return Err("every kind weight is 0: no interaction would count; give at least one kind a weight".into());
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

    #[test]
    fn weights_that_would_overflow_or_underflow_are_refused() {
        assert!(KindWeights::parse("reply=1e308").unwrap_err().contains("outside the accepted range"));
        assert!(KindWeights::parse("mention=1e-320").unwrap_err().contains("outside the accepted range"));
        assert!(KindWeights::parse("reply=inf").is_err());
        assert!(
            KindWeights::parse("reply=0,quote=0,repost=0,mention=0,interaction=0").unwrap_err().contains("every kind")
        );
        assert_eq!(KindWeights::parse("reply=1e9,mention=1e-9,quote=0").map(|w| w.reply), Ok(1e9));
        assert_eq!(check_weight(0.0), Ok(0.0));
        assert!(check_weight(1e10).is_err() && check_weight(-1.0).is_err() && check_weight(f64::NAN).is_err());
    }
}
