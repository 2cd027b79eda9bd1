//! Colours of the charts: hex parsing, WCAG contrast, and the theme's palette made legible.

use crate::theme::Palette;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const WHITE: Rgb = Rgb(255, 255, 255);
pub const BLACK: Rgb = Rgb(0, 0, 0);

impl Rgb {
    /// `#1d5f9f` or `#fff` (case-insensitive).
    pub fn parse(s: &str) -> Option<Rgb> {
        let h = s.trim().strip_prefix('#')?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok();
        match h.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
                Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
            }
            _ => None,
        }
    }

    /// `#1d5f9f`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// `t` of the way from self to `other` (0..=1).
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// The colour itself if it has `min` contrast against `bg`, else darkened until it has.
    pub fn with_contrast(self, bg: Rgb, min: f64) -> Rgb {
        (0..=20)
            .map(|i| self.mix(BLACK, f64::from(i) * 0.05))
            .find(|c| c.contrast(bg) >= min)
            .unwrap_or(BLACK)
    }
}

/// A palette with every colour parsed, and made legible where it has to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors {
    pub field: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    pub grid_strong: Rgb,
    pub stripe: Rgb,
    pub hatch: Rgb,
    pub as_of: Rgb,
    pub background: Rgb,
}

impl Colors {
    /// Parsed colours; an unparsable value falls back to the default's. Text keeps AA contrast
    /// (4.5:1) and marks keep 3:1 against the background, darkened if the theme asks for less.
    pub fn from_palette(p: &Palette) -> Colors {
        let d = Palette::default();
        let get = |v: &str, dv: &str| Rgb::parse(v).or_else(|| Rgb::parse(dv)).unwrap_or(BLACK);
        let background = get(&p.background, &d.background);
        Colors {
            field: get(&p.field, &d.field).with_contrast(background, 3.0),
            text: get(&p.text, &d.text).with_contrast(background, 7.0),
            muted: get(&p.muted, &d.muted).with_contrast(background, 4.5),
            grid: get(&p.grid, &d.grid),
            grid_strong: get(&p.grid_strong, &d.grid_strong).with_contrast(background, 3.0),
            stripe: get(&p.stripe, &d.stripe),
            hatch: get(&p.hatch, &d.hatch),
            as_of: get(&p.as_of, &d.as_of).with_contrast(background, 4.5),
            background,
        }
    }

    /// A field's colour: its own from roadmap.yaml, else the theme's, with 3:1 contrast.
    pub fn field(&self, own: Option<&str>) -> Rgb {
        own.and_then(Rgb::parse)
            .map_or(self.field, |c| c.with_contrast(self.background, 3.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex() {
        assert_eq!(Rgb::parse("#1d5f9f"), Some(Rgb(0x1d, 0x5f, 0x9f)));
        assert_eq!(Rgb::parse("#FFF"), Some(WHITE));
        assert_eq!(Rgb::parse("1d5f9f"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#ggg"), None);
        assert_eq!(Rgb(0x1d, 0x5f, 0x9f).hex(), "#1d5f9f");
    }

    #[test]
    fn contrast_is_wcag() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the classic 4.54:1 grey.
        assert!((Rgb(0x76, 0x76, 0x76).contrast(WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn light_field_colours_are_darkened() {
        let c = Colors {
            ..Colors::from_palette(&Palette::default())
        };
        let yellow = c.field(Some("#ffee00"));
        assert!(yellow.contrast(WHITE) >= 3.0);
        assert_eq!(c.field(Some("#1d5f9f")), Rgb(0x1d, 0x5f, 0x9f));
        assert_eq!(c.field(None), c.field);
        assert!(Palette::default().invalid().is_empty());
        let bad = Palette {
            grid: "grey".into(),
            ..Palette::default()
        };
        assert_eq!(bad.invalid(), vec![("grid", "grey")]);
    }
}
