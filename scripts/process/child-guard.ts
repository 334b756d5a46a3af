/**
 * Preloaded into every supervised child (`--import`): when the parent goes away without stopping it
 * (killed with SIGKILL, crashed), the IPC channel closes; the child then stops itself as on SIGTERM, so
 * that no orphan keeps a port or a store open.
 */
if (process.send) {
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
}
