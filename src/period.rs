//! Calendar periods of `--period`: UTC days, weeks (ISO 8601, Monday to
//! Sunday), months and quarters. A period is a number (days since
//! 1970-01-01, weeks since its week, or months or quarters since year 0),
//! so that the graph
//! builder keys its per-period counts with 4 bytes and "the period before"
//! is the number minus one.

use crate::time::{civil_from_days, days_from_civil};

/// The length of the periods a run ranks topics in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// A conference or a news event of a few days (SNAP Higgs spans one week).
    Day,
    Week,
    Month,
    Quarter,
}

/// Times whose year is outside 0..=9999 belong to no period (they are
/// counted as undated): calendar dates are written with four digits.
const DAYS_0000: i64 = -719_528;
const DAYS_10000: i64 = 2_932_897;

impl PeriodKind {
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }

    /// The period holding instant `t` (seconds since the epoch, UTC).
    pub fn of(self, t: i64) -> Option<i32> {
        let days = t.div_euclid(86_400);
        if !(DAYS_0000..DAYS_10000).contains(&days) {
            return None;
        }
        // 1970-01-01 was a Thursday: its week began on Monday, day -3.
        let p = match self {
            PeriodKind::Day => days,
            PeriodKind::Week => (days + 3).div_euclid(7),
            PeriodKind::Month | PeriodKind::Quarter => {
                let (y, m, _) = civil_from_days(days);
                let month = y * 12 + m - 1;
                if self == PeriodKind::Month { month } else { month.div_euclid(3) }
            }
        };
        i32::try_from(p).ok()
    }

    /// First day of period `p`, as days since 1970-01-01.
    pub fn first_day(self, p: i32) -> i64 {
        let p = i64::from(p);
        let month_start =
            |month: i64| days_from_civil(month.div_euclid(12), month.rem_euclid(12) + 1, 1).unwrap_or(DAYS_10000);
        match self {
            PeriodKind::Day => p,
            PeriodKind::Week => p * 7 - 3,
            PeriodKind::Month => month_start(p),
            PeriodKind::Quarter => month_start(p * 3),
        }
    }

    /// First instant of period `p` (seconds since the epoch).
    pub fn start(self, p: i32) -> i64 {
        self.first_day(p) * 86_400
    }

    /// The first instant after period `p`.
    pub fn end(self, p: i32) -> i64 {
        self.first_day(p.saturating_add(1)) * 86_400
    }

    /// `period_start` and `period_end` of the tables: the first and the
    /// last day of the period, ISO 8601 (`2026-03-02`, `2026-03-08`).
    pub fn dates(self, p: i32) -> (String, String) {
        (date(self.first_day(p)), date(self.first_day(p.saturating_add(1)) - 1))
    }
}

/// A day as `YYYY-MM-DD`.
pub fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_bound;

    fn at(s: &str) -> i64 {
        parse_bound(s).expect("valid")
    }

    #[test]
    fn periods_follow_the_utc_calendar() {
        // 2026-03-01 is a Sunday: its ISO week began on Monday 23 February.
        let w = PeriodKind::Week.of(at("2026-03-01T23:59:59Z")).expect("week");
        assert_eq!(PeriodKind::Week.dates(w), ("2026-02-23".into(), "2026-03-01".into()));
        assert_eq!(PeriodKind::Week.of(at("2026-03-02")), Some(w + 1), "Monday starts the next week");
        assert_eq!(PeriodKind::Week.dates(w + 1), ("2026-03-02".into(), "2026-03-08".into()));
        // 1970-01-01 (Thursday) is in the week of Monday 1969-12-29.
        assert_eq!(PeriodKind::Week.dates(PeriodKind::Week.of(0).expect("week")).0, "1969-12-29");

        let m = PeriodKind::Month.of(at("2024-02-29T12:00:00Z")).expect("month");
        assert_eq!(PeriodKind::Month.dates(m), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(PeriodKind::Month.of(at("2024-03-01")), Some(m + 1));
        assert_eq!(PeriodKind::Month.dates(m - 2), ("2023-12-01".into(), "2023-12-31".into()));

        let q = PeriodKind::Quarter.of(at("2026-09-30T23:59:59Z")).expect("quarter");
        assert_eq!(PeriodKind::Quarter.dates(q), ("2026-07-01".into(), "2026-09-30".into()));
        assert_eq!(PeriodKind::Quarter.of(at("2026-10-01")), Some(q + 1));
        assert_eq!(PeriodKind::Quarter.start(q), at("2026-Q3"));
        assert_eq!(PeriodKind::Quarter.end(q), at("2026-Q4"));

        let d = PeriodKind::Day.of(at("2012-07-04T23:59:59Z")).expect("day");
        assert_eq!(PeriodKind::Day.dates(d), ("2012-07-04".into(), "2012-07-04".into()));
        assert_eq!(PeriodKind::Day.of(at("2012-07-05")), Some(d + 1));

        assert_eq!(PeriodKind::Month.of(i64::MAX), None);
        assert_eq!(PeriodKind::Week.of(i64::MIN), None);
    }
}
