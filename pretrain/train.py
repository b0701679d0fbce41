"""Pretrains shapes-vlm in PyTorch on the batches the TypeScript world streams to stdin.

    npm run pretrain -- vlm …   (src/pretraining/pretrain-torch.ts) writes config.json and the tokenizer into OUT,
    then pipes batches into:  python3 -m pretrain.train --out OUT --steps N [options]

The recipe (what the batches hold, the sizes, the learning rates) lives in src/pretraining/recipe.ts
and arrives as flags; this file is the loop: a frozen-vision warm-up, then the whole model, each phase
with its own warmup-cosine; AdamW with global-norm clipping; cross-entropy on answer tokens only.
Checkpoints (model, optimiser, step) every --checkpoint-every steps make an interrupted run resume
exactly: batch k depends only on k, so the stream restarts at the checkpoint's step.
Progress goes to stderr; the last line of stdout is a JSON summary.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from .model import ShapesVlm, init_weights
from .safetensors_io import load_file, save_file


class TrainError(Exception):
    """A problem the user can fix, reported as one sentence."""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="pretrain.train")
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--vision-from", default=None, help="a CLIP model.safetensors whose vision tower to start from")
    p.add_argument("--init-from", default=None, help="a shapes-vlm model.safetensors to continue from")
    p.add_argument("--peak-lr", type=float, default=1e-3)
    p.add_argument("--min-lr", type=float, default=1e-4)
    p.add_argument("--warmup-fraction", type=float, default=0.05)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--max-grad-norm", type=float, default=1.0)
    p.add_argument("--frozen-vision-fraction", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--checkpoint-every", type=int, default=250)
    p.add_argument("--snapshot-every", type=int, default=0, help="also keep model weights every K steps (for the curve)")
    p.add_argument("--log-every", type=int, default=10)
    return p.parse_args(argv)


# --------------------------------------------------------------------------------------- stream
def read_exactly(stream, n):
    data = stream.read(n)
    if data is None or len(data) < n:
        return None
    return data


def batches(stream):
    """Records of src/pretraining/pretrain-stream.ts, one batch each, until the stream ends."""
    while True:
        head = read_exactly(stream, 4)
        if head is None:
            return
        (length,) = struct.unpack("<I", head)
        meta = json.loads(read_exactly(stream, length))
        B, T, S = meta["batch"], meta["length"], meta["imageSize"]
        ids = np.frombuffer(read_exactly(stream, 4 * B * T), dtype=np.int32).reshape(B, T)
        attention = np.frombuffer(read_exactly(stream, B * T), dtype=np.uint8).reshape(B, T)
        loss_mask = np.frombuffer(read_exactly(stream, B * T), dtype=np.uint8).reshape(B, T)
        pixels = np.frombuffer(read_exactly(stream, 4 * B * 3 * S * S), dtype=np.float32).reshape(B, 3, S, S)
        yield meta, torch.from_numpy(ids.astype(np.int64)), torch.from_numpy(attention.copy()), torch.from_numpy(
            loss_mask.copy()
        ), torch.from_numpy(pixels.copy())


# --------------------------------------------------------------------------------------- schedule
def warmup_cosine(step, total, peak, minimum, warmup_fraction):
    """The engine's stageLr: linear warm-up, then cosine to `minimum`; step + 1 so the first update moves."""
    warmup = max(1, round(total * warmup_fraction))
    s = step + 1
    if s <= warmup:
        return peak * s / warmup
    progress = min(1.0, (s - warmup) / max(1, total - warmup))
    return minimum + (peak - minimum) * 0.5 * (1 + math.cos(math.pi * progress))


def schedule_at(step, args):
    """(phase, lr): the frozen-vision warm-up first, then the full model, each its own warmup-cosine."""
    frozen = min(args.steps, round(args.steps * args.frozen_vision_fraction))
    if step < frozen:
        return "frozen-vision", warmup_cosine(step, frozen, args.peak_lr, args.min_lr, args.warmup_fraction)
    return "full", warmup_cosine(step - frozen, args.steps - frozen, args.peak_lr, args.min_lr, args.warmup_fraction)


# --------------------------------------------------------------------------------------- model set-up
def start_vision_from_clip(model, path):
    """CLIP's `vision_model.X` → `model.vision_model.X` (CLIP's [CLS] position row dropped; see vision-from-clip.ts)."""
    clip = load_file(path)
    own = model.state_dict()
    loaded = {}
    for name in own:
        if not name.startswith("model.vision_model."):
            continue
        source = clip.get("vision_model." + name[len("model.vision_model.") :])
        if source is None:
            continue
        if name.endswith("embeddings.position_embedding.weight"):
            source = source[1:]
        if source.shape != own[name].shape:
            raise TrainError(f"{path}'s {name} does not fit shapes-vlm's vision tower; train both with the recipe's sizes.")
        loaded[name] = source
    model.load_state_dict(loaded, strict=False)
    return len(loaded)


def decayed(name):
    return name.endswith(".weight") and "norm" not in name


def make_optimizer(model, args):
    params = list(model.named_parameters())
    groups = [
        {"params": [p for n, p in params if decayed(n)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in params if not decayed(n)], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=args.peak_lr, betas=(0.9, 0.999), eps=1e-8)


def checkpoint_paths(out):
    return os.path.join(out, "checkpoint.pt"), os.path.join(out, "checkpoint.json")


def save_checkpoint(model, optimizer, step, out):
    """Written beside, then renamed, so an interruption never leaves half a checkpoint."""
    path, info = checkpoint_paths(out)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}, path + ".tmp")
    os.replace(path + ".tmp", path)
    with open(info + ".tmp", "w") as f:
        json.dump({"step": step}, f)
    os.replace(info + ".tmp", info)


def load_checkpoint(model, optimizer, out):
    path, _ = checkpoint_paths(out)
    try:
        state = torch.load(path, map_location="cpu")
        model.load_state_dict(state["model"], strict=True)
        optimizer.load_state_dict(state["optimizer"])
        return int(state["step"])
    except Exception as error:  # a truncated or foreign file: say so, touch nothing
        raise TrainError(f"The checkpoint {path} cannot be read ({type(error).__name__}); delete it to start afresh.") from None


def answer_loss(model, ids, attention, loss_mask, pixels):
    """Mean cross-entropy over answer tokens; token t is predicted by the logits at t − 1."""
    hidden = model.hidden(ids, pixels, attention)
    targets = loss_mask[:, 1:].bool()
    picked = hidden[:, :-1][targets]
    return F.cross_entropy(model.lm_head(picked), ids[:, 1:][targets])


# --------------------------------------------------------------------------------------- the loop
def train(args, stream=None, log=None):
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    config_path = os.path.join(args.out, "config.json")
    if not os.path.exists(config_path):
        raise TrainError(f"{config_path} is missing; start runs with npm run pretrain -- vlm.")
    with open(config_path) as f:
        config = json.load(f)
    model = ShapesVlm(config)
    init_weights(model, config["text_config"].get("initializer_range", 0.02))
    if args.init_from:
        model.load_state_dict(load_file(args.init_from), strict=True)
        log(f"continuing from {args.init_from}")
    elif args.vision_from:
        log(f"vision tower from {args.vision_from} ({start_vision_from_clip(model, args.vision_from)} tensors)")
    model.to(device)
    optimizer = make_optimizer(model, args)
    start = 0
    if os.path.exists(checkpoint_paths(args.out)[0]):
        start = load_checkpoint(model, optimizer, args.out)
        log(f"resuming at step {start} from {checkpoint_paths(args.out)[0]}")
    parameters = sum(p.numel() for p in model.parameters())
    log(f"pretrain vlm (torch {torch.__version__}, {device}, {args.threads} thread(s)): {parameters} parameters, steps {start}…{args.steps}")

    stream = stream or sys.stdin.buffer
    vision = [p for n, p in model.named_parameters() if n.startswith("model.vision_model.")]
    phase, losses, per_task, examples, tokens = None, [], {}, 0, 0
    started = time.time()
    step = start
    for meta, ids, attention, loss_mask, pixels in batches(stream):
        if meta["step"] != step:
            raise TrainError(f"The batch stream is out of step (got {meta['step']}, expected {step}).")
        new_phase, lr = schedule_at(step, args)
        if new_phase != phase:
            phase = new_phase
            for p in vision:
                p.requires_grad_(phase == "full")
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = answer_loss(model, ids.to(device), attention.to(device), loss_mask.to(device), pixels.to(device))
        if not torch.isfinite(loss):
            raise TrainError(f"The loss became {loss.item()} at step {step + 1}; lower the learning rate.")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], args.max_grad_norm)
        optimizer.step()
        value = loss.item()
        losses.append(value)
        per_task[meta["task"]] = value if meta["task"] not in per_task else 0.95 * per_task[meta["task"]] + 0.05 * value
        examples += ids.shape[0]
        tokens += int(attention.sum())
        step += 1
        if step % args.log_every == 0 or step == args.steps:
            elapsed = time.time() - started
            rate = (step - start) / elapsed
            eta = (args.steps - step) / rate
            tasks = " ".join(f"{k} {v:.3f}" for k, v in sorted(per_task.items()))
            log(
                f"step {step}/{args.steps} loss {value:.4f} ({tasks}) gnorm {grad_norm:.2f} lr {lr:.2e} "
                f"{rate:.2f} steps/s {examples / elapsed:.0f} ex/s ETA {int(eta // 60)}:{int(eta % 60):02d}"
            )
        if args.snapshot_every and step % args.snapshot_every == 0:
            os.makedirs(os.path.join(args.out, "snapshots"), exist_ok=True)
            save_file(model.state_dict(), os.path.join(args.out, "snapshots", f"step-{step:06d}.safetensors"))
        if step % args.checkpoint_every == 0 or step == args.steps:
            save_checkpoint(model, optimizer, step, args.out)
        if step == args.steps:
            break
    if step < args.steps:
        raise TrainError(f"The batch stream ended at step {step} of {args.steps}; the checkpoint keeps the progress.")
    save_file({k: v.float().cpu() for k, v in model.state_dict().items()}, os.path.join(args.out, "model.safetensors"))
    seconds = time.time() - started
    return {
        "steps": args.steps,
        "startStep": start,
        "parameters": parameters,
        "seconds": seconds,
        "stepsPerSecond": (args.steps - start) / seconds if seconds else 0,
        "examplesPerSecond": examples / seconds if seconds else 0,
        "tokensPerSecond": tokens / seconds if seconds else 0,
        "firstLoss": losses[0] if losses else None,
        "lastLoss": losses[-1] if losses else None,
        "taskLosses": per_task,
        "device": str(device),
    }


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        print(json.dumps(train(args)), flush=True)
        return 0
    except TrainError as error:
        print(str(error), file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
