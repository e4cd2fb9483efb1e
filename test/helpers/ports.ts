import { createServer } from 'node:net';
import { listenError } from '../../scripts/dev-ports';

/** A TCP port free right now on 127.0.0.1 (the OS picks it), for a server a test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * `count` consecutive TCP ports free right now, for servers a process started later binds (seconds
 * later: after its PostgreSQL and Temporal). Below Linux's ephemeral range (32768+), so that no
 * outgoing connection or OS-picked port (the Temporal dev server's own) takes one meanwhile.
 */
export async function freeStablePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * (10_000 - count));
    let free = true;
    for (let p = first; free && p < first + count; p++) free = (await listenError(p)) === undefined && (await listenError(p, '127.0.0.1')) === undefined;
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found below the ephemeral range`);
}
