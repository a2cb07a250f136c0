"""The Erlang A benchmark model in Ciw, a peer of carecast's `validate` Erlang A case.

Arrivals 100/h (Poisson), exponential service of 10 min, 18 agents, exponential patience
of 60 min, call-centre semantics (FIFO, a customer whose patience runs out while waiting
reneges; once taken, a customer is served to the end). Time in minutes. Prints one JSON
line: the customers simulated, P(wait > 0), P(abandon) and the mean wait, to set beside
`carecast erlang --model a` for the same parameters.

    python erlang_a_ciw.py --n 200000 --seed 1
"""

import argparse
import json

import ciw

RATE_PER_MIN = 100 / 60
SERVICE_MIN = 10.0
AGENTS = 18
PATIENCE_MIN = 60.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="customers to simulate")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    ciw.seed(args.seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=RATE_PER_MIN)],
        service_distributions=[ciw.dists.Exponential(rate=1 / SERVICE_MIN)],
        number_of_servers=[AGENTS],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1 / PATIENCE_MIN)],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(args.n, method="Finish")
    records = sim.get_all_records()
    n = len(records)
    abandoned = sum(1 for r in records if r.record_type == "renege")
    waited = sum(1 for r in records if r.waiting_time > 1e-9)
    wait = sum(r.waiting_time for r in records)
    print(
        json.dumps(
            {
                "peer": "ciw " + ciw.__version__,
                "customers": n,
                "p_wait": waited / n,
                "p_abandon": abandoned / n,
                "mean_wait_min": wait / n,
            }
        )
    )


if __name__ == "__main__":
    main()
