//! Numbers, money, dates and quarters written the way the site's language writes them.

use crate::config::Language;
use crate::quarter::{Date, Quarter};

/// Groups digits and sets the decimal mark: de 1.615.250,00; en 1,615,250.00.
pub fn number(value: f64, decimals: usize, lang: Language) -> String {
    let (group, point) = match lang {
        Language::De => ('.', ','),
        Language::En => (',', '.'),
    };
    let neg = value < 0.0;
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if neg && value != 0.0 {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A number with as many decimals as it needs (up to two): 150, 12,5.
pub fn plain_number(value: f64, lang: Language) -> String {
    if value.fract() == 0.0 {
        number(value, 0, lang)
    } else if (value * 10.0).fract().abs() < 1e-9 {
        number(value, 1, lang)
    } else {
        number(value, 2, lang)
    }
}

/// A number with a unit, as the language writes it: de `150 Personen`, `12,5 %` (a percent
/// sign after a non-breaking space, DIN 5008), en `150 people`, `12.5%` (no space before a
/// percent sign, as English style guides write it). No unit, no space.
pub fn with_unit(value: f64, unit: Option<&str>, lang: Language) -> String {
    let n = plain_number(value, lang);
    match unit.map(str::trim) {
        Some("%") => match lang {
            Language::De => format!("{n}\u{a0}%"),
            Language::En => format!("{n}%"),
        },
        Some(u) if !u.is_empty() => format!("{n} {u}"),
        _ => n,
    }
}

/// A share in percent (`40 %`, en `40%`); see [`with_unit`].
pub fn percent(value: f64, lang: Language) -> String {
    with_unit(value, Some("%"), lang)
}

/// The symbol and the decimals of the currencies this table knows (ISO 4217 code, symbol,
/// decimals); any other code is written as the code with two decimals.
const CURRENCIES: [(&str, &str, usize); 8] = [
    ("EUR", "€", 2),
    ("USD", "$", 2),
    ("GBP", "£", 2),
    ("JPY", "¥", 0),
    ("CNY", "CN¥", 2),
    ("INR", "₹", 2),
    ("CAD", "CA$", 2),
    ("AUD", "A$", 2),
];

/// An amount of money in the ISO 4217 `currency`, written as the language writes it: a
/// symbol where the currency has a common one (de `1.615.250,00 €`, en `€1,615,250.00`),
/// otherwise the code (de `1.615.250,00 CHF`, en `CHF 1,615,250.00`).
pub fn money(value: f64, lang: Language, currency: &str) -> String {
    let (mark, decimals, symbol) = CURRENCIES
        .iter()
        .find(|(code, _, _)| *code == currency)
        .map_or((currency, 2, false), |(_, s, d)| (*s, *d, true));
    let n = number(value, decimals, lang);
    match lang {
        Language::De => format!("{n}\u{a0}{mark}"),
        Language::En => {
            let gap = if symbol { "" } else { "\u{a0}" };
            match n.strip_prefix('-') {
                Some(rest) => format!("-{mark}{gap}{rest}"),
                None => format!("{mark}{gap}{n}"),
            }
        }
    }
}

/// "Juli 2021" / "July 2021"; with a day "31. März 2022" / "31 March 2022".
pub fn date(d: Date, lang: Language, months: &[String]) -> String {
    let month = months
        .get(d.month as usize - 1)
        .cloned()
        .unwrap_or_else(|| format!("{:02}", d.month));
    match (d.day, lang) {
        (None, _) => format!("{month} {}", d.year),
        (Some(day), Language::De) => format!("{day}. {month} {}", d.year),
        (Some(day), Language::En) => format!("{day} {month} {}", d.year),
    }
}

/// "Q3 2021".
pub fn quarter(q: Quarter) -> String {
    format!("Q{} {}", q.q, q.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_by_language() {
        assert_eq!(money(1615250.0, Language::De, "EUR"), "1.615.250,00\u{a0}€");
        assert_eq!(money(1615250.0, Language::En, "EUR"), "€1,615,250.00");
        assert_eq!(money(565337.0, Language::De, "EUR"), "565.337,00\u{a0}€");
        assert_eq!(money(-5.5, Language::En, "EUR"), "-€5.50");
        assert_eq!(money(1234567.0, Language::En, "USD"), "$1,234,567.00");
        assert_eq!(money(1234567.0, Language::De, "GBP"), "1.234.567,00\u{a0}£");
        assert_eq!(money(1234567.4, Language::En, "JPY"), "¥1,234,567");
        assert_eq!(
            money(1234567.0, Language::De, "CHF"),
            "1.234.567,00\u{a0}CHF"
        );
        assert_eq!(
            money(1234567.0, Language::En, "CHF"),
            "CHF\u{a0}1,234,567.00"
        );
        assert_eq!(money(-2.0, Language::En, "CHF"), "-CHF\u{a0}2.00");
        assert_eq!(number(999.0, 0, Language::De), "999");
        assert_eq!(number(1000.5, 1, Language::En), "1,000.5");
        assert_eq!(plain_number(12.5, Language::De), "12,5");
    }

    #[test]
    fn formats_dates() {
        let de: Vec<String> = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            date(
                Date {
                    year: 2021,
                    month: 7,
                    day: None
                },
                Language::De,
                &de
            ),
            "Juli 2021"
        );
        assert_eq!(
            date(
                Date {
                    year: 2022,
                    month: 3,
                    day: Some(31)
                },
                Language::De,
                &de
            ),
            "31. März 2022"
        );
    }
}
