import { ApiError, submissionKeys } from '../../console/src/server';

const answered = (status: number) => new ApiError({ status, title: `HTTP ${status}` } as never);

describe("the console's Idempotency-Keys", () => {
  test('When no answer came (the network failed) or a 5xx, then the same body sent again keeps its key: the server does it once', () => {
    const keys = submissionKeys();
    const body = { a: 1 };
    const first = keys.keyFor(body);
    keys.settled(answered(0));
    expect(keys.keyFor(body)).toBe(first);
    keys.settled(answered(503));
    expect(keys.keyFor(body)).toBe(first);
    keys.settled(new TypeError('Failed to fetch'));
    expect(keys.keyFor(body)).toBe(first);
  });

  test('When the server answered (a success, a 4xx), then the same body again is a new submission with a new key', () => {
    const keys = submissionKeys();
    const body = { a: 1 };
    const first = keys.keyFor(body);
    keys.settled({ caseCode: 'x' });
    const second = keys.keyFor(body);
    expect(second).not.toBe(first);
    keys.settled(answered(409));
    expect(keys.keyFor(body)).not.toBe(second);
    expect(keys.keyFor({ a: 2 })).not.toBe(keys.keyFor(body));
  });
});
