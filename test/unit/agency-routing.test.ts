import { catalogueInForceOn } from '../../domain/catalogue';
import { loadConfig } from '../../platform/config';
import { describeRouting, mergeEndpoints, routeAgencies } from '../../scripts/agency-routing';

// The sample province's offices and agencies open on a day of the current (two-level) version.
const catalogue = catalogueInForceOn('2026-11-25');
/** AGENCY_ENDPOINTS as npm start reads it, defaults applied. */
const configured = (value: unknown) => loadConfig({ AGENCY_ENDPOINTS: JSON.stringify(value) }).AGENCY_ENDPOINTS;
const simulatorEndpoint = (port: number) => ({ baseUrl: `http://127.0.0.1:${port}`, token: 'dev-simulator-inbound-token', timeoutMs: 5000, answers: 'callback' as const, pollSeconds: 5 });
const served = (routing: ReturnType<typeof routeAgencies>) => Object.fromEntries(routing.simulated.map((s) => [s.kind.kind, s.agencies]));

describe('npm start: which system serves each agency', () => {
  it('When AGENCY_ENDPOINTS is empty, then the four simulators serve every agency of the catalogue', () => {
    expect(served(routeAgencies(catalogue, {}))).toEqual({
      'civil-status': ['CIVIL-BA-DINH', 'CIVIL-HOAN-KIEM'],
      police: ['POLICE-BA-DINH', 'POLICE-HOAN-KIEM'],
      'social-insurance': ['VSS-HA-NOI'],
      'social-protection-merit': ['SOCIAL-BA-DINH', 'MERIT-BA-DINH', 'SOCIAL-HOAN-KIEM', 'MERIT-HOAN-KIEM'],
    });
  });

  it('When AGENCY_ENDPOINTS names an agency, then its simulator no longer serves it and a kind left with no agency is not started', () => {
    const routing = routeAgencies(catalogue, configured({ 'POLICE-BA-DINH': { baseUrl: 'https://police.example' }, 'VSS-HA-NOI': { baseUrl: 'https://vss.example', answers: 'poll' } }));
    expect(served(routing)).toEqual({
      'civil-status': ['CIVIL-BA-DINH', 'CIVIL-HOAN-KIEM'],
      police: ['POLICE-HOAN-KIEM'],
      'social-protection-merit': ['SOCIAL-BA-DINH', 'MERIT-BA-DINH', 'SOCIAL-HOAN-KIEM', 'MERIT-HOAN-KIEM'],
    });
  });

  it('When endpoints are merged, then a configured endpoint wins over the simulator of its agency and the others keep theirs', () => {
    const external = configured({ 'POLICE-BA-DINH': { baseUrl: 'https://police.example', token: 'real-token', answers: 'poll', pollSeconds: 30 } });
    const merged = mergeEndpoints({ 'POLICE-BA-DINH': simulatorEndpoint(7102), 'POLICE-HOAN-KIEM': simulatorEndpoint(7102) }, external);
    expect(merged).toEqual({
      'POLICE-BA-DINH': { baseUrl: 'https://police.example', token: 'real-token', timeoutMs: 10_000, answers: 'poll', pollSeconds: 30 },
      'POLICE-HOAN-KIEM': simulatorEndpoint(7102),
    });
  });

  it('When the routing is printed, then each agency names its system, tokens and URL credentials stay hidden, and unknown codes are flagged', () => {
    const external = configured({
      'POLICE-BA-DINH': { baseUrl: 'https://user:secret@police.example/lt', token: 'real-token', answers: 'poll', pollSeconds: 30 },
      'POLICE-NOWHERE': { baseUrl: 'https://nowhere.example' },
    });
    const routing = routeAgencies(catalogue, external);
    const simulated = Object.fromEntries(routing.simulated.flatMap((s) => s.agencies.map((code) => [code, simulatorEndpoint(7100)])));
    const lines = describeRouting(catalogue, routing, mergeEndpoints(simulated, external));
    expect(lines).toHaveLength(catalogue.agencies.length + 1);
    expect(lines.find((l) => l.includes('POLICE-BA-DINH'))).toMatch(/AGENCY_ENDPOINTS\s+https:\/\/\*\*\*@police\.example\/lt\s+\(answers: poll every 30 s\)/);
    expect(lines.find((l) => l.includes('POLICE-HOAN-KIEM'))).toMatch(/simulator police\s+http:\/\/127\.0\.0\.1:7100\s+\(answers: callback\)/);
    expect(lines.find((l) => l.includes('POLICE-NOWHERE'))).toMatch(/not in the catalogue/);
    expect(lines.join('\n')).not.toMatch(/real-token|secret|dev-simulator-inbound-token/);
  });
});
