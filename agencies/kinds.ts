import { AgencyRole, Catalogue } from '../domain/catalogue';

export interface SimulatorKind {
  kind: string;
  name: { vi: string; en: string };
  /** Catalogue agency roles this simulator answers for; the launcher maps agencies to simulators by role. */
  roles: readonly AgencyRole[];
  /** Port `npm run simulator` listens on when SIMULATOR_KIND is set and PORT is not. */
  defaultPort: number;
}

/** The four standard simulators. Social protection and merit share one: one provincial labour department runs both. */
export const SIMULATOR_KINDS = [
  {
    kind: 'civil-status',
    name: { vi: 'Hệ thống hộ tịch (mô phỏng)', en: 'Civil-status system (simulated)' },
    roles: ['civil-status'],
    defaultPort: 7101,
  },
  {
    kind: 'police',
    name: { vi: 'Hệ thống cư trú của Công an (mô phỏng)', en: 'Police residence system (simulated)' },
    roles: ['police'],
    defaultPort: 7102,
  },
  {
    kind: 'social-insurance',
    name: { vi: 'Hệ thống Bảo hiểm xã hội (mô phỏng)', en: 'Social-insurance system (simulated)' },
    roles: ['social-insurance'],
    defaultPort: 7103,
  },
  {
    kind: 'social-protection-merit',
    name: { vi: 'Hệ thống bảo trợ xã hội và người có công (mô phỏng)', en: 'Social-protection and merit system (simulated)' },
    roles: ['social-protection', 'merit'],
    defaultPort: 7104,
  },
] as const satisfies readonly SimulatorKind[];

export type SimulatorKindName = (typeof SIMULATOR_KINDS)[number]['kind'];

export function findSimulatorKind(kind: string): SimulatorKind | undefined {
  return SIMULATOR_KINDS.find((k) => k.kind === kind);
}

/** The standard simulator that serves a role (every role has exactly one). */
export function simulatorKindForRole(role: AgencyRole): SimulatorKind {
  const found = SIMULATOR_KINDS.find((k) => (k.roles as readonly AgencyRole[]).includes(role));
  if (!found) throw new RangeError(`no simulator serves role ${role}`);
  return found;
}

/** Agency codes of a catalogue that a simulator kind serves. */
export function agenciesForKind(catalogue: Catalogue, kind: SimulatorKind): string[] {
  return catalogue.agencies.filter((a) => kind.roles.includes(a.role)).map((a) => a.code);
}
