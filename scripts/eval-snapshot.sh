#!/usr/bin/env bash
# Evaluates a pretraining snapshot without touching the committed model: a copy of the working tree
# in /tmp/evaltree-<name> gets the run's config and tokenizer, the snapshot's weights and fresh graphs.
#   scripts/eval-snapshot.sh RUN_DIR SNAPSHOT.safetensors NAME [eval flags…]
set -euo pipefail
run=$1 snapshot=$2 name=$3; shift 3
tree=/tmp/evaltree-$name
rm -rf "$tree"; mkdir -p "$tree"
tar --exclude=./node_modules --exclude=./.cache --exclude=./.git -cf - . | tar -xf - -C "$tree"
ln -sfn "$PWD/node_modules" "$tree/node_modules"
model=$tree/public/models/shapes-vlm
rm -rf "$model"; mkdir -p "$model"
cp "$run"/*.json "$model/"; rm -f "$model/checkpoint.json"
cp "$snapshot" "$model/model.safetensors"
(cd "$tree" && npx tsx src/cli/pretrain.ts export public/models/shapes-vlm >/dev/null 2>&1)
cd "$tree" && npx tsx src/cli/selfalign.ts eval --model shapes-vlm --json "$@" 2>/dev/null | tail -1
