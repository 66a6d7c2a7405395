//! Personas: `hcp`, `organisation`, `patient-advocate` or `other`, read
//! from an account's display name and bio with ordered word rules that a
//! person can read and change (the defaults are `personas.toml` beside
//! this file; `--personas FILE` replaces them).
//!
//! Rules, not a model: medical-affairs teams must be able to say why an
//! account was called an HCP, and to fix a rule when it is wrong.

use std::path::Path;

use aho_corasick::AhoCorasick;

use crate::error::{Error, Result};
use crate::graph::AccountInfo;

/// What kind of account speaks: the persona a rule gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Persona {
    /// A healthcare professional (a doctor, nurse, pharmacist, researcher).
    Hcp,
    /// An institution, society, company, journal or news outlet.
    Organisation,
    /// A patient, carer or advocate speaking from experience.
    PatientAdvocate,
    /// No rule matched.
    Other,
}

impl Persona {
    /// Every persona, in the order of the `--persona` values and of the
    /// manifest's counts.
    pub const ALL: [Persona; 4] = [Persona::Hcp, Persona::Organisation, Persona::PatientAdvocate, Persona::Other];

    /// The name in the tables, the rules file and `--persona`.
    pub fn name(self) -> &'static str {
        match self {
            Persona::Hcp => "hcp",
            Persona::Organisation => "organisation",
            Persona::PatientAdvocate => "patient-advocate",
            Persona::Other => "other",
        }
    }

    /// A persona by name, any case.
    pub fn parse(s: &str) -> Option<Persona> {
        Persona::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(s))
    }

    /// The names, for messages: `hcp, organisation, patient-advocate, other`.
    pub fn names() -> String {
        Persona::ALL.map(Persona::name).join(", ")
    }
}

/// The rules dolgraph uses when none are given.
pub const DEFAULT_RULES: &str = include_str!("personas.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Field {
    Name,
    Bio,
    Any,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    persona: String,
    field: Field,
    words: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleEntry>,
}

struct Rule {
    persona: Persona,
    field: Field,
    /// Words in any case (matched on lower-cased text) and words in
    /// capitals only (matched as written).
    folded: Option<AhoCorasick>,
    exact: Option<AhoCorasick>,
    /// The words of `folded` and `exact`, by pattern index: what
    /// `persona_rule` quotes (the rule's word, never the account's text).
    folded_words: Vec<String>,
    exact_words: Vec<String>,
}

/// Ordered persona rules; the first match wins.
pub struct Personas {
    rules: Vec<Rule>,
}

impl Personas {
    pub fn default_rules() -> Personas {
        // The embedded file is checked by a test.
        Personas::parse(DEFAULT_RULES).unwrap_or(Personas { rules: Vec::new() })
    }

    /// Reads `--personas FILE`, or the defaults.
    pub fn load(path: Option<&Path>) -> Result<Personas> {
        let Some(path) = path else { return Ok(Personas::default_rules()) };
        let text =
            crate::ingest::limits::read_capped_text(path, crate::ingest::limits::MAX_SETTINGS_FILE, "personas file")
                .map_err(|reason| Error::Input { path: path.to_path_buf(), reason })?;
        Personas::parse(&text).map_err(|reason| Error::Input { path: path.to_path_buf(), reason })
    }

    pub fn parse(text: &str) -> std::result::Result<Personas, String> {
        let file: RulesFile = toml::from_str(text).map_err(|e| crate::topics::toml_error(text, &e))?;
        let mut rules = Vec::with_capacity(file.rule.len());
        for (i, r) in file.rule.into_iter().enumerate() {
            let persona = Persona::ALL
                .into_iter()
                .find(|p| p.name() == r.persona)
                .ok_or_else(|| format!("rule {}: persona {:?} is not one of {}", i + 1, r.persona, Persona::names()))?;
            let capitals = |w: &str| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase);
            let (exact, folded): (Vec<&String>, Vec<&String>) =
                r.words.iter().filter(|w| !w.trim().is_empty()).partition(|w| capitals(w));
            let folded_words: Vec<String> = folded.iter().map(|w| w.trim().to_string()).collect();
            let folded: Vec<String> = folded.iter().map(|w| w.trim().to_lowercase()).collect();
            let exact: Vec<&str> = exact.iter().map(|w| w.trim()).collect();
            let build = |words: &[&str]| -> std::result::Result<Option<AhoCorasick>, String> {
                if words.is_empty() {
                    return Ok(None);
                }
                AhoCorasick::new(words).map(Some).map_err(|e| format!("rule {}: {e}", i + 1))
            };
            let folded_refs: Vec<&str> = folded.iter().map(String::as_str).collect();
            rules.push(Rule {
                persona,
                field: r.field,
                folded: build(&folded_refs)?,
                exact: build(&exact)?,
                folded_words,
                exact_words: exact.iter().map(|w| w.to_string()).collect(),
            });
        }
        Ok(Personas { rules })
    }

    /// The persona of an account.
    pub fn classify(&self, a: &AccountInfo) -> Persona {
        self.decide(a).0
    }

    /// The persona of an account and the rule that decided it, as a reader
    /// checks it: `bio: "MD"` (the field and the rule's word); empty when
    /// no rule matched and the account is `other`.
    pub fn decide(&self, a: &AccountInfo) -> (Persona, String) {
        let name = a.name.as_deref().unwrap_or("");
        let bio = a.bio.as_deref().unwrap_or("");
        if name.is_empty() && bio.is_empty() {
            return (Persona::Other, String::new());
        }
        let (name_lower, bio_lower) = (name.to_lowercase(), bio.to_lowercase());
        for rule in &self.rules {
            let texts: &[(&str, &str, &str)] = match rule.field {
                Field::Name => &[("name", name, &name_lower)],
                Field::Bio => &[("bio", bio, &bio_lower)],
                Field::Any => &[("name", name, &name_lower), ("bio", bio, &bio_lower)],
            };
            for (field, text, lower) in texts {
                let word = rule
                    .folded
                    .as_ref()
                    .and_then(|ac| found(ac, lower))
                    .map(|i| &rule.folded_words[i])
                    .or_else(|| rule.exact.as_ref().and_then(|ac| found(ac, text)).map(|i| &rule.exact_words[i]));
                if let Some(word) = word {
                    return (rule.persona, format!("{field}: \"{word}\""));
                }
            }
        }
        (Persona::Other, String::new())
    }

    /// Every account's persona and the rule that decided it.
    pub fn classify_all(&self, accounts: &[AccountInfo]) -> (Vec<Persona>, Vec<String>) {
        use rayon::prelude::*;
        accounts.par_iter().map(|a| self.decide(a)).unzip()
    }
}

/// The first pattern that occurs on word boundaries. A pattern that itself
/// ends in punctuation (`Dr.`, `M.D.`) needs no boundary on that side.
fn found(ac: &AhoCorasick, text: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    ac.find_overlapping_iter(text)
        .find(|m| {
            let pat = &text[m.start()..m.end()];
            let before_ok =
                !pat.chars().next().is_some_and(word) || !text[..m.start()].chars().next_back().is_some_and(word);
            let after_ok =
                !pat.chars().next_back().is_some_and(word) || !text[m.end()..].chars().next().is_some_and(word);
            before_ok && after_ok
        })
        .map(|m| m.pattern().as_usize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(name: &str, bio: &str) -> AccountInfo {
        AccountInfo { name: Some(name.into()), bio: Some(bio.into()), ..AccountInfo::default() }
    }

    fn persona(name: &str, bio: &str) -> &'static str {
        Personas::default_rules().classify(&acc(name, bio)).name()
    }

    #[test]
    fn default_rules_parse_and_classify() {
        assert!(Personas::parse(DEFAULT_RULES).is_ok());
        assert_eq!(persona("Maren Kestholt, MD", "Thoracic oncologist"), "hcp");
        assert_eq!(persona("Dr. Idris Fenholt", ""), "hcp");
        assert_eq!(persona("Gilstow Diabetes Foundation", "Funding research since 1971"), "organisation");
        assert_eq!(persona("Jonah", "T1D since 1998. Tech, tea and CGM graphs."), "patient-advocate");
        assert_eq!(persona("Soraya", "Mom to a warrior with a rare disease"), "patient-advocate");
        assert_eq!(persona("Leo", "WHAT DO YOU DO ALL DAY? Gym."), "other", "shouting is not a credential");
        assert_eq!(persona("Ferncastle News", "Headlines from Ferncastle"), "organisation");
        assert_eq!(persona("Mdina fan", "drawing"), "other", "no credential inside a word");
    }

    #[test]
    fn the_deciding_rule_is_named() {
        let p = Personas::default_rules();
        let (hcp, why) = p.decide(&acc("Maren Kestholt, MD", "Thoracic oncologist"));
        assert_eq!(hcp, Persona::Hcp);
        assert!(why.starts_with("name: \"") || why.starts_with("bio: \""), "{why}");
        let word = why.split('"').nth(1).expect("a quoted word");
        assert!(DEFAULT_RULES.contains(&format!("\"{word}\"")), "{word} is a word of the rules");
        assert_eq!(p.decide(&acc("Leo", "Gym.")), (Persona::Other, String::new()));
    }

    #[test]
    fn names_round_trip() {
        for p in Persona::ALL {
            assert_eq!(Persona::parse(p.name()), Some(p));
            assert_eq!(Persona::parse(&p.name().to_uppercase()), Some(p));
        }
        assert_eq!(Persona::parse("doctor"), None);
        assert_eq!(Persona::names(), "hcp, organisation, patient-advocate, other");
    }

    #[test]
    fn custom_rules_and_errors() {
        let p = Personas::parse("[[rule]]\npersona = \"hcp\"\nfield = \"bio\"\nwords = [\"Krankenschwester\"]\n")
            .expect("valid");
        assert_eq!(p.classify(&acc("Anna", "krankenschwester in Köln")), Persona::Hcp);
        assert_eq!(p.classify(&acc("Anna, MD", "")), Persona::Other, "only the given rules apply");
        let e =
            Personas::parse("[[rule]]\npersona = \"doctor\"\nfield = \"bio\"\nwords = []\n").err().unwrap_or_default();
        assert!(e.contains("not one of hcp, organisation, patient-advocate, other"), "{e}");
        let e =
            Personas::parse("[[rule]]\npersona = \"hcp\"\nfield = \"title\"\nwords = []\n").err().unwrap_or_default();
        assert!(e.starts_with("line 3:"), "{e}");
    }
}
