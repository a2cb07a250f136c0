"""The Erlang A benchmark model in SimPy, a peer of carecast's `validate` Erlang A case.

Arrivals 100/h (Poisson), exponential service of 10 min, 18 agents, exponential patience
of 60 min, call-centre semantics (FIFO, a customer whose patience runs out while waiting
leaves; once taken, a customer is served to the end). Time in minutes. Prints one JSON
line: the customers simulated, P(wait > 0), P(abandon) and the mean wait, to set beside
`carecast erlang --model a` for the same parameters.

    python erlang_a_simpy.py --n 200000 --seed 1
"""

import argparse
import json
import random

import simpy

RATE_PER_MIN = 100 / 60
SERVICE_MIN = 10.0
AGENTS = 18
PATIENCE_MIN = 60.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="customers to simulate")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    stats = {"waited": 0, "abandoned": 0, "wait": 0.0, "done": 0}

    def customer():
        arrived = env.now
        with agents.request() as req:
            patience = env.timeout(rng.expovariate(1 / PATIENCE_MIN))
            got = yield req | patience
            stats["done"] += 1
            if req not in got:
                stats["waited"] += 1
                stats["abandoned"] += 1
                stats["wait"] += env.now - arrived
                return
            wait = env.now - arrived
            if wait > 0:
                stats["waited"] += 1
            stats["wait"] += wait
            yield env.timeout(rng.expovariate(1 / SERVICE_MIN))

    def arrivals():
        for _ in range(args.n):
            yield env.timeout(rng.expovariate(RATE_PER_MIN))
            env.process(customer())

    env.process(arrivals())
    env.run()
    n = stats["done"]
    print(
        json.dumps(
            {
                "peer": "simpy " + simpy.__version__,
                "customers": n,
                "p_wait": stats["waited"] / n,
                "p_abandon": stats["abandoned"] / n,
                "mean_wait_min": stats["wait"] / n,
            }
        )
    )


if __name__ == "__main__":
    main()
