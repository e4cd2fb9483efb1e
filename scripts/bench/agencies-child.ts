// The four agency simulators in a process of their own, standing in for the agencies' systems
// (outside the engine in any deployment), answering at once. Started by scripts/bench.ts.
import pino from 'pino';
import { agenciesForKind, createSimulator, Simulator, SIMULATOR_KINDS } from '../../agencies';
import { catalogueInForceOn, localDateOf, useOrganisation } from '../../domain';
import { requireProvinceData } from '../../platform/province-data';
import { serveChild } from './ipc';

export interface AgenciesChildConfig {
  engineUrl: string;
  /** Agency code → its API key. */
  agencyKeys: Record<string, string>;
  inboundToken: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as AgenciesChildConfig;
const running: Simulator[] = [];

serveChild({
  start: async () => {
    useOrganisation(requireProvinceData());
    const catalogue = catalogueInForceOn(localDateOf(new Date()));
    const endpoints: Record<string, string> = {};
    for (const kind of SIMULATOR_KINDS) {
      const served = agenciesForKind(catalogue, kind);
      const simulator = createSimulator(
        {
          name: kind.kind,
          agencies: served,
          mode: 'auto',
          engineUrl: config.engineUrl,
          agencyKeys: Object.fromEntries(served.map((c) => [c, config.agencyKeys[c]!])),
          delayMs: 0,
          refuseShare: 0,
          supplementShare: 0,
          inboundToken: config.inboundToken,
          retryBaseMs: 200,
        },
        { logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }) },
      );
      const { url } = await simulator.start(0);
      running.push(simulator);
      for (const code of served) endpoints[code] = url;
    }
    return { endpoints };
  },
  stop: async () => {
    for (const s of running) await s.stop();
  },
});
