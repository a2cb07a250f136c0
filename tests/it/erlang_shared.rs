//! `carecast erlang --attention shared`, the exact Erlang Chat model, as a user runs it:
//! Erlang A with one conversation per agent, the library's model as it is, the table and
//! JSON, the staffing search, and exit-code-2 errors that name the option.

use carecast::erlang::chat::efficiency_from_penalty;
use carecast::erlang::{ChatModel, ErlangA};

use crate::erlang_cmd::{carecast, close, erlang_json, erlang_ok, f};

#[test]
fn shared_attention_is_the_exact_chat_model() {
    // one conversation per agent: exactly Erlang A
    let one = erlang_json(&[
        "--arrivals",
        "120/h",
        "--handle",
        "6m",
        "--patience",
        "1h",
        "--agents",
        "13",
        "--target",
        "5m",
        "--attention",
        "shared",
    ]);
    assert_eq!(one["model"], "Erlang Chat");
    let q = ErlangA::new(2.0, 1.0 / 6.0, 1.0 / 60.0, 13).expect("valid");
    let r = &one["result"];
    close("P(wait > 0)", f(r, "p_wait_pos"), q.p_wait_pos(), 1e-9);
    close("P(abandon)", f(r, "p_abandon"), q.p_abandon(), 1e-9);
    close("mean wait", f(r, "mean_wait_min"), q.mean_wait(), 1e-9);
    close(
        "taken within",
        f(r, "taken_within"),
        q.served_within(5.0),
        1e-9,
    );
    assert!(r["answered_within"].is_null(), "{r}");

    // three conversations each, the default efficiency from the penalty, and the same with
    // --efficiency and with --handle-factor
    let base = [
        "--arrivals",
        "120/h",
        "--handle",
        "6m",
        "--patience",
        "1h",
        "--agents",
        "5",
        "--target",
        "5m",
        "--concurrency",
        "3",
        "--attention",
        "shared",
    ];
    let json = erlang_json(&base);
    let chat = ChatModel::new(
        2.0,
        1.0 / 6.0,
        1.0 / 60.0,
        5,
        3,
        &efficiency_from_penalty(3, 0.1),
    )
    .expect("solves");
    let r = &json["result"];
    close("P(wait > 0)", f(r, "p_wait_pos"), chat.p_wait_pos(), 1e-12);
    close("occupancy", f(r, "occupancy"), chat.occupancy(), 1e-12);
    close(
        "slots",
        f(r, "slot_utilisation"),
        chat.slot_utilisation(),
        1e-12,
    );
    close(
        "taken",
        f(r, "taken_within"),
        chat.served_within(5.0),
        1e-12,
    );
    close(
        "reply",
        f(r, "mean_time_in_service_min"),
        chat.mean_time_in_service(),
        1e-12,
    );
    assert_eq!(r["states"], 56);
    assert!(json.get("approximation").is_none(), "{json}");
    assert_eq!(json["inputs"]["attention"], "shared");
    for extra in [
        ["--efficiency", "1,1.818181818181818,2.5"],
        ["--handle-factor", "1,1.1,1.2"],
    ] {
        let mut args = base.to_vec();
        args.extend(extra);
        let other = erlang_json(&args);
        close(
            extra[0],
            f(&other["result"], "p_wait_pos"),
            chat.p_wait_pos(),
            1e-9,
        );
    }

    // the table says what it computes and what it does not
    let text = erlang_ok(&base);
    for needle in [
        "Erlang Chat (exact Markov chain, shared attention)",
        "1, 1.818, 2.5 times the work of one (from --penalty 0.1)",
        "slots in use",
        "as the simulator's occupancy",
        "as slot_utilisation",
        "time taken to reply",
        "answered within 5 min",
        "not computed under shared attention",
    ] {
        assert!(text.contains(needle), "table lacks {needle:?}:\n{text}");
    }

    // staffing to a taken-within target: the row at the answer meets, the one before not
    let mut staffing = base.to_vec();
    staffing.retain(|a| *a != "--agents" && *a != "5");
    staffing.extend(["--sl", "0.8", "--sl-measure", "taken", "--rows", "2"]);
    let json = erlang_json(&staffing);
    let needed = json["agents_needed"].as_u64().expect("agents needed");
    assert_eq!(needed, 5);
    let rows = json["rows"].as_array().expect("rows");
    for row in rows {
        let agents = row["agents"].as_u64().expect("agents");
        assert_eq!(row["meets"], agents >= needed, "{row}");
        assert!(row["answered_within"].is_null());
    }
    // the fixed approximation needs at least as many agents
    let mut fixed = staffing.clone();
    fixed.retain(|a| *a != "--attention" && *a != "shared");
    let approx = erlang_json(&fixed);
    assert!(approx["agents_needed"].as_u64().expect("agents") >= needed);
}

#[test]
fn shared_attention_errors_exit_with_2_and_name_the_option() {
    let base = [
        "--arrivals",
        "2/min",
        "--handle",
        "6m",
        "--concurrency",
        "3",
        "--attention",
        "shared",
    ];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--sl", "0.8"],
            &["--sl-measure", "answered", "--sl-measure taken"],
        ),
        (
            &["--agents", "5", "--efficiency", "1,2"],
            &["--efficiency", "1,2", "give 3"],
        ),
        (
            &["--agents", "5", "--efficiency", "1,0,2"],
            &["--efficiency", "`0`", "> 0"],
        ),
        (
            &["--agents", "5", "--handle-factor", "1,x,2"],
            &["--handle-factor", "`x`"],
        ),
        (
            &[
                "--agents",
                "5",
                "--efficiency",
                "1,2,3",
                "--handle-factor",
                "1,1,1",
            ],
            &["--efficiency", "--handle-factor"],
        ),
        (
            &["--agents", "5", "--efficiency", "1,2,3", "--penalty", "0.2"],
            &["--efficiency", "--penalty"],
        ),
        (
            &["--agents", "5", "--first-reply", "2m"],
            &["--first-reply", "one reply"],
        ),
        (
            &["--agents", "300"],
            &[
                "--agents",
                "300",
                "load states",
                "up to 226 agents",
                "--attention fixed",
            ],
        ),
        // infinitely patient customers need 12 / 2.5 = 4.8 agents to keep up
        (&["--agents", "4"], &["--agents", "unstable", "4.8"]),
        (
            &[
                "--arrivals",
                "600/min",
                "--sl",
                "0.8",
                "--sl-measure",
                "taken",
            ],
            &["--sl", "not reached", "226 agents", "--attention fixed"],
        ),
    ];
    for (extra, needles) in cases {
        let mut args: Vec<&str> = base.to_vec();
        if extra.contains(&"--arrivals") {
            args.drain(..2);
        }
        args.extend(extra.iter());
        let out = carecast().arg("erlang").args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
        for needle in *needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: stderr lacks {needle:?}:\n{stderr}"
            );
        }
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
    // a table without --attention shared is refused rather than ignored
    let out = carecast()
        .args([
            "erlang",
            "--arrivals",
            "2/min",
            "--handle",
            "6m",
            "--concurrency",
            "3",
        ])
        .args(["--agents", "5", "--efficiency", "1,1.8,2.4"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--attention shared"));
}
