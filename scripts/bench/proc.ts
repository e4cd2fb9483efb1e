import { readdirSync, readFileSync } from 'node:fs';

// Memory and CPU of a process we did not write a probe into (the engine's own API and worker
// entries), read from /proc every ~100 ms.

const MiB = 2 ** 20;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function rssBytes(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds the process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command: state is field 3; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface ProcessWatch {
  /** From now on, peaks and CPU count as "under load". */
  markLoaded(): void;
  /** peakRssReadyMiB: the peak before markLoaded (the process started, idle). */
  report(): { peakRssMiB: number; peakRssReadyMiB: number; peakRssLoadedMiB: number; cpuSecondsLoaded: number };
  stop(): void;
}

export function watchProcess(pid: number, everyMs = 100): ProcessWatch {
  let peak = 0;
  let peakLoaded = 0;
  let loaded = false;
  let cpuAtLoad = 0;
  let peakReady = 0;
  const sample = () => {
    const rss = rssBytes(pid) ?? 0;
    peak = Math.max(peak, rss);
    if (loaded) peakLoaded = Math.max(peakLoaded, rss);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    markLoaded: () => {
      sample();
      peakReady = peak;
      loaded = true;
      cpuAtLoad = cpuSeconds(pid);
    },
    report: () => {
      sample();
      return { peakRssMiB: peak / MiB, peakRssReadyMiB: (loaded ? peakReady : peak) / MiB, peakRssLoadedMiB: peakLoaded / MiB, cpuSecondsLoaded: cpuSeconds(pid) - cpuAtLoad };
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds used so far by every live process, by command name (`postgres`, `temporal`, `node`, …). */
export function cpuByCommand(): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.set(comm, (out.get(comm) ?? 0) + cpuSeconds(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
