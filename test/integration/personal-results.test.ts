import { HIDDEN_PERSONAL_VALUE } from '../../domain/results';
import { birthRequest, OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

// Results that identify a person (the child's new personal ID, the health-insurance card number)
// go to the desk that received the case; operators see them hidden; agencies see their own steps.

describe('personal fields of results in the API', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'auto', delayMs: 10 });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a birth case completed, then the desk sees the child’s personal ID and card number, an operator sees them hidden (case and list), and each agency sees its own result in full', async () => {
    const desk = sys.keys.desk[OFFICE]!;
    const { caseCode } = await sys.openCase(birthRequest(), desk);
    const asDesk = await sys.waitForCase(caseCode, ['COMPLETED'], desk);
    const stepOf = (c: any, id: string) => c.steps.find((s: any) => s.stepId === id);
    const childId = stepOf(asDesk, 'birth-registration').result.personalId as string;
    const card = stepOf(asDesk, 'health-insurance-card').result.cardNumber as string;
    expect(childId).toMatch(/^\d{12}$/);
    expect(card).not.toBe(HIDDEN_PERSONAL_VALUE);

    const asOperator = await sys.getCase(caseCode, sys.keys.operator);
    expect(stepOf(asOperator, 'birth-registration').result).toEqual({ ...stepOf(asDesk, 'birth-registration').result, personalId: HIDDEN_PERSONAL_VALUE });
    expect(stepOf(asOperator, 'health-insurance-card').result).toEqual({ ...stepOf(asDesk, 'health-insurance-card').result, cardNumber: HIDDEN_PERSONAL_VALUE });
    expect(stepOf(asOperator, 'residence-registration').result).toEqual(stepOf(asDesk, 'residence-registration').result);
    expect(JSON.stringify(asOperator)).not.toContain(childId);
    expect(JSON.stringify(asOperator)).not.toContain(card);
    const list = await sys.call('GET', `/v1/cases?office=${OFFICE}&limit=200`, { key: sys.keys.operator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.caseCode)).toContain(caseCode);
    expect(JSON.stringify(list.body)).not.toContain(childId);
    expect(JSON.stringify(list.body)).not.toContain(card);

    const asCivil = await sys.getCase(caseCode, sys.keys.agencies['CIVIL-BA-DINH']);
    expect(stepOf(asCivil, 'birth-registration').result.personalId).toBe(childId);
    const asInsurance = await sys.getCase(caseCode, sys.keys.agencies['VSS-HA-NOI']);
    expect(stepOf(asInsurance, 'health-insurance-card').result.cardNumber).toBe(card);
    expect(stepOf(asInsurance, 'birth-registration').result).toBeNull();
  });
});
