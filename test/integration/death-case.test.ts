import { deathRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';

const DEATH_EXTRACT = { extractNumber: '12/2026', extractDate: '2026-11-25', registerBook: 'KT-01' };
const BENEFIT = { decisionNumber: 'QĐ-123', decisionDate: '2026-11-26', amountVnd: 23_400_000, paymentMethod: 'bank-transfer' };

describe('a linked death-group case through the HTTP API', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const agency = (code: string) => sys.keys.agencies[code]!;

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  async function open(body = deathRequest()) {
    const res = await sys.call('POST', '/v1/cases', { key: desk(), body });
    expect(res.status).toBe(201);
    return res.body;
  }

  const stepOf = async (caseCode: string, stepId: string) =>
    (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body.steps.find((s: any) => s.stepId === stepId);

  async function act(caseCode: string, stepId: string, action: string, agencyCode: string, body: unknown) {
    // The agency can act once the step is dispatched to it.
    await waitFor(async () => ((await stepOf(caseCode, stepId))?.status === 'DISPATCHED' ? true : undefined), `${stepId} dispatched`);
    return sys.call('POST', `/v1/cases/${caseCode}/steps/${stepId}/${action}`, { key: agency(agencyCode), body });
  }

  test('When all four procedures complete, then the case is COMPLETED and the death extract went forward', async () => {
    const created = await open();
    expect(created.caseCode).toMatch(/^001\.01\.01\.H29-\d{6}-\d{4}$/);
    expect(created.status).toBe('RECEIVED');
    expect(created.appointmentAt).toBeTruthy();
    expect(created.steps.map((s: any) => [s.stepId, s.agencyCode])).toEqual(
      expect.arrayContaining([
        ['death-registration', 'CIVIL-BA-DINH'],
        ['residence-deregistration', 'POLICE-BA-DINH'],
        ['funeral-allowance', 'VSS-HA-NOI'],
        ['survivor-allowance', 'VSS-HA-NOI'],
      ]),
    );
    const code = created.caseCode;

    const done = await act(code, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: DEATH_EXTRACT });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ stepId: 'death-registration', status: 'COMPLETED' });

    await act(code, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: '2026-11-26' } });
    await act(code, 'funeral-allowance', 'complete', 'VSS-HA-NOI', { result: BENEFIT });
    await act(code, 'survivor-allowance', 'complete', 'VSS-HA-NOI', { result: BENEFIT });

    const final = await sys.waitForCase(code, ['COMPLETED']);
    expect(final.steps.every((s: any) => s.status === 'COMPLETED')).toBe(true);
    expect(final.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['RECEIVED', 'DISPATCHED', 'COMPLETED', 'CLOSED']));

    // The police got the death extract number and date with its dispatch.
    const police = sys.simulators['police']!.simulator.records().filter((r) => r.caseCode === code);
    expect(police).toHaveLength(1);
    expect(police[0]!.upstreamResults).toEqual({ 'death-registration': { extractNumber: '12/2026', extractDate: '2026-11-25' } });
    const civil = sys.simulators['civil-status']!.simulator.records().filter((r) => r.caseCode === code);
    expect(civil).toHaveLength(1);
  });
});
