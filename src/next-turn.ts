// One turn of the event loop: after every callback queued now (in Node, Dawn's event poll among
// them). setImmediate where the host has it; elsewhere a message, since a browser's timers wait
// at least 4 ms once nested, which a loop of turns would pay each time.

export function nextTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
