//! How long the Zeitstrahl of 500 projects takes to lay out and to draw. Not a test: it prints
//! the figures (minimum and median of several runs) and asserts nothing about time.
//!
//! Run with `cargo bench --bench timeline`.

mod common;

use std::hint::black_box;
use std::time::Instant;

use roadmap::charts::{sample, svg, timeline, Charts};

const RUNS: usize = 30;

fn main() {
    for (start, end) in [("2021-Q1", "2025-Q4"), ("2024-Q1", "2038-Q4")] {
        let roadmap = sample::roadmap(500, start, end, Some("2025-07"));
        let theme = sample::theme(&roadmap);
        let charts = Charts::new(&roadmap, &theme);
        let mut layout = Vec::with_capacity(RUNS);
        let mut draw = Vec::with_capacity(RUNS);
        let mut size = (0, 0, 0);
        for _ in 0..RUNS {
            let t = Instant::now();
            let l = black_box(timeline::layout(&roadmap, &charts.words, &charts.colors));
            layout.push(t.elapsed());
            let t = Instant::now();
            let s = match svg::render(&l) {
                Ok(s) => black_box(s),
                Err(e) => panic!("{e}"),
            };
            draw.push(t.elapsed());
            size = (l.width, l.height, s.len());
        }
        println!(
            "Zeitstrahl, 500 projects, {start}..{end} ({} x {} px, {} KB SVG), {RUNS} runs:",
            size.0,
            size.1,
            size.2 / 1024
        );
        common::report("layout", &mut layout);
        common::report("draw", &mut draw);
    }
}
