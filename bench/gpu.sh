#!/usr/bin/env bash
# bench/gpu.sh [--dry-run] [OUT_DIR]
#
# Runs the Node benchmark (`npm run bench -- --node`) on a Linux x86-64 machine with an NVIDIA GPU
# and no browser or internet: the repository must already hold node_modules (the Node bench loads
# neither puppeteer nor Vite), and ../shared/data, or $SHADERLM_SHARED_DATA, the GPT-2 tokenizer
# the random models use. It sets up the Vulkan loader Dawn needs (unpacking .gl/*.deb when the
# system has no libvulkan.so.1; pointing the ICD at the NVIDIA driver's when the loader finds
# none), checks nvidia-smi and the adapter Dawn picks (and stops if that is SwiftShader or another
# CPU adapter), then benchmarks with the 'gpu' profile's sizes (probe 256 MiB) in stages, most
# wanted first, each under its own time limit so that a machine lent for minutes still returns the
# first stages: the kernels, GPT-2-124M in f32/f16/q8_0/q4_0, then the other models and dtypes.
# Each stage writes its JSON report, roofline SVG and printed tables (stage-NAME.txt) into OUT_DIR
# ($OUT, else .artifacts/bench-gpu). At most 8 minutes (the stages' limits).
# --dry-run does every check it can and prints the stages' commands instead of running them.
set -euo pipefail

dry_run=0
if [[ "${1:-}" == "--dry-run" ]]; then dry_run=1; shift; fi
out_dir="${OUT:-.artifacts/bench-gpu}"
if [[ $# -gt 0 ]]; then out_dir="$1"; shift; fi
[[ $# -eq 0 ]] || { echo "bench/gpu.sh: unexpected argument $1 (usage: bench/gpu.sh [--dry-run] [OUT_DIR])" >&2; exit 2; }

cd "$(dirname "$0")/.."
fail() { echo "bench/gpu.sh: $*" >&2; exit 1; }
say() { echo "bench/gpu.sh: $*" >&2; }

command -v node >/dev/null || fail "node is not installed (Node >= 20.19 is needed)"
[[ -d node_modules/webgpu && -d node_modules/tsx ]] || fail "node_modules is missing or incomplete (webgpu, tsx): copy the repository with its node_modules (npm ci needs the internet)"

# 1. An NVIDIA GPU.
command -v nvidia-smi >/dev/null || fail "no nvidia-smi: this is not an NVIDIA GPU machine (for SwiftShader, run npm run bench -- --node)"
gpu_name="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -n 1)" ||
  fail "nvidia-smi found no GPU: $(nvidia-smi 2>&1 | head -n 3)"
[[ -n "$gpu_name" ]] || fail "nvidia-smi lists no GPU"
say "GPU: $gpu_name"

# 2. The Vulkan loader and the NVIDIA ICD.
if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
  debs=(.gl/*.deb)
  [[ -e "${debs[0]}" ]] || fail "no Vulkan loader (libvulkan.so.1) and no .gl/*.deb to unpack: bring libvulkan1 (apt-get download libvulkan1) into .gl/"
  say "unpacking the Vulkan loader from .gl/"
  for f in "${debs[@]}"; do dpkg -x "$f" /; done
  ldconfig
  ldconfig -p | grep -q 'libvulkan\.so\.1' || fail "unpacked .gl/*.deb but ldconfig still finds no libvulkan.so.1"
fi
icd_dirs=(/usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d)
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
has_icd=0
for d in "${icd_dirs[@]}"; do compgen -G "$d/nvidia*.json" >/dev/null && has_icd=1; done
if [[ -z "${VK_DRIVER_FILES:-}" && $has_icd == 0 ]]; then
  if [[ -f "$nvidia_icd" ]]; then
    export VK_DRIVER_FILES="$nvidia_icd" VK_ICD_FILENAMES="$nvidia_icd"
    say "VK_DRIVER_FILES=$nvidia_icd"
  else
    say "warning: no nvidia*.json Vulkan ICD in ${icd_dirs[*]} nor $nvidia_icd: the adapter check below will tell"
  fi
fi
# Never fall back to SwiftShader silently: a CPU adapter's numbers are not this GPU's.
export SHADERLM_NO_SWIFTSHADER=1

# 3. The adapter Dawn picks must be the GPU.
adapter="$(node_modules/.bin/tsx bench/adapter.ts)" || fail "Dawn's adapter is not a GPU (or none was found): ${adapter:-see the error above}"
say "adapter: $adapter"

# 4. The benchmark, in stages: name, time limit (s), options. GPU timings are steady, so each
# kernel measurement runs 0.2 s (0.5 on SwiftShader) and alternates once with the probe.
mkdir -p "$out_dir"
nvidia-smi > "$out_dir/nvidia-smi.txt" 2>&1 || true
echo "$adapter" > "$out_dir/adapter.json"
stages=(
  "kernels|110|--models none --target 0.2 --alternate 1"
  "gpt2-124m|120|--models gpt2-124m --dtypes f32,f16,q8_0,q4_0 --cases none"
  "small|80|--models gpt2-4x256,stories260K,tinystories656K --cases none"
  "llama-1b|120|--models llama-1b --cases none"
  "kquants|50|--models gpt2-124m --dtypes q4_K,q5_K,q6_K --cases none"
)
status=0
for stage in "${stages[@]}"; do
  IFS='|' read -r name limit options <<<"$stage"
  read -ra opts <<<"$options"
  cmd=(node_modules/.bin/tsx bench/run.ts --node --probe-mib 256 --out "$out_dir/$name" "${opts[@]}")
  if [[ $dry_run == 1 ]]; then echo "would run: timeout $limit ${cmd[*]} | tee $out_dir/stage-$name.txt"; continue; fi
  say "stage $name (at most $limit s)"
  timeout "$limit" "${cmd[@]}" 2>&1 | tee "$out_dir/stage-$name.txt" || { status=1; say "stage $name failed or ran out of time (its partial rows: $out_dir/$name/bench-partial.json)"; }
done
exit $status
