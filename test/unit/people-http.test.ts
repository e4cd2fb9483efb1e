import type { Request } from 'express';
import { Problem } from '../../api/problem';
import { clearedUserSessionCookie, DEFAULT_PEOPLE_SETTINGS, requireCsrfToken, userSessionCookie, userSessionToken } from '../../api/people-http';
import type { Principal } from '../../prisma/api-keys';

// The console session's cookie and CSRF rules, without a server.

const TOKEN = 'A'.repeat(43);
const request = (o: { method?: string; cookie?: string; csrf?: string; principal?: Principal }): Request =>
  ({
    method: o.method ?? 'GET',
    principal: o.principal,
    get: (name: string) => (name.toLowerCase() === 'cookie' ? o.cookie : name.toLowerCase() === 'x-csrf-token' ? o.csrf : undefined),
  }) as unknown as Request;
const person: Principal = { keyId: 'user:1', role: 'desk', officeCode: '001.01.01.H26', userId: '1', personName: 'Lê Thị Hoa', csrfToken: 'c'.repeat(43) };
const csrf = (req: Request): Problem | undefined => {
  try {
    requireCsrfToken(req, {} as never, () => undefined);
    return undefined;
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
};

describe('console session cookie and CSRF token', () => {
  test('When the cookie header holds several cookies, then the session token is the ltk_session one, and a malformed value counts as none', () => {
    expect(userSessionToken(request({ cookie: `ltk_codec_session=x; ltk_session=${TOKEN}; other=1` }))).toBe(TOKEN);
    expect(userSessionToken(request({ cookie: 'ltk_session=short' }))).toBeUndefined();
    expect(userSessionToken(request({ cookie: `ltk_session=${TOKEN}<script>` }))).toBeUndefined();
    expect(userSessionToken(request({}))).toBeUndefined();
  });

  test('When the cookie is set, then it is HttpOnly and SameSite=Strict for the whole site, Secure only when asked, and cleared the same way', () => {
    expect(userSessionCookie(TOKEN, DEFAULT_PEOPLE_SETTINGS, false)).toBe(`ltk_session=${TOKEN}; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict`);
    expect(userSessionCookie(TOKEN, DEFAULT_PEOPLE_SETTINGS, true)).toMatch(/; Secure$/);
    expect(clearedUserSessionCookie(true)).toBe('ltk_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure');
  });

  test('When a cookie session sends an unsafe method, then it needs its own CSRF token; safe methods and API keys do not', () => {
    expect(csrf(request({ method: 'GET', principal: person }))).toBeUndefined();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(csrf(request({ method, principal: person }))).toMatchObject({ status: 403, title: 'CSRF token missing or wrong' });
    }
    expect(csrf(request({ method: 'POST', principal: person, csrf: 'd'.repeat(43) }))).toMatchObject({ status: 403 });
    expect(csrf(request({ method: 'POST', principal: person, csrf: 'c'.repeat(42) }))).toMatchObject({ status: 403 });
    expect(csrf(request({ method: 'POST', principal: person, csrf: 'c'.repeat(43) }))).toBeUndefined();
    expect(csrf(request({ method: 'POST', principal: { keyId: 'k', role: 'desk', officeCode: '001.01.01.H26' } }))).toBeUndefined();
  });
});
