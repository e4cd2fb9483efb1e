import pino from 'pino';
import { createSimulator, type Simulator } from '../../agencies';
import type { AgencyEndpoint } from '../../platform/config';
import { deathRequest, OFFICE } from '../helpers/requests';
import { keepHistory } from '../helpers/histories';
import { startTestSystem, TestSystem } from '../helpers/system';

// Nothing waits in silence: an answer lost on its way (the agency's callbacks failed for good while
// the API was unreachable) is fetched from the agency's system once the step has waited long
// enough, and an agency configured to be polled never calls back at all.

const TOKEN = 'dev-simulator-inbound-token';
const quiet = pino({ level: 'silent' });

describe('answers asked for', () => {
  let sys: TestSystem;
  // The Ba Đình civil-status system answers by callback, but to an engine address that is down:
  // every callback fails for good ('answer-failed'), as in an outage longer than its retries.
  const lostCivil: Simulator = createSimulator({
    name: 'civil-lost-answers',
    agencies: ['CIVIL-BA-DINH'],
    mode: 'auto',
    answers: 'callback',
    engineUrl: 'http://127.0.0.1:9',
    agencyKeys: { 'CIVIL-BA-DINH': 'ltk_unused_key_000000000000000000' },
    delayMs: 10,
    maxAttempts: 2,
    retryBaseMs: 50,
    inboundToken: TOKEN,
    seed: 3,
  }, { logger: quiet });
  // The Ba Đình police system never calls back: it is polled.
  const polledPolice: Simulator = createSimulator({ name: 'police-polled', agencies: ['POLICE-BA-DINH'], mode: 'auto', answers: 'poll', delayMs: 10, inboundToken: TOKEN, seed: 4 }, { logger: quiet });

  beforeAll(async () => {
    const civilUrl = (await lostCivil.start(0)).url;
    const policeUrl = (await polledPolice.start(0)).url;
    const endpoint = (baseUrl: string, answers: 'callback' | 'poll'): AgencyEndpoint => ({ baseUrl, token: TOKEN, timeoutMs: 5000, answers, pollSeconds: 5 });
    sys = await startTestSystem({
      mode: 'manual',
      agencyEndpoints: { 'CIVIL-BA-DINH': endpoint(civilUrl, 'callback'), 'POLICE-BA-DINH': endpoint(policeUrl, 'poll') },
      // A step waits 2 s for its answer before its agency is asked.
      operations: { dispatchAttempts: 3, answerPollAfterMs: 2_000 },
    });
  });
  afterAll(async () => {
    await sys?.stop();
    await lostCivil.stop();
    await polledPolice.stop();
  });

  test('When the civil-status answer is lost and the police are polled, then the engine fetches both answers and the case completes with them', async () => {
    const { caseCode } = await sys.openCase(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }), sys.keys.desk[OFFICE]);
    const done = await sys.waitForCase(caseCode, ['COMPLETED'], sys.keys.desk[OFFICE], 60_000);
    // The callback never arrived: the civil-status system holds its answer as failed to deliver.
    const civilRecord = lostCivil.records().find((r) => r.caseCode === caseCode)!;
    expect(civilRecord.state).toBe('answer-failed');
    // The police system was never asked for a callback at all.
    expect(polledPolice.records().find((r) => r.caseCode === caseCode)!.state).toBe('answered');
    const byStep = Object.fromEntries(done.steps.map((s: any) => [s.stepId, s]));
    expect(byStep['death-registration'].result).toMatchObject({ extractNumber: expect.any(String) });
    expect(byStep['residence-deregistration'].result).toMatchObject({ deregisteredOn: expect.any(String) });
    // The answers count as the agencies' own in the timeline.
    expect(done.timeline.filter((e: any) => e.type === 'COMPLETED').map((e: any) => e.actor).sort()).toEqual(['agency:CIVIL-BA-DINH', 'agency:POLICE-BA-DINH']);
    // The asks are named in the Temporal UI.
    const history = await sys.client.workflow.getHandle(caseCode).fetchHistory();
    const asks = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'pollStep');
    expect(asks.length).toBeGreaterThanOrEqual(2);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-polled-text.json');
  });
});
