//! Classes: what mentions are about (complaint, question, praise, ...), with their shares,
//! tone, work (first reply, follow-ups, replies needed), patience and whether policy
//! answers them.

use serde::{Deserialize, Serialize};

use super::checks::{count, names_unique, probability, shares};
use super::dist::{Dist, DistSpec, Support};
use super::duration::Duration;
use super::error::ScenarioError;
use super::named::{Named, serde_by_name};

/// Most classes in one scenario. A class is a row of the model's (class, channel) routing
/// table and of every per-class report; a thousand leaves room for fine-grained topic
/// codes while keeping the table (classes x [`MAX_CHANNELS`](super::channels::MAX_CHANNELS))
/// at 100,000 cells.
pub const MAX_CLASSES: usize = 1000;

/// Most agent replies a conversation may need.
pub const MAX_REPLIES: u32 = 50;

/// Tone of a mention class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentiment {
    /// Complaints: public negative mentions feed virality and negative impressions.
    Negative,
    /// Questions and the like.
    Neutral,
    /// Praise.
    Positive,
}

serde_by_name!(Sentiment);

impl Named for Sentiment {
    const ALL: &'static [Self] = &[Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive];

    fn name(self) -> &'static str {
        match self {
            Sentiment::Negative => "negative",
            Sentiment::Neutral => "neutral",
            Sentiment::Positive => "positive",
        }
    }
}

/// `[[classes]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassFile {
    /// Class name (`complaint`, `question`, ...).
    #[schemars(regex(pattern = super::checks::NAME_PATTERN), length(max = super::checks::MAX_NAME_LEN))]
    pub name: String,
    /// Share of mentions (shares sum to 1).
    #[schemars(range(min = 0, max = 1))]
    pub share: f64,
    /// `negative`, `neutral` or `positive`; negative public mentions feed virality.
    #[serde(default = "d_neutral")]
    pub sentiment: Sentiment,
    /// Agent work for the first reply (before channel, speed and concurrency factors).
    pub handle_time: DistSpec<Duration>,
    /// Agent work for each follow-up reply (default: same as `handle_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup_time: Option<DistSpec<Duration>>,
    /// Agent replies the conversation needs, whole numbers from 1 (default 1).
    #[serde(default = "d_replies")]
    pub replies: DistSpec<f64>,
    /// How long the author waits for a first reply before becoming frustrated.
    #[serde(default = "d_patience")]
    pub patience: DistSpec<Duration>,
    /// Probability the author expects a reply at all (default 1).
    #[serde(default = "d_one")]
    #[schemars(range(min = 0, max = 1))]
    pub expects_reply: f64,
    /// Probability the conversation must move to a private channel (default 0).
    #[serde(default)]
    #[schemars(range(min = 0, max = 1))]
    pub private: f64,
    /// Weight for the `priority` discipline: higher is served first (default 1).
    #[serde(default = "d_priority")]
    pub priority: i64,
    /// Whether policy answers this class at all (default true).
    #[serde(default = "d_true")]
    pub answer: bool,
    /// Whether the authors are customers whose outcome counts (default true; false for
    /// spam and trolls). A customer class that policy does not answer is ignored.
    #[serde(default = "d_true")]
    pub customer: bool,
}

fn d_neutral() -> Sentiment {
    Sentiment::Neutral
}
fn d_replies() -> DistSpec<f64> {
    DistSpec::Constant { value: 1.0 }
}
fn d_patience() -> DistSpec<Duration> {
    DistSpec::Exponential {
        mean: Duration::from_hours(2.0),
    }
}
fn d_one() -> f64 {
    1.0
}
fn d_priority() -> i64 {
    1
}
fn d_true() -> bool {
    true
}

/// A class of mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Name.
    pub name: String,
    /// Share of mentions.
    pub share: f64,
    /// Tone.
    pub sentiment: Sentiment,
    /// First-reply work, minutes.
    pub handle_time: Dist,
    /// Follow-up reply work, minutes.
    pub followup_time: Dist,
    /// Whether `followup_time` was given (else it is `handle_time`).
    pub followup_given: bool,
    /// Agent replies needed (whole numbers >= 1).
    pub replies: Dist,
    /// Patience before frustration, minutes.
    pub patience: Dist,
    /// P(author expects a reply).
    pub expects_reply: f64,
    /// P(conversation moves to a private channel).
    pub private: f64,
    /// Weight for the priority discipline.
    pub priority: i64,
    /// Whether policy answers the class.
    pub answer: bool,
    /// Whether its authors are customers with an outcome (recommendation, impressions).
    pub customer: bool,
}

/// Checks the `[[classes]]` tables: at least one and at most [`MAX_CLASSES`], unique
/// names, shares summing to 1, and each class's values.
pub(crate) fn validate(raw: &[ClassFile]) -> Result<Vec<Class>, ScenarioError> {
    if raw.is_empty() {
        return Err(ScenarioError::invalid(
            "classes",
            "[]",
            "at least one [[classes]] table",
        ));
    }
    count("classes", raw.len(), MAX_CLASSES, "[[classes]] tables")?;
    let names: Vec<&str> = raw.iter().map(|c| c.name.as_str()).collect();
    names_unique("classes", &names)?;
    let items: Vec<(&str, f64)> = raw.iter().map(|c| (c.name.as_str(), c.share)).collect();
    shares("classes", &items)?;
    raw.iter()
        .enumerate()
        .map(|(i, c)| class(&format!("classes[{i}]"), c))
        .collect()
}

fn class(p: &str, c: &ClassFile) -> Result<Class, ScenarioError> {
    let handle_time = c
        .handle_time
        .validate(&format!("{p}.handle_time"), Support::Positive)?;
    let followup_time = match &c.followup_time {
        Some(s) => s.validate(&format!("{p}.followup_time"), Support::Positive)?,
        None => handle_time.clone(),
    };
    Ok(Class {
        name: c.name.clone(),
        share: c.share,
        sentiment: c.sentiment,
        handle_time,
        followup_time,
        followup_given: c.followup_time.is_some(),
        replies: c
            .replies
            .validate(&format!("{p}.replies"), Support::Whole(1, MAX_REPLIES))?,
        patience: c
            .patience
            .validate(&format!("{p}.patience"), Support::Positive)?,
        expects_reply: probability(&format!("{p}.expects_reply"), c.expects_reply)?,
        private: probability(&format!("{p}.private"), c.private)?,
        priority: c.priority,
        answer: c.answer,
        customer: c.customer,
    })
}

impl From<&Class> for ClassFile {
    fn from(c: &Class) -> Self {
        ClassFile {
            name: c.name.clone(),
            share: c.share,
            sentiment: c.sentiment,
            handle_time: c.handle_time.spec(),
            followup_time: c.followup_given.then(|| c.followup_time.spec()),
            replies: c.replies.spec(),
            patience: c.patience.spec(),
            expects_reply: c.expects_reply,
            private: c.private,
            priority: c.priority,
            answer: c.answer,
            customer: c.customer,
        }
    }
}
