#!/usr/bin/env python3
"""The PyTorch peer of `./alps benchmark`: the same networks, batch sizes and synthetic 3x32x32
images, timed the same way (best of --repeats passes), on the same machine in the same sitting.

Not part of ALPS and never one of its dependencies: it needs Debian's python3-torch, installed by
hand for a comparison (apt-get install python3-torch). Prints one line per figure.

  /usr/bin/python3 ml-core/bench/torch_peer.py --arch lenet5 --threads 2 --pool 50000

With --widths (the widths column of `./alps lth-bench`, comma-separated networks) it measures, as
lth-bench does, the inference speed of each pruned network against the first, beside its FLOP ratio:

  /usr/bin/python3 ml-core/bench/torch_peer.py --arch lenet5 --infer-batch 1024 --images 8192 \
      --widths 6/16/120/84,5/13/101/71,4/11/85/59,4/9/71/50,3/8/60/42
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet5(w=(6, 16, 120, 84)):
    return nn.Sequential(nn.Conv2d(3, w[0], 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(w[0], w[1], 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(w[1] * 25, w[2]), nn.ReLU(), nn.Linear(w[2], w[3]),
                         nn.ReLU(), nn.Linear(w[3], 10))


def conv(n, w=None):
    w = w or [64 << (i // 2) for i in range(n)] + [256, 256]
    layers, c = [], 3
    for i in range(n):
        layers += [nn.Conv2d(c, w[i], 3, padding=1), nn.ReLU()]
        if i % 2 == 1:
            layers.append(nn.MaxPool2d(2))
        c = w[i]
    side = 32 >> (n // 2)
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * side * side, w[n]), nn.ReLU(), nn.Linear(w[n], w[n + 1]),
                         nn.ReLU(), nn.Linear(w[n + 1], 10))


def vgg11():
    layers, c = [], 3
    for f in [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]:
        if f == 0:
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(c, f, 3, padding=1), nn.BatchNorm2d(f), nn.ReLU()]
            c = f
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(512, 10))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = nn.Sequential()
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        return F.relu(self.b2(self.c2(y)) + self.short(x))


def resnet18():
    layers, c = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for f, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
        layers += [Block(c, f, stride), Block(f, f, 1)]
        c = f
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10))


NETS = {"lenet5": lenet5, "conv2": lambda: conv(2), "conv4": lambda: conv(4), "conv6": lambda: conv(6),
        "vgg11": vgg11, "resnet18": resnet18}
PRUNABLE = {"lenet5": lenet5, "conv2": lambda w: conv(2, w), "conv4": lambda w: conv(4, w),
            "conv6": lambda w: conv(6, w)}


def macs(net):
    """Multiply-adds of one 3x32x32 image through the convolutions and linear layers."""
    total = []

    def count(module, _, out):
        if isinstance(module, nn.Conv2d):
            total.append(out.numel() * module.in_channels * module.kernel_size[0] * module.kernel_size[1])
        elif isinstance(module, nn.Linear):
            total.append(module.in_features * module.out_features)
    hooks = [m.register_forward_hook(count) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        net(torch.zeros(1, 3, 32, 32))
    for h in hooks:
        h.remove()
    return sum(total)


def pruned(a):
    """Each network's inference images/s, median of round-robin timings of at least a second."""
    nets = [PRUNABLE[a.arch]([int(v) for v in w.split("/")]).eval() for w in a.widths.split(",")]
    x = torch.randn(a.images, 3, 32, 32)

    def infer(net):
        with torch.no_grad():
            for i in range(0, a.images, a.infer_batch):
                F.softmax(net(x[i:i + a.infer_batch]), 1)
    for net in nets:
        infer(net)
        infer(net)
    speeds = [[] for _ in nets]
    for _ in range(a.repeats):
        for i, net in enumerate(nets):
            t0, done = time.perf_counter(), 0
            while done == 0 or time.perf_counter() - t0 < 1.0:
                infer(net)
                done += a.images
            speeds[i].append(done / (time.perf_counter() - t0))
    print(f"torch {torch.__version__}, {a.threads} threads, {a.arch}, inference batch {a.infer_batch}, "
          f"median of {a.repeats} round-robin timings:")
    print(f"{'widths':24} {'FLOPs':>7} {'images/s':>10} {'speed':>7} {'of FLOP ratio':>14}")
    base_macs, base_speed = macs(nets[0]), statistics.median(speeds[0])
    for w, net, s in zip(a.widths.split(","), nets, speeds):
        share, speed = macs(net) / base_macs, statistics.median(s) / base_speed
        print(f"{w:24} {100 * share:6.1f}% {statistics.median(s):10,.0f} {speed:6.2f}x {speed * share:14.2f}")


def step_summary(millis, block=100):
    """The same figures as `./alps benchmark`'s step-time line: nearest-rank percentiles, medians per block."""
    def pct(values, p):
        v = sorted(values)
        return v[max(0, min(len(v) - 1, -(-len(v) * p // 100) - 1))]
    medians = [pct(millis[i:i + block], 50) for i in range(0, len(millis), block)]
    return (f"p50 {pct(millis, 50):.1f} ms, p90 {pct(millis, 90):.1f}, p99 {pct(millis, 99):.1f}, "
            f"max {max(millis):.1f} over {len(millis)} steps; medians per {block} steps "
            f"{min(medians):.1f}-{max(medians):.1f} ms")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="lenet5", choices=NETS)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--infer-batch", type=int, default=1024)
    p.add_argument("--images", type=int, default=12800)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--pool", type=int, default=50000)
    p.add_argument("--widths", help="pruned networks' widths (lth-bench's column), comma-separated")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    if a.widths:
        if a.arch not in PRUNABLE:
            p.error(f"--widths takes one of {', '.join(PRUNABLE)}")
        pruned(a)
        return
    net = NETS[a.arch]()
    params = sum(t.numel() for t in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(a.images, 3, 32, 32)
    y = torch.randint(0, 10, (a.images,))

    steps = []

    def train_pass():
        net.train()
        order = torch.randperm(a.images)
        for i in range(0, a.images - a.batch + 1, a.batch):
            t0 = time.perf_counter()
            ids = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(net(x[ids]), y[ids]).backward()
            opt.step()
            steps.append(1000 * (time.perf_counter() - t0))

    def infer_pass(data):
        net.eval()
        with torch.no_grad():
            return torch.cat([F.softmax(net(data[i:i + a.infer_batch]), 1) for i in range(0, len(data), a.infer_batch)])

    train_pass()
    steps.clear()
    best = 0.0
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        train_pass()
        best = max(best, (a.images // a.batch * a.batch) / (time.perf_counter() - t0))
    infer_pass(x)
    best_infer = 0.0
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        infer_pass(x)
        best_infer = max(best_infer, a.images / (time.perf_counter() - t0))
    print(f"torch {torch.__version__}, {a.threads} threads, {a.arch}: {params:,} parameters")
    print(f"training  {best:,.0f} images/s (batch {a.batch})")
    print(f"training step times: {step_summary(steps)}")
    print(f"inference {best_infer:,.0f} images/s (batch {a.infer_batch})")
    if a.pool > 0:
        pool = torch.randn(a.pool, 3, 32, 32)
        t0 = time.perf_counter()
        probs = infer_pass(pool)
        torch.topk(1 - probs.max(1).values, 1000)
        print(f"selection least-confidence: {time.perf_counter() - t0:.2f} s to pick 1,000 of {a.pool:,} images")


if __name__ == "__main__":
    main()
