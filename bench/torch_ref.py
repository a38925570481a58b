#!/usr/bin/env python3
"""PyTorch eager baseline for bench/gpu-engine.ts: the same nets (read from bench/archs.ts), the
same batch sizes, Adam 1e-3, random data; images/s of one training step (forward, cross-entropy,
backward, optimizer step, loss read back with .item()), median of the timed steps after warm-up.
Runs on CUDA when available, else on the CPU (and says so).

    python3 bench/torch_ref.py [--steps 20] [--warmup 3] [--batch 64,256] [--archs reference,...]
    python3 bench/torch_ref.py --list     # the parsed nets only; needs no torch

Writes the rows as JSON to $OUT/torch-ref.json when OUT is set. Exits 2, saying so, without torch.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

ARCHS_TS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "archs.ts")
LAYER = re.compile(r"C\((\d+),(\d+),1\)|P\((\d+),(\d+)\)|FC\((\d+)\)|GAP|SM\((\d+)\)")


def bench_archs():
    """[(name, net string, side)] as bench/archs.ts lists them (its `bench(name, net, side)` calls)."""
    with open(ARCHS_TS, encoding="utf-8") as f:
        text = f.read()
    found = re.findall(r"bench\('([^']+)',\s*'([^']+)',\s*(\d+)\)", text)
    if not found:
        sys.exit(f"torch_ref: no bench(...) architectures found in {ARCHS_TS}")
    return [(name, net, int(side)) for name, net, side in found]


def parse_net(net):
    """Layers of a canonical net string: ('conv', filters, size) | ('pool', size, stride) | ('fc', units) | ('gap',) | ('sm', classes)."""
    layers = []
    for token in net.split():
        m = LAYER.fullmatch(token)
        if not m:
            sys.exit(f"torch_ref: cannot parse layer {token!r} of {net!r}")
        if m.group(1):
            layers.append(("conv", int(m.group(1)), int(m.group(2))))
        elif m.group(3):
            layers.append(("pool", int(m.group(3)), int(m.group(4))))
        elif m.group(5):
            layers.append(("fc", int(m.group(5))))
        elif token == "GAP":
            layers.append(("gap",))
        else:
            layers.append(("sm", int(m.group(6))))
    if not layers or layers[-1][0] != "sm":
        sys.exit(f"torch_ref: {net!r} does not end in SM(classes)")
    return layers


def build(torch, layers, side, channels=1):
    """The net as src/train/model.ts builds it (no dropout): conv SAME + ReLU, max pool VALID,
    FC + ReLU (flattening first), GAP, a dense softmax layer (logits; the loss applies softmax)."""
    nn = torch.nn
    mods, c, h, flat = [], channels, side, None
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            mods += [nn.Conv2d(c, layer[1], layer[2], padding="same"), nn.ReLU()]
            c = layer[1]
        elif kind == "pool":
            mods.append(nn.MaxPool2d(layer[1], layer[2]))
            h = (h - layer[1]) // layer[2] + 1
        elif kind == "gap":
            mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            flat = c
        elif kind == "fc":
            if flat is None:
                mods.append(nn.Flatten())
                flat = c * h * h
            mods += [nn.Linear(flat, layer[1]), nn.ReLU()]
            flat = layer[1]
        else:
            if flat is None:
                mods.append(nn.Flatten())
                flat = c * h * h
            mods.append(nn.Linear(flat, layer[1]))
    return nn.Sequential(*mods)


def measure(torch, device, layers, side, batch, steps, warmup):
    classes = layers[-1][1]
    model = build(torch, layers, side).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator(device="cpu").manual_seed(1)
    x = torch.rand(batch, 1, side, side, generator=gen).to(device)
    y = torch.randint(0, classes, (batch,), generator=gen).to(device)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # the read-back: the step is done when this returns

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        loss = step()
        times.append((time.perf_counter() - t0) * 1000)
        if loss != loss:
            raise RuntimeError("loss is NaN")
    return statistics.median(times), sum(p.numel() for p in model.parameters())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", default="64,256")
    ap.add_argument("--archs", default=None, help="comma-separated names from bench/archs.ts (default all)")
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    ap.add_argument("--list", action="store_true", help="print the parsed nets and exit (needs no torch)")
    args = ap.parse_args()
    batches = [int(b) for b in args.batch.split(",") if b.strip()]
    if args.steps < 1 or args.warmup < 0 or any(b < 1 for b in batches):
        sys.exit("torch_ref: --steps and --batch need positive integers, --warmup a non-negative one")
    archs = bench_archs()
    if args.archs:
        wanted = [a.strip() for a in args.archs.split(",") if a.strip()]
        unknown = [w for w in wanted if w not in [a[0] for a in archs]]
        if unknown:
            sys.exit(f"torch_ref: unknown arch {', '.join(unknown)} (known: {', '.join(a[0] for a in archs)})")
        archs = [a for a in archs if a[0] in wanted]
    if args.list:
        for name, net, side in archs:
            print(f"{name}: {side}x{side}x1 {parse_net(net)}")
        return 0
    try:
        import torch
    except ImportError:
        print("torch_ref: PyTorch is not installed here (pip install torch); no baseline measured", file=sys.stderr)
        return 2
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    name_of_device = torch.cuda.get_device_name(0) if device == "cuda" else f"CPU ({torch.get_num_threads()} threads)"
    print(f"torch {torch.__version__} eager on {name_of_device}; steps {args.steps} (+{args.warmup} warm-up)")
    rows = []
    for name, net, side in archs:
        layers = parse_net(net)
        for batch in batches:
            ms, params = measure(torch, device, layers, side, batch, args.steps, args.warmup)
            rows.append({"arch": name, "net": net, "input": f"{side}x{side}x1", "batch": batch,
                         "backend": f"torch {device}", "params": params, "msPerStep": ms,
                         "imagesPerSec": batch * 1000 / ms, "steps": args.steps})
            print(f"  {name} batch {batch}: {ms:.2f} ms/step, {batch * 1000 / ms:.0f} images/s")
    out = os.environ.get("OUT")
    if out:
        with open(os.path.join(out, "torch-ref.json"), "w", encoding="utf-8") as f:
            json.dump({"device": name_of_device, "torch": torch.__version__, "rows": rows}, f, indent=2)
    print(f"\n{name_of_device}, PyTorch eager, median of {args.steps} timed steps after {args.warmup} warm-up")
    print(f"{'arch':<14}{'input':>8}{'batch':>7}{'torch img/s':>13}")
    for r in rows:
        print(f"{r['arch']:<14}{r['input']:>8}{r['batch']:>7}{r['imagesPerSec']:>13.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
