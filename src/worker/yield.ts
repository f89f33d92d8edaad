// Yield to the worker's event loop (a macrotask, without setTimeout's clamping), so messages such as a cancel
// request are handled between denoiser calls even when a whole solve otherwise chains microtasks only.
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
