//! A project's current phase (one of roadmap.yaml's `phases`): the one its newest status
//! report names, else one derived from its plan against the site's `as_of`.
//!
//! The rule for deriving, with `q` the quarter of `as_of`:
//!
//! 1. **Dated schedule** (at least one phase with `from`): the schedule phase that runs in `q`
//!    (from `from` to `to`, `open` to the end of time, a phase without `to` only in its `from`
//!    quarter; of several, the one that started last). Before every dated phase: the first
//!    configured phase. Past every dated phase (none open): the last configured phase. In a gap
//!    between dated phases: the one that ended last. A schedule phase maps onto the configured
//!    phase of the same name (letter case ignored), else onto the configured phase at its
//!    position in the schedule (the third schedule phase onto the third configured phase, a
//!    longer schedule onto the last).
//! 2. **Milestone** (conception done, implementation begins) without a dated schedule: up to
//!    and including the milestone's quarter the first configured phase; once that quarter has
//!    ended, the second.
//! 3. Otherwise, or without `as_of`, no phase.

use crate::config::Config;
use crate::quarter::Quarter;

use super::types::{CurrentPhase, Phase, PhaseSource, Status};

/// The current phase of a project with the newest report `newest`, its `schedule` and its
/// `milestone`: reported where the report names a phase, else derived (module docs).
pub fn current_phase(
    newest: Option<&Status>,
    schedule: &[Phase],
    milestone: Option<Quarter>,
    config: &Config,
) -> Option<CurrentPhase> {
    if let Some(index) = newest.and_then(|s| s.phase_index) {
        return Some(CurrentPhase {
            index,
            source: PhaseSource::Reported,
        });
    }
    let q = config.as_of?.quarter();
    let last = config.phases.len().checked_sub(1)?;
    if let Some(index) = from_schedule(schedule, q, &config.phases) {
        return Some(CurrentPhase {
            index: index.min(last),
            source: PhaseSource::Schedule,
        });
    }
    milestone.map(|m| CurrentPhase {
        index: if q > m { 1.min(last) } else { 0 },
        source: PhaseSource::Milestone,
    })
}

/// Rule 1 of the module docs: None when no phase of `schedule` is dated.
fn from_schedule(schedule: &[Phase], q: Quarter, phases: &[String]) -> Option<usize> {
    // (position in the schedule, first quarter, last quarter or None for open)
    let dated: Vec<(usize, Quarter, Option<Quarter>)> = schedule
        .iter()
        .enumerate()
        .filter_map(|(i, ph)| {
            let from = ph.from?;
            Some((i, from, if ph.open { None } else { ph.to.or(Some(from)) }))
        })
        .collect();
    if dated.is_empty() {
        return None;
    }
    let map = |i: usize| {
        let name = schedule[i].name.trim().to_lowercase();
        phases
            .iter()
            .position(|p| p.trim().to_lowercase() == name)
            .unwrap_or(i)
    };
    let running = dated
        .iter()
        .filter(|(_, from, to)| *from <= q && to.is_none_or(|t| q <= t))
        .max_by_key(|(i, from, _)| (*from, *i));
    if let Some((i, _, _)) = running {
        return Some(map(*i));
    }
    if dated.iter().all(|(_, from, _)| q < *from) {
        return Some(0);
    }
    if dated.iter().all(|(_, _, to)| to.is_some_and(|t| t < q)) {
        return Some(phases.len().saturating_sub(1));
    }
    // A gap: the phase that ended last before q.
    dated
        .iter()
        .filter(|(_, _, to)| to.is_some_and(|t| t < q))
        .max_by_key(|(i, _, to)| (*to, *i))
        .map(|(i, _, _)| map(*i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quarter::Date;
    use std::path::Path;

    fn config(as_of: &str) -> Config {
        let src = format!(
            "title: T\nas_of: {as_of}\ntimeline: {{start: 2020-Q1, end: 2030-Q4}}\nfields: [{{key: a, title: A}}]\n"
        );
        crate::config::parse(Path::new("."), Path::new("roadmap.yaml"), &src).unwrap()
    }

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).unwrap()
    }

    fn phase(name: &str, from: Option<&str>, to: Option<&str>) -> Phase {
        Phase {
            name: name.into(),
            from: from.map(q),
            to: to.filter(|t| *t != "open").map(q),
            open: to == Some("open"),
        }
    }

    fn derived(
        as_of: &str,
        schedule: &[Phase],
        milestone: Option<&str>,
    ) -> Option<(usize, PhaseSource)> {
        current_phase(None, schedule, milestone.map(q), &config(as_of)).map(|c| (c.index, c.source))
    }

    #[test]
    fn milestone_splits_first_and_second_phase() {
        use PhaseSource::Milestone;
        assert_eq!(
            derived("2021-07", &[], Some("2021-Q4")),
            Some((0, Milestone))
        );
        assert_eq!(
            derived("2021-07", &[], Some("2021-Q3")),
            Some((0, Milestone))
        );
        assert_eq!(
            derived("2021-07", &[], Some("2021-Q2")),
            Some((1, Milestone))
        );
        assert_eq!(derived("2021-07", &[], None), None);
        // Undated schedule phases leave the milestone in charge.
        assert_eq!(
            derived(
                "2021-07",
                &[phase("Konzeption", None, None)],
                Some("2021-Q1")
            ),
            Some((1, Milestone))
        );
    }

    #[test]
    fn dated_schedule_maps_by_name_then_position() {
        use PhaseSource::Schedule;
        let s = [
            phase("Konzeption", Some("2021-Q1"), Some("2021-Q4")),
            phase("Implementierung", Some("2021-Q4"), Some("2022-Q2")),
            phase("Betrieb", Some("2022-Q2"), Some("2023-Q4")),
        ];
        assert_eq!(derived("2020-05", &s, None), Some((0, Schedule)), "before");
        assert_eq!(derived("2021-07", &s, None), Some((0, Schedule)), "by name");
        assert_eq!(
            derived("2021-11", &s, None),
            Some((1, Schedule)),
            "overlap: the later start"
        );
        assert_eq!(
            derived("2022-08", &s, None),
            Some((2, Schedule)),
            "by position"
        );
        assert_eq!(
            derived("2024-01", &s, None),
            Some((3, Schedule)),
            "past the last: the last"
        );
        let gap = [
            phase("Umsetzung", Some("2021-Q1"), Some("2021-Q2")),
            phase("Evaluation", Some("2022-Q1"), None),
        ];
        assert_eq!(
            derived("2021-10", &gap, None),
            Some((1, Schedule)),
            "gap: the one that ended"
        );
        let open = [
            phase("Konzeption", Some("2021-Q1"), Some("2021-Q2")),
            phase("Betrieb", Some("2021-Q3"), Some("open")),
        ];
        assert_eq!(
            derived("2029-10", &open, None),
            Some((1, Schedule)),
            "open runs on"
        );
    }

    #[test]
    fn a_reported_phase_wins_and_no_as_of_derives_nothing() {
        let mut c = config("2021-07");
        let s = Status {
            phase: Some("Umgesetzt".into()),
            phase_index: Some(2),
            progress: None,
            rating: None,
            rating_note: None,
            updated: Some(Date {
                year: 2021,
                month: 6,
                day: None,
            }),
            updated_place: None,
            results: vec![],
            next_steps: vec![],
            benefits: vec![],
            contact: None,
            video: None,
        };
        let got = current_phase(Some(&s), &[], Some(q("2021-Q4")), &c).unwrap();
        assert_eq!((got.index, got.derived()), (2, false));
        c.as_of = None;
        assert_eq!(current_phase(None, &[], Some(q("2021-Q4")), &c), None);
    }
}
