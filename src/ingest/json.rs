//! Shared pieces of the JSON-lines readers: parsing one line (or saying
//! why it is rejected), and lenient scalars that real dumps write in more
//! than one way (ids as strings or numbers, counts as null or -1).

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, Visitor};

use super::reject::{Reject, RejectKind};
use super::{Located, Record};

/// Parses one line as a JSON object of type `T`, or gives the reason the
/// line is rejected. A UTF-8 byte-order mark is dropped; a line that is not
/// an object is rejected (serde would otherwise read an array positionally
/// into a struct).
pub fn parse_line<'a, T: Deserialize<'a>>(unit: &'a [u8]) -> Result<T, Reject> {
    let unit = unit.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(unit);
    match unit.trim_ascii_start().first() {
        Some(b'{') | None => serde_json::from_slice(unit).map_err(|e| json_reason(unit, &e)),
        Some(_) => Err(match serde_json::from_slice::<IgnoredAny>(unit) {
            Ok(_) => Reject::new(RejectKind::NotThisFormat, "not a JSON object: one object per line is expected"),
            Err(e) => json_reason(unit, &e),
        }),
    }
}

/// Why serde_json refused a line, in the user's terms: bytes that are not
/// UTF-8 (serde_json calls them an "invalid unicode code point"), broken
/// JSON syntax, or well-formed JSON with a value of the wrong type. The
/// position is the column within the line (the line number is the
/// record's).
fn json_reason(unit: &[u8], e: &serde_json::Error) -> Reject {
    if let Err(bad) = std::str::from_utf8(unit) {
        return Reject::with(RejectKind::Encoding, "line is not valid UTF-8 (byte {})", &[&(bad.valid_up_to() + 1)]);
    }
    let text = e.to_string();
    // The record is one line, or (in a whole document) starts on its own
    // line of the file: say where within it.
    let text = match e.line() {
        0 | 1 => text.replace(" at line 1 column ", " at column "),
        l => text.replace(
            &format!(" at line {l} column {}", e.column()),
            &format!(" at its line {l}, column {}", e.column()),
        ),
    };
    match e.classify() {
        serde_json::error::Category::Data => Reject::new(RejectKind::Json, "unexpected JSON value").detail(text),
        _ => Reject::new(RejectKind::Json, "invalid JSON").detail(text),
    }
}

/// The common shape of a JSON reader's `read_unit`: parse the line as `T`
/// and push the record `f` makes of it (after any account records `f`
/// pushes), or push the rejection.
pub fn read_json<'a, T: Deserialize<'a>>(
    unit: &'a [u8],
    line: u64,
    out: &mut Vec<Located>,
    f: impl FnOnce(&T, u64, &mut Vec<Located>) -> Record,
) {
    let record = match parse_line::<T>(unit) {
        Ok(value) => f(&value, line, out),
        Err(why) => Record::Rejected(why),
    };
    out.push((line, record));
}

/// One unit of a statuses format (X v1.1, Mastodon): a JSON array of
/// statuses (timelines), a response whose list is under `statuses`
/// (`is_response` says so from the parsed unit), or one status, which
/// `status` turns into its record. `again` reads each listed record.
pub fn read_statuses<'a, T: Deserialize<'a>>(
    unit: &'a [u8],
    line: u64,
    out: &mut Vec<Located>,
    is_response: impl FnOnce(&T) -> bool,
    status: impl FnOnce(&T, u64, &mut Vec<Located>) -> Record,
    again: super::response::ReadOne<'_>,
) {
    if super::response::read_array(unit, line, out, again) {
        return;
    }
    match parse_line::<T>(unit) {
        Ok(s) if is_response(&s) => super::response::read_member_list(unit, line, "statuses", out, again),
        Ok(s) => {
            let record = status(&s, line, out);
            out.push((line, record));
        }
        Err(why) => out.push((line, Record::Rejected(why))),
    }
}

/// The trimmed value of an optional string, when not empty.
pub fn nonempty(s: &Option<Cow<'_, str>>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// A string or an integer, as a string: X ids come as both (`id` and
/// `id_str`), and exports differ in which they keep. Borrowed from the line
/// when the JSON string has no escapes.
pub struct IdStr<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for IdStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = IdStr<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IdStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IdStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(IdStr(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(IdStr(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IdStr(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// The non-empty value of an optional id, trimmed.
pub fn id_of<'s>(v: &'s Option<IdStr<'_>>) -> Option<&'s str> {
    v.as_ref().map(|s| s.0.trim()).filter(|s| !s.is_empty())
}

/// A count that tolerates what exports write for "unknown": null, a
/// negative number (some servers hide counts as -1), a float, or a numeric
/// string. Anything unusable is `None`, never an error for the whole line.
#[derive(Default, Clone, Copy)]
pub struct Count(pub Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a count")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                Ok(Count((v.is_finite() && v >= 0.0 && v < u64::MAX as f64).then_some(v as u64)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Ok(Count(v.trim().parse().ok()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Count, D::Error> {
                Count::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Count(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Count, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Count(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A post's language as exports write it: a tag (X `lang`, Mastodon
/// `language`), or a list of tags whose first is taken (Bluesky `langs`).
/// Anything else (null, a number, an object) is unknown, never an error for
/// the whole line. Normalised by [`super::lang_tag`].
#[derive(Default, Clone)]
pub struct Lang(pub Option<String>);

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lang;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a language tag")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lang, E> {
                Ok(Lang(super::lang_tag(v)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Lang, A::Error> {
                let mut first = None;
                while let Some(v) = seq.next_element::<Lang>()? {
                    first = first.or(v.0);
                }
                Ok(Lang(first))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Lang, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lang(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Lang, E> {
                Ok(Lang(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Lang, D::Error> {
                Lang::deserialize(d)
            }
        }
        d.deserialize_any(V)
    }
}

/// An X `entities.urls` entry (v1.1 and v2): where the link goes, as far
/// as the platform knows. `unwound_url` (v2) is the page after redirects,
/// `expanded_url` the link as written, `url` the `t.co` link.
#[derive(Deserialize)]
#[serde(expecting = "a urls entry (object)")]
pub struct UrlEntity<'a> {
    #[serde(borrow, default)]
    unwound_url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    expanded_url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<Cow<'a, str>>,
}

impl UrlEntity<'_> {
    pub fn target(&self) -> Option<&str> {
        url_target([&self.unwound_url, &self.expanded_url, &self.url].map(|u| u.as_deref()))
    }
}

/// The first non-empty of an X urls entry's `unwound_url`, `expanded_url`
/// and `url` (the JSON entry, or twarc-csv's copy of it).
pub fn url_target(candidates: [Option<&str>; 3]) -> Option<&str> {
    candidates.into_iter().flatten().find(|s| !s.trim().is_empty())
}
