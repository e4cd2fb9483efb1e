import { addDays } from '../../domain';
import { deathRequest, OFFICE, receiptDay } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { keepHistory } from '../helpers/histories';

/** Results dated the day the case was received (never before it, never after today). */
const deathExtract = (caseCode: string) => ({ extractNumber: '12/2026', extractDate: receiptDay(caseCode), registerBook: 'KT-01' });
const benefit = (caseCode: string) => ({ decisionNumber: 'QĐ-123', decisionDate: receiptDay(caseCode), amountVnd: 23_400_000, paymentMethod: 'bank-transfer' });

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

  const open = (body: unknown = deathRequest()) => sys.openCase(body, desk());

  const stepOf = async (caseCode: string, stepId: string) =>
    (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body.steps.find((s: any) => s.stepId === stepId);

  const act = (caseCode: string, stepId: string, action: string, agencyCode: string, body: unknown) => sys.actAsAgency(caseCode, stepId, action, agencyCode, body);

  test('When all four procedures complete, then the case is COMPLETED and the death extract went forward', async () => {
    const created = await open();
    expect(created.caseCode).toMatch(/^001\.01\.01\.H26-\d{6}-\d{4}$/);
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

    // An extract dated ahead is refused by the workflow's validator, naming the field; the step stays open.
    const ahead = await act(code, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { ...deathExtract(code), extractDate: '2099-01-01' } });
    expect(ahead.status).toBe(422);
    expect(ahead.body.errors).toEqual([{ path: 'result.extractDate', message: expect.stringMatching(/^must not be after today \(\d{4}-\d{2}-\d{2}\)$/) }]);
    // So is one dated before the case was received (a year 0000 or 1900 typed by mistake, or the day before).
    for (const extractDate of ['0000-01-01', '1900-01-01', addDays(receiptDay(code), -1)]) {
      const before = await act(code, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: { ...deathExtract(code), extractDate } });
      expect({ extractDate, status: before.status, errors: before.body.errors }).toEqual({
        extractDate,
        status: 422,
        errors: [{ path: 'result.extractDate', message: `must not be before the case was received (${receiptDay(code)})` }],
      });
    }
    const done = await act(code, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: deathExtract(code) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ stepId: 'death-registration', status: 'COMPLETED' });

    // While its step is open, the police's officers read the dossier its dispatch carried (whose death
    // they deregister), logged as every dossier read.
    const withDossier = await waitFor(async () => {
      const res = await sys.call('GET', `/v1/cases/${code}?include=dossier`, { key: agency('POLICE-BA-DINH') });
      return res.status === 200 && res.body.dossier ? res.body : undefined;
    }, 'the police step handed over');
    const asDesk = (await sys.call('GET', `/v1/cases/${code}`, { key: desk() })).body;
    expect(withDossier.dossier).toEqual({ applicant: asDesk.dossier.applicant, subject: asDesk.dossier.subject });
    expect(withDossier.dossier.subject).toMatchObject({ fullName: expect.any(String), personalId: expect.any(String), dateOfDeath: expect.any(String) });
    await act(code, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(code) } });
    await act(code, 'funeral-allowance', 'complete', 'VSS-HA-NOI', { result: benefit(code) });
    await act(code, 'survivor-allowance', 'complete', 'VSS-HA-NOI', { result: benefit(code) });

    const final = await sys.waitForCase(code, ['COMPLETED']);
    expect(final.steps.every((s: any) => s.status === 'COMPLETED')).toBe(true);
    expect(final.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['RECEIVED', 'DISPATCHED', 'COMPLETED', 'CLOSED']));

    // An agency sees its own steps in full, the others' status only, and only its own timeline.
    const asPolice = (await sys.call('GET', `/v1/cases/${code}`, { key: agency('POLICE-BA-DINH') })).body;
    const policeSteps = Object.fromEntries(asPolice.steps.map((s: any) => [s.stepId, s]));
    expect(policeSteps['residence-deregistration'].result).toMatchObject({ deregisteredOn: receiptDay(code) });
    expect(policeSteps['funeral-allowance']).toMatchObject({ status: 'COMPLETED', result: null });
    expect(asPolice.timeline.every((e: any) => e.stepId === 'residence-deregistration')).toBe(true);

    // The police got the death extract number and date with its dispatch.
    const police = sys.simulators['police']!.simulator.records().filter((r) => r.caseCode === code);
    expect(police).toHaveLength(1);
    // A status read carries no dossier; asked for once its step is done, none either.
    expect(asPolice.dossier).toBeUndefined();
    expect((await sys.call('GET', `/v1/cases/${code}?include=dossier`, { key: agency('POLICE-BA-DINH') })).body.dossier).toBeUndefined();
    const reads = (await sys.call('GET', `/v1/access-log?caseCode=${code}`, { key: sys.keys.operator })).body.items;
    expect(reads.filter((r: any) => r.what === 'case' && r.actorName === 'dev agency POLICE-BA-DINH')).toHaveLength(1);
    expect(police[0]!.upstreamResults).toEqual({ 'death-registration': { extractNumber: '12/2026', extractDate: receiptDay(code) } });
    const civil = sys.simulators['civil-status']!.simulator.records().filter((r) => r.caseCode === code);
    expect(civil).toHaveLength(1);
    await keepHistory(sys.client, code, 'case-v5-linked-completed.json');
  });

  test('When the funeral benefit is refused, then the case is PARTIALLY_COMPLETED and the death registration stands', async () => {
    const { caseCode } = await open(deathRequest({ procedures: ['death-registration', 'funeral-allowance', 'residence-deregistration'], benefitStatus: 'social-assistance' }));
    await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: deathExtract(caseCode) });
    const refused = await act(caseCode, 'funeral-allowance', 'reject', 'SOCIAL-BA-DINH', { reasonCode: 'NOT_ELIGIBLE', reason: 'Người mất không thuộc diện hưởng trợ cấp xã hội hằng tháng.' });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('REJECTED');
    await act(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } });
    const final = await sys.waitForCase(caseCode, ['PARTIALLY_COMPLETED']);
    const byId = Object.fromEntries(final.steps.map((s: any) => [s.stepId, s]));
    expect(byId['death-registration'].status).toBe('COMPLETED');
    expect(byId['death-registration'].result).toMatchObject({ extractNumber: '12/2026' });
    expect(byId['funeral-allowance'].status).toBe('REJECTED');
    expect(byId['funeral-allowance'].rejection).toMatchObject({ reasonCode: 'NOT_ELIGIBLE' });
    await keepHistory(sys.client, caseCode, 'case-v5-linked-partial.json');
  });

  test('When death registration is refused, then the case is REFUSED and nothing is dispatched downstream', async () => {
    const { caseCode } = await open();
    const refused = await act(caseCode, 'death-registration', 'reject', 'CIVIL-BA-DINH', { reasonCode: 'INCOMPLETE_EVIDENCE', reason: 'Giấy báo tử không hợp lệ.' });
    expect(refused.status).toBe(200);
    const final = await sys.waitForCase(caseCode, ['REFUSED']);
    expect(final.steps.filter((s: any) => s.stepId !== 'death-registration').every((s: any) => s.status === 'SKIPPED')).toBe(true);
    for (const kind of ['police', 'social-insurance', 'social-protection-merit']) {
      expect(sys.simulators[kind]!.simulator.records().filter((r) => r.caseCode === caseCode)).toHaveLength(0);
    }
    await keepHistory(sys.client, caseCode, 'case-v5-linked-refused.json');
  });

  test('When an agency requests a supplement and the desk submits it, then the step is re-dispatched with a new clock and completes', async () => {
    const { caseCode } = await open(deathRequest({ procedures: ['death-registration', 'residence-deregistration'] }));
    await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: deathExtract(caseCode) });
    const items = [
      { code: 'household-book', description: 'Bản sao sổ hộ khẩu hoặc giấy xác nhận cư trú' },
      { code: 'authorisation', description: 'Giấy ủy quyền của người thân' },
    ];
    const asked = await act(caseCode, 'residence-deregistration', 'request-supplement', 'POLICE-BA-DINH', { items });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'AWAITING_SUPPLEMENT', caseStatus: 'AWAITING_SUPPLEMENT' });
    const waiting = await sys.waitForCase(caseCode, ['AWAITING_SUPPLEMENT']);
    const firstDue = waiting.steps.find((s: any) => s.stepId === 'residence-deregistration').dueAt;

    // Only some of the items: refused, naming the missing one.
    const partial = await sys.call('POST', `/v1/cases/${caseCode}/supplements`, {
      key: desk(),
      body: { stepId: 'residence-deregistration', documents: [{ item: 'household-book', reference: 'SCAN-001' }] },
    });
    expect(partial.status).toBe(422);
    expect(partial.body.errors).toEqual([{ path: 'documents', message: 'missing requested item authorisation' }]);

    const submitted = await sys.call('POST', `/v1/cases/${caseCode}/supplements`, {
      key: desk(),
      body: { stepId: 'residence-deregistration', documents: [{ item: 'household-book', reference: 'SCAN-001' }, { item: 'authorisation', reference: 'SCAN-002' }] },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('DISPATCHED');
    expect(submitted.body.dueAt >= firstDue).toBe(true);

    const police = await waitFor(() => {
      const r = sys.simulators['police']!.simulator.records().filter((x) => x.caseCode === caseCode);
      return r.length === 2 ? r : undefined;
    }, 'the re-dispatch to reach the police');
    expect(police.map((r) => r.resubmission).sort()).toEqual([0, 1]);

    await act(caseCode, 'residence-deregistration', 'complete', 'POLICE-BA-DINH', { result: { deregisteredOn: receiptDay(caseCode) } });
    const final = await sys.waitForCase(caseCode, ['COMPLETED']);
    expect(final.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['SUPPLEMENT_REQUESTED', 'SUPPLEMENT_SUBMITTED']));
    await keepHistory(sys.client, caseCode, 'case-v5-linked-supplement.json');
  });

  test('When the desk withdraws a case, then open steps are cancelled at the agency and the case is WITHDRAWN', async () => {
    const { caseCode } = await open();
    await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: deathExtract(caseCode) });
    await waitFor(async () => ((await stepOf(caseCode, 'residence-deregistration'))?.status === 'DISPATCHED' ? true : undefined), 'police step dispatched');
    const other = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: sys.keys.desk['002.01.01.H26'], body: { reason: 'Gia đình rút hồ sơ' } });
    expect(other.status).toBe(404);
    const res = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: { reason: 'Gia đình rút hồ sơ' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
    const final = await sys.waitForCase(caseCode, ['WITHDRAWN']);
    const byId = Object.fromEntries(final.steps.map((s: any) => [s.stepId, s.status]));
    expect(byId).toEqual({ 'death-registration': 'COMPLETED', 'residence-deregistration': 'CANCELLED', 'funeral-allowance': 'CANCELLED', 'survivor-allowance': 'CANCELLED' });
    await waitFor(() => {
      const r = sys.simulators['police']!.simulator.records().find((x) => x.caseCode === caseCode);
      return r?.state === 'cancelled' ? r : undefined;
    }, 'the police simulator to see the cancellation');
    const again = await sys.call('POST', `/v1/cases/${caseCode}/withdraw`, { key: desk(), body: { reason: 'lần hai' } });
    expect(again.status).toBe(409);
    await keepHistory(sys.client, caseCode, 'case-v5-linked-withdrawn.json');
  });

  test('When an agency acts on a step that is not its own, then it is refused and nothing changes', async () => {
    const { caseCode } = await open();
    await waitFor(async () => ((await stepOf(caseCode, 'death-registration'))?.status === 'DISPATCHED' ? true : undefined), 'dispatch');
    const before = (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body;

    // The police have a step in this case, but it was not handed to them yet: for them the case is
    // not there (the same answer as a case that does not exist), so codes cannot be probed.
    const early = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: sys.keys.agencies['POLICE-BA-DINH'], body: { result: deathExtract(caseCode) } });
    expect(early.status).toBe(404);
    expect(early.body).toMatchObject({ code: 'CASE_NOT_FOUND', status: 404 });
    const pending = await sys.call('POST', `/v1/cases/${caseCode}/steps/residence-deregistration/complete`, { key: sys.keys.agencies['POLICE-BA-DINH'], body: { result: { deregisteredOn: receiptDay(caseCode) } } });
    expect(pending.status).toBe(404);
    // An agency with no step in the case cannot see it either.
    const stranger = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: sys.keys.agencies['CIVIL-HOAN-KIEM'], body: { result: deathExtract(caseCode) } });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toEqual(early.body);
    // A desk key cannot act as an agency.
    const asDesk = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: desk(), body: { result: deathExtract(caseCode) } });
    expect(asDesk.status).toBe(403);
    // The civil-status office may see the case, but the police step is not its own.
    const notTheirs = await sys.call('POST', `/v1/cases/${caseCode}/steps/residence-deregistration/complete`, { key: agency('CIVIL-BA-DINH'), body: { result: { deregisteredOn: receiptDay(caseCode) } } });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.code).toBe('NOT_YOUR_STEP');
    // Bad result payload for the procedure.
    const bad = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: agency('CIVIL-BA-DINH'), body: { result: { extractNumber: '' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['result.extractNumber', 'result.extractDate']));

    const after = (await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator })).body;
    expect(after.steps).toEqual(before.steps);
    expect(after.timeline).toEqual(before.timeline);

    // The real owner completes it once; a second completion is refused.
    expect((await act(caseCode, 'death-registration', 'complete', 'CIVIL-BA-DINH', { result: deathExtract(caseCode) })).status).toBe(200);
    const twice = await sys.call('POST', `/v1/cases/${caseCode}/steps/death-registration/complete`, { key: agency('CIVIL-BA-DINH'), body: { result: deathExtract(caseCode) } });
    expect(twice.status).toBe(409);
  });
});
