#!/usr/bin/env python3
"""The PyTorch peer of `./alps benchmark`: the same networks, batch sizes and synthetic 3x32x32
images, timed the same way (best of --repeats passes), on the same machine in the same sitting.

Not part of ALPS and never one of its dependencies: it needs Debian's python3-torch, installed by
hand for a comparison (apt-get install python3-torch). Prints one line per figure.

  /usr/bin/python3 ml-core/bench/torch_peer.py --arch lenet5 --threads 2 --pool 50000
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet5():
    return nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84),
                         nn.ReLU(), nn.Linear(84, 10))


def conv(n):
    layers, c = [], 3
    for pair in range(n // 2):
        f = 64 << pair
        layers += [nn.Conv2d(c, f, 3, padding=1), nn.ReLU(), nn.Conv2d(f, f, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        c = f
    side = 32 >> (n // 2)
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * side * side, 256), nn.ReLU(), nn.Linear(256, 256),
                         nn.ReLU(), nn.Linear(256, 10))


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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="lenet5", choices=NETS)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--infer-batch", type=int, default=1024)
    p.add_argument("--images", type=int, default=12800)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--pool", type=int, default=50000)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    net = NETS[a.arch]()
    params = sum(t.numel() for t in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(a.images, 3, 32, 32)
    y = torch.randint(0, 10, (a.images,))

    def train_pass():
        net.train()
        order = torch.randperm(a.images)
        for i in range(0, a.images - a.batch + 1, a.batch):
            ids = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(net(x[ids]), y[ids]).backward()
            opt.step()

    def infer_pass(data):
        net.eval()
        with torch.no_grad():
            return torch.cat([F.softmax(net(data[i:i + a.infer_batch]), 1) for i in range(0, len(data), a.infer_batch)])

    train_pass()
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
    print(f"inference {best_infer:,.0f} images/s (batch {a.infer_batch})")
    if a.pool > 0:
        pool = torch.randn(a.pool, 3, 32, 32)
        t0 = time.perf_counter()
        probs = infer_pass(pool)
        torch.topk(1 - probs.max(1).values, 1000)
        print(f"selection least-confidence: {time.perf_counter() - t0:.2f} s to pick 1,000 of {a.pool:,} images")


if __name__ == "__main__":
    main()
