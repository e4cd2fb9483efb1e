import { workflowInput } from '../../api/case-starter';
import { catalogueInForceOn } from '../../domain';
import { OFFICE } from '../helpers/requests';

// What a case's workflow is started with decides the rules it runs by for good (older cases replay
// by theirs): every rule added for new cases must be switched on here, whoever starts the case.

describe('workflowInput', () => {
  test('When a case is started (by its receipt or by the starter), then its polled answers are judged by every rule an answer sent is', () => {
    const catalogue = catalogueInForceOn('2026-12-07');
    const input = workflowInput(
      {
        caseCode: 'HS-001.01.01.H26-2612-000001',
        group: 'death',
        catalogueVersion: catalogue.version,
        officeCode: OFFICE,
        receivedAt: new Date('2026-12-07T02:00:00Z'),
        appointmentAt: new Date('2026-12-10T02:00:00Z'),
        steps: [{ stepId: 'death-registration', procedure: 'death-registration', agencyCode: 'CIVIL-BA-DINH', dependsOn: [], timeLimitWorkingDays: 1 }],
      },
      240,
      [],
      { dispatchAttempts: 5, answerPollAfterMs: 60_000 },
    );
    expect(input.operations).toEqual({ dispatchAttempts: 5, answerPollAfterMs: 60_000, pollsJudgeDates: true, pollsJudgeReceipt: true, pollsJudgeText: true });
    expect(input.clock).toEqual({ reminderLeadMinutes: 240, quietInsideLead: true });
  });
});
