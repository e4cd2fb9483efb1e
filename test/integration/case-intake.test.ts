import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { deathRequest, OFFICE, OTHER_OFFICE } from '../helpers/requests';
import { startTestSystem, TestSystem } from '../helpers/system';

describe('receiving cases at a desk', () => {
  let sys: TestSystem;
  const desk = () => sys.keys.desk[OFFICE]!;
  const countStored = async () => ({
    cases: await sys.db.case.count(),
    steps: await sys.db.step.count(),
    dossiers: await sys.db.dossier.count(),
    events: await sys.db.caseEvent.count(),
  });

  beforeAll(async () => {
    sys = await startTestSystem({ mode: 'manual' });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('When a request has several bad fields, then 422 problem+json lists every one and nothing is stored or started', async () => {
    const before = await countStored();
    const body = deathRequest();
    body.applicant.phone = '12345';
    body.deceased.personalId = body.deceased.personalId.replace(/^(\d{3})\d/, '$12'); // century digit says 2000s
    body.deceased.dateOfDeath = '2099-01-01';
    (body as any).procedures = ['residence-deregistration', 'funeral-allowance'];
    body.deceased.benefitStatus = 'none';
    const res = await sys.call('POST', '/v1/cases', { key: desk(), body });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const paths = res.body.errors.map((e: any) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['applicant.phone', 'deceased.personalId', 'deceased.dateOfDeath', 'procedures', 'procedures[1]']));
    expect(await countStored()).toEqual(before);
    const running = await sys.client.workflow.count(`TaskQueue = "${sys.taskQueue}"`).catch(() => undefined);
    if (running) expect(running.count).toBe(0);
  });

  test.each([
    ['malformed JSON', '{"group":', 400],
    ['an array body', '[]', 422],
    ['missing fields', '{"group":"death"}', 422],
    ['an unknown group', JSON.stringify({ ...deathRequest(), group: 'marriage' }), 422],
    ['an unknown office', JSON.stringify({ ...deathRequest(), receivingOffice: '999.99.99.H99' }), 422],
    ['death before birth', JSON.stringify({ ...deathRequest(), deceased: { ...deathRequest().deceased, dateOfDeath: '1940-01-01' } }), 422],
    ['an unknown extra field', JSON.stringify({ ...deathRequest(), note: 'x' }), 422],
  ])('When the body is %s, then it is refused with %s and nothing is stored', async (_name, raw, status) => {
    const before = await countStored();
    const res = await sys.call('POST', '/v1/cases', { key: desk(), body: raw });
    expect(res.status).toBe(status);
    expect(res.body.title).toBeTruthy();
    expect(await countStored()).toEqual(before);
  });

  test('When a request has no key, a bad key, or a desk key of another office, then it is refused', async () => {
    expect((await sys.call('POST', '/v1/cases', { body: deathRequest() })).status).toBe(401);
    expect((await sys.call('POST', '/v1/cases', { key: 'ltk_nope', body: deathRequest() })).status).toBe(401);
    const other = await sys.call('POST', '/v1/cases', { key: sys.keys.desk[OTHER_OFFICE], body: deathRequest() });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].path).toBe('receivingOffice');
    expect((await sys.call('POST', '/v1/cases', { key: sys.keys.operator, body: deathRequest() })).status).toBe(403);
  });

  test('When a start is retried with the same Idempotency-Key, then the same case comes back and only one exists', async () => {
    const body = deathRequest();
    const headers = { 'Idempotency-Key': `retry-${Date.now()}` };
    const first = await sys.call('POST', '/v1/cases', { key: desk(), body, headers });
    const second = await sys.call('POST', '/v1/cases', { key: desk(), body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.caseCode).toBe(first.body.caseCode);
    expect(await sys.db.case.count({ where: { code: first.body.caseCode } })).toBe(1);
    const reused = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, channel: 'online' }, headers });
    expect(reused.status).toBe(422);
  });

  test('When a second open case is started for the same deceased, then 409 names the existing case code', async () => {
    const body = deathRequest();
    const first = await sys.call('POST', '/v1/cases', { key: desk(), body });
    const before = await countStored();
    const second = await sys.call('POST', '/v1/cases', { key: desk(), body: { ...body, procedures: ['death-registration', 'residence-deregistration'] } });
    expect(second.status).toBe(409);
    expect(second.body.existingCaseCode).toBe(first.body.caseCode);
    expect(second.body.detail).toContain(first.body.caseCode);
    expect(JSON.stringify(second.body)).not.toContain(body.deceased.personalId);
    expect(await countStored()).toEqual(before);
  });

  test('When many desks receive at once, then every case code is unique and the daily sequence has no gaps', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => sys.call('POST', '/v1/cases', { key: desk(), body: deathRequest() })));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const codes = results.map((r) => r.body.caseCode as string);
    expect(new Set(codes).size).toBe(12);
    const seqs = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(seqs[11]! - seqs[0]!).toBe(11);
  });

  test('When cases are listed, then filters and cursor pagination work and desks see only their office', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await sys.call('POST', '/v1/cases', { key: desk(), body: deathRequest({ procedures: ['death-registration', 'survivor-allowance'] }) })).body.caseCode);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/cases?procedure=survivor-allowance&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await sys.call('GET', q, { key: desk() });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: any) => c.caseCode));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(made));
    expect(new Set(seen).size).toBe(seen.length);

    const today = made[0]!.split('-')[1]!;
    const date = `20${today.slice(0, 2)}-${today.slice(2, 4)}-${today.slice(4, 6)}`;
    const byDate = await sys.call('GET', `/v1/cases?receivedFrom=${date}&receivedTo=${date}&status=RECEIVED,IN_PROGRESS&agency=VSS-HA-NOI&limit=200`, { key: sys.keys.operator });
    expect(byDate.body.items.map((c: any) => c.caseCode)).toEqual(expect.arrayContaining(made));
    const otherDesk = await sys.call('GET', '/v1/cases?limit=200', { key: sys.keys.desk[OTHER_OFFICE] });
    expect(otherDesk.body.items.some((c: any) => made.includes(c.caseCode))).toBe(false);
    const bad = await sys.call('GET', '/v1/cases?status=DONE&limit=0', { key: desk() });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['limit', 'status[0]']);
    // A period that ends before it starts is named, not answered as an empty list.
    const backwards = await sys.call('GET', '/v1/cases?receivedFrom=2026-12-31&receivedTo=2026-12-01', { key: desk() });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ path: 'receivedTo', message: 'must not be before receivedFrom' }]);
  });

  test('When a desk reads its case, then it sees the dossier; an operator sees the case without personal data', async () => {
    const body = deathRequest();
    const { caseCode } = (await sys.call('POST', '/v1/cases', { key: desk(), body })).body;
    const asDesk = await sys.call('GET', `/v1/cases/${caseCode}`, { key: desk() });
    expect(asDesk.body.dossier.subject.personalId).toBe(body.deceased.personalId);
    const asOperator = await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.operator });
    expect(asOperator.status).toBe(200);
    expect(JSON.stringify(asOperator.body)).not.toContain(body.deceased.personalId);
    expect(JSON.stringify(asOperator.body)).not.toContain(body.deceased.fullName);
    expect((await sys.call('GET', `/v1/cases/${caseCode}`, { key: sys.keys.desk[OTHER_OFFICE] })).status).toBe(404);
  });

  test('When the catalogue and agency tasks are read, then they show groups, agencies, offices and open steps with due dates', async () => {
    const cat = await sys.call('GET', '/v1/catalogue', { key: desk() });
    expect(cat.status).toBe(200);
    expect(cat.body.groups[0].code).toBe('death');
    expect(cat.body.agencies.length).toBeGreaterThanOrEqual(5);
    expect(cat.body.offices.map((o: any) => o.code)).toContain(OFFICE);
    const { caseCode } = (await sys.call('POST', '/v1/cases', { key: desk(), body: deathRequest() })).body;
    const tasks = await (async () => {
      for (let i = 0; i < 100; i++) {
        const r = await sys.call('GET', '/v1/agencies/CIVIL-BA-DINH/tasks', { key: sys.keys.agencies['CIVIL-BA-DINH'] });
        const t = r.body.items.find((x: any) => x.caseCode === caseCode);
        if (t) return t;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('task never listed');
    })();
    expect(tasks).toMatchObject({ stepId: 'death-registration', status: 'DISPATCHED' });
    expect(tasks.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await sys.call('GET', '/v1/agencies/CIVIL-BA-DINH/tasks', { key: sys.keys.agencies['POLICE-BA-DINH'] })).status).toBe(403);
  });

  test('When an operator creates a key with keys:create, then it is printed once, stored hashed, and works for its agency only', () => {
    const root = path.resolve(__dirname, '../..');
    const runOn = (databaseUrl: string | undefined, ...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/create-key.ts', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        encoding: 'utf8',
      });
    const run = (...args: string[]) => runOn(process.env.TEST_DATABASE_URL, ...args);
    const bad = run('--role', 'agency');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--agency');
    // A mistyped command line: one line naming it, not a stack trace.
    const mistyped = run('--rol', 'agency');
    expect(mistyped.status).toBe(2);
    expect(mistyped.stderr.trim()).toBe("keys:create: Unknown option '--rol' (--help shows how to use it)");
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run keys:create -- --role desk --office CODE/);
    // The offices offered are those in service today; one closed by the reorganisation is taken with a note.
    const noOffice = run('--role', 'desk');
    expect(noOffice.stderr).toContain('001.01.01.H26');
    expect(noOffice.stderr).not.toContain('011.01.01.H26');
    const closed = run('--role', 'desk', '--office', '011.01.01.H26');
    expect(closed.status).toBe(0);
    expect(closed.stderr).toContain('keys:create: note: office 011.01.01.H26 is not in service today');
    // A label is shown in the access log: a name's rules.
    const label = run('--role', 'operator', '--label', 'ops \u001b[31m red');
    expect(label.status).toBe(2);
    expect(label.stderr).toContain('--label: must not contain control characters');
    // The database unreachable or the URL unusable: one line, never the password.
    const down = runOn('postgresql://postgres:Sup3rS3cret@127.0.0.1:9/lien_thong', '--role', 'operator');
    expect(down.status).toBe(1);
    expect(down.stderr).toBe('keys:create failed: cannot reach PostgreSQL at DATABASE_URL (is it running? `npm start` starts one)\n');
    const malformed = runOn('postgres:Sup3rS3cret@127.0.0.1:9/lien_thong', '--role', 'operator');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toBe('keys:create: DATABASE_URL must be a postgresql://user:password@host:port/database URL (its value is not shown)\n');
    const ok = run('--role', 'agency', '--agency', 'POLICE-BA-DINH');
    expect(ok.status).toBe(0);
    const key = /key:\s+(ltk_\S+)/.exec(ok.stdout)![1]!;
    return (async () => {
      const rows = await sys.db.apiKey.findMany({ where: { agencyCode: 'POLICE-BA-DINH' } });
      expect(rows.some((r) => r.keyHash === key)).toBe(false);
      expect(rows.some((r) => r.keyHash.length === 64)).toBe(true);
      expect((await sys.call('GET', '/v1/agencies/POLICE-BA-DINH/tasks', { key })).status).toBe(200);
      expect((await sys.call('GET', '/v1/agencies/VSS-HA-NOI/tasks', { key })).status).toBe(403);
    })();
  });
});
