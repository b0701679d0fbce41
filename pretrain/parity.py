"""The PyTorch side of the parity test (src/pretraining/torch-parity.test.ts): one preference pair through ShapesVlm.

Usage: python3 pretrain/parity.py <input dir>. The folder holds inputs.json:
  {"config": path, "weights": path, "prompt": [ids], "chosen": [ids], "rejected": [ids],
   "pixels": path of float32 [N, 3, S, S] raw bytes, "lora": path of a safetensors file of factors,
   "scale": LoRA scale, "beta": DPO beta}
and it prints one JSON line: the answer-token log-probs of each side with the adapter off ("base")
and on ("adapted"), the sigmoid DPO loss −log σ(β[(π_c − ref_c) − (π_r − ref_r)]) over answer-token
sums (reference = adapter off), and its gradient w.r.t. every LoRA factor, flattened, keyed by name.

Everything is computed in float64 (the float32 weights, pixels and factors upcast), so the numbers
are a clean reference for the engine's float32.
"""
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # the test runs this from npm test: leave no __pycache__ in the tree
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pretrain.model import ShapesVlm  # noqa: E402
from pretrain.safetensors_io import load_file  # noqa: E402


def load_model(config_path, weights_path):
    model = ShapesVlm(json.loads(Path(config_path).read_text()))
    model.load_state_dict(load_file(weights_path), strict=True)
    return model.double().eval()


def answer_logprobs(model, pixels, prompt, answer):
    """log p(answer token k | image, prompt, answer[:k]) for each k, as a [len(answer)] tensor."""
    ids = torch.tensor([prompt + answer])
    logits = model(ids, pixels)[0, len(prompt) - 1 : -1]
    return F.log_softmax(logits, -1).gather(-1, torch.tensor(answer)[:, None])[:, 0]


def main(folder):
    torch.set_num_threads(1)
    torch.set_grad_enabled(True)
    spec = json.loads((Path(folder) / "inputs.json").read_text())
    model = load_model(spec["config"], spec["weights"])
    for p in model.parameters():
        p.requires_grad_(False)
    size = model.config["vision_config"]["image_size"]
    raw = bytearray(Path(spec["pixels"]).read_bytes())
    pixels = torch.frombuffer(raw, dtype=torch.float32).reshape(-1, 3, size, size).double()
    factors = {name: t.double().requires_grad_(True) for name, t in load_file(spec["lora"]).items()}
    prompt, sides = spec["prompt"], ("chosen", "rejected")

    model.attach_lora(factors, 0.0)  # the adapter off: exactly the base model
    with torch.no_grad():
        base = {side: answer_logprobs(model, pixels, prompt, spec[side]) for side in sides}
    model.attach_lora(factors, spec["scale"])
    adapted = {side: answer_logprobs(model, pixels, prompt, spec[side]) for side in sides}

    ratio = {side: adapted[side].sum() - base[side].sum() for side in sides}
    loss = F.softplus(-spec["beta"] * (ratio["chosen"] - ratio["rejected"]))
    names = sorted(factors)
    grads = torch.autograd.grad(loss, [factors[n] for n in names])

    as_lists = lambda d: {side: d[side].detach().tolist() for side in sides}
    print(json.dumps({
        "dtype": "float64",
        "base": as_lists(base),
        "adapted": as_lists(adapted),
        "loss": loss.item(),
        "grads": {n: g.flatten().tolist() for n, g in zip(names, grads)},
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Usage: python3 pretrain/parity.py <folder with inputs.json>")
    main(sys.argv[1])
