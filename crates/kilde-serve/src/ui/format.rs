//! Turning the index's machine values (ISO dates, TIMEX-style time values, counts)
//! into text for people, in the page's language, and names into URL path segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::i18n::Messages;

/// Everything but RFC 3986's unreserved characters is encoded in a path segment,
/// so names with `/`, `?`, `#` or spaces survive the round trip through a link.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `name` as one URL path segment.
pub(crate) fn segment(name: &str) -> String {
    utf8_percent_encode(name, SEGMENT).to_string()
}

/// `1234567` as `1.234.567` (Danish) or `1,234,567` (English).
pub(crate) fn number(n: u64, m: &Messages) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let (first, rest) = digits.split_at(head.min(digits.len()));
    let mut out = first.to_string();
    for group in rest.as_bytes().chunks(3) {
        out.push(m.thousands);
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out
}

/// `n article(s)` with the right plural.
pub(crate) fn articles(n: u64, m: &Messages) -> String {
    let (one, many) = m.article_noun;
    format!("{} {}", number(n, m), if n == 1 { one } else { many })
}

/// A calendar date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in words
/// (`23. februar 2026`, `February 2026`); anything else unchanged.
pub(crate) fn date(value: &str, m: &Messages) -> String {
    let mut parts = value.split('-');
    let (Some(year), month, day, None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return value.to_string();
    };
    if year.len() != 4 || year.parse::<u16>().is_err() {
        return value.to_string();
    }
    let month_name = |mm: &str| {
        mm.parse::<usize>()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .map(|n| m.month_names[n - 1])
    };
    match (month, day) {
        (None, None) => year.to_string(),
        (Some(mm), None) => match month_name(mm) {
            Some(name) => format!("{name} {year}"),
            None => value.to_string(),
        },
        (Some(mm), Some(dd)) => match (month_name(mm), dd.parse::<u8>()) {
            (Some(name), Ok(d)) if m.thousands == '.' => format!("{d}. {name} {year}"),
            (Some(name), Ok(d)) => format!("{d} {name} {year}"),
            _ => value.to_string(),
        },
        (None, Some(_)) => value.to_string(),
    }
}

/// A resolved time expression value in words: dates, date-times (`…T16:00`),
/// intervals (`a/b`), ISO weeks and their weekends, seasons and durations (`P5Y`).
pub(crate) fn time_value(value: &str, m: &Messages) -> String {
    if let Some((a, b)) = value.split_once('/') {
        return format!("{} – {}", time_value(a, m), time_value(b, m));
    }
    if let Some(duration) = value.strip_prefix('P') {
        return iso_duration(duration, m).unwrap_or_else(|| value.to_string());
    }
    if let Some((day, clock)) = value.split_once('T') {
        return format!("{} {} {clock}", date(day, m), m.at_clock);
    }
    if let Some((year, rest)) = value.split_once("-W") {
        let (week, weekend) = match rest.strip_suffix("-WE") {
            Some(week) => (week, true),
            None => (rest, false),
        };
        if let Ok(week) = week.parse::<u8>() {
            let lead = if weekend { m.weekend_of_week } else { m.week };
            return format!("{lead} {week}, {year}");
        }
    }
    let seasons = ["SP", "SU", "FA", "WI"];
    if let Some((year, code)) = value.split_once('-')
        && let Some(i) = seasons.iter().position(|s| *s == code)
    {
        return format!("{} {year}", m.seasons[i]);
    }
    date(value, m)
}

/// `5Y`, `T8H`, `2W`, `T90M` (what follows the `P`) as `5 år`, `8 hours`, ….
fn iso_duration(spec: &str, m: &Messages) -> Option<String> {
    let mut parts = Vec::new();
    let mut in_time = false;
    let mut digits = String::new();
    for c in spec.chars() {
        match c {
            'T' if digits.is_empty() => in_time = true,
            '0'..='9' | '.' | ',' => digits.push(c),
            unit => {
                let index = match (unit, in_time) {
                    ('Y', false) => 0,
                    ('M', false) => 1,
                    ('W', false) => 2,
                    ('D', false) => 3,
                    ('H', true) => 4,
                    ('M', true) => 5,
                    ('S', true) => 6,
                    _ => return None,
                };
                let (one, many) = m.units[index];
                let noun = if digits == "1" { one } else { many };
                parts.push(format!("{digits} {noun}"));
                digits.clear();
            }
        }
    }
    (digits.is_empty() && !parts.is_empty()).then(|| parts.join(" "))
}

/// The value as an HTML `datetime` attribute when it is one of the forms HTML
/// accepts there (a year, month, day, day and time, or week), else `None`.
pub(crate) fn datetime_attr(value: &str) -> Option<&str> {
    if !value.is_ascii() {
        return None;
    }
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        8 => digits(0..4) && &b[4..6] == b"-W" && digits(6..8),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        16 => {
            datetime_attr(&value[..10]).is_some()
                && b[10] == b'T'
                && digits(11..13)
                && b[13] == b':'
                && digits(14..16)
        }
        _ => false,
    };
    ok.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::super::i18n::Lang;
    use super::*;

    #[test]
    fn dates_and_times_in_words() {
        let (da, en) = (Lang::Da.msg(), Lang::En.msg());
        assert_eq!(date("2026-02-23", da), "23. februar 2026");
        assert_eq!(date("2026-02-23", en), "23 February 2026");
        assert_eq!(date("2026-03", da), "marts 2026");
        assert_eq!(date("2026", en), "2026");
        assert_eq!(date("2026-13", en), "2026-13");
        assert_eq!(date("nonsense", en), "nonsense");
        assert_eq!(
            time_value("2026-03-08T16:00", da),
            "8. marts 2026 kl. 16:00"
        );
        assert_eq!(
            time_value("2026-02-28/2026-03-01", en),
            "28 February 2026 – 1 March 2026"
        );
        assert_eq!(time_value("2026-W10", da), "uge 10, 2026");
        assert_eq!(time_value("2026-W09-WE", en), "the weekend of week 9, 2026");
        assert_eq!(time_value("2023-SP", da), "foråret 2023");
        assert_eq!(time_value("P5Y", da), "5 år");
        assert_eq!(time_value("PT8H", en), "8 hours");
        assert_eq!(time_value("PT1M", en), "1 minute");
        assert_eq!(time_value("P2W", da), "2 uger");
        assert_eq!(time_value("PXY", da), "PXY");
    }

    #[test]
    fn datetime_attributes_only_for_forms_html_accepts() {
        for ok in [
            "2026",
            "2026-03",
            "2026-03-08",
            "2026-W10",
            "2026-03-08T16:00",
        ] {
            assert_eq!(datetime_attr(ok), Some(ok));
        }
        for bad in [
            "2026-SP",
            "P5Y",
            "2026-W10-WE",
            "2026-02-28/2026-03-01",
            "20x6",
        ] {
            assert_eq!(datetime_attr(bad), None);
        }
    }

    #[test]
    fn numbers_and_segments() {
        assert_eq!(number(1234567, Lang::Da.msg()), "1.234.567");
        assert_eq!(number(999, Lang::En.msg()), "999");
        assert_eq!(number(1000, Lang::En.msg()), "1,000");
        assert_eq!(number(0, Lang::En.msg()), "0");
        assert_eq!(number(123456, Lang::Da.msg()), "123.456");
        assert_eq!(articles(1, Lang::Da.msg()), "1 artikel");
        assert_eq!(articles(2, Lang::En.msg()), "2 articles");
        assert_eq!(segment("Løhde/a b?#"), "L%C3%B8hde%2Fa%20b%3F%23");
    }
}
