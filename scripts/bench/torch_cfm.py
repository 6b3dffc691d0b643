"""PyTorch reference for the speed comparison: the published 2D protocol (MATH.md section 5),
I-CFM on the OT path: 3x64 SELU MLP on (x, y, t), AdamW lr 1e-3 wd 1e-5, batch 512.

Prints one JSON line: {"steps": N, "seconds": S, "steps_per_s": R, "threads": T, "final_loss": L}.
Run with Debian's interpreter: /usr/bin/python3 scripts/bench/torch_cfm.py --steps 2000
"""
import argparse
import json
import math
import time

import torch


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
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(3, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 2),
    )
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-5)
    loss = torch.tensor(0.0)

    def step():
        nonlocal loss
        x1 = make_moons(512, gen)
        x0 = torch.randn(512, 2, generator=gen)
        t = torch.rand(512, 1, generator=gen)
        xt = t * x1 + (1 - t) * x0
        v = net(torch.cat([xt, t], 1))
        loss = ((v - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(20):  # warm-up
        step()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    dt = time.perf_counter() - t0
    print(json.dumps({
        "steps": args.steps,
        "seconds": dt,
        "steps_per_s": args.steps / dt,
        "threads": torch.get_num_threads(),
        "final_loss": float(loss),
    }))


if __name__ == "__main__":
    main()
