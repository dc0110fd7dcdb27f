// `npm start`: runs Capstan until SIGTERM / SIGINT, then stops in order (stop accepting, end
// watches, finish in-flight requests, flush storage) and exits 0.
import { startApiServer } from './api-server.js';
import { flagErrorExitCode, parseServerFlags } from './options.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseServerFlags(process.argv.slice(2));
  } catch (err) {
    process.exit(flagErrorExitCode(err));
  }
  const started = performance.now();
  const server = await startApiServer(options);
  const ms = Math.round(performance.now() - started);
  const storage = options.etcdServers ? `etcd ${options.etcdServers.join(',')}` : options.dataDir ? `embedded, ${options.dataDir}` : 'in memory';
  console.log(`capstan: serving on ${server.url} (storage: ${storage}; ready in ${ms} ms)`);
  if (server.kubeconfigPath) console.log(`capstan: admin kubeconfig: ${server.kubeconfigPath}\n  export KUBECONFIG=${server.kubeconfigPath}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`capstan: ${signal}: shutting down`);
    const timer = setTimeout(() => {
      console.error('capstan: shutdown took too long; exiting');
      process.exit(1);
    }, (options.shutdownDelaySeconds + 5) * 1000);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('capstan: error while shutting down:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('capstan: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
