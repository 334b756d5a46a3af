/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits (0 when it stopped cleanly). A second
 * signal while stopping exits at once, for an operator who does not want to wait.
 */
export function onShutdown(stop: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const timer = setTimeout(() => {
      console.error(`still stopping after ${graceMs} ms: exiting`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
