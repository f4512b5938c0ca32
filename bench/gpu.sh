#!/usr/bin/env bash
# bench/gpu.sh --pack            (here: a machine with node_modules, ../shared/data and the internet)
# bench/gpu.sh [--dry-run] [OUT_DIR]   (there: Linux x86-64 with an NVIDIA GPU, no browser, no internet)
#
# --pack writes .gpu-pack/ (ignored by git, about 40 MB): this Node binary and the node_modules the
# Node bench needs (it loads neither puppeteer nor Vite), both xz-compressed, the files of
# ../shared/data the bench reads (the GPT-2 tokenizer of the random models, stories260K,
# TinyStories-656K) and the .debs of the Vulkan loader and the GL vendor-neutral libraries the NVIDIA
# driver's Vulkan library links against (libvulkan1, libglvnd0, libglx0, ...). Copy the repository
# with it to the GPU machine.
#
# There, it runs the Node benchmark (`npm run bench -- --node`): it unpacks .gpu-pack/ when the
# machine has no node or the repository no node_modules (with python3, else xz and tar), sets up
# the Vulkan loader Dawn needs (unpacking .gpu-pack/vulkan/*.deb or .gl/*.deb when the system has no
# libvulkan.so.1; pointing the ICD at the NVIDIA driver's when the loader finds none), checks
# nvidia-smi and the adapter Dawn picks (and stops if that is SwiftShader or another CPU adapter),
# then benchmarks with the 'gpu' profile's sizes (probe 256 MiB) in stages, most wanted first, each
# under its own time limit so that a machine lent for minutes still returns the first stages: the
# kernels, GPT-2-124M in f32/f16/q8_0/q4_0, then the other models and dtypes. Each stage writes its
# JSON report, roofline SVG and printed tables (stage-NAME.txt) into OUT_DIR ($OUT, else
# .artifacts/bench-gpu). At most 8 minutes 40 s (the stages' limits); a stage cut by its limit leaves its rows so far in
# bench-partial.json, the kernel cases included.
# --dry-run does every check it can and prints the stages' commands instead of running them.
# GPU_STAGES='name|seconds|bench options;...' runs those stages instead (a lease with little time left).
set -euo pipefail

pack_only=0
dry_run=0
case "${1:-}" in
  --pack) pack_only=1; shift ;;
  --dry-run) dry_run=1; shift ;;
esac
out_dir="${OUT:-.artifacts/bench-gpu}"
if [[ $pack_only == 0 && $# -gt 0 ]]; then out_dir="$1"; shift; fi
[[ $# -eq 0 ]] || { echo "bench/gpu.sh: unexpected argument $1 (usage: bench/gpu.sh --pack, or bench/gpu.sh [--dry-run] [OUT_DIR])" >&2; exit 2; }

cd "$(dirname "$0")/.."
fail() { echo "bench/gpu.sh: $*" >&2; exit 1; }
say() { echo "bench/gpu.sh: $*" >&2; }

pack=.gpu-pack
# What the Node bench never loads: the browser, the build and the tests' tools, other platforms' Dawn.
unpacked_modules=(@tensorflow typescript @rolldown rolldown chromium-bidi puppeteer puppeteer-core @puppeteer lightningcss-linux-x64-gnu devtools-protocol @types
  webgpu/dist/darwin-universal webgpu/dist/win32-x64 webgpu/dist/win32-arm64 webgpu/dist/linux-arm64)
# The Vulkan loader, and the GL vendor-neutral dispatch libraries the NVIDIA ICD (libGLX_nvidia) needs.
loader_debs=(libvulkan1 libglvnd0 libglx0 libgl1 libegl1 libopengl0 libgles2)
shared_files=(gpt2-tokenizer/tokenizer.json stories260K/stories260K.bin stories260K/tok512.bin tinystories656K)

if [[ $pack_only == 1 ]]; then
  command -v node >/dev/null && [[ -d node_modules/webgpu/dist/linux-x64 && -d node_modules/tsx ]] || fail "--pack needs node and node_modules (npm ci) on Linux x86-64"
  command -v xz >/dev/null || fail "--pack needs xz (apt-get install xz-utils)"
  shared="${SHADERLM_SHARED_DATA:-../shared/data}"
  rm -rf "$pack" && mkdir -p "$pack/shared-data" "$pack/vulkan"
  say "packing $(command -v node) ($(node --version))"
  xz -T0 -6 -c "$(command -v node)" > "$pack/node.xz"
  say "packing node_modules"
  tar -c "${unpacked_modules[@]/#/--exclude=node_modules/}" node_modules | xz -T0 -6 > "$pack/node_modules.tar.xz"
  for f in "${shared_files[@]}"; do
    [[ -e "$shared/$f" ]] || { say "warning: $shared/$f not found: the models that read it will be skipped"; continue; }
    mkdir -p "$pack/shared-data/$(dirname "$f")" && cp -R --no-preserve=mode "$shared/$f" "$pack/shared-data/$f"
  done
  if command -v apt-get >/dev/null; then
    (cd "$pack/vulkan" && apt-get download "${loader_debs[@]}" >/dev/null 2>&1) || say "warning: apt-get download ${loader_debs[*]} failed: bring those .debs into $pack/vulkan/ if the GPU machine has none"
  else
    say "warning: no apt-get: bring the .debs of ${loader_debs[*]} into $pack/vulkan/ if the GPU machine has none"
  fi
  say "wrote $pack/ ($(du -sh "$pack" | cut -f1)): copy the repository with it to the GPU machine and run bench/gpu.sh there"
  exit 0
fi

# 0. Node and node_modules, from .gpu-pack/ where the machine has none.
unxz_to() { if command -v python3 >/dev/null; then python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; else xz -dc "$1" > "$2"; fi; }
if ! command -v node >/dev/null && [[ -f $pack/node.xz ]]; then
  say "unpacking node from $pack/"
  mkdir -p "$pack/bin" && unxz_to "$pack/node.xz" "$pack/bin/node" && chmod +x "$pack/bin/node"
fi
[[ -x $pack/bin/node ]] && export PATH="$PWD/$pack/bin:$PATH"
if [[ ! -d node_modules/webgpu && -f $pack/node_modules.tar.xz ]]; then
  say "unpacking node_modules from $pack/"
  if command -v python3 >/dev/null; then python3 -m tarfile -e "$pack/node_modules.tar.xz" .; else tar -xJf "$pack/node_modules.tar.xz"; fi
fi
[[ -z "${SHADERLM_SHARED_DATA:-}" && ! -d ../shared/data && -d $pack/shared-data ]] && export SHADERLM_SHARED_DATA="$PWD/$pack/shared-data"
command -v node >/dev/null || fail "node is not installed (Node >= 20.19 is needed), and there is no $pack/ (bench/gpu.sh --pack makes one)"
[[ -d node_modules/webgpu && -d node_modules/tsx ]] || fail "node_modules is missing or incomplete (webgpu, tsx): copy the repository with its node_modules, or with $pack/ (bench/gpu.sh --pack)"

# 1. An NVIDIA GPU.
command -v nvidia-smi >/dev/null || fail "no nvidia-smi: this is not an NVIDIA GPU machine (for SwiftShader, run npm run bench -- --node)"
gpu_name="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -n 1)" ||
  fail "nvidia-smi found no GPU: $(nvidia-smi 2>&1 | head -n 3)"
[[ -n "$gpu_name" ]] || fail "nvidia-smi lists no GPU"
say "GPU: $gpu_name"

# 2. The Vulkan loader and the NVIDIA ICD, whose library (libGLX_nvidia.so.0) needs libGLdispatch.
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [[ -d $d ]] && export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; done
if ! ldconfig -p | grep -q 'libvulkan\.so\.1' || ! ldconfig -p | grep -q 'libGLdispatch\.so\.0'; then
  shopt -s nullglob
  debs=("$pack"/vulkan/*.deb .gl/*.deb)
  shopt -u nullglob
  [[ ${#debs[@]} -gt 0 ]] || fail "no Vulkan loader (libvulkan.so.1) or GL dispatch (libGLdispatch.so.0), and no $pack/vulkan/*.deb or .gl/*.deb to unpack: bring ${loader_debs[*]} (apt-get download)"
  say "unpacking the Vulkan loader and GL dispatch libraries: ${debs[*]}"
  for f in "${debs[@]}"; do dpkg -x "$f" /; done
  ldconfig
  ldconfig -p | grep -q 'libvulkan\.so\.1' || fail "unpacked ${debs[*]} but ldconfig still finds no libvulkan.so.1"
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
if ! adapter="$(node_modules/.bin/tsx bench/adapter.ts)"; then
  # What the next try needs to know: the ICD and whether its library and the dispatch libraries resolve.
  for f in ${VK_DRIVER_FILES:-} /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json; do [[ -f $f ]] && { say "ICD $f:"; cat "$f" >&2; }; done
  say "NVIDIA libraries: $(ls /usr/local/nvidia/lib64 /usr/local/nvidia/lib 2>/dev/null | grep -E 'GLX_nvidia|vulkan|GLdispatch' | tr '\n' ' ')"
  say "ldconfig: $(ldconfig -p | grep -E 'libvulkan|GLdispatch|GLX' | awk '{print $1}' | tr '\n' ' ')"
  fail "Dawn's adapter is not a GPU (or none was found): ${adapter:-see the error above}"
fi
say "adapter: $adapter"

# 4. The benchmark, in stages: name, time limit (s), options. GPU timings are steady, so each
# kernel measurement runs 0.2 s (0.5 on SwiftShader) and alternates once with the probe; the model
# stages measure the probes again at 0.2 s too (at 0.5 s they took 25-30 s of each stage's limit).
mkdir -p "$out_dir"
nvidia-smi > "$out_dir/nvidia-smi.txt" 2>&1 || true
echo "$adapter" > "$out_dir/adapter.json"
stages=(
  "kernels|190|--models none --target 0.2 --alternate 1"
  "gpt2-124m|120|--models gpt2-124m --dtypes f32,f16,q8_0,q4_0 --cases none --target 0.2"
  "small|70|--models gpt2-4x256,stories260K,tinystories656K --cases none --target 0.2"
  "llama-1b|100|--models llama-1b --dtypes q4_0,f16 --cases none --target 0.2"
  "kquants|40|--models gpt2-124m --dtypes q4_K,q5_K,q6_K --cases none --target 0.2"
)
# GPU_STAGES replaces them for a short, targeted run: stages as above, separated by ';'.
if [[ -n "${GPU_STAGES:-}" ]]; then
  stages=()
  IFS=';' read -ra picked <<<"$(tr '\n' ';' <<<"$GPU_STAGES")"
  for stage in "${picked[@]}"; do
    stage="$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$stage")"
    [[ -z "$stage" ]] && continue
    [[ "$stage" =~ ^[A-Za-z0-9_-]+\|[0-9]+\| ]] || fail "GPU_STAGES: '$stage' is not name|seconds|bench options"
    stages+=("$stage")
  done
  [[ ${#stages[@]} -gt 0 ]] || fail "GPU_STAGES names no stage"
fi
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
