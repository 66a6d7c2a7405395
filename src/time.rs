//! Timestamps: the forms platforms and exports write, to seconds since the
//! Unix epoch (UTC), and back to RFC 3339 for the outputs.
//!
//! Hand-written rather than a date crate: the forms are few and fixed, and
//! this sits on the ingest hot path.

/// Parses RFC 3339 / ISO 8601 (`2021-06-26T19:56:26.000Z`, `+02:00`
/// offsets, a space instead of `T`, a trailing ` UTC`, a bare date), the X
/// v1.1 form (`Wed Oct 10 20:19:24 +0000 2018`), Unix seconds or
/// milliseconds (`1388638800`, `1388638800.0`) and US dates (`06/01/14`,
/// `06/01/2014`). Returns `None` for anything else.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return parse_iso(s);
    }
    if b.len() >= 26 && b[3] == b' ' && b[0].is_ascii_alphabetic() {
        return parse_v1(s);
    }
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
        let v: f64 = s.parse().ok()?;
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        let secs = if v >= 1e11 { v / 1000.0 } else { v };
        return Some(secs.floor() as i64);
    }
    if b.contains(&b'/') {
        return parse_us_date(s);
    }
    None
}

/// The forms [`parse_bound`] accepts, for its messages and `--help`.
pub const BOUND_FORMS: &str = "YYYY-MM-DD (2026-03-01), YYYY-MM (2026-03), YYYY-Qn (2026-Q1) or RFC 3339 (2026-03-01T08:30:00Z, \
     2026-03-01T09:30:00+01:00); dates are UTC days";

/// A `--since`/`--until` bound, read strictly: a person types it, and a
/// date read the wrong way silently changes the results. `YYYY-MM-DD`,
/// `YYYY-MM` and `YYYY-Qn` mean the start of that day, month or quarter
/// (UTC); a time needs its zone (`Z` or `+hh:mm`). Anything else is an
/// error that shows the accepted forms: `01/03/2026` is 1 March in most of
/// the world and 3 January in the US, so it is refused, never guessed.
pub fn parse_bound(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let b = t.as_bytes();
    let year = || num(t, 0..4).filter(|_| b.len() > 4 && b[4] == b'-');
    // A day that exists: days_from_civil takes 2026-02-30 as 2 March.
    let day = |d: &str| parse_iso(d).filter(|&v| format_time(v).get(..10) == Some(d));
    let found = match b.len() {
        10 => day(t),
        7 if b[5] == b'Q' || b[5] == b'q' => year()
            .zip(num(t, 6..7).filter(|q| (1..=4).contains(q)))
            .and_then(|(y, q)| days_from_civil(y, 3 * q - 2, 1))
            .map(|d| d * 86_400),
        7 => year().zip(num(t, 5..7)).and_then(|(y, m)| days_from_civil(y, m, 1)).map(|d| d * 86_400),
        n if n > 10 && matches!(b[10], b'T' | b't') && has_zone(t) && t.get(..10).and_then(day).is_some() => {
            parse_iso(t)
        }
        _ => None,
    };
    found.ok_or_else(|| {
        let hint = if t.contains('/') {
            " (day and month come in a different order in different countries: 01/03/2026 is 1 March in Europe \
             and 3 January in the US)"
        } else if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            " (write 20260301 as 2026-03-01)"
        } else if b.len() > 10 && matches!(b[10], b'T' | b't' | b' ') {
            " (a time needs T between date and time and its zone: Z or +hh:mm)"
        } else {
            ""
        };
        format!("'{s}' is not a date dolgraph reads without guessing{hint}; use {BOUND_FORMS}")
    })
}

/// Whether an RFC 3339 time ends with its zone: `Z` or `+hh:mm`/`-hh:mm`.
fn has_zone(t: &str) -> bool {
    let b = t.as_bytes();
    let n = b.len();
    matches!(b[n - 1], b'Z' | b'z')
        || (n >= 6
            && matches!(b[n - 6], b'+' | b'-')
            && b[n - 3] == b':'
            && [n - 5, n - 4, n - 2, n - 1].iter().all(|&i| b[i].is_ascii_digit()))
}

fn num(s: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn parse_iso(s: &str) -> Option<i64> {
    let (y, mo, d) = (num(s, 0..4)?, num(s, 5..7)?, num(s, 8..10)?);
    let days = days_from_civil(y, mo, d)?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(days * 86_400);
    }
    let sep = rest.as_bytes()[0];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return None;
    }
    let r = &rest[1..];
    let (h, mi) = (num(r, 0..2)?, num(r, 3..5)?);
    if r.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let mut i = 5;
    let mut sec = 0;
    if r.as_bytes().get(5) == Some(&b':') {
        sec = num(r, 6..8)?;
        i = 8;
    }
    let rb = r.as_bytes();
    if rb.get(i) == Some(&b'.') || rb.get(i) == Some(&b',') {
        i += 1;
        while rb.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let zone = r[i..].trim();
    let offset = parse_offset(zone)?;
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(days * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// `Z`, `UTC`, `GMT`, empty (taken as UTC), `+hh:mm`, `+hhmm`, `-hh`.
fn parse_offset(z: &str) -> Option<i64> {
    match z {
        "" | "Z" | "z" | "UTC" | "GMT" | "+00:00" => return Some(0),
        _ => {}
    }
    let sign = match z.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i64>().ok()?, 0),
        4 => (digits[..2].parse::<i64>().ok()?, digits[2..].parse::<i64>().ok()?),
        _ => return None,
    };
    Some(sign * (h * 3600 + m * 60))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `Wed Oct 10 20:19:24 +0000 2018`
fn parse_v1(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_ascii_whitespace().collect();
    if parts.len() != 6 {
        return None;
    }
    let mo = MONTHS.iter().position(|m| *m == parts[1])? as i64 + 1;
    let d: i64 = parts[2].parse().ok()?;
    let t = parts[3];
    let (h, mi, sec) = (num(t, 0..2)?, num(t, 3..5)?, num(t, 6..8)?);
    let offset = parse_offset(parts[4])?;
    let y: i64 = parts[5].parse().ok()?;
    Some(days_from_civil(y, mo, d)? * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// `MM/DD/YY` or `MM/DD/YYYY`, optionally followed by `hh:mm[:ss]`.
fn parse_us_date(s: &str) -> Option<i64> {
    let mut it = s.split_ascii_whitespace();
    let date = it.next()?;
    let p: Vec<&str> = date.split('/').collect();
    if p.len() != 3 {
        return None;
    }
    let mo: i64 = p[0].parse().ok()?;
    let d: i64 = p[1].parse().ok()?;
    let mut y: i64 = p[2].parse().ok()?;
    if p[2].len() == 2 {
        y += if y < 70 { 2000 } else { 1900 };
    }
    let mut secs = days_from_civil(y, mo, d)? * 86_400;
    if let Some(t) = it.next() {
        let f: Vec<&str> = t.split(':').collect();
        let h: i64 = f.first()?.parse().ok()?;
        let m: i64 = f.get(1).map_or(Some(0), |v| v.parse().ok())?;
        let sec: i64 = f.get(2).map_or(Some(0), |v| v.parse().ok())?;
        // A clock time, or no time: an hour of 19 digits would overflow.
        if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..=60).contains(&sec) {
            return None;
        }
        secs += h * 3600 + m * 60 + sec;
    }
    Some(secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm); `None` when the month or day is out of range.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(0..=9999).contains(&y) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The (year, month, day) of a day counted from 1970-01-01 (H. Hinnant's
/// algorithm, the inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats seconds since the epoch as RFC 3339 UTC (`2021-06-26T19:56:26Z`).
pub fn format_time(t: i64) -> String {
    let mut s = String::with_capacity(20);
    write_time(&mut s, t);
    s
}

/// Appends `t` as RFC 3339 UTC to `out`.
pub fn write_time(out: &mut String, t: i64) {
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    if !(0..=9999).contains(&y) {
        use std::fmt::Write as _;
        let _ = write!(out, "{y}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60);
        return;
    }
    // Hand-formatted: this runs twice per row of edges.csv.
    let digits = |out: &mut String, v: i64, width: u32| {
        for p in (0..width).rev() {
            out.push(char::from(b'0' + (v / 10i64.pow(p) % 10) as u8));
        }
    };
    digits(out, y, 4);
    out.push('-');
    digits(out, m, 2);
    out.push('-');
    digits(out, d, 2);
    out.push('T');
    digits(out, secs / 3600, 2);
    out.push(':');
    digits(out, secs % 3600 / 60, 2);
    out.push(':');
    digits(out, secs % 60, 2);
    out.push('Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_agree_on_one_instant() {
        let t = 1_539_202_764; // 2018-10-10T20:19:24Z
        assert_eq!(parse_time("2018-10-10T20:19:24Z"), Some(t));
        assert_eq!(parse_time("2018-10-10T20:19:24.000Z"), Some(t));
        assert_eq!(parse_time("2018-10-10T22:19:24+02:00"), Some(t));
        assert_eq!(parse_time("2018-10-10 20:19:24 UTC"), Some(t));
        assert_eq!(parse_time("Wed Oct 10 20:19:24 +0000 2018"), Some(t));
        assert_eq!(parse_time("1539202764"), Some(t));
        assert_eq!(parse_time("1539202764.0"), Some(t));
        assert_eq!(parse_time("1539202764000"), Some(t));
        assert_eq!(format_time(t), "2018-10-10T20:19:24Z");
    }

    #[test]
    fn us_dates_and_rubbish() {
        assert_eq!(parse_time("06/01/14").map(format_time).as_deref(), Some("2014-06-01T00:00:00Z"));
        assert_eq!(parse_time("not a date"), None);
        assert_eq!(parse_time("2018-13-10"), None);
        assert_eq!(parse_time("2018-10-10T25:00:00Z"), None);
        assert_eq!(parse_time("06/01/2014 13:05").map(format_time).as_deref(), Some("2014-06-01T13:05:00Z"));
        // An hour that is no clock time (19 digits overflowed the sum).
        assert_eq!(parse_time("06/01/20 4860234667745345535"), None);
        assert_eq!(parse_time("06/01/2014 24:00"), None);
        assert_eq!(parse_time(""), None);
    }

    #[test]
    fn round_trips_across_eras() {
        for t in [-86_400 * 365 * 100, -1, 0, 951_782_400, 4_102_444_800] {
            assert_eq!(parse_time(&format_time(t)), Some(t), "{t}");
        }
    }

    #[test]
    fn command_line_bounds_are_read_strictly() {
        let day = |y, m, d| days_from_civil(y, m, d).expect("date") * 86_400;
        let accepted = [
            ("2026-03-01", day(2026, 3, 1)),
            ("2026-03", day(2026, 3, 1)),
            ("2026-Q1", day(2026, 1, 1)),
            ("2026-q4", day(2026, 10, 1)),
            ("2026-03-01T08:30:00Z", day(2026, 3, 1) + 8 * 3600 + 1800),
            ("2026-03-01T09:30:00+01:00", day(2026, 3, 1) + 8 * 3600 + 1800),
            ("2026-03-01T08:30:00.250Z", day(2026, 3, 1) + 8 * 3600 + 1800),
            (" 2024-02-29 ", day(2024, 2, 29)),
        ];
        for (s, want) in accepted {
            assert_eq!(parse_bound(s), Ok(want), "{s}");
        }
        let forms = format!("; use {BOUND_FORMS}");
        let refused = [
            (
                "01/03/2026",
                " (day and month come in a different order in different countries: 01/03/2026 is 1 March in Europe and 3 January in the US)",
            ),
            ("20260301", " (write 20260301 as 2026-03-01)"),
            ("2026-03-01 08:30", " (a time needs T between date and time and its zone: Z or +hh:mm)"),
            ("2026-03-01T08:30:00", " (a time needs T between date and time and its zone: Z or +hh:mm)"),
            ("2026-02-30", ""),
            ("2026-13", ""),
            ("2026-Q5", ""),
            ("1772323200", ""),
            ("March 2026", ""),
            ("", ""),
        ];
        for (s, hint) in refused {
            assert_eq!(
                parse_bound(s),
                Err(format!("'{s}' is not a date dolgraph reads without guessing{hint}{forms}")),
                "{s}"
            );
        }
    }
}
