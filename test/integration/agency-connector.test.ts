import express from 'express';
import { AgencyCallError, dispatchToAgency, fetchDispatchStatus, isPermanentAgencyFailure, postToAgency } from '../../activities/agency-connector';
import { dispatchKey } from '../../domain/agency-contract';
import type { AgencyEndpoint } from '../../platform/config';
import { listen, Listening } from '../helpers/fake-http';
import { freePort } from '../helpers/ports';

// The connector against real HTTP servers that answer as a broken or unavailable agency would.

const AGENCY = 'POLICE-BA-DINH';
const CASE = '001.01.01.H26-250115-0001';
const KEY = dispatchKey(CASE, 'residence-deregistration', 0);
const PERSONAL = 'Trần Thị Bình 001085012345';

interface Seen {
  method: string;
  path: string;
  authorization?: string;
  idempotencyKey?: string;
}

/** An agency system that answers every request with `answer` and remembers what it was asked. */
async function fakeAgency(answer: { status: number; body?: string; contentType?: string } | 'hang'): Promise<Listening & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const app = express();
  app.use((req, res) => {
    seen.push({ method: req.method, path: req.originalUrl, authorization: req.get('authorization'), idempotencyKey: req.get('idempotency-key') });
    if (answer === 'hang') return; // never answers: the connector's timeout must end the call
    res.status(answer.status).type(answer.contentType ?? 'application/json').send(answer.body ?? '');
  });
  return { ...(await listen(app)), seen };
}

const endpointAt = (baseUrl: string, o: Partial<AgencyEndpoint> = {}): AgencyEndpoint => ({ baseUrl, token: 'agency-token', timeoutMs: 2000, answers: 'callback', pollSeconds: 60, ...o });

let agency: (Listening & { seen: Seen[] }) | undefined;
afterEach(async () => {
  await agency?.close();
  agency = undefined;
});

/** The AgencyCallError `work` throws (fails the test when it does not throw one). */
async function failureOf(work: Promise<unknown>): Promise<AgencyCallError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AgencyCallError)) throw new Error(`expected an AgencyCallError, got ${String(err)}`);
  return err;
}

const dispatch = (endpoint: AgencyEndpoint) => dispatchToAgency(AGENCY, endpoint, KEY, { caseCode: CASE });

describe('postToAgency', () => {
  it('When the agency acknowledges with a receipt, then the receipt is returned and the call carried key and token', async () => {
    agency = await fakeAgency({ status: 202, body: JSON.stringify({ receiptId: 'rcpt-1', duplicate: false }) });
    await expect(dispatch(endpointAt(agency.url))).resolves.toEqual({ receiptId: 'rcpt-1', duplicate: false });
    expect(agency.seen).toEqual([{ method: 'POST', path: '/v1/dispatches', authorization: 'Bearer agency-token', idempotencyKey: KEY }]);
  });

  it('When the agency answers 400 with personal data in the body, then the failure is permanent and quotes nothing of the body', async () => {
    agency = await fakeAgency({ status: 400, body: JSON.stringify({ title: 'Bad Request', detail: `no such person ${PERSONAL}` }) });
    const err = await failureOf(dispatch(endpointAt(agency.url)));
    expect(err).toMatchObject({ kind: 'http', status: 400, agencyCode: AGENCY });
    expect(isPermanentAgencyFailure(err)).toBe(true);
    expect(err.message).toBe('agency POLICE-BA-DINH answered HTTP 400');
  });

  it('When the agency answers 503, then the failure is transient', async () => {
    agency = await fakeAgency({ status: 503, body: '{"title":"maintenance"}' });
    const err = await failureOf(dispatch(endpointAt(agency.url)));
    expect(err).toMatchObject({ kind: 'http', status: 503 });
    expect(isPermanentAgencyFailure(err)).toBe(false);
  });

  it.each([
    ['a body that is not a receipt', JSON.stringify({ ok: true, note: PERSONAL })],
    ['a body that is not JSON', `<html>${PERSONAL}</html>`],
    ['an empty body', ''],
  ])('When the agency answers 202 with %s, then the failure is a permanent contract breach that quotes nothing of the body', async (_what, body) => {
    agency = await fakeAgency({ status: 202, body });
    const err = await failureOf(dispatch(endpointAt(agency.url)));
    expect(err).toMatchObject({ kind: 'contract', status: 202 });
    expect(isPermanentAgencyFailure(err)).toBe(true);
    expect(err.message).not.toMatch(/Bình|001085012345|html|note/);
  });

  it('When a reminder is acknowledged with any body, then it is accepted: only dispatches carry a receipt', async () => {
    agency = await fakeAgency({ status: 202, body: JSON.stringify({ reminders: 1 }) });
    await expect(postToAgency(AGENCY, endpointAt(agency.url), '/v1/reminders', `${KEY}:reminder`, { caseCode: CASE })).resolves.toBeUndefined();
  });

  it('When nothing listens at the agency address, then the failure is a transient unreachable one', async () => {
    const err = await failureOf(dispatch(endpointAt(`http://127.0.0.1:${await freePort()}`)));
    expect(err).toMatchObject({ kind: 'unreachable', status: undefined, message: 'agency POLICE-BA-DINH unreachable (ECONNREFUSED)' });
    expect(isPermanentAgencyFailure(err)).toBe(false);
  });

  it('When the agency does not answer within the endpoint timeout, then the failure is a transient unreachable one', async () => {
    agency = await fakeAgency('hang');
    const started = Date.now();
    const err = await failureOf(dispatch(endpointAt(agency.url, { timeoutMs: 300 })));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ kind: 'unreachable', message: 'agency POLICE-BA-DINH unreachable (TimeoutError)' });
    expect(isPermanentAgencyFailure(err)).toBe(false);
  });
});

describe('fetchDispatchStatus against a broken agency', () => {
  const status = { caseCode: CASE, stepId: 'residence-deregistration', agencyCode: AGENCY, resubmission: 0, state: 'recorded' };

  it('When the agency answers a valid status, then it is returned from a GET of the encoded key with the token', async () => {
    agency = await fakeAgency({ status: 200, body: JSON.stringify(status) });
    await expect(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY)).resolves.toEqual(status);
    expect(agency.seen).toEqual([{ method: 'GET', path: `/v1/dispatches/${encodeURIComponent(KEY)}`, authorization: 'Bearer agency-token', idempotencyKey: undefined }]);
  });

  it('When the agency does not know the key (404), then there is no status', async () => {
    agency = await fakeAgency({ status: 404, body: '{"title":"Not Found"}', contentType: 'application/problem+json' });
    await expect(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY)).resolves.toBeUndefined();
  });

  it.each([
    ['answered without an answer', { ...status, state: 'answered' }],
    ['for another dispatch', { ...status, stepId: 'death-registration' }],
    ['for another resubmission', { ...status, resubmission: 1 }],
    ['for another agency', { ...status, agencyCode: 'POLICE-HOAN-KIEM' }],
  ])('When the status comes %s, then the failure is a permanent contract breach', async (_what, body) => {
    agency = await fakeAgency({ status: 200, body: JSON.stringify(body) });
    const err = await failureOf(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY));
    expect(err).toMatchObject({ kind: 'contract', status: 200 });
    expect(isPermanentAgencyFailure(err)).toBe(true);
  });

  it.each([
    // The engine would act on one value where the agency may have meant the other.
    ['giving a field twice', JSON.stringify(status).replace('"state":"recorded"', '"state":"recorded","state":"cancelled"')],
    // Accepted as it is, it would fail every walk over it (JSON.stringify throws at a few thousand levels), on every poll.
    ['nested thousands deep in its result', JSON.stringify({ ...status, state: 'answered', answer: { action: 'complete', body: { result: { x: 0 } } } }).replace('{"x":0}', `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`)],
  ])('When the status comes %s, then it is a permanent contract breach', async (_what, text) => {
    JSON.parse(text);
    agency = await fakeAgency({ status: 200, body: text });
    const err = await failureOf(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY));
    expect(err).toMatchObject({ kind: 'contract', status: 200 });
  });

  it('When the agency refuses the token (401) or fails (500), then the first is permanent and the second transient', async () => {
    agency = await fakeAgency({ status: 401 });
    expect(isPermanentAgencyFailure(await failureOf(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY)))).toBe(true);
    await agency.close();
    agency = await fakeAgency({ status: 500 });
    const err = await failureOf(fetchDispatchStatus(AGENCY, endpointAt(agency.url), KEY));
    expect(err).toMatchObject({ kind: 'http', status: 500 });
    expect(isPermanentAgencyFailure(err)).toBe(false);
  });
});
