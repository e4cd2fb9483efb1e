import { dispatchKey, dispatchStatusPath, dispatchStatusSchema } from '../../domain/agency-contract';
import { loadConfig } from '../../platform/config';

const CASE = '001.01.01.H29-250115-0001';
const base = { caseCode: CASE, stepId: 'death-registration', agencyCode: 'CIVIL-BA-DINH', resubmission: 0 };
const pathsOf = (value: unknown): string[] => {
  const parsed = dispatchStatusSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('dispatch status schema', () => {
  it.each([
    ['recorded', { ...base, state: 'recorded' }],
    ['cancelled', { ...base, state: 'cancelled' }],
    ['a completion', { ...base, state: 'answered', answer: { action: 'complete', body: { result: { extractNumber: '07/2025', extractDate: '2025-01-15' } } } }],
    ['a refusal', { ...base, state: 'answered', answer: { action: 'reject', body: { reasonCode: 'NOT_COMPETENT', reason: 'Không thuộc thẩm quyền' } } }],
    ['a supplement request', { ...base, state: 'answered', answer: { action: 'request-supplement', body: { items: [{ code: 'death-notice', description: 'Giấy báo tử' }] } } }],
    ['fields the engine does not know', { ...base, state: 'recorded', receiptId: 'rcpt-1' }],
  ])('When an agency reports %s, then the status is accepted', (_what, status) => {
    expect(pathsOf(status)).toEqual([]);
  });

  it('When a status is answered without its answer, or carries one while not answered, then the answer is named', () => {
    expect(pathsOf({ ...base, state: 'answered' })).toEqual(['answer']);
    expect(pathsOf({ ...base, state: 'recorded', answer: { action: 'reject', body: { reasonCode: 'NOT_COMPETENT', reason: 'Không thuộc thẩm quyền' } } })).toEqual(['answer']);
  });

  it('When an answer body is not what the engine accepts for that action, then every bad field is named', () => {
    expect(pathsOf({ ...base, state: 'answered', answer: { action: 'reject', body: { reasonCode: 'lower', reason: 'x' } } }).sort()).toEqual([
      'answer.body.reason',
      'answer.body.reasonCode',
    ]);
    expect(pathsOf({ ...base, state: 'answered', answer: { action: 'complete', body: { extractNumber: '07/2025' } } })).toEqual(['answer.body.result', 'answer.body']);
    expect(pathsOf({ ...base, state: 'answered', answer: { action: 'approve', body: {} } })).toEqual(['answer.action']);
  });

  it('When the state or the routing facts are wrong, then each is named', () => {
    expect(pathsOf({ caseCode: 'bad code', stepId: 'bad step', resubmission: -1, state: 'answer-failed' }).sort()).toEqual(['agencyCode', 'caseCode', 'resubmission', 'state', 'stepId']);
  });

  it('When a dispatch key holds characters a path cannot, then the status path encodes them', () => {
    expect(dispatchStatusPath(dispatchKey(CASE, 'death-registration', 2))).toBe('/v1/dispatches/001.01.01.H29-250115-0001%3Adeath-registration%3Aresubmission-2');
    expect(dispatchStatusPath('a/b?c#d')).toBe('/v1/dispatches/a%2Fb%3Fc%23d');
  });
});

describe('agency endpoint configuration', () => {
  const endpoints = (value: unknown) => loadConfig({ AGENCY_ENDPOINTS: JSON.stringify(value) }).AGENCY_ENDPOINTS;

  it('When an endpoint names no answer mode, then the agency answers by callback and would be asked every 60 s', () => {
    expect(endpoints({ 'POLICE-BA-DINH': { baseUrl: 'https://police.example' } })['POLICE-BA-DINH']).toEqual({
      baseUrl: 'https://police.example',
      timeoutMs: 10_000,
      answers: 'callback',
      pollSeconds: 60,
    });
  });

  it('When an endpoint is polled, then its interval is kept', () => {
    expect(endpoints({ 'POLICE-BA-DINH': { baseUrl: 'https://police.example', answers: 'poll', pollSeconds: 5 } })['POLICE-BA-DINH']).toMatchObject({ answers: 'poll', pollSeconds: 5 });
  });

  it('When the answer mode or the interval is invalid, then the configuration names both', () => {
    expect(() => endpoints({ 'POLICE-BA-DINH': { baseUrl: 'https://police.example', answers: 'push', pollSeconds: 4 } })).toThrow(
      /AGENCY_ENDPOINTS\.POLICE-BA-DINH\.answers[\s\S]*AGENCY_ENDPOINTS\.POLICE-BA-DINH\.pollSeconds/,
    );
  });
});
