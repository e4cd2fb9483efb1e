import { createServer } from 'node:net';

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

/** `count` consecutive TCP ports free right now on all addresses; returns the first. */
export async function freePortRun(count: number): Promise<number> {
  const canListen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, () => s.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await freePort();
    if (first + count > 65536) continue;
    let free = true;
    for (let p = first; free && p < first + count; p++) free = await canListen(p);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
