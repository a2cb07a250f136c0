//! The sweep's fingerprint: an FNV-1a 128 hash of the canonical resolved sweep, which tells
//! whether two folders hold the same sweep.

use super::{Design, SweepSpec};

impl SweepSpec {
    /// The sweep's fingerprint: an FNV-1a 128 hash (32 hex digits) of the canonical
    /// resolved sweep (carecast version, name, design, parameters, replications, seed and
    /// every point's values and resolved scenario). Two folders hold the same sweep exactly
    /// when their fingerprints agree.
    pub fn fingerprint(&self) -> String {
        let mut h = crate::sweep::journal::Fnv128::new();
        let mut line = |s: &str| {
            h.write(s.as_bytes());
            h.write(b"\n");
        };
        line("carecast sweep fingerprint v1");
        line(&format!("carecast {}", crate::results::VERSION));
        line(&format!("name {}", self.name));
        line(&format!("base {}", self.base_name));
        match self.design {
            Design::Grid => line("design grid"),
            Design::Lhs { points, seed } => line(&format!("design lhs {points} {seed}")),
        }
        line(&format!("replications {}", self.replications));
        line(&format!("seed {}", self.seed));
        for p in &self.parameters {
            line(&format!("parameter {} {}", p.name, p.path));
        }
        for p in &self.points {
            line(&format!(
                "point {} {}",
                p.index,
                self.describe_values(&p.values)
            ));
            line(&p.scenario.to_toml());
        }
        h.hex()
    }
}
