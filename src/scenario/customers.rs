//! Customers: behaviour common to every class: the reply time they expect (published: 52%
//! expect an answer within 30 minutes), how that relaxes outside business hours (57% expect
//! the same speed at night and at weekends), their followers, think time between replies,
//! and how frustration shows (a phone call, a new public post).

use serde::{Deserialize, Serialize};

use super::calendar::{self, DaySet, Shift, WEEK_H};
use super::checks::probability;
use super::dist::{Dist, DistSpec, Support};
use super::duration::Duration;
use super::error::ScenarioError;

/// `[customers]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomersFile {
    /// Reply time the author expects (default: lognormal, P(<= 30m) = 0.52).
    #[serde(default = "d_expectation")]
    pub expectation: DistSpec<Duration>,
    /// Share of customers who expect the same speed at night and at weekends (0.57).
    #[serde(default = "d_strict")]
    #[schemars(range(min = 0, max = 1))]
    pub off_hours_strict: f64,
    /// Factor on the expectation of the other customers outside business hours (>= 1).
    #[serde(default = "d_relax")]
    pub off_hours_relax: f64,
    /// When business hours are, for the off-hours rule above.
    #[serde(default = "d_business_hours")]
    pub business_hours: Shift,
    /// Follower count of the author (heavy-tailed).
    #[serde(default = "d_followers")]
    pub followers: DistSpec<f64>,
    /// Customer's time to answer an agent's reply.
    #[serde(default = "d_think")]
    pub think_time: DistSpec<Duration>,
    /// Probability a frustrated customer calls the phone line instead (0.24: of the
    /// customers whose patience ran out, 80% feel forced to call, published, and an
    /// assumed 30% of those actually call).
    #[serde(default = "d_escalate")]
    #[schemars(range(min = 0, max = 1))]
    pub escalate_to_phone: f64,
    /// Probability a frustrated customer with a public mention posts again publicly.
    #[serde(default = "d_repost")]
    #[schemars(range(min = 0, max = 1))]
    pub repost: f64,
    /// How long the public (followers, onlookers) waits for the brand's reply to a public
    /// mention: a reply later than this does not calm a pile-on as a timely one does, and
    /// it is the `deadline` discipline's deadline for customers who expect no reply
    /// (default 60 minutes, "answer well within an hour").
    #[serde(default = "d_public_patience")]
    pub public_patience: Duration,
}

fn d_expectation() -> DistSpec<Duration> {
    // Median 27.1 min and p90 6 h put P(expectation <= 30 min) at 0.520.
    DistSpec::Lognormal {
        median: Duration::from_minutes(27.1),
        p90: Duration::from_hours(6.0),
    }
}
fn d_strict() -> f64 {
    0.57
}
fn d_relax() -> f64 {
    3.0
}
fn d_business_hours() -> Shift {
    Shift {
        days: vec![DaySet::Weekdays],
        start: "08:00".into(),
        end: "20:00".into(),
    }
}
fn d_followers() -> DistSpec<f64> {
    DistSpec::Lognormal {
        median: 200.0,
        p90: 3000.0,
    }
}
fn d_think() -> DistSpec<Duration> {
    DistSpec::Exponential {
        mean: Duration::from_minutes(10.0),
    }
}
fn d_escalate() -> f64 {
    0.24
}

fn d_public_patience() -> Duration {
    Duration::from_minutes(60.0)
}
fn d_repost() -> f64 {
    0.2
}

impl Default for CustomersFile {
    fn default() -> Self {
        Self {
            expectation: d_expectation(),
            off_hours_strict: d_strict(),
            off_hours_relax: d_relax(),
            business_hours: d_business_hours(),
            followers: d_followers(),
            think_time: d_think(),
            escalate_to_phone: d_escalate(),
            repost: d_repost(),
            public_patience: d_public_patience(),
        }
    }
}

/// Customer behaviour common to all classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Customers {
    /// Expected reply time, minutes.
    pub expectation: Dist,
    /// Share whose expectation does not relax off-hours.
    pub off_hours_strict: f64,
    /// Factor on the others' expectation off-hours.
    pub off_hours_relax: f64,
    /// Business hours, per hour of the week.
    pub business_hours: [bool; WEEK_H],
    /// Business hours as written.
    pub business_window: Shift,
    /// Follower counts.
    pub followers: Dist,
    /// Customer think time between replies, minutes.
    pub think_time: Dist,
    /// P(a frustrated customer phones).
    pub escalate_to_phone: f64,
    /// P(a frustrated public customer posts again).
    pub repost: f64,
    /// The public's patience with a public mention, minutes.
    pub public_patience_min: f64,
}

impl TryFrom<&CustomersFile> for Customers {
    type Error = ScenarioError;

    fn try_from(cu: &CustomersFile) -> Result<Self, ScenarioError> {
        let relax = cu.off_hours_relax;
        if !(relax.is_finite() && relax >= 1.0) {
            return Err(ScenarioError::invalid(
                "customers.off_hours_relax",
                relax,
                "a factor >= 1 (1 = no relaxation)",
            ));
        }
        Ok(Customers {
            expectation: cu
                .expectation
                .validate("customers.expectation", Support::Positive)?,
            off_hours_strict: probability("customers.off_hours_strict", cu.off_hours_strict)?,
            off_hours_relax: relax,
            business_hours: calendar::hours_inside(&calendar::windows(
                "customers.business_hours",
                &cu.business_hours,
            )?),
            business_window: cu.business_hours.clone(),
            followers: cu
                .followers
                .validate("customers.followers", Support::NonNegative)?,
            think_time: cu
                .think_time
                .validate("customers.think_time", Support::Positive)?,
            escalate_to_phone: probability("customers.escalate_to_phone", cu.escalate_to_phone)?,
            repost: probability("customers.repost", cu.repost)?,
            public_patience_min: if cu.public_patience.minutes() > 0.0 {
                cu.public_patience.minutes()
            } else {
                return Err(ScenarioError::invalid(
                    "customers.public_patience",
                    format!("\"{}\"", cu.public_patience),
                    "a duration > 0",
                ));
            },
        })
    }
}

impl From<&Customers> for CustomersFile {
    fn from(c: &Customers) -> Self {
        CustomersFile {
            expectation: c.expectation.spec(),
            off_hours_strict: c.off_hours_strict,
            off_hours_relax: c.off_hours_relax,
            business_hours: c.business_window.clone(),
            followers: c.followers.spec(),
            think_time: c.think_time.spec(),
            escalate_to_phone: c.escalate_to_phone,
            repost: c.repost,
            public_patience: Duration::from_minutes(c.public_patience_min),
        }
    }
}
