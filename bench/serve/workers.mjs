// Runs `serve` in this process, or with workers > 1 in that many processes
// forked with node:cluster, sharing the listening socket; SIGTERM/SIGINT
// to the primary stops them all. Shared by node_server.mjs and node_plain.mjs.
import cluster from 'node:cluster';

export function runWorkers(workers, serve) {
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    const stop = () => {
      for (const w of Object.values(cluster.workers)) w.kill();
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } else {
    serve();
  }
}
