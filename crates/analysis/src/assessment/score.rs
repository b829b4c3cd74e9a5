//! From counts to scores: each component normalised to 0–100, the weighted score, the ranking.
//!
//! A component a row has nothing to measure in (a handling department does no initial reviews; an
//! intake clerk handles no appeals) is left out of that row's score and the other weights are
//! scaled up, so nobody is marked down for work that is not theirs. Supervision is the exception:
//! a row that handled appeals and needed no supervision has followed through perfectly.

use super::types::{AssessmentFigures, AssessmentRow, AssessmentScores};

fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn mean(xs: &[Option<f64>]) -> Option<f64> {
    let v: Vec<f64> = xs.iter().flatten().copied().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The component scores of one row; `max_adopted` is the most recommendations any row of the
/// ranking had adopted (0 leaves the component out for everyone).
pub fn scores(f: &AssessmentFigures, weights: &[i64; 6], max_adopted: i64) -> AssessmentScores {
    let handled = f.handling_measured > 0
        || f.assists_measured > 0
        || f.reached > 0
        || f.closed_or_reopened > 0;
    let supervision = if f.supervised > 0 {
        pct(f.followed_through, f.supervised)
    } else {
        handled.then_some(100.0)
    };
    let mut s = AssessmentScores {
        intake_timeliness: pct(f.intake_on_time, f.intake_measured),
        intake_accuracy: pct(f.routed - f.returned, f.routed),
        efficiency: pct(
            f.handling_on_time + f.assists_on_time,
            f.handling_measured + f.assists_measured,
        ),
        quality: mean(&[
            pct(f.satisfied, f.reached),
            pct(f.closed_or_reopened - f.reopened, f.closed_or_reopened),
        ]),
        supervision,
        recommendations: pct(f.recommendations_adopted, max_adopted),
        weighted: 0.0,
    };
    s.weighted = weighted(&s, weights).unwrap_or(0.0);
    s
}

/// The components in the order of the weights.
pub fn components(s: &AssessmentScores) -> [Option<f64>; 6] {
    [
        s.intake_timeliness,
        s.intake_accuracy,
        s.efficiency,
        s.quality,
        s.supervision,
        s.recommendations,
    ]
}

/// Σ weight × score ÷ Σ weight over the components present; `None` when none is (or all of
/// those have weight 0).
pub fn weighted(s: &AssessmentScores, weights: &[i64; 6]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0i64);
    for (c, w) in components(s).iter().zip(weights) {
        if let Some(v) = c {
            num += v * *w as f64;
            den += w;
        }
    }
    (den > 0).then(|| num / den as f64)
}

/// Best first; equal scores (to one decimal) share a rank (1, 2, 2, 4).
pub fn rank(rows: &mut [AssessmentRow]) {
    let tenth = |x: f64| (x * 10.0).round() as i64;
    rows.sort_by(|a, b| {
        tenth(b.scores.weighted)
            .cmp(&tenth(a.scores.weighted))
            .then(a.department.cmp(&b.department))
            .then(a.name.cmp(&b.name))
    });
    let mut prev: Option<(i64, i64)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        let t = tenth(r.scores.weighted);
        r.rank = match prev {
            Some((pt, pr)) if pt == t => pr,
            _ => i as i64 + 1,
        };
        prev = Some((t, r.rank));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_components_leave_the_weighted_score_to_the_rest() {
        let f = AssessmentFigures {
            intake_measured: 4,
            intake_on_time: 3,
            routed: 10,
            returned: 1,
            ..Default::default()
        };
        let s = scores(&f, &[15, 15, 25, 25, 10, 10], 0);
        assert_eq!(s.intake_timeliness, Some(75.0));
        assert_eq!(s.intake_accuracy, Some(90.0));
        assert_eq!(s.efficiency, None);
        assert_eq!(s.supervision, None, "no handling: no supervision score");
        assert_eq!(s.recommendations, None);
        assert!((s.weighted - 82.5).abs() < 1e-9, "{}", s.weighted);
    }

    #[test]
    fn a_handler_without_supervision_followed_through_fully() {
        let f = AssessmentFigures {
            handling_measured: 2,
            handling_on_time: 1,
            reached: 4,
            satisfied: 3,
            closed_or_reopened: 5,
            reopened: 1,
            recommendations_adopted: 1,
            ..Default::default()
        };
        let s = scores(&f, &[15, 15, 25, 25, 10, 10], 2);
        assert_eq!(s.efficiency, Some(50.0));
        assert_eq!(s.quality, Some(77.5)); // (75 + 80) / 2
        assert_eq!(s.supervision, Some(100.0));
        assert_eq!(s.recommendations, Some(50.0));
        let want = (25.0 * 50.0 + 25.0 * 77.5 + 10.0 * 100.0 + 10.0 * 50.0) / 70.0;
        assert!((s.weighted - want).abs() < 1e-9);
    }

    #[test]
    fn equal_scores_share_a_rank() {
        let row = |name: &str, w: f64| AssessmentRow {
            rank: 0,
            user_id: None,
            department_id: None,
            name: name.into(),
            department: name.into(),
            figures: AssessmentFigures::default(),
            scores: AssessmentScores {
                weighted: w,
                ..Default::default()
            },
        };
        let mut rows = vec![
            row("丙", 70.0),
            row("甲", 90.0),
            row("乙", 70.04),
            row("丁", 60.0),
        ];
        rank(&mut rows);
        let got: Vec<(String, i64)> = rows.iter().map(|r| (r.name.clone(), r.rank)).collect();
        assert_eq!(
            got,
            [
                ("甲".into(), 1),
                ("丙".into(), 2),
                ("乙".into(), 2),
                ("丁".into(), 4)
            ]
        );
    }
}
