//! Colours of the charts: the theme's palette made legible (the colour type is `crate::color`).

use crate::theme::Palette;

pub use crate::color::{Rgb, BLACK, WHITE};

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
