//! What the benchmarks share: printing a series of timings.

use std::time::Duration;

/// Prints the minimum, median and maximum of `times` (sorted in place) under the label `what`.
pub fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (Some(min), Some(max)) = (times.first(), times.last()) else {
        println!("  {what:<22} no runs");
        return;
    };
    println!(
        "  {what:<22} min {:>9.3} ms   median {:>9.3} ms   max {:>9.3} ms",
        ms(*min),
        ms(times[times.len() / 2]),
        ms(*max)
    );
}
