import pino from 'pino';
import { createSimulator, Simulator } from '../../agencies';
import { deathRequest, OFFICE, todayInVietnam } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// npm start's AGENCY_ENDPOINTS override, on the system it starts (scripts/dev-system.ts).

const TOKEN = 'external-agency-token';

describe('an agency given its own endpoint', () => {
  let sys: TestSystem;
  let external: Simulator;

  beforeAll(async () => {
    // Stands in for a real civil-status system a developer points npm start at.
    external = createSimulator({ name: 'external-civil', agencies: ['CIVIL-BA-DINH'], mode: 'manual', inboundToken: TOKEN }, { logger: pino({ level: 'silent' }) });
    const { url } = await external.start(0);
    sys = await startTestSystem({ mode: 'manual', agencyEndpoints: { 'CIVIL-BA-DINH': { baseUrl: url, token: TOKEN, timeoutMs: 5000, answers: 'callback', pollSeconds: 60 } } });
  });
  afterAll(async () => {
    await sys?.stop();
    await external?.stop();
  });

  test('When AGENCY_ENDPOINTS names an agency, then its steps go to that endpoint and its simulator no longer serves it', async () => {
    expect(sys.simulators['civil-status']?.simulator.config.agencies).toEqual(['CIVIL-HOAN-KIEM']);
    expect(sys.endpoints['CIVIL-BA-DINH']?.baseUrl).not.toBe(sys.simulators['civil-status']?.url);
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    const completed = await sys.actAsAgency(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { extractNumber: '01/2026', extractDate: todayInVietnam() } });
    expect(completed.status).toBe(200);
    expect(external.records()).toEqual([expect.objectContaining({ caseCode, stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', deliveries: 1 })]);
    expect(sys.simulators['civil-status']?.simulator.records()).toEqual([]);
    // The agencies left to the simulators are still served by them.
    await sys.actAsAgency(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: todayInVietnam() } });
    expect(sys.simulators['police']?.simulator.records()).toEqual([expect.objectContaining({ caseCode, agencyCode: 'POLICE-BA-DINH' })]);
    await sys.waitForCase(caseCode, ['COMPLETED']);
  });
});
