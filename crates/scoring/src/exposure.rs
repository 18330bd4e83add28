//! The fraud-prone-merchant (不正顕在化加盟店) rule: an acquirer registers a merchant whose card
//! fraud exceeds ¥500,000 a month for three consecutive months. Merchants need to see it coming.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The card industry's threshold in yen.
pub const DEFAULT_JPY_THRESHOLD: i64 = 500_000;
/// Consecutive months over the threshold that get a merchant registered.
pub const REGISTRATION_MONTHS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    /// No recent month over the threshold.
    None,
    /// The current month is on course to exceed it, or one month did.
    Watch,
    /// Two consecutive months: one more and the merchant is registered.
    Warning,
    /// Three or more consecutive months: the registration threshold is met.
    Critical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposure {
    /// Consecutive months over the threshold, ending with the latest complete month or with the
    /// current month when it is already over.
    pub consecutive_months_over: usize,
    pub warning_level: WarningLevel,
}

/// `monthly` is oldest first, the current (incomplete) month last; `month_progress` in (0, 1] is
/// how much of the current month has passed, used to project it.
pub fn assess(monthly: &[i64], threshold: i64, month_progress: f64) -> Exposure {
    let Some((current, complete)) = monthly.split_last() else {
        return Exposure {
            consecutive_months_over: 0,
            warning_level: WarningLevel::None,
        };
    };
    let over = |amount: &i64| *amount >= threshold;
    let run_before = complete
        .iter()
        .rev()
        .take_while(|amount| over(amount))
        .count();
    let consecutive = if over(current) {
        run_before + 1
    } else {
        run_before
    };
    let projected = *current as f64 / month_progress.clamp(0.05, 1.0);
    let on_course = projected >= threshold as f64;
    let level = match consecutive {
        n if n >= REGISTRATION_MONTHS => WarningLevel::Critical,
        2 => WarningLevel::Warning,
        // Two complete months over and this one on course: the third is coming.
        _ if run_before == REGISTRATION_MONTHS - 1 && on_course => WarningLevel::Warning,
        1 => WarningLevel::Watch,
        _ if on_course => WarningLevel::Watch,
        _ => WarningLevel::None,
    };
    Exposure {
        consecutive_months_over: consecutive,
        warning_level: level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = DEFAULT_JPY_THRESHOLD;

    #[test]
    fn three_months_over_is_critical() {
        let exposure = assess(&[0, 600_000, 700_000, 520_000], T, 0.9);
        assert_eq!(exposure.consecutive_months_over, 3);
        assert_eq!(exposure.warning_level, WarningLevel::Critical);
    }

    #[test]
    fn two_months_over_and_a_third_on_course_is_a_warning() {
        let exposure = assess(&[0, 600_000, 700_000, 300_000], T, 0.5);
        assert_eq!(exposure.consecutive_months_over, 2);
        assert_eq!(exposure.warning_level, WarningLevel::Warning);
    }

    #[test]
    fn a_break_resets_the_run() {
        let exposure = assess(&[900_000, 900_000, 100_000, 10_000], T, 0.5);
        assert_eq!(exposure.consecutive_months_over, 0);
        assert_eq!(exposure.warning_level, WarningLevel::None);
        assert_eq!(
            assess(&[0, 0, 0, 400_000], T, 0.5).warning_level,
            WarningLevel::Watch,
            "on course"
        );
        assert_eq!(assess(&[], T, 0.5).warning_level, WarningLevel::None);
    }
}
