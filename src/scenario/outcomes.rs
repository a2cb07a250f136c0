//! Outcomes: the state each customer ends in (quick or slow, effective or not, ignored),
//! the probability of recommending the brand in each state (published: 0.71, 0.33 and
//! 0.17 after quick-effective, quick-ineffective and slow-effective answers) and how posts
//! spread to followers.

use serde::{Deserialize, Serialize};

use super::checks::{non_negative, probability};
use super::error::ScenarioError;

/// Outcome states, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeState {
    /// First reply within the customer's expectation, issue solved.
    QuickEffective = 0,
    /// Quick, not solved.
    QuickIneffective = 1,
    /// Late, solved.
    SlowEffective = 2,
    /// Late, not solved.
    SlowIneffective = 3,
    /// Frustrated before any reply, the customer phoned: the social mention closed, the
    /// phone line served them.
    Escalated = 4,
    /// Never answered.
    Ignored = 5,
}

impl OutcomeState {
    /// All states, in report order.
    pub const ALL: [OutcomeState; 6] = [
        OutcomeState::QuickEffective,
        OutcomeState::QuickIneffective,
        OutcomeState::SlowEffective,
        OutcomeState::SlowIneffective,
        OutcomeState::Escalated,
        OutcomeState::Ignored,
    ];

    /// The KPI name of the state's share (also its key in `[outcomes]`).
    pub fn name(self) -> &'static str {
        [
            "quick_effective",
            "quick_ineffective",
            "slow_effective",
            "slow_ineffective",
            "escalated",
            "ignored",
        ][self as usize]
    }
}

/// `[outcomes]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesFile {
    /// P(recommend) after a quick and effective answer (0.71, published).
    #[serde(default = "d_qe")]
    #[schemars(range(min = 0, max = 1))]
    pub quick_effective: f64,
    /// P(recommend) after a quick but ineffective answer (0.33, published).
    #[serde(default = "d_qi")]
    #[schemars(range(min = 0, max = 1))]
    pub quick_ineffective: f64,
    /// P(recommend) after an effective but slow answer (0.17, published).
    #[serde(default = "d_se")]
    #[schemars(range(min = 0, max = 1))]
    pub slow_effective: f64,
    /// P(recommend) after a slow and ineffective answer (0.08, assumption).
    #[serde(default = "d_si")]
    #[schemars(range(min = 0, max = 1))]
    pub slow_ineffective: f64,
    /// P(recommend) after phoning instead, frustrated (0.074: 80% of them are
    /// frustrated, published, and recommend like the ignored; the other 20% like a slow
    /// but effective answer: 0.8 x 0.05 + 0.2 x 0.17).
    #[serde(default = "d_esc")]
    #[schemars(range(min = 0, max = 1))]
    pub escalated: f64,
    /// P(recommend) when never answered (0.05, assumption).
    #[serde(default = "d_ig")]
    #[schemars(range(min = 0, max = 1))]
    pub ignored: f64,
    /// Probability a public recommender shares the good experience publicly.
    #[serde(default = "d_share_positive")]
    #[schemars(range(min = 0, max = 1))]
    pub share_positive: f64,
    /// Fraction of an author's followers who see a post (impressions per follower).
    #[serde(default = "d_reach")]
    #[schemars(range(min = 0))]
    pub reach: f64,
}

fn d_qe() -> f64 {
    0.71
}
fn d_qi() -> f64 {
    0.33
}
fn d_se() -> f64 {
    0.17
}
fn d_si() -> f64 {
    0.08
}
fn d_esc() -> f64 {
    0.074
}

fn d_ig() -> f64 {
    0.05
}
fn d_share_positive() -> f64 {
    0.2
}
fn d_reach() -> f64 {
    0.1
}

impl Default for OutcomesFile {
    fn default() -> Self {
        Self {
            quick_effective: d_qe(),
            quick_ineffective: d_qi(),
            slow_effective: d_se(),
            slow_ineffective: d_si(),
            escalated: d_esc(),
            ignored: d_ig(),
            share_positive: d_share_positive(),
            reach: d_reach(),
        }
    }
}

/// Recommendation and spread of outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// P(recommend) per [`OutcomeState`].
    pub recommend: [f64; 6],
    /// P(public recommender posts praise).
    pub share_positive: f64,
    /// Impressions per follower of a post.
    pub reach: f64,
}

impl TryFrom<&OutcomesFile> for Outcomes {
    type Error = ScenarioError;

    fn try_from(o: &OutcomesFile) -> Result<Self, ScenarioError> {
        Ok(Outcomes {
            recommend: [
                probability("outcomes.quick_effective", o.quick_effective)?,
                probability("outcomes.quick_ineffective", o.quick_ineffective)?,
                probability("outcomes.slow_effective", o.slow_effective)?,
                probability("outcomes.slow_ineffective", o.slow_ineffective)?,
                probability("outcomes.escalated", o.escalated)?,
                probability("outcomes.ignored", o.ignored)?,
            ],
            share_positive: probability("outcomes.share_positive", o.share_positive)?,
            reach: non_negative("outcomes.reach", o.reach)?,
        })
    }
}

impl From<&Outcomes> for OutcomesFile {
    fn from(o: &Outcomes) -> Self {
        let [
            quick_effective,
            quick_ineffective,
            slow_effective,
            slow_ineffective,
            escalated,
            ignored,
        ] = o.recommend;
        OutcomesFile {
            quick_effective,
            quick_ineffective,
            slow_effective,
            slow_ineffective,
            escalated,
            ignored,
            share_positive: o.share_positive,
            reach: o.reach,
        }
    }
}
