//! Text helpers shared by readers: mentions and hashtags written in plain
//! text (CSV exports without entity columns), the `RT @handle:` prefix of
//! old-style retweets, and HTML to text (Mastodon `content`).

/// Whether `c` can be part of a handle or hashtag word.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Handles written as `@name` in `text`, in order, without duplicates
/// (case-insensitive). An `@` inside a word (an e-mail address) is not a
/// mention.
pub fn mentions_in_text(text: &str) -> Vec<String> {
    words_after(text, '@', |c| c.is_ascii_alphanumeric() || c == '_')
}

/// Hashtags written as `#tag`, lower-cased, in order, without duplicates.
/// A tag must contain a letter (`#1` is not a hashtag).
pub fn hashtags_in_text(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = words_after(text, '#', is_word)
        .into_iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .map(|t| t.to_lowercase())
        .collect();
    dedup_first(&mut tags, String::clone);
    tags
}

/// Keeps the first item of each `key`, in order, in linear time: a post
/// may carry a million mentions, and a pairwise check took minutes.
pub fn dedup_first<T, K: std::hash::Hash + Eq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = rustc_hash::FxHashSet::default();
    items.retain(|t| seen.insert(key(t)));
}

fn words_after(text: &str, sigil: char, word: impl Fn(char) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == sigil && !prev.is_some_and(|p| is_word(p) || p == sigil) {
            let start = i + c.len_utf8();
            let mut end = start;
            while let Some(&(j, d)) = it.peek() {
                if !word(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            if end > start {
                out.push(text[start..end].to_string());
            }
            prev = text[..end].chars().next_back();
            continue;
        }
        prev = Some(c);
    }
    dedup_first(&mut out, |w| w.to_ascii_lowercase());
    out
}

/// The handle of an old-style retweet written as `RT @handle: ...`.
pub fn retweet_prefix(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("RT @")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Plain text of an HTML fragment: tags removed, `<br>` and paragraph ends
/// as line breaks, the common character references decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_entities_into(&rest[..lt], &mut out);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            decode_entities_into(after, &mut out);
            return out;
        };
        let tag = after[1..gt].trim_start_matches('/').to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        if (name == "br" || (name == "p" && after.as_bytes().get(1) == Some(&b'/'))) && !out.ends_with('\n') {
            out.push('\n');
        }
        rest = &after[gt + 1..];
    }
    decode_entities_into(rest, &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// The links of an HTML fragment (a Mastodon status's content): the
/// `href` of each `<a>`, except mentions and hashtags (Mastodon marks them
/// `class="mention"`, `class="hashtag"` or `rel="tag"`) and the `RE:` link
/// to a quoted post (`<p class="quote-inline">`, which is the quote).
pub fn html_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut in_quote = false;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let name = tag.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_ascii_lowercase();
        match name.as_str() {
            "p" if attribute(tag, "class").is_some_and(|c| c.split_whitespace().any(|c| c == "quote-inline")) => {
                in_quote = true;
            }
            "/p" => in_quote = false,
            "a" if !in_quote => {
                let words = |a| attribute(tag, a).map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>());
                let marked = words("class").unwrap_or_default().iter().any(|c| c == "mention" || c == "hashtag")
                    || words("rel").unwrap_or_default().iter().any(|r| r == "tag");
                if let Some(href) = attribute(tag, "href").filter(|_| !marked) {
                    let mut decoded = String::new();
                    decode_entities_into(&href, &mut decoded);
                    links.push(decoded);
                }
            }
            _ => {}
        }
    }
    links
}

/// The value of an attribute of a start tag's text (`a href="x" class=y`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before_ok = i > 0 && lower.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let start = tag.len() - rest.len() + 1;
        let value = tag[start..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default().to_string(),
            _ => value.split(|c: char| c.is_whitespace()).next().unwrap_or_default().to_string(),
        });
    }
    None
}

fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(dec) = name.strip_prefix('#') {
                        dec.parse().ok()
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_skip_emails_and_repeat() {
        assert_eq!(
            mentions_in_text("RT @DrAna: hi @bob_1, mail me a@b.org; @drana again @ alone"),
            vec!["DrAna", "bob_1"]
        );
    }

    #[test]
    fn hashtags_are_unicode_and_lowercased() {
        assert_eq!(hashtags_in_text("#RWE and #Immunothérapie, not #1 or a#b; #rwe"), vec!["rwe", "immunothérapie"]);
    }

    #[test]
    fn retweet_prefix_reads_the_handle() {
        assert_eq!(retweet_prefix("RT @UNOCHA: Track the #cholera outbreak"), Some("UNOCHA"));
        assert_eq!(retweet_prefix("Track RT @UNOCHA: no"), None);
        assert_eq!(retweet_prefix("RT @: no"), None);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text(
                "<p>Hi <a href=\"x\">@<span>bob</span></a> &amp; #rwe</p><p>next&#39;s<br>line &bogus; &#x1F600;</p>"
            ),
            "Hi @bob & #rwe\nnext's\nline &bogus; \u{1F600}"
        );
    }

    #[test]
    fn html_links_skip_mentions_tags_and_the_quote() {
        let html = r#"<p>New <a href="https://doi.org/10.1056/X?utm_source=a&amp;b=1" rel="nofollow noopener" target="_blank">doi</a> by <span class="h-card"><a href="https://med.example/@ana" class="u-url mention">@<span>ana</span></a></span> <a href='https://med.example/tags/rwe' class="mention hashtag" rel="tag">#<span>rwe</span></a> <a HREF=https://cdc.gov/x>cdc</a></p><p class="quote-inline">RE: <a href="https://med.example/@bo/1">https://med.example/@bo/1</a></p><p><a href="https://after.example/">after</a></p>"#;
        assert_eq!(
            html_links(html),
            ["https://doi.org/10.1056/X?utm_source=a&b=1", "https://cdc.gov/x", "https://after.example/"]
        );
        assert!(html_links("<a href=").is_empty() && html_links("<a class=x>").is_empty());
    }
}
