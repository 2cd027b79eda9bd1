//! Text metrics without fonts: label widths from a per-character table, line wrapping and
//! shortening. The charts name a metric-compatible font stack (Arial, Liberation Sans,
//! Helvetica, Arimo) and fall back to any sans-serif; the table holds, for every character, the
//! wider of Liberation Sans and DejaVu Sans (a wide fallback), so that estimates err on the
//! generous side and labels never run into each other.

/// The font stack written on every `<text>`.
pub const FONT_FAMILY: &str = "Arial, Liberation Sans, Helvetica, Arimo, sans-serif";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

// Advance widths in thousandths of an em: U+0020..U+007E, then U+00A0..U+00FF.
const REGULAR_ASCII: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770, 667,
    611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732, 684, 989, 685,
    667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

const REGULAR_LATIN1: [u16; 96] = [
    318, 401, 636, 636, 636, 636, 337, 556, 500, 1000, 471, 612, 838, 361, 1000, 552, 500, 838,
    401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 611, 684, 684, 684, 684, 684,
    684, 1000, 722, 667, 667, 667, 667, 295, 295, 295, 295, 775, 748, 787, 787, 787, 787, 787, 838,
    787, 732, 732, 732, 732, 667, 667, 630, 613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615,
    615, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592,
    635, 592,
];

const BOLD_ASCII: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 556, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 556, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

const BOLD_LATIN1: [u16; 96] = [
    348, 456, 696, 696, 636, 696, 365, 556, 500, 1000, 564, 646, 838, 415, 1000, 552, 500, 838,
    438, 438, 500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035, 1035, 611, 774, 774, 774, 774,
    774, 774, 1085, 734, 683, 683, 683, 683, 372, 372, 372, 372, 838, 837, 850, 850, 850, 850, 850,
    838, 850, 812, 812, 812, 812, 724, 738, 719, 675, 675, 675, 675, 675, 675, 1048, 593, 678, 678,
    678, 678, 343, 343, 343, 343, 687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712,
    652, 716, 652,
];

/// Advance width of one character in thousandths of an em.
fn advance(c: char, weight: Weight) -> u32 {
    let bold = weight == Weight::Bold;
    let (ascii, latin1) = if bold {
        (&BOLD_ASCII, &BOLD_LATIN1)
    } else {
        (&REGULAR_ASCII, &REGULAR_LATIN1)
    };
    let n = c as u32;
    match n {
        0x20..=0x7e => u32::from(ascii[(n - 0x20) as usize]),
        0xa0..=0xff => u32::from(latin1[(n - 0xa0) as usize]),
        // Combining marks and zero-width characters.
        0x300..=0x36f | 0x200b..=0x200f => 0,
        _ => match c {
            '–' | '‒' | '−' => 556,
            '—' | '…' | '‰' => 1000,
            '„' | '“' | '”' | '‟' => {
                if bold {
                    657
                } else {
                    518
                }
            }
            '‚' | '‘' | '’' | '‛' | '·' => {
                if bold {
                    380
                } else {
                    318
                }
            }
            '•' | '€' | '‐' | '‑' => {
                if bold {
                    700
                } else {
                    640
                }
            }
            // Other Latin, Greek, Cyrillic letters: as wide as the widest common capitals.
            '\u{100}'..='\u{52f}' => 850,
            // Anything else (symbols, CJK): a full em.
            _ => 1000,
        },
    }
}

fn units(s: &str, weight: Weight) -> u32 {
    s.chars().map(|c| advance(c, weight)).sum()
}

/// Thousandths of an em in px at font size `size`, rounded up, with a 3% margin for kerning and
/// hinting.
fn px(units: u32, size: i32) -> i32 {
    (f64::from(units) * f64::from(size) / 1000.0 * 1.03).ceil() as i32
}

/// The width of `s` in px at font size `size`.
pub fn width(s: &str, size: i32, weight: Weight) -> i32 {
    px(units(s, weight), size)
}

/// `s` cut so that it fits `max` px, ending in "…" when anything was cut.
pub fn ellipsize(s: &str, max: i32, size: i32, weight: Weight) -> String {
    if width(s, size, weight) <= max {
        return s.to_string();
    }
    let ellipsis = advance('…', weight);
    let mut used = 0;
    let mut head = String::new();
    for c in s.chars() {
        let next = used + advance(c, weight);
        if px(next + ellipsis, size) > max {
            break;
        }
        used = next;
        head.push(c);
    }
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-/".contains(c));
    format!("{head}…")
}

/// A text broken into lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub lines: Vec<String>,
    /// Some of the text did not fit and was cut (the last line ends in "…").
    pub shortened: bool,
}

/// Pieces a line may break after: words, and word parts after a hyphen or slash.
fn pieces(s: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        let mut first = true;
        let mut part = String::new();
        for c in word.chars() {
            part.push(c);
            if (c == '-' || c == '/') && part.chars().count() > 1 {
                out.push((std::mem::take(&mut part), first));
                first = false;
            }
        }
        if !part.is_empty() {
            out.push((part, first));
        }
    }
    out
}

/// Pieces put back together, with the spaces between words.
fn join(pieces: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (i, (piece, space)) in pieces.iter().enumerate() {
        if i > 0 && *space {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// Breaks `s` into at most `max_lines` lines no wider than `max` px. A word wider than a line
/// is broken between characters; text that needs more lines is cut with "…" on the last one.
/// Takes time in proportion to the length of `s`.
pub fn wrap(s: &str, max: i32, size: i32, weight: Weight, max_lines: usize) -> Wrapped {
    let max_lines = max_lines.max(1);
    let fits = |u: u32| px(u, size) <= max;
    let space_units = advance(' ', weight);
    let pieces = pieces(s);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_units = 0;
    // The text of the last line when it does not fit: shortened at the end.
    let mut tail: Option<String> = None;
    'pieces: for (i, (piece, space)) in pieces.iter().enumerate() {
        let sep = if line.is_empty() || !space {
            0
        } else {
            space_units
        };
        let piece_units = units(piece, weight);
        if fits(line_units + sep + piece_units) {
            if sep > 0 {
                line.push(' ');
            }
            line.push_str(piece);
            line_units += sep + piece_units;
            continue;
        }
        if !line.is_empty() {
            if lines.len() + 1 == max_lines {
                let gap = if *space { " " } else { "" };
                tail = Some(format!("{line}{gap}{}", join(&pieces[i..])));
                break;
            }
            lines.push(std::mem::take(&mut line));
            line_units = 0;
        }
        // A piece wider than a whole line: break it between characters.
        for (at, c) in piece.char_indices() {
            let cu = advance(c, weight);
            if !fits(line_units + cu) && !line.is_empty() {
                if lines.len() + 1 == max_lines {
                    let later = join(&pieces[i + 1..]);
                    let gap = if pieces.get(i + 1).is_some_and(|p| p.1) {
                        " "
                    } else {
                        ""
                    };
                    tail = Some(format!("{line}{}{gap}{later}", &piece[at..]));
                    break 'pieces;
                }
                lines.push(std::mem::take(&mut line));
                line_units = 0;
            }
            line.push(c);
            line_units += cu;
        }
    }
    match tail {
        Some(t) => {
            lines.push(ellipsize(&t, max, size, weight));
            Wrapped {
                lines,
                shortened: true,
            }
        }
        None => {
            if !line.is_empty() {
                lines.push(line);
            }
            Wrapped {
                lines,
                shortened: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths at 13px measured in Chromium (canvas measureText) with DejaVu Sans, the wider
    /// of the two fonts in the table: (text, regular, bold).
    const MEASURED: [(&str, f64, f64); 8] = [
        ("Digitale Verwaltung", 127.6, 145.6),
        ("Zentrales verwaltungsweites Datenmanagement", 318.6, 357.9),
        ("Kollaborative Arbeitsformen", 181.6, 208.0),
        ("WWWWMMMM", 96.3, 109.1),
        ("iiiilll", 25.3, 31.2),
        ("2021", 33.1, 36.2),
        (
            "Meilenstein: Konzeption abgeschlossen, Umsetzung beginnt",
            390.7,
            442.7,
        ),
        ("ÄÖÜ äöü ß – „Zitat“", 127.9, 144.8),
    ];

    #[test]
    fn widths_are_generous_but_close() {
        for (t, regular, bold) in MEASURED {
            for (weight, real) in [(Weight::Regular, regular), (Weight::Bold, bold)] {
                let w = f64::from(width(t, 13, weight));
                assert!(
                    w >= real && w <= real * 1.12,
                    "{t} {weight:?}: estimated {w}, measured {real}"
                );
            }
        }
        assert_eq!(width("", 13, Weight::Regular), 0);
        assert!(width("漢字", 10, Weight::Regular) >= 20);
    }

    #[test]
    fn wraps_at_spaces_and_hyphens() {
        let w = wrap(
            "Elektronische Aktenführung (E-Akte / DMS)",
            150,
            13,
            Weight::Regular,
            3,
        );
        assert!(!w.shortened);
        assert!(w.lines.len() >= 2);
        for l in &w.lines {
            assert!(width(l, 13, Weight::Regular) <= 150, "{l}");
        }
        assert_eq!(
            w.lines.join(" ").replace("- ", "-"),
            "Elektronische Aktenführung (E-Akte / DMS)"
        );
    }

    #[test]
    fn shortens_what_does_not_fit() {
        let long = "Ein sehr langer Projekttitel, der auch auf zwei Zeilen nicht passt und deshalb gekürzt wird";
        let w = wrap(long, 160, 13, Weight::Regular, 2);
        assert!(w.shortened);
        assert_eq!(w.lines.len(), 2);
        assert!(w.lines[1].ends_with('…'));
        assert!(w.lines.iter().all(|l| width(l, 13, Weight::Regular) <= 160));
    }

    #[test]
    fn breaks_overlong_words() {
        let w = wrap(
            "Donaudampfschifffahrtsgesellschaftskapitänsmütze",
            80,
            13,
            Weight::Regular,
            5,
        );
        assert!(w.lines.len() > 1);
        assert!(w.lines.iter().all(|l| width(l, 13, Weight::Regular) <= 80));
        assert_eq!(
            w.lines.concat(),
            "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
        );
    }

    #[test]
    fn long_input_is_cut_quickly() {
        let huge = "Wort ".repeat(20_000) + &"x".repeat(50_000);
        let w = wrap(&huge, 200, 13, Weight::Regular, 2);
        assert_eq!(w.lines.len(), 2);
        assert!(w.shortened && w.lines[1].ends_with('…'));
        let w = wrap(&"x".repeat(50_000), 200, 13, Weight::Regular, 3);
        assert_eq!(w.lines.len(), 3);
        assert!(w.lines.iter().all(|l| width(l, 13, Weight::Regular) <= 200));
        assert!(ellipsize(&huge, 100, 13, Weight::Regular).ends_with('…'));
    }

    #[test]
    fn ellipsizes() {
        assert_eq!(ellipsize("kurz", 100, 13, Weight::Regular), "kurz");
        let e = ellipsize("Serviceportal und OZG", 60, 13, Weight::Regular);
        assert!(
            e.ends_with('…') && width(&e, 13, Weight::Regular) <= 60,
            "{e}"
        );
    }
}
