#!/usr/bin/python3
"""Generate PyTorch golden reference trajectories for optzoo.

Run (needs Debian's python3-torch, PyTorch 1.13, so use the system python):
    /usr/bin/python3 tests/golden/make_goldens.py          # from the repo root
    /usr/bin/python3 tests/golden/make_goldens.py --check  # also print float64 drift

It (re)writes tests/golden/cases/*.json. The files are committed; tests only read
the JSON and never need torch. Everything is float32 (torch default), full batch,
single-tensor (foreach=None) torch.optim implementations on CPU.

Case file shape:
  {"spec": <experiment spec, docs/CONTRACTS.md>,
   "expected": {"runs": [{"label": ..., "loss": [steps+1 floats]}]},
   "tolerance": <relative>}
loss[k] = full-batch training loss after k optimizer updates (loss[0] = at init).
gradients_*.json instead hold {"spec", "loss", "grad_weights", "grad_biases",
"tolerance"}: loss and gradients (mean over the batch) at the initial point.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
STEPS = 40
N_EXAMPLES = 48
N_FEATURES = 4

OPTIMIZERS = {
    "sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax, "nadam": torch.optim.NAdam, "radam": torch.optim.RAdam,
    "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad,
    "adadelta": torch.optim.Adadelta, "rprop": torch.optim.Rprop,
}
ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


# ---------------------------------------------------------------- problems

def make_problem(kind, seed):
    """Returns (problem dict, sizes, activation, loss name, init dict)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(N_EXAMPLES, N_FEATURES, generator=g)
    if kind == "ce_tanh":
        sizes, act, loss = [4, 8, 3], "tanh", "cross_entropy"
        teacher = torch.randn(N_FEATURES, 3, generator=g)
        # Noisy teacher labels: not separable, so the loss keeps a floor well
        # above 0 (float32 CE near 0 has no useful relative precision).
        y = (x @ teacher + 2.0 * torch.randn(N_EXAMPLES, 3, generator=g)).argmax(dim=1)
        problem = {"kind": "inline", "task": "classification",
                   "x": x.tolist(), "y": [int(v) for v in y.tolist()]}
    elif kind == "mse_relu":
        sizes, act, loss = [4, 8, 3], "relu", "mse"
        teacher = torch.randn(N_FEATURES, 3, generator=g)
        y = torch.sin(x @ teacher) + 0.1 * torch.randn(N_EXAMPLES, 3, generator=g)
        problem = {"kind": "inline", "task": "regression", "x": x.tolist(), "y": y.tolist()}
    elif kind == "bce_sigmoid":
        sizes, act, loss = [4, 8, 1], "sigmoid", "binary_cross_entropy"
        teacher = torch.randn(N_FEATURES, generator=g)
        y = ((x @ teacher) > 0).float().unsqueeze(1)
        problem = {"kind": "inline", "task": "regression", "x": x.tolist(), "y": y.tolist()}
    else:
        raise ValueError(kind)
    # PyTorch's default Linear init distribution, drawn from our generator.
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / fan_in ** 0.5
        weights.append(((torch.rand(fan_out, fan_in, generator=g) * 2 - 1) * bound).tolist())
        biases.append(((torch.rand(fan_out, generator=g) * 2 - 1) * bound).tolist())
    return problem, sizes, act, loss, {"weights": weights, "biases": biases}


def make_spec(problem, sizes, act, loss, init, runs, steps=STEPS):
    return {"seed": 0, "problem": problem,
            "model": {"kind": "mlp", "sizes": sizes, "activation": act, "init": init},
            "loss": loss, "batch_size": 0, "steps": steps, "runs": runs}


# ---------------------------------------------------------------- torch side

def tensors_from_spec(spec, dtype):
    p, m = spec["problem"], spec["model"]
    x = torch.tensor(p["x"], dtype=dtype)
    if spec["loss"] == "cross_entropy":
        y = torch.tensor(p["y"], dtype=torch.long)
    else:
        y = torch.tensor(p["y"], dtype=dtype)
    params = []
    for w, b in zip(m["init"]["weights"], m["init"]["biases"]):
        params.append(torch.tensor(w, dtype=dtype, requires_grad=True))
        params.append(torch.tensor(b, dtype=dtype, requires_grad=True))
    return x, y, params


def full_loss(spec, x, y, params):
    act = ACTIVATIONS[spec["model"]["activation"]]
    h = x
    n_layers = len(params) // 2
    for i in range(n_layers):
        h = F.linear(h, params[2 * i], params[2 * i + 1])
        if i < n_layers - 1:
            h = act(h)
    if spec["loss"] == "cross_entropy":
        return F.cross_entropy(h, y)
    if spec["loss"] == "mse":
        return F.mse_loss(h, y)
    if spec["loss"] == "binary_cross_entropy":
        return F.binary_cross_entropy_with_logits(h, y)
    raise ValueError(spec["loss"])


def optimizer_kwargs(run):
    kw = {k: v for k, v in run.items() if k not in ("label", "optimizer")}
    for k in ("betas", "etas", "step_sizes"):
        if k in kw:
            kw[k] = tuple(kw[k])
    return kw


def trajectory(spec, run, dtype=torch.float32):
    x, y, params = tensors_from_spec(spec, dtype)
    opt = OPTIMIZERS[run["optimizer"]](params, **optimizer_kwargs(run))
    losses = []
    for _ in range(spec["steps"]):
        opt.zero_grad()
        loss = full_loss(spec, x, y, params)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    with torch.no_grad():
        losses.append(full_loss(spec, x, y, params).item())
    return losses


# ---------------------------------------------------------------- runs

def R(label, optimizer, **hp):
    return dict(label=label, optimizer=optimizer, **hp)


def runs_for(opt, kind):
    ce = kind == "ce_tanh"
    if opt == "sgd":
        return [
            R("sgd_lr0.1", "sgd", lr=0.1),
            R("sgd_lr0.5_m0.9", "sgd", lr=0.5, momentum=0.9) if ce else
            R("sgd_lr0.05_m0.9", "sgd", lr=0.05, momentum=0.9),
            R("sgd_lr0.1_m0.9_nesterov_wd0.01", "sgd", lr=0.1, momentum=0.9,
              nesterov=True, weight_decay=0.01),
            R("sgd_lr0.1_m0.5_damp0.3", "sgd", lr=0.1, momentum=0.5, dampening=0.3),
        ]
    if opt in ("adam", "adamw"):
        wd = 0.1 if opt == "adam" else 0.5
        return [
            R(f"{opt}_default", opt, lr=0.001),
            R(f"{opt}_lr0.03", opt, lr=0.03),
            R(f"{opt}_lr0.03_betas0.8_0.99", opt, lr=0.03, betas=[0.8, 0.99]),
            R(f"{opt}_lr0.03_eps0.01", opt, lr=0.03, eps=0.01),
            R(f"{opt}_lr0.03_wd{wd}", opt, lr=0.03, weight_decay=wd),
            R(f"{opt}_lr0.03_amsgrad", opt, lr=0.03, amsgrad=True),
            R(f"{opt}_lr0.03_amsgrad_wd0_betas0.5_0.9", opt, lr=0.03, amsgrad=True,
              weight_decay=0.0, betas=[0.5, 0.9]),
        ]
    if opt == "adamax":
        return [
            R("adamax_default", opt, lr=0.002),
            R("adamax_lr0.05", opt, lr=0.05),
            R("adamax_lr0.05_betas0.8_0.99", opt, lr=0.05, betas=[0.8, 0.99]),
            R("adamax_lr0.05_eps0.1", opt, lr=0.05, eps=0.1),
            R("adamax_lr0.05_wd0.1", opt, lr=0.05, weight_decay=0.1),
        ]
    if opt == "nadam":
        return [
            R("nadam_default", opt, lr=0.002),
            R("nadam_lr0.03", opt, lr=0.03),
            R("nadam_lr0.03_betas0.8_0.99", opt, lr=0.03, betas=[0.8, 0.99]),
            R("nadam_lr0.03_eps0.01", opt, lr=0.03, eps=0.01),
            R("nadam_lr0.03_wd0.1", opt, lr=0.03, weight_decay=0.1),
            R("nadam_lr0.03_mdecay0.3", opt, lr=0.03, momentum_decay=0.3),
        ]
    if opt == "radam":
        return [
            R("radam_default", opt, lr=0.001),
            R("radam_lr0.03", opt, lr=0.03),
            R("radam_lr0.03_betas0.8_0.95", opt, lr=0.03, betas=[0.8, 0.95]),
            R("radam_lr0.03_eps0.01", opt, lr=0.03, eps=0.01),
            R("radam_lr0.03_wd0.1", opt, lr=0.03, weight_decay=0.1),
        ]
    if opt == "rmsprop":
        return [
            R("rmsprop_default", opt, lr=0.01),
            R("rmsprop_lr0.003_alpha0.9", opt, lr=0.003, alpha=0.9),
            R("rmsprop_lr0.01_eps0.1", opt, lr=0.01, eps=0.1),
            R("rmsprop_lr0.01_wd0.1", opt, lr=0.01, weight_decay=0.1),
            R("rmsprop_lr0.002_m0.8", opt, lr=0.002, momentum=0.8),
            R("rmsprop_lr0.005_centered", opt, lr=0.005, centered=True),
            R("rmsprop_lr0.001_centered_m0.9", opt, lr=0.001, centered=True, momentum=0.9),
        ]
    if opt == "adagrad":
        return [
            R("adagrad_default", opt, lr=0.01),
            R("adagrad_lr0.1", opt, lr=0.1),
            R("adagrad_lr0.1_lrdecay0.05", opt, lr=0.1, lr_decay=0.05),
            R("adagrad_lr0.1_wd0.1", opt, lr=0.1, weight_decay=0.1),
            R("adagrad_lr0.1_init0.5", opt, lr=0.1, initial_accumulator_value=0.5),
            R("adagrad_lr0.1_eps0.1", opt, lr=0.1, eps=0.1),
        ]
    if opt == "adadelta":
        return [
            R("adadelta_default", opt, lr=1.0),
            R("adadelta_lr10", opt, lr=10.0),
            R("adadelta_lr1_rho0.5", opt, lr=1.0, rho=0.5),
            R("adadelta_lr1_eps0.0001", opt, lr=1.0, eps=1e-4),
            R("adadelta_lr10_wd0.1", opt, lr=10.0, weight_decay=0.1),
        ]
    if opt == "rprop":
        return [
            R("rprop_default", opt, lr=0.01),
            R("rprop_lr0.003", opt, lr=0.003),
            R("rprop_lr0.01_etas0.3_1.5", opt, lr=0.01, etas=[0.3, 1.5]),
            R("rprop_lr0.01_stepsizes0.001_0.02", opt, lr=0.01, step_sizes=[0.001, 0.02]),
        ]
    raise ValueError(opt)


def write(name, obj):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    return path


def main():
    check = "--check" in sys.argv
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    problems = {"ce_tanh": make_problem("ce_tanh", 1),
                "mse_relu": make_problem("mse_relu", 2),
                "bce_sigmoid": make_problem("bce_sigmoid", 3)}

    cases = []
    for opt in OPTIMIZERS:
        for kind in ("ce_tanh", "mse_relu"):
            tol = 1e-3 if opt == "rprop" else 1e-4
            cases.append((f"{opt}_{kind}", kind, runs_for(opt, kind), tol))
    cases.append(("bce_sigmoid", "bce_sigmoid", [R("sgd_lr0.5", "sgd", lr=0.5)], 1e-4))

    for name, kind, runs, tol in cases:
        labels = [r["label"] for r in runs]
        assert len(set(labels)) == len(labels), name
        spec = make_spec(*problems[kind], runs)
        out_runs = []
        for run in runs:
            loss = trajectory(spec, run)
            assert len(loss) == STEPS + 1 and all(v == v for v in loss), (name, run)
            line = f"{name:22s} {run['label']:40s} {loss[0]:.5f} -> {loss[-1]:.5f}"
            if check:
                l64 = trajectory(spec, run, torch.float64)
                drift = max(abs(a - b) / max(abs(b), 1e-30) for a, b in zip(loss, l64))
                line += f"   f32-vs-f64 max rel {drift:.1e}"
            print(line)
            out_runs.append({"label": run["label"], "loss": loss})
        write(name, {"spec": spec, "expected": {"runs": out_runs}, "tolerance": tol})

    for kind in ("ce_tanh", "mse_relu"):
        spec = make_spec(*problems[kind], [R("sgd_lr0.1", "sgd", lr=0.1)], steps=0)
        x, y, params = tensors_from_spec(spec, torch.float32)
        loss = full_loss(spec, x, y, params)
        loss.backward()
        write(f"gradients_{kind}", {
            "spec": spec, "loss": loss.item(),
            "grad_weights": [p.grad.tolist() for p in params[0::2]],
            "grad_biases": [p.grad.tolist() for p in params[1::2]],
            "tolerance": 1e-4})
        print(f"gradients_{kind}: loss {loss.item():.6f}")


if __name__ == "__main__":
    main()
