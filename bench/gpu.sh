#!/usr/bin/env bash
# bench/gpu.sh [--dry-run] [OUT_DIR] [-- extra `npm run bench` options]
#
# Runs the Node benchmark (`npm run bench -- --node`) on a Linux x86-64 machine with an NVIDIA GPU
# and no browser or internet: the repository must already hold node_modules. It sets up the Vulkan
# loader Dawn needs (unpacking .gl/*.deb when the system has no libvulkan.so.1; point the ICD at
# the NVIDIA driver's when the loader finds none), checks nvidia-smi and the adapter Dawn picks
# (and stops if that is SwiftShader or another CPU adapter), then benchmarks with the 'gpu'
# profile's sizes (probe 256 MiB) and writes the JSON report, the roofline SVG and the printed
# tables (bench-gpu.txt) into OUT_DIR ($OUT, else .artifacts/bench-gpu). Sized for about 8 minutes.
# --dry-run does every check it can and prints the benchmark command instead of running it.
set -euo pipefail

dry_run=0
if [[ "${1:-}" == "--dry-run" ]]; then dry_run=1; shift; fi
out_dir="${OUT:-.artifacts/bench-gpu}"
if [[ $# -gt 0 && "$1" != "--" ]]; then out_dir="$1"; shift; fi
if [[ "${1:-}" == "--" ]]; then shift; fi
extra=("$@")

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

# 4. The benchmark.
mkdir -p "$out_dir"
cmd=(node_modules/.bin/tsx bench/run.ts --node --probe-mib 256 --out "$out_dir" ${extra[@]+"${extra[@]}"})
if [[ $dry_run == 1 ]]; then
  echo "would run: timeout 480 ${cmd[*]} | tee $out_dir/bench-gpu.txt"
  exit 0
fi
set -o pipefail
timeout 480 "${cmd[@]}" | tee "$out_dir/bench-gpu.txt"
