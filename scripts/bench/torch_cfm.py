"""PyTorch reference for the speed comparison: by default the published 2D protocol (MATH.md
section 5), I-CFM on the OT path: 3x64 SELU MLP on (x, y, t), AdamW lr 1e-3 wd 1e-5, batch 512;
--width --depth --activation --batch change the model as the playground offers it.

Prints one JSON line: {"steps": N, "seconds": S, "steps_per_s": R, "best_burst_steps_per_s": B,
"threads": T, "final_loss": L}; --bursts K times the steps in K bursts, B is the fastest.
Run with Debian's interpreter: /usr/bin/python3 scripts/bench/torch_cfm.py --steps 2000
"""
import argparse
import json
import math
import time

import torch

# The playground's activations; GELU in the tanh form, as model/layers.ts computes it.
ACTIVATIONS = {
    "silu": torch.nn.SiLU,
    "selu": torch.nn.SELU,
    "relu": torch.nn.ReLU,
    "tanh": torch.nn.Tanh,
    "gelu": lambda: torch.nn.GELU(approximate="tanh"),
}


def make_moons(n, gen):
    # sklearn.datasets.make_moons(noise=0.05), then *2 and x -= 1 only (torchcfm runner).
    n_out = n // 2
    n_in = n - n_out
    a = torch.linspace(0, math.pi, n_out)
    b = torch.linspace(0, math.pi, n_in)
    x = torch.cat([torch.cos(a), 1 - torch.cos(b)])
    y = torch.cat([torch.sin(a), 1 - torch.sin(b) - 0.5])
    pts = torch.stack([x, y], 1) + 0.05 * torch.randn(n, 2, generator=gen)
    pts = pts * 2
    pts[:, 0] -= 1
    return pts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--activation", default="selu", choices=sorted(ACTIVATIONS))
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--bursts", type=int, default=1)
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    layers, size = [], 3
    for _ in range(args.depth):
        layers += [torch.nn.Linear(size, args.width), ACTIVATIONS[args.activation]()]
        size = args.width
    net = torch.nn.Sequential(*layers, torch.nn.Linear(size, 2))
    n = args.batch
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-5)
    loss = torch.tensor(0.0)

    def step():
        nonlocal loss
        x1 = make_moons(n, gen)
        x0 = torch.randn(n, 2, generator=gen)
        t = torch.rand(n, 1, generator=gen)
        xt = t * x1 + (1 - t) * x0
        v = net(torch.cat([xt, t], 1))
        loss = ((v - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(20):  # warm-up
        step()
    # The steps in `bursts` timed bursts: on a shared machine the fastest burst is the one
    # least disturbed by other processes.
    per = max(1, args.steps // args.bursts)
    best = 0.0
    t0 = time.perf_counter()
    for _ in range(args.bursts):
        b0 = time.perf_counter()
        for _ in range(per):
            step()
        best = max(best, per / (time.perf_counter() - b0))
    dt = time.perf_counter() - t0
    print(json.dumps({
        "steps": per * args.bursts,
        "seconds": dt,
        "steps_per_s": per * args.bursts / dt,
        "best_burst_steps_per_s": best,
        "threads": torch.get_num_threads(),
        "final_loss": float(loss),
    }))


if __name__ == "__main__":
    main()
