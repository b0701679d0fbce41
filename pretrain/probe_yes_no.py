"""How often a shapes-vlm gets the first answer token right on training question batches, split by
the answer: "yes", "no" or anything else (colours, counts, places). A grounded model is right on both
yes and no; one that ignores the image says one of them always.

    npx tsx scripts/question-batches.ts /tmp/q.bin        # prints the ids of " yes" and " no"
    python3 -m pretrain.probe_yes_no CONFIG.json WEIGHTS.safetensors /tmp/q.bin YES_ID NO_ID [--every]

--every scores every "yes" and "no" token of the answers, not only first tokens (answers that name what
they see before they decide: "the object is a green square, so no.").
"""
import json
import sys

import torch

from .model import ShapesVlm
from .safetensors_io import load_file
from .train import batches


def main(config_path, weights, stream_path, yes, no, every=False):
    torch.set_num_threads(1)
    model = ShapesVlm(json.load(open(config_path)))
    model.load_state_dict(load_file(weights), strict=True)
    model.eval()
    right = {"yes": [0, 0], "no": [0, 0], "other": [0, 0]}
    with torch.no_grad(), open(stream_path, "rb") as stream:
        for _, ids, attention, loss_mask, pixels in batches(stream):
            predicted = model(ids, pixels, attention)[:, :-1].argmax(-1)
            targets, answer = ids[:, 1:], loss_mask[:, 1:].bool()
            first = answer & ~torch.cat([torch.zeros_like(answer[:, :1]), answer[:, :-1]], 1)
            scored = answer & ((targets == yes) | (targets == no)) if every else first
            for b, t in scored.nonzero().tolist():
                target = targets[b, t].item()
                kind = "yes" if target == yes else "no" if target == no else "other"
                right[kind][0] += int(predicted[b, t].item() == target)
                right[kind][1] += 1
    print(json.dumps({kind: {"accuracy": r / max(1, n), "n": n} for kind, (r, n) in right.items()}))


if __name__ == "__main__":
    every = "--every" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--every"]
    if len(args) != 5:
        sys.exit(__doc__)
    main(*args[:3], int(args[3]), int(args[4]), every)
