//! Tests of the chat model: the exact identities it must reduce to (Erlang A and C with
//! one slot per agent, M/M/K+M with one agent and no slowdown, Erlang A with `N·K` servers
//! whenever `eff(j) = j`, a birth–death chain for one agent), an independent dense solve of
//! the full chain with its queue, the waiting time by uniformization, flow balance,
//! monotonicity, and the errors.

use super::*;
use crate::erlang::{ErlangC, chain};

mod dense;

fn assert_rel(what: &str, got: f64, want: f64, tol: f64) {
    let scale = got.abs().max(want.abs());
    assert!(
        got == want || (got - want).abs() <= tol * scale,
        "{what}: got {got:e}, want {want:e}, rel err {:e} > {tol:e}",
        (got - want).abs() / scale
    );
}

fn assert_abs(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:e}, want {want:e}, abs err {:e} > {tol:e}",
        (got - want).abs()
    );
}

fn chat(lambda: f64, mu: f64, theta: f64, agents: u32, eff: &[f64]) -> ChatModel {
    ChatModel::new(lambda, mu, theta, agents, eff.len() as u32, eff)
        .unwrap_or_else(|e| panic!("λ={lambda} μ={mu} θ={theta} N={agents} eff={eff:?}: {e}"))
}

fn linear(k: u32) -> Vec<f64> {
    (1..=k).map(f64::from).collect()
}

const TIMES: [f64; 4] = [0.05, 0.5, 2.0, 10.0];

/// Every measure the chat model shares with Erlang A, compared to `tol`.
fn assert_like_erlang_a(tag: &str, m: &ChatModel, q: &ErlangA, tol: f64) {
    assert_rel(
        &format!("{tag} P(W>0)"),
        m.p_wait_pos(),
        q.p_wait_pos(),
        tol,
    );
    assert_rel(&format!("{tag} P(Ab)"), m.p_abandon(), q.p_abandon(), tol);
    assert_rel(&format!("{tag} E[W]"), m.mean_wait(), q.mean_wait(), tol);
    assert_rel(&format!("{tag} E[Q]"), m.mean_queue(), q.mean_queue(), tol);
    assert_rel(
        &format!("{tag} slots"),
        m.slot_utilisation(),
        q.occupancy(),
        tol,
    );
    for t in TIMES {
        assert_rel(
            &format!("{tag} SL({t})"),
            m.service_level(t),
            q.service_level(t),
            tol,
        );
        assert_rel(
            &format!("{tag} taken({t})"),
            m.served_within(t),
            q.served_within(t),
            tol,
        );
        assert_rel(
            &format!("{tag} tail({t})"),
            m.wait_exceeds(t),
            q.wait_exceeds(t),
            tol,
        );
    }
}

#[test]
fn one_slot_per_agent_is_erlang_a() {
    for agents in [1_u32, 2, 5, 20, 100] {
        for rho in [0.5, 0.9, 1.2] {
            for theta_over_mu in [0.1, 1.0, 5.0] {
                for eff1 in [1.0, 0.8] {
                    let mu = 0.2;
                    let lambda = rho * f64::from(agents) * mu * eff1;
                    let theta = theta_over_mu * mu;
                    let m = chat(lambda, mu, theta, agents, &[eff1]);
                    let q = ErlangA::new(lambda, mu * eff1, theta, agents).expect("valid");
                    let tag = format!("N={agents} rho={rho} theta/mu={theta_over_mu} eff={eff1}");
                    assert_like_erlang_a(&tag, &m, &q, 1e-9);
                    // one slot: an agent is busy exactly when its slot is
                    assert_rel(&format!("{tag} occ"), m.occupancy(), q.occupancy(), 1e-9);
                    assert_rel(
                        &format!("{tag} service time"),
                        m.mean_time_in_service(),
                        1.0 / (mu * eff1),
                        1e-9,
                    );
                    // and the independent birth–death computation
                    let ch = chain::erlang_a(&q).expect("chain");
                    assert_rel(
                        &format!("{tag} chain P(W>0)"),
                        m.p_wait_pos(),
                        ch.p_wait_pos,
                        1e-9,
                    );
                    assert_rel(
                        &format!("{tag} chain E[Q]"),
                        m.mean_queue(),
                        ch.mean_queue,
                        1e-9,
                    );
                    assert_rel(
                        &format!("{tag} chain occ"),
                        m.occupancy(),
                        ch.occupancy,
                        1e-9,
                    );
                }
            }
        }
    }
}

#[test]
fn one_slot_per_agent_and_patient_customers_is_erlang_c() {
    for agents in [1_u32, 2, 5, 20, 100] {
        for rho in [0.3, 0.8, 0.95] {
            let mu = 0.5;
            let lambda = rho * f64::from(agents) * mu;
            let m = chat(lambda, mu, 0.0, agents, &[1.0]);
            let q = ErlangC::new(lambda, mu, agents).expect("stable");
            let tag = format!("N={agents} rho={rho}");
            assert_rel(
                &format!("{tag} P(W>0)"),
                m.p_wait_pos(),
                q.p_wait_pos(),
                1e-9,
            );
            assert_rel(&format!("{tag} P(W=0)"), m.p_no_wait(), q.p_no_wait(), 1e-9);
            assert_rel(&format!("{tag} E[W]"), m.mean_wait(), q.mean_wait(), 1e-9);
            assert_rel(&format!("{tag} E[Q]"), m.mean_queue(), q.mean_queue(), 1e-9);
            assert_rel(&format!("{tag} occ"), m.occupancy(), q.occupancy(), 1e-9);
            assert_eq!(m.p_abandon(), 0.0);
            for t in TIMES {
                assert_rel(
                    &format!("{tag} SL({t})"),
                    m.service_level(t),
                    q.service_level(t),
                    1e-9,
                );
                assert_rel(
                    &format!("{tag} taken({t})"),
                    m.served_within(t),
                    q.service_level(t),
                    1e-9,
                );
                assert_rel(
                    &format!("{tag} tail({t})"),
                    m.wait_exceeds(t),
                    q.wait_exceeds(t),
                    1e-9,
                );
            }
        }
    }
}

#[test]
fn one_agent_without_slowdown_is_mmk() {
    // eff(j) = j: one agent holding j works at rate jμ, K servers in all
    for k in [2_u32, 3, 6] {
        for rho in [0.5, 0.9, 1.3] {
            for theta_over_mu in [0.2, 2.0] {
                let mu = 1.0;
                let lambda = rho * f64::from(k) * mu;
                let theta = theta_over_mu * mu;
                let m = chat(lambda, mu, theta, 1, &linear(k));
                let q = ErlangA::new(lambda, mu, theta, k).expect("valid");
                let tag = format!("M/M/{k}+M rho={rho} theta/mu={theta_over_mu}");
                assert_like_erlang_a(&tag, &m, &q, 1e-9);
                // the agent is busy unless the system is empty
                let p_empty = m.load_distribution()[0];
                assert_rel(&format!("{tag} occ"), m.occupancy(), 1.0 - p_empty, 1e-12);
            }
            if rho < 1.0 {
                let lambda = rho * f64::from(k);
                let m = chat(lambda, 1.0, 0.0, 1, &linear(k));
                let q = ErlangC::new(lambda, 1.0, k).expect("stable");
                assert_rel("M/M/K P(W>0)", m.p_wait_pos(), q.p_wait_pos(), 1e-9);
                assert_rel("M/M/K E[W]", m.mean_wait(), q.mean_wait(), 1e-9);
                assert_rel("M/M/K slots", m.slot_utilisation(), q.occupancy(), 1e-9);
            }
        }
    }
}

#[test]
fn no_slowdown_is_erlang_a_with_all_slots_as_servers() {
    // eff(j) = j: the total completion rate is μ times the conversations in service,
    // whoever holds them, so the number in system is M/M/(N·K)+M.
    for (agents, k) in [(2_u32, 2_u32), (3, 3), (5, 2), (4, 4), (12, 3)] {
        for rho in [0.6, 1.0, 1.2] {
            let mu = 0.2;
            let theta = 0.1;
            let servers = agents * k;
            let lambda = rho * f64::from(servers) * mu;
            let m = chat(lambda, mu, theta, agents, &linear(k));
            let q = ErlangA::new(lambda, mu, theta, servers).expect("valid");
            assert_like_erlang_a(&format!("N={agents} K={k} rho={rho}"), &m, &q, 1e-9);
            assert_rel("service time", m.mean_time_in_service(), 1.0 / mu, 1e-9);
        }
    }
}

/// Birth–death weights of one agent: state j = 0..=K conversations, then the queue.
fn one_agent_weights(lambda: f64, mu: f64, theta: f64, eff: &[f64], queue_max: usize) -> Vec<f64> {
    let k = eff.len();
    let mut w = vec![1.0];
    for j in 1..=k {
        let last = w[j - 1];
        w.push(last * lambda / (mu * eff[j - 1]));
    }
    for q in 1..=queue_max {
        let last = w[k + q - 1];
        w.push(last * lambda / (mu * eff[k - 1] + q as f64 * theta));
    }
    let total: f64 = w.iter().sum();
    w.iter().map(|x| x / total).collect()
}

#[test]
fn one_agent_is_a_birth_death_chain() {
    for penalty in [0.1, 0.5] {
        for (lambda, theta) in [(0.5, 0.3), (2.0, 0.5), (0.5, 0.0)] {
            let k = 4;
            let eff = efficiency_from_penalty(k, penalty);
            let mu = 0.4;
            let m = chat(lambda, mu, theta, 1, &eff);
            let pi = one_agent_weights(lambda, mu, theta, &eff, 2000);
            let k = k as usize;
            let p_wait: f64 = pi[k..].iter().sum();
            let queue: f64 = pi[k..].iter().enumerate().map(|(q, p)| q as f64 * p).sum();
            let in_service: f64 = pi
                .iter()
                .enumerate()
                .map(|(n, p)| n.min(k) as f64 * p)
                .sum();
            let tag = format!("penalty={penalty} lambda={lambda} theta={theta}");
            assert_rel(&format!("{tag} P(W>0)"), m.p_wait_pos(), p_wait, 1e-10);
            assert_rel(&format!("{tag} E[Q]"), m.mean_queue(), queue, 1e-10);
            assert_rel(&format!("{tag} occ"), m.occupancy(), 1.0 - pi[0], 1e-10);
            assert_rel(
                &format!("{tag} in service"),
                m.mean_in_service(),
                in_service,
                1e-10,
            );
            for (j, p) in m.load_distribution().iter().enumerate() {
                let want = if j == k { p_wait } else { pi[j] };
                assert_rel(&format!("{tag} P(holds {j})"), *p, want, 1e-10);
            }
        }
    }
}

#[test]
fn mass_sums_to_one_and_flows_balance() {
    for (agents, k, penalty, rho, theta) in [
        (10_u32, 3_u32, 0.1, 0.9, 0.1),
        (6, 5, 0.25, 1.3, 0.05),
        (20, 2, 0.1, 0.95, 0.0),
        (8, 4, 0.0, 1.0, 1.0),
    ] {
        let mu = 0.2;
        let eff = efficiency_from_penalty(k, penalty);
        let lambda = rho * f64::from(agents) * mu * eff[k as usize - 1];
        let m = chat(lambda, mu, theta, agents, &eff);
        let tag = format!("N={agents} K={k}");
        let total: f64 = m.load_distribution().iter().sum();
        assert_abs(&format!("{tag} Σ P(holds j)"), total, 1.0, 1e-12);
        assert_abs(
            &format!("{tag} P(W>0)+P(W=0)"),
            m.p_wait_pos() + m.p_no_wait(),
            1.0,
            1e-15,
        );
        // what agents complete is what is not abandoned
        assert_rel(
            &format!("{tag} flow"),
            m.completion_rate(),
            m.throughput(),
            1e-10,
        );
        if theta > 0.0 {
            assert_rel(
                &format!("{tag} P(Ab) = θE[Q]/λ"),
                m.p_abandon(),
                theta * m.mean_queue() / lambda,
                1e-12,
            );
        }
        // the load distribution gives the occupancy and the slots in use
        let held: f64 = m
            .load_distribution()
            .iter()
            .enumerate()
            .map(|(j, p)| j as f64 * p)
            .sum();
        assert_rel(
            &format!("{tag} slots"),
            m.slot_utilisation(),
            held / f64::from(k),
            1e-12,
        );
        assert_rel(
            &format!("{tag} occ"),
            m.occupancy(),
            1.0 - m.load_distribution()[0],
            1e-12,
        );
        assert!(m.residual() <= 1e-11, "{tag}: residual {}", m.residual());
        assert!(m.iterations() >= 1 && m.iterations() < MAX_CHAT_ITERATIONS);
        assert_eq!(Some(m.states()), chat_states(agents, k), "{tag}: states");
        let cpb = m.conversations_per_busy_agent();
        assert!((1.0..=f64::from(k)).contains(&cpb), "{tag}: {cpb}");
        assert!(m.occupancy() >= m.slot_utilisation(), "{tag}");
        let measures = m.measures();
        assert_eq!(measures.p_wait_pos, m.p_wait_pos());
        assert_eq!(measures.load_distribution, m.load_distribution());
    }
}

#[test]
fn more_agents_wait_less() {
    let eff = efficiency_from_penalty(3, 0.1);
    let (lambda, mu, theta) = (2.0, 0.2, 0.1);
    let mut last: Option<ChatModel> = None;
    for agents in 2..=8 {
        let m = chat(lambda, mu, theta, agents, &eff);
        if let Some(prev) = &last {
            assert!(m.p_wait_pos() < prev.p_wait_pos(), "P(W>0) at N={agents}");
            assert!(m.mean_wait() < prev.mean_wait(), "E[W] at N={agents}");
            assert!(m.p_abandon() < prev.p_abandon(), "P(Ab) at N={agents}");
            assert!(
                m.served_within(1.0) > prev.served_within(1.0),
                "taken at N={agents}"
            );
            assert!(m.occupancy() < prev.occupancy(), "occupancy at N={agents}");
            assert!(
                m.mean_time_in_service() < prev.mean_time_in_service(),
                "fewer conversations each, quicker replies at N={agents}"
            );
        }
        last = Some(m);
    }
    // a larger slowdown means longer waits
    let slow = chat(lambda, mu, theta, 4, &efficiency_from_penalty(3, 0.3));
    let quick = chat(lambda, mu, theta, 4, &efficiency_from_penalty(3, 0.1));
    assert!(slow.p_wait_pos() > quick.p_wait_pos());
    assert!(slow.mean_time_in_service() > quick.mean_time_in_service());
}

#[test]
fn shared_attention_beats_the_fixed_slot_approximation_at_moderate_load() {
    // The calculator's fixed approximation slows every slot as if all K were busy; agents
    // holding fewer conversations work faster, so the exact model waits less.
    let (lambda, mu, theta, agents, k, penalty) = (2.0, 0.2, 0.1, 4_u32, 3_u32, 0.1);
    let m = chat(
        lambda,
        mu,
        theta,
        agents,
        &efficiency_from_penalty(k, penalty),
    );
    let slot_rate = mu / (1.0 + penalty * f64::from(k - 1));
    let approx = ErlangA::new(lambda, slot_rate, theta, agents * k).expect("valid");
    assert!(m.p_wait_pos() < approx.p_wait_pos());
    assert!(m.p_abandon() < approx.p_abandon());
}

#[test]
fn a_heavily_loaded_large_team_stays_finite() {
    let eff = efficiency_from_penalty(2, 0.1);
    for (agents, rho, theta) in [(300_u32, 1.5, 0.01), (300, 0.7, 0.0), (150, 1.0, 1e-4)] {
        let lambda = rho * f64::from(agents) * 0.2 * eff[1];
        let m = chat(lambda, 0.2, theta, agents, &eff);
        for (name, v) in [
            ("P(W>0)", m.p_wait_pos()),
            ("P(Ab)", m.p_abandon()),
            ("occ", m.occupancy()),
            ("slots", m.slot_utilisation()),
            ("taken", m.served_within(5.0)),
        ] {
            assert!(
                v.is_finite() && (0.0..=1.0).contains(&v),
                "N={agents} rho={rho}: {name} = {v}"
            );
        }
        assert!(m.mean_wait().is_finite() && m.mean_wait() >= 0.0);
        assert_rel("flow", m.completion_rate(), m.throughput(), 1e-9);
    }
}

#[test]
fn the_ranks_are_a_bijection() {
    for (agents, k) in [(1_u32, 1_usize), (3, 2), (4, 3), (2, 5), (6, 4)] {
        let states = chat_states(agents, k as u32).expect("small");
        let space = Space::new(agents, k, states);
        assert_eq!(space.rank.len(), states, "N={agents} K={k}");
        let mut seen = vec![false; states];
        let mut position = vec![0; states];
        for (pos, &r) in space.rank.iter().enumerate() {
            position[r as usize] = pos;
        }
        for pos in 0..states {
            let t = space.loads_at(pos);
            assert!(t.windows(2).all(|w| w[0] >= w[1]) && t[0] <= agents);
            let r = space.rank[pos] as usize;
            assert!(!seen[r], "rank {r} twice");
            seen[r] = true;
            // a neighbour found through the ranks has the expected loads
            for j in 1..=k {
                let v = t[j - 1];
                let bound = if j == 1 { agents } else { t[j - 2] };
                if v < bound {
                    let other = space.neighbour(space.rank[pos], j, v, v + 1);
                    let at = position[other];
                    let mut want = t.to_vec();
                    want[j - 1] += 1;
                    assert_eq!(space.loads_at(at), want.as_slice());
                }
            }
        }
        let levels: Vec<usize> = (0..space.levels())
            .map(|l| space.level_start[l + 1] - space.level_start[l])
            .collect();
        assert_eq!(levels.first(), Some(&1));
        assert_eq!(levels.last(), Some(&1));
    }
}

#[test]
fn efficiency_tables() {
    let from_penalty = efficiency_from_penalty(3, 0.1);
    assert_eq!(from_penalty.len(), 3);
    assert_rel("eff(1)", from_penalty[0], 1.0, 1e-15);
    assert_rel("eff(2)", from_penalty[1], 2.0 / 1.1, 1e-15);
    assert_rel("eff(3)", from_penalty[2], 3.0 / 1.2, 1e-15);
    assert_eq!(efficiency_from_penalty(3, 0.0), vec![1.0, 2.0, 3.0]);
    let from_factors = efficiency_from_handle_factors(&[1.0, 1.1, 1.2]).expect("valid");
    for (a, b) in from_factors.iter().zip(&from_penalty) {
        assert_rel("factors = penalty", *a, *b, 1e-15);
    }
    assert_eq!(
        efficiency_from_handle_factors(&[1.0, 0.0]),
        Err(ErlangError::InvalidEfficiency {
            held: 2,
            value: 0.0
        })
    );
    assert!(efficiency_from_handle_factors(&[f64::NAN]).is_err());
    assert!(efficiency_from_handle_factors(&[-1.0]).is_err());
}

#[test]
fn invalid_inputs_are_errors() {
    let eff = [1.0, 1.8];
    let new = |l: f64, m: f64, t: f64, n: u32, k: u32, e: &[f64]| ChatModel::new(l, m, t, n, k, e);
    assert!(matches!(
        new(0.0, 1.0, 0.1, 2, 2, &eff),
        Err(ErlangError::InvalidRate {
            name: "arrival_rate",
            ..
        })
    ));
    assert!(matches!(
        new(1.0, f64::NAN, 0.1, 2, 2, &eff),
        Err(ErlangError::InvalidRate {
            name: "service_rate",
            ..
        })
    ));
    assert!(matches!(
        new(1.0, 1.0, -0.1, 2, 2, &eff),
        Err(ErlangError::InvalidAbandonRate { .. })
    ));
    assert!(matches!(
        new(1.0, 1.0, f64::INFINITY, 2, 2, &eff),
        Err(ErlangError::InvalidAbandonRate { .. })
    ));
    assert_eq!(
        new(1.0, 1.0, 0.1, 0, 2, &eff),
        Err(ErlangError::InvalidCount { name: "agents" })
    );
    assert_eq!(
        new(1.0, 1.0, 0.1, 2, 0, &[]),
        Err(ErlangError::InvalidCount {
            name: "concurrency"
        })
    );
    assert_eq!(
        new(1.0, 1.0, 0.1, 2, 3, &eff),
        Err(ErlangError::EfficiencyLength {
            expected: 3,
            got: 2
        })
    );
    assert_eq!(
        new(1.0, 1.0, 0.1, 2, 2, &[1.0, 0.0]),
        Err(ErlangError::InvalidEfficiency {
            held: 2,
            value: 0.0
        })
    );
    // infinitely patient customers need N·μ·eff(K) > λ
    let err = new(3.6, 1.0, 0.0, 2, 2, &eff).unwrap_err();
    assert!(matches!(err, ErlangError::ChatUnstable { .. }), "{err}");
    assert!(err.to_string().contains("3.6"), "{err}");
    assert!(new(3.5, 1.0, 0.0, 2, 2, &eff).is_ok());
    // with abandonment any load is fine
    assert!(new(30.0, 1.0, 0.5, 2, 2, &eff).is_ok());
}

#[test]
fn the_size_limit_is_an_error_not_a_panic() {
    let eff = efficiency_from_penalty(5, 0.1);
    let err = ChatModel::new(10.0, 0.2, 0.1, 200, 5, &eff).unwrap_err();
    match &err {
        ErlangError::ChatTooLarge {
            agents,
            concurrency,
            states,
            limit,
        } => {
            assert_eq!((*agents, *concurrency, *limit), (200, 5, MAX_CHAT_STATES));
            // C(205, 5) = 2,872,408,791
            assert_rel("states", *states, 2_872_408_791.0, 1e-9);
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("2000000"), "{err}");
    // absurd sizes are refused just as quickly
    let eff50 = efficiency_from_penalty(50, 0.1);
    assert!(matches!(
        ChatModel::new(10.0, 0.2, 0.1, 100_000, 50, &eff50),
        Err(ErlangError::ChatTooLarge { .. })
    ));
    assert!(matches!(
        ChatModel::new(10.0, 0.2, 0.1, u32::MAX, 1, &[1.0]),
        Err(ErlangError::ChatTooLarge { .. })
    ));
    // one agent with a concurrency that would fit the state limit but not the sweeps
    let wide = vec![1.0; 1000];
    assert_eq!(
        ChatModel::new(1.0, 1.0, 0.1, 1, 1000, &wide),
        Err(ErlangError::ChatConcurrencyTooLarge {
            concurrency: 1000,
            max: MAX_CHAT_CONCURRENCY
        })
    );
    assert_eq!(max_chat_agents(1000), 0);
    let hundred = vec![1.0; 100];
    assert!(ChatModel::new(1.0, 1.0, 0.1, 1, 100, &hundred).is_ok());
    // the largest team at each concurrency is just within the limit
    assert_eq!(chat_states(4, 2), Some(15));
    assert_eq!(max_chat_agents(1), MAX_CHAT_STATES as u32 - 1);
    for k in [2_u32, 3, 4, 5, 10, 50] {
        let n = max_chat_agents(k);
        assert!(chat_states(n, k).is_some(), "K={k}: N={n}");
        assert!(chat_states(n + 1, k).is_none(), "K={k}: N={}", n + 1);
    }
    assert_eq!(max_chat_agents(3), 226); // C(229, 3) = 1,975,354
}
