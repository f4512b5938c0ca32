// Mapping a buffer for reading without spinning a host core. Node's Dawn (the `webgpu` package)
// resolves a map or onSubmittedWorkDone by polling its events with setImmediate for as long as
// one is pending, so a host core spins through the whole wait: about 500 polls a TinyStories-656K
// token on SwiftShader, whose "GPU" is threads on those same cores (docs/BENCHMARKS.md, "Node's
// busy wait"). A browser page does not spin: its GPU process answers it. Where the host spins, a
// map is asked for and given a couple of turns of the event loop (Dawn answers a map whose work
// has landed at its first poll); when the work has not landed, the map is withdrawn (unmap()
// aborts a pending map) and asked for again after a sleep: 0.1 ms, doubling to a millisecond,
// so that a short wait (a fast GPU's step) is seen within a fraction of its length and a long
// one (a software adapter's) costs a poll a millisecond instead of a core.

import { nextTurn } from '../next-turn.js';
import { MapMode, Usage } from './flags.js';

/**
 * Awaiting GPU work keeps a host core busy: WebGPU from Dawn's Node package, which is where
 * navigator.gpu is missing (a browser page or worker has it).
 */
export const WAITS_SPIN = typeof navigator === 'undefined' || !('gpu' in navigator);

/**
 * Turns of the event loop a map is given before it is withdrawn: 2, and one more every 32
 * withdrawals (about 30 ms), so that a driver whose answers take more than a poll (not seen:
 * SwiftShader answers at the first, 40 of 40) makes a wait slower, never endless.
 */
const POLL_TURNS = 2;
const WITHDRAWALS_PER_EXTRA_TURN = 32;
/** The first sleep between asks, doubling up to LONGEST_SLEEP_MS. */
const FIRST_SLEEP_MS = 0.1;
/** Node's timers run in whole milliseconds: shorter sleeps block the thread instead (Atomics.wait), at most 0.1 + 0.2 + 0.4 + 0.8 ms a wait. */
const LONGEST_SLEEP_MS = 1;

/**
 * Maps `size` bytes of `buffer` from `offset` (default: all of it) for reading, once the work
 * submitted before has landed. `destroyed` says whether the caller destroyed the buffer meanwhile:
 * a map asked of a destroyed buffer would be a validation error on the device, so the wait ends
 * with an AbortError instead, as a pending map does when its buffer is destroyed.
 */
export async function mapForReading(buffer: GPUBuffer, destroyed: () => boolean, offset?: number, size?: number): Promise<void> {
  if (!WAITS_SPIN) return buffer.mapAsync(MapMode.READ, offset, size);
  for (let withdrawals = 0, sleep = FIRST_SLEEP_MS; ; withdrawals++, sleep = Math.min(2 * sleep, LONGEST_SLEEP_MS)) {
    if (destroyed()) throw new DOMException(`${buffer.label || 'a buffer'} was destroyed while its map was awaited`, 'AbortError');
    const ask: { answered: boolean; failure?: unknown } = { answered: false };
    const map = buffer.mapAsync(MapMode.READ, offset, size).then(() => { ask.answered = true; }, (e: unknown) => { ask.failure = e; });
    const turns = POLL_TURNS + Math.floor(withdrawals / WITHDRAWALS_PER_EXTRA_TURN);
    for (let turn = 0; turn < turns && !ask.answered && ask.failure === undefined; turn++) await nextTurn();
    if (ask.answered) return;
    if (ask.failure !== undefined) throw ask.failure; // not withdrawn: a lost device, or the buffer destroyed
    buffer.unmap(); // withdraws the map: it fails with an AbortError (and were it mapped meanwhile, unmap undid that)
    await map;
    if (ask.failure !== undefined && !isAbort(ask.failure)) throw ask.failure;
    if (!(sleep < LONGEST_SLEEP_MS && block(sleep))) await new Promise((resolve) => setTimeout(resolve, LONGEST_SLEEP_MS));
  }
}

/**
 * Resolves once the work submitted so far has landed: the queue's onSubmittedWorkDone, or where
 * waits spin, a 4-byte buffer cleared after that work and mapped by mapForReading.
 */
export async function queueDone(device: GPUDevice): Promise<void> {
  if (!WAITS_SPIN) return device.queue.onSubmittedWorkDone();
  const marker = device.createBuffer({ label: 'queue marker', size: 4, usage: Usage.MAP_READ | Usage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'queue marker' });
    encoder.clearBuffer(marker);
    device.queue.submit([encoder.finish({ label: 'queue marker' })]);
    await mapForReading(marker, () => false); // its own: destroyed only below
  } finally {
    marker.destroy();
  }
}

/** A word nobody changes, for Atomics.wait to sleep on (made on first use: a page that is not cross-origin isolated has no SharedArrayBuffer). */
let pause: Int32Array | undefined;

/** Sleeps `ms` with the thread blocked; false where that is not allowed (a thread that may not block, no SharedArrayBuffer). */
export function block(ms: number): boolean {
  try {
    pause ??= new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(pause, 0, 0, ms);
    return true;
  } catch {
    return false;
  }
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
