//! The view of the accessibility statement page: the settings of `config::accessibility` with
//! dates formatted, the status in words of the theme and Markdown texts rendered.

use serde_json::{json, Value};

use crate::config::accessibility::Accessibility;
use crate::config::{Contact, Language};
use crate::format;
use crate::quarter::Date;
use crate::theme::Theme;

/// The template data of the statement page; `md` renders its Markdown texts.
pub fn view(
    a: &Accessibility,
    language: Language,
    theme: &Theme,
    md: &dyn Fn(&str) -> String,
) -> Value {
    let months = theme.months();
    let date = |d: Date| format::date(d, language, &months);
    let contact = |c: &Contact| json!({"name": c.name, "email": c.email, "phone": c.phone, "url": c.url, "tel": c.phone.as_deref().map(tel_uri)});
    json!({
        "status": a.status.key(),
        "status_text": theme.t(&format!("a11y_status_{}", a.status.key())),
        "legal_basis_html": a.legal_basis.as_deref().map(md),
        "non_accessible": a.non_accessible.iter().map(|b| json!({
            "content_html": md(&b.content),
            "reason_html": b.reason.as_deref().map(md),
        })).collect::<Vec<_>>(),
        "alternatives_html": a.alternatives.as_deref().map(md),
        "contact": contact(&a.contact),
        "enforcement": contact(&a.enforcement),
        "assessed": date(a.assessed),
        "assessed_iso": a.assessed.to_string(),
        "prepared": a.prepared.map(date),
        "prepared_iso": a.prepared.map(|d| d.to_string()),
        "method": a.method,
    })
}

/// `tel:` URI of a phone number as people write it ("0231 50-0" -> "tel:0231500").
fn tel_uri(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_tel_uris() {
        assert_eq!(tel_uri("0231 50-0"), "tel:0231500");
        assert_eq!(tel_uri("+49 231 000000"), "tel:+49231000000");
    }
}
