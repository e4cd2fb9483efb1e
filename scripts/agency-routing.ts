import { agenciesForKind, SIMULATOR_KINDS, SimulatorKind } from '../agencies';
import type { Catalogue } from '../domain';
import type { AgencyEndpoint } from '../platform/config';

/**
 * Which agency system serves each agency in the development system: an agency given in
 * AGENCY_ENDPOINTS is served there (a real system, or one a developer runs by hand); every other
 * agency of the catalogue by the standard simulator of its role.
 */
export interface AgencyRouting {
  /** The simulators to start, each with the agencies left to it; a kind left with none is absent. */
  simulated: { kind: SimulatorKind; agencies: string[] }[];
  /** The configured endpoints, as given (also for codes the catalogue does not know). */
  configured: Record<string, AgencyEndpoint>;
}

export function routeAgencies(catalogue: Catalogue, configured: Record<string, AgencyEndpoint>): AgencyRouting {
  const simulated = SIMULATOR_KINDS.map((kind) => ({ kind, agencies: agenciesForKind(catalogue, kind).filter((code) => !configured[code]) })).filter((s) => s.agencies.length > 0);
  return { simulated, configured };
}

/** The endpoints the worker uses: the simulators' at their URLs, then the configured ones. */
export function mergeEndpoints(simulators: Record<string, AgencyEndpoint>, configured: Record<string, AgencyEndpoint>): Record<string, AgencyEndpoint> {
  return { ...simulators, ...configured };
}

/** A URL fit to print: credentials in it are masked. */
const printable = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

const answersOf = (e: AgencyEndpoint): string => (e.answers === 'poll' ? `answers: poll every ${e.pollSeconds} s` : 'answers: callback');

/** One line per agency, saying where its steps go (printed by npm start; never a token). */
export function describeRouting(catalogue: Catalogue, routing: AgencyRouting, endpoints: Record<string, AgencyEndpoint>): string[] {
  const simulatorOf = new Map(routing.simulated.flatMap((s) => s.agencies.map((code) => [code, s.kind.kind] as const)));
  const known = new Set(catalogue.agencies.map((a) => a.code));
  const line = (code: string, where: string, e: AgencyEndpoint | undefined, note = ''): string =>
    `  ${code.padEnd(22)} ${where.padEnd(34)} ${e ? `${printable(e.baseUrl)}   (${answersOf(e)})` : ''}${note}`;
  return [
    ...catalogue.agencies.map((a) => {
      const kind = simulatorOf.get(a.code);
      return kind ? line(a.code, `simulator ${kind}`, endpoints[a.code]) : line(a.code, 'AGENCY_ENDPOINTS', routing.configured[a.code]);
    }),
    ...Object.keys(routing.configured)
      .filter((code) => !known.has(code))
      .map((code) => line(code, 'AGENCY_ENDPOINTS', routing.configured[code], '   not in the catalogue: no step goes there')),
  ];
}
