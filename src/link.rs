//! What a shared link is: one canonical form per paper, trial or page, so
//! the same paper shared as `doi.org/...`, from the journal's site or with
//! a newsletter's tracking parameters counts once.
//!
//! Offline by design: nothing is fetched, so a shortened link (`t.co`,
//! `bit.ly`) stays as it is unless the input gives its expansion. Shared by
//! the readers (which parse links out of posts) and the graph (which counts
//! them), so it sits below both.
//!
//! The rules, in order:
//! - only `http`/`https` links with a host count; the scheme is dropped
//!   (an `http` and an `https` link to a page are the same link);
//! - the host is lower-cased, without `www.`, a trailing dot or a default
//!   port; the fragment is dropped; a trailing `/` is dropped;
//! - tracking parameters are dropped ([`TRACKING`], and any `utm_*`); the
//!   other parameters stay in their order;
//! - a DOI (`doi.org/10.NNNN/...`, or `/10.NNNN/...` in a journal's path)
//!   is the DOI, lower-cased (DOIs are case-insensitive), without the
//!   `/full`, `.pdf`, `/abstract` a journal's page adds; a DOI of bioRxiv
//!   and medRxiv (`10.1101/` and a date or number) is a preprint, without
//!   its version `v2`; arXiv abstracts and PDFs are preprints too;
//! - PubMed (`pubmed.ncbi.nlm.nih.gov/N`, `ncbi.nlm.nih.gov/pubmed/N`,
//!   Europe PMC `MED/N`), PubMed Central (`PMCN`) and ClinicalTrials.gov
//!   (`NCT` and 8 digits, old and new site) are their ids.

use std::fmt;

/// What a link points at. Papers and trials are named by their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    Doi,
    Pmid,
    Pmc,
    Nct,
    Preprint,
    Url,
}

impl LinkKind {
    /// The kind [`Self::name`] names (an aggregate stores kinds by name).
    pub fn from_name(name: &str) -> Option<LinkKind> {
        [LinkKind::Doi, LinkKind::Pmid, LinkKind::Pmc, LinkKind::Nct, LinkKind::Preprint, LinkKind::Url]
            .into_iter()
            .find(|k| k.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Doi => "doi",
            LinkKind::Pmid => "pmid",
            LinkKind::Pmc => "pmc",
            LinkKind::Nct => "nct",
            LinkKind::Preprint => "preprint",
            LinkKind::Url => "url",
        }
    }

    /// A paper, a preprint or a trial: what medical affairs reads as evidence.
    pub fn is_paper(self) -> bool {
        self != LinkKind::Url
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A link as shared in one post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The canonical link: `doi:10.1056/nejmoa2034577`, `pmid:33301246`,
    /// `pmc:PMC7745181`, `nct:NCT04368728`, `arxiv:2001.08361`, or a page
    /// as `host/path?query`.
    pub key: String,
    pub kind: LinkKind,
    /// The host it was shared from (`nejm.org` for a DOI on the journal's
    /// site, `doi.org` for a DOI link): which sites a community reads.
    pub host: String,
}

/// Query parameters that only say who sent the reader (`utm_*` besides).
pub const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl",
    "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "cmpid", "ncid", "sc_cid", "trk",
];

/// Hosts of link shorteners: what they point at is unknown offline.
const SHORTENERS: &[&str] = &[
    "t.co",
    "bit.ly",
    "ow.ly",
    "buff.ly",
    "tinyurl.com",
    "goo.gl",
    "dlvr.it",
    "lnkd.in",
    "fb.me",
    "ift.tt",
    "tiny.cc",
    "is.gd",
    "trib.al",
    "shorturl.at",
    "rebrand.ly",
    "bl.ink",
    "j.mp",
];

/// Hosts whose paths name an account or a post: X and Bluesky.
const SOCIAL: &[&str] = &["twitter.com", "x.com", "mobile.twitter.com", "mobile.x.com", "bsky.app", "staging.bsky.app"];

impl Link {
    /// Parses and canonicalises one link; `None` when it is not an
    /// `http(s)` link with a host.
    pub fn parse(raw: &str) -> Option<Link> {
        let raw = raw.trim();
        let rest = strip_prefix_ci(raw, "https://").or_else(|| strip_prefix_ci(raw, "http://"))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        let host = canonical_host(authority)?;
        let rest = rest.split('#').next().unwrap_or_default();
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let path = path.trim_end_matches('/');
        if path.is_empty() && SHORTENERS.contains(&host.as_str()) {
            return None; // a shortened link without its code leads nowhere
        }
        // Control and text-direction characters as `\u{XXXX}`, as in every
        // output (`crate::visible`): a link comes from strangers, and a
        // DOI's `%0A` decodes to a line break.
        let visible = |key: String| crate::visible::apply(key, crate::visible::id);
        if let Some((key, kind)) = paper(&host, path) {
            return Some(Link { key: visible(key), kind, host });
        }
        let mut key = format!("{host}{path}");
        let kept: Vec<&str> = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|p| {
                let name = p.split('=').next().unwrap_or_default().to_ascii_lowercase();
                !p.is_empty() && !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
            })
            .collect();
        if !kept.is_empty() {
            key.push('?');
            key.push_str(&kept.join("&"));
        }
        Some(Link { key: visible(key), kind: LinkKind::Url, host })
    }

    /// The id of the X post a link points at (`x.com/name/status/ID`): a
    /// quote's own link to the post it quotes, which is the quote, not a
    /// shared link.
    pub fn x_status(&self) -> Option<&str> {
        if !matches!(self.host.as_str(), "twitter.com" | "x.com" | "mobile.twitter.com" | "mobile.x.com") {
            return None;
        }
        let mut parts = self.key.split('?').next()?.split('/').skip(2);
        let id = match (parts.next(), parts.next()) {
            (Some("status" | "statuses"), Some(id)) => id,
            _ => return None,
        };
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
    }
}

/// Whether a canonical link may name an account: a profile or a post on
/// X, Bluesky or a Mastodon-shaped path (`/@name`, `/users/name`), or a
/// shortened link, which may point at one. `--pseudonymize` drops these;
/// papers, trials and other pages stay.
pub fn may_name_account(key: &str) -> bool {
    if ["doi:", "pmid:", "pmc:", "nct:", "arxiv:"].iter().any(|p| key.starts_with(p)) {
        return false;
    }
    let (host, path) = key.split_at(key.find(['/', '?']).unwrap_or(key.len()));
    SOCIAL.contains(&host) || SHORTENERS.contains(&host) || path.starts_with("/@") || path.starts_with("/users/")
}

/// The link to open for a canonical key.
pub fn url_of(key: &str) -> String {
    match key.split_once(':') {
        Some(("doi", d)) => format!("https://doi.org/{d}"),
        Some(("pmid", n)) => format!("https://pubmed.ncbi.nlm.nih.gov/{n}/"),
        Some(("pmc", n)) => format!("https://pmc.ncbi.nlm.nih.gov/articles/{n}/"),
        Some(("nct", n)) => format!("https://clinicaltrials.gov/study/{n}"),
        Some(("arxiv", n)) => format!("https://arxiv.org/abs/{n}"),
        _ => format!("https://{key}"),
    }
}

/// The canonical key of a link [`url_of`] made, given its kind (what a
/// reader of links.csv has: its `link` and `kind` columns): the inverse of
/// `url_of`. The kind is needed: a page on a resolver's site that names no
/// paper (`doi.org/10.1056/pdf`, whose `/pdf` is a journal's trailer) and
/// a paper can have the same address.
pub fn key_of_url(url: &str, kind: LinkKind) -> String {
    let forms: [(&str, &str, &str); 5] = [
        ("https://doi.org/", "doi:", ""),
        ("https://pubmed.ncbi.nlm.nih.gov/", "pmid:", "/"),
        ("https://pmc.ncbi.nlm.nih.gov/articles/", "pmc:", "/"),
        ("https://clinicaltrials.gov/study/", "nct:", ""),
        ("https://arxiv.org/abs/", "arxiv:", ""),
    ];
    if kind.is_paper() {
        for (prefix, key, end) in forms {
            if let Some(id) = url.strip_prefix(prefix) {
                return format!("{key}{}", id.strip_suffix(end).unwrap_or(id));
            }
        }
    }
    url.strip_prefix("https://").unwrap_or(url).to_string()
}

/// How a `why` names a link: `NCT04368728`, `PMID 33301246`,
/// `doi:10.1056/nejmoa2034577`, or the page.
pub fn label(key: &str) -> String {
    match key.split_once(':') {
        Some(("nct" | "pmc", n)) => n.to_string(),
        Some(("pmid", n)) => format!("PMID {n}"),
        Some(("arxiv", n)) => format!("arXiv:{n}"),
        _ => key.to_string(),
    }
}

/// The links written in a post's text (CSV exports without a `urls`
/// column): each `http://` or `https://` up to white space, without the
/// closing punctuation a sentence puts after it, parsed.
pub fn in_text(text: &str) -> Vec<Link> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("http").map(|i| i + from) {
        let tail = &text[i..];
        let end = tail.find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>')).unwrap_or(tail.len());
        // A link cut by `…` (a retweet's text shortened to 140 characters)
        // may have lost its end: not a link.
        let token = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
        let cut = token.ends_with('\u{2026}');
        if !cut
            && (i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
            && let Some(l) = Link::parse(token)
        {
            found.push(l);
        }
        from = i + end.max(4);
    }
    found
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// `user:pass@Www.Host.org.:443` -> `host.org`; `None` for no host.
fn canonical_host(authority: &str) -> Option<String> {
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    // A port is digits after the last `:`; any other `:` makes no host (a
    // page key `nct:x.app/...` would read as a trial's key).
    let (name, port) = match host_port.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (h, port),
        Some(_) => return None,
        None => (host_port, ""),
    };
    let name = name.to_lowercase();
    let name = name.trim_end_matches('.');
    let name = name.strip_prefix("www.").unwrap_or(name);
    // The last label is a top-level domain: 2 letters or more (`t.c` is a cut `t.co`).
    let tld = name.rsplit('.').next().unwrap_or_default();
    let tld_ok = tld.chars().count() >= 2 && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"));
    let ok = name.contains('.')
        && tld_ok
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let default_port = port.is_empty() || port == "80" || port == "443";
    ok.then(|| if default_port { name.to_string() } else { format!("{name}:{port}") })
}

/// A paper, preprint or trial named by the host and path.
fn paper(host: &str, path: &str) -> Option<(String, LinkKind)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match host {
        "pubmed.ncbi.nlm.nih.gov" => {
            if let Some(n) = segments.first().filter(|s| digits(s)) {
                return Some((format!("pmid:{n}"), LinkKind::Pmid));
            }
        }
        "ncbi.nlm.nih.gov" => match segments.as_slice() {
            ["pubmed", n, ..] if digits(n) => return Some((format!("pmid:{n}"), LinkKind::Pmid)),
            ["pmc", "articles", n, ..] => return pmc(n),
            _ => {}
        },
        "pmc.ncbi.nlm.nih.gov" => {
            if let ["articles", n, ..] = segments.as_slice() {
                return pmc(n);
            }
        }
        "europepmc.org" => match segments.as_slice() {
            ["article" | "abstract", src, n, ..] if src.eq_ignore_ascii_case("med") && digits(n) => {
                return Some((format!("pmid:{n}"), LinkKind::Pmid));
            }
            ["article" | "abstract", src, n, ..] if src.eq_ignore_ascii_case("pmc") => return pmc(n),
            _ => {}
        },
        "arxiv.org" => {
            if let ["abs" | "pdf", id, ..] = segments.as_slice() {
                let id = id.trim_end_matches(".pdf");
                let id = strip_version(id);
                if id.contains('.') && id.split('.').all(digits) {
                    return Some((format!("arxiv:{id}"), LinkKind::Preprint));
                }
            }
        }
        _ => {}
    }
    if host == "clinicaltrials.gov" || host.ends_with(".clinicaltrials.gov") {
        let nct = segments.iter().find(|s| {
            s.len() == 11
                && s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("nct"))
                && s.bytes().skip(3).all(|b| b.is_ascii_digit())
        });
        if let Some(n) = nct {
            return Some((format!("nct:NCT{}", &n[3..]), LinkKind::Nct));
        }
    }
    doi(host, path)
}

/// A PubMed id or a part of an arXiv id: one to ten digits.
fn digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit())
}

fn pmc(n: &str) -> Option<(String, LinkKind)> {
    let digits = n.get(3..).filter(|_| n[..3].eq_ignore_ascii_case("pmc"))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (format!("pmc:PMC{digits}"), LinkKind::Pmc))
}

/// `v3` at the end of a preprint's id is its version.
fn strip_version(id: &str) -> &str {
    match id.rfind('v') {
        Some(i) if i > 0 && i + 1 < id.len() && id[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &id[..i],
        _ => id,
    }
}

/// What a journal's page adds after the DOI in its path.
const DOI_TRAILERS: &[&str] = &[
    "/full",
    "/abstract",
    "/abs",
    "/pdf",
    "/epdf",
    "/pdfdirect",
    "/fulltext",
    "/meta",
    "/figures",
    "/references",
    ".full.pdf",
    ".full",
    ".pdf",
    ".abstract",
    ".short",
    ".supplementary-material",
    "+html",
];

fn doi(host: &str, path: &str) -> Option<(String, LinkKind)> {
    let decoded = percent_decode(path);
    let start = if host == "doi.org" || host == "dx.doi.org" {
        decoded.strip_prefix('/').filter(|d| d.starts_with("10.")).map(|_| 1)?
    } else {
        decoded.match_indices("/10.").map(|(i, _)| i + 1).find(|&i| doi_prefix(&decoded[i..]))?
    };
    let mut d = decoded[start..].to_lowercase();
    if !doi_prefix(&d) {
        return None;
    }
    loop {
        let before = d.len();
        for t in DOI_TRAILERS {
            if let Some(s) = d.strip_suffix(t) {
                d.truncate(s.len());
            }
        }
        if d.len() == before {
            break;
        }
    }
    let suffix = d.split_once('/').map(|(_, s)| s).unwrap_or_default();
    if suffix.is_empty() {
        return None;
    }
    let preprint = d.starts_with("10.1101/") && suffix.starts_with(|c: char| c.is_ascii_digit());
    if preprint {
        let cut = strip_version(&d).len();
        d.truncate(cut);
    }
    Some((format!("doi:{d}"), if preprint { LinkKind::Preprint } else { LinkKind::Doi }))
}

/// `10.` and a registrant code of 4 or more digits (`10.1056/`,
/// `10.1016.1/` for sub-codes) before a `/`.
fn doi_prefix(s: &str) -> bool {
    let Some(code) = s.strip_prefix("10.").and_then(|r| r.split_once('/')).map(|(c, _)| c) else {
        return false;
    };
    let first = code.split('.').next().unwrap_or_default();
    first.len() >= 4 && code.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Decodes `%XX` escapes (a DOI's `/` is often `%2F`); leaves bad escapes.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1).and_then(|&c| hex(c)), b.get(i + 2).and_then(|&c| hex(c)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> (String, &'static str) {
        let l = Link::parse(raw).unwrap_or_else(|| panic!("{raw} is a link"));
        (l.key, l.kind.name())
    }

    #[test]
    fn canonical_forms() {
        let table: &[(&str, &str, &str)] = &[
            // Pages: host, www, scheme, fragment, trailing slash, tracking.
            ("https://www.Example.org/News/", "example.org/News", "url"),
            ("http://example.org:80/a?utm_source=twitter&id=7&fbclid=XYZ#top", "example.org/a?id=7", "url"),
            ("https://example.org/a?UTM_Medium=x&gclid=1&mc_cid=2&q=b&ref_src=twsrc", "example.org/a?q=b", "url"),
            ("https://example.org:8080/a", "example.org:8080/a", "url"),
            ("https://t.co/AbC123", "t.co/AbC123", "url"),
            // DOIs: resolver forms, journal paths, trailers, escapes, case.
            ("https://doi.org/10.1056/NEJMoa2034577", "doi:10.1056/nejmoa2034577", "doi"),
            ("http://dx.doi.org/10.1056/NEJMoa2034577?utm_source=x", "doi:10.1056/nejmoa2034577", "doi"),
            ("https://www.nejm.org/doi/full/10.1056/NEJMoa2034577", "doi:10.1056/nejmoa2034577", "doi"),
            (
                "https://www.nejm.org/doi/pdf/10.1056/NEJMoa2034577?articleTools=true",
                "doi:10.1056/nejmoa2034577",
                "doi",
            ),
            ("https://doi.org/10.1016%2FS0140-6736(20)30183-5", "doi:10.1016/s0140-6736(20)30183-5", "doi"),
            (
                "https://academic.oup.com/cid/article/10.1093/cid/ciaa344/5811012",
                "doi:10.1093/cid/ciaa344/5811012",
                "doi",
            ),
            ("https://onlinelibrary.wiley.com/doi/abs/10.1002/ajh.25981", "doi:10.1002/ajh.25981", "doi"),
            ("https://link.springer.com/article/10.1007/s00125-020-05123-4", "doi:10.1007/s00125-020-05123-4", "doi"),
            // Preprints.
            (
                "https://www.medrxiv.org/content/10.1101/2020.03.16.20036723v2.full.pdf",
                "doi:10.1101/2020.03.16.20036723",
                "preprint",
            ),
            ("https://www.biorxiv.org/content/10.1101/864827v1", "doi:10.1101/864827", "preprint"),
            ("https://doi.org/10.1101/gad.1234.5", "doi:10.1101/gad.1234.5", "doi"),
            ("https://arxiv.org/abs/2001.08361v3", "arxiv:2001.08361", "preprint"),
            ("https://arxiv.org/pdf/2001.08361v1.pdf", "arxiv:2001.08361", "preprint"),
            // PubMed, PMC, Europe PMC.
            ("https://pubmed.ncbi.nlm.nih.gov/33301246/", "pmid:33301246", "pmid"),
            ("https://www.ncbi.nlm.nih.gov/pubmed/33301246?dopt=Abstract", "pmid:33301246", "pmid"),
            ("https://europepmc.org/article/MED/33301246", "pmid:33301246", "pmid"),
            ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7745181/", "pmc:PMC7745181", "pmc"),
            ("https://pmc.ncbi.nlm.nih.gov/articles/pmc7745181", "pmc:PMC7745181", "pmc"),
            // ClinicalTrials.gov, old and new.
            ("https://clinicaltrials.gov/ct2/show/NCT04368728?term=vaccine", "nct:NCT04368728", "nct"),
            ("https://classic.clinicaltrials.gov/ct2/show/nct04368728", "nct:NCT04368728", "nct"),
            ("https://www.clinicaltrials.gov/study/NCT04368728", "nct:NCT04368728", "nct"),
        ];
        for (raw, want, kind) in table {
            assert_eq!(key(raw), (want.to_string(), *kind), "{raw}");
        }
    }

    #[test]
    fn not_links() {
        for raw in [
            "",
            "ftp://example.org/a",
            "https://",
            "https://localhost/a",
            "example.org/a",
            "https://a b.org/",
            "http://t.c",
            "https://t.co/",
            "https://example.1/a",
            // A `:` that is not before a port: no host.
            "https://nct:.app/profile/a",
            "https://example.org:http/a",
        ] {
            assert_eq!(Link::parse(raw), None, "{raw}");
        }
        // Hidden characters are shown, as everywhere.
        assert_eq!(key("https://doi.org/10.5555/a%0Ab"), ("doi:10.5555/a\\u{000A}b".into(), "doi"));
        assert_eq!(key("https://ex.example/a\u{202e}b"), ("ex.example/a\\u{202E}b".into(), "url"));
        // Not an NCT number, and no panic on a character across byte 3.
        let euro = "clinicaltrials.gov/ab\u{20ac}123456";
        assert_eq!(key(&format!("https://{euro}")), (euro.into(), "url"));
        // A DOI prefix without a suffix, or a short registrant, is a page.
        assert_eq!(key("https://doi.org/10.1056/"), ("doi.org/10.1056".into(), "url"));
        assert_eq!(key("https://example.org/10.12/x"), ("example.org/10.12/x".into(), "url"));
    }

    #[test]
    fn hosts_and_accounts() {
        let l = Link::parse("https://www.nejm.org/doi/full/10.1056/NEJMoa2034577").expect("link");
        assert_eq!(l.host, "nejm.org");
        assert_eq!(url_of(&l.key), "https://doi.org/10.1056/nejmoa2034577");
        assert_eq!(label(&l.key), "doi:10.1056/nejmoa2034577");
        assert_eq!(label("nct:NCT04368728"), "NCT04368728");
        assert_eq!(label("pmid:1"), "PMID 1");
        assert_eq!(url_of("example.org/a?b=1"), "https://example.org/a?b=1");
        // Pages on those sites that name no paper stay pages: the kind says.
        for raw in [
            "https://doi.org/10.1000/x",
            "https://pubmed.ncbi.nlm.nih.gov/1/",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC2/",
            "https://clinicaltrials.gov/study/NCT04368728",
            "https://arxiv.org/abs/2001.1",
            "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2",
            "https://example.org/a?b=1",
            "https://doi.org/-0.1056/x",
            "https://doi.org/10.1056/pdf",
            "https://pubmed.ncbi.nlm.nih.gov/trending",
        ] {
            let l = Link::parse(raw).expect("link");
            assert_eq!(key_of_url(&url_of(&l.key), l.kind), l.key, "{raw}");
        }
        for (raw, names) in [
            ("https://twitter.com/drana/status/123", true),
            ("https://x.com/drana", true),
            ("https://bsky.app/profile/ana.bsky.social", true),
            ("https://med.social/@ana/1099", true),
            ("https://med.social/users/ana", true),
            ("https://t.co/xyz", true),
            ("https://doi.org/10.1056/x", false),
            ("https://cdc.gov/vaccines", false),
        ] {
            assert_eq!(may_name_account(&Link::parse(raw).expect("link").key), names, "{raw}");
        }
        let q = Link::parse("https://twitter.com/drana/status/123?s=20").expect("link");
        assert_eq!(q.x_status(), Some("123"));
        assert_eq!(Link::parse("https://x.com/drana").expect("link").x_status(), None);
    }

    #[test]
    fn links_in_text() {
        let found = in_text(
            "New trial (https://clinicaltrials.gov/study/NCT04368728). See https://doi.org/10.1056/X, \
             and xhttps://no.example/ HTTPS://Example.org/p! \u{2026} http:// RT @a: see http://t.co/QWv42\u{2026}",
        );
        let keys: Vec<&str> = found.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["nct:NCT04368728", "doi:10.1056/x", "example.org/p"]);
    }
}
