#!/usr/bin/env bash
# Run 3 of the shapes-vlm recipe (README, "Run 3"), one torch thread, about 65 minutes here: an
# existence-look warm-up (900 steps of "Is there a red star …?" answered "I see …, so no."), the full
# recipe continued from it (7000 steps), then 2500 more at peak lr 5e-4. Each stage writes its folder
# under OUT_DIR; the last, OUT_DIR/final, is a complete shapes-vlm (weights, config, tokenizer, graphs).
#   scripts/pretrain-run3.sh OUT_DIR
set -euo pipefail
out=${1:?Name the output folder: scripts/pretrain-run3.sh OUT_DIR}
python=$(node -e "import('./scripts/find-torch-python.mjs').then((m) => console.log(m.findTorchPython() ?? ''))")
[ -n "$python" ] || { echo "PyTorch is missing: run node scripts/ensure-torch.mjs first." >&2; exit 1; }
export OMP_NUM_THREADS=1
if [ ! -f "$out/warmup/model.safetensors" ]; then
  npx tsx scripts/lookup-probe-stream.ts exists-look 0 1 --config "$out/warmup"
  npx tsx scripts/lookup-probe-stream.ts exists-look 900 1 |
    "$python" -m pretrain.train --out "$out/warmup" --steps 900 \
      --vision-from public/models/shapes-clip/model.safetensors --snapshot-every 300
fi
npm run pretrain -- vlm --out "$out/full" --init-from "$out/warmup" --snapshot-every 1000
npm run pretrain -- vlm --out "$out/final" --init-from "$out/full" --steps 2500 --lr 5e-4 --snapshot-every 500
