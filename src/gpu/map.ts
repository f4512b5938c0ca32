// Mapping a buffer for reading without spinning a host core. Node's Dawn (the `webgpu` package)
// resolves a map or onSubmittedWorkDone by polling its events with setImmediate for as long as
// one is pending, so a host core spins through the whole wait: about 500 polls a TinyStories-656K
// token on SwiftShader, whose "GPU" is threads on those same cores (docs/BENCHMARKS.md, "Node's
// busy wait"). A browser page does not spin: its GPU process answers it. Where the host spins, a
// map is asked for and given a couple of turns of the event loop (Dawn answers a map whose work
// has landed at its first poll); when the work has not landed, the map is withdrawn (unmap()
// aborts a pending map) and asked for again after a millisecond's sleep: Dawn polls once a
// millisecond instead of nonstop.

import { MapMode } from './flags.js';

/**
 * Awaiting GPU work keeps a host core busy: WebGPU from Dawn's Node package, which is where
 * navigator.gpu is missing (a browser page or worker has it).
 */
export const WAITS_SPIN = typeof navigator === 'undefined' || !('gpu' in navigator);

/** Turns of the event loop a map is given before it is withdrawn. */
const POLL_TURNS = 2;
/** The sleep between asks (Node's timers run in whole milliseconds). */
const SLEEP_MS = 1;

/**
 * Maps `size` bytes of `buffer` from `offset` (default: all of it) for reading, once the work
 * submitted before has landed. `destroyed` says whether the caller destroyed the buffer meanwhile:
 * a map asked of a destroyed buffer would be a validation error on the device, so the wait ends
 * with an AbortError instead, as a pending map does when its buffer is destroyed.
 */
export async function mapForReading(buffer: GPUBuffer, destroyed: () => boolean, offset?: number, size?: number): Promise<void> {
  if (!WAITS_SPIN) return buffer.mapAsync(MapMode.READ, offset, size);
  for (;;) {
    if (destroyed()) throw new DOMException(`${buffer.label || 'a buffer'} was destroyed while its map was awaited`, 'AbortError');
    const ask: { answered: boolean; failure?: unknown } = { answered: false };
    const map = buffer.mapAsync(MapMode.READ, offset, size).then(() => { ask.answered = true; }, (e: unknown) => { ask.failure = e; });
    for (let turn = 0; turn < POLL_TURNS && !ask.answered && ask.failure === undefined; turn++) await nextTurn();
    if (ask.answered) return;
    if (ask.failure !== undefined) throw ask.failure; // not withdrawn: a lost device, or the buffer destroyed
    buffer.unmap(); // withdraws the map: it fails with an AbortError (and were it mapped meanwhile, unmap undid that)
    await map;
    if (ask.failure !== undefined && !isAbort(ask.failure)) throw ask.failure;
    await new Promise((resolve) => setTimeout(resolve, SLEEP_MS));
  }
}

/** After the callbacks queued now, Dawn's event poll among them (a host without setImmediate: a timer). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
