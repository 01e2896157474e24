#!/usr/bin/env bash
# How a Secret Service write costs more as the keyring fills: stores
# 1000 entries with secret-tool in a throwaway keyring session and times a
# store (process start included) at 1, 20 and 1000 entries, and a lookup.
# Run: source scripts/lib/common.sh; in_keyring_session bash bench/keyring-growth.sh
set -euo pipefail
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
store() { local s; s=$(date +%s%N); echo -n v | secret-tool store --label=x service bench username "$1"; ms "$s"; }
echo "store, 1st entry: $(store k0) ms"
for i in $(seq 1 20); do store "k$i" >/dev/null; done
echo "store, 21st entry: $(store k21) ms"
for i in $(seq 22 1000); do echo -n v | secret-tool store --label=x service bench username "k$i"; done
echo "store, 1001st-1003rd entry: $(store k1001) ms, $(store k1002) ms, $(store k1003) ms"
s=$(date +%s%N); secret-tool lookup service bench username k500 >/dev/null; echo "lookup among 1003: $(ms "$s") ms"
