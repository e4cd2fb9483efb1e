import { checkMembership, officesOn } from '../../domain/catalogue';

// One rule for who a key or a console user acts for (keys:create, users:create, POST /v1/users):
// the sample province is loaded by the unit setup; 011.01.01.H26 closed on 2025-07-01.

const API = { holder: 'officer', office: 'an office', agency: 'an agency', offerCodes: false, roles: ['desk', 'agency', 'operator', 'admin'] };
const CLI = { holder: 'key', office: '--office', agency: '--agency', offerCodes: true, roles: ['desk', 'agency', 'operator'] };
const TODAY = '2026-12-07';

describe('checkMembership', () => {
  test('When a desk names an office in service, then nothing is said', () => {
    expect(checkMembership({ role: 'desk', office: '001.01.01.H26' }, TODAY, API)).toEqual({ issues: [], notes: [] });
    expect(checkMembership({ role: 'operator' }, TODAY, API)).toEqual({ issues: [], notes: [] });
  });

  test('When the office or agency is missing, superfluous or unknown, then each field is named once', () => {
    expect(checkMembership({ role: 'desk', agency: 'POLICE-BA-DINH' }, TODAY, API).issues).toEqual([
      { field: 'office', message: 'a desk officer needs an office' },
      { field: 'agency', message: 'only agency officers belong to an agency' },
    ]);
    expect(checkMembership({ role: 'agency' }, TODAY, API).issues).toEqual([{ field: 'agency', message: 'an agency officer needs an agency' }]);
    expect(checkMembership({ role: 'admin', office: '001.01.01.H26' }, TODAY, API).issues).toEqual([{ field: 'office', message: 'only desk officers belong to an office' }]);
    expect(checkMembership({ role: 'desk', office: '999.99.99.H26' }, TODAY, API).issues).toEqual([{ field: 'office', message: 'unknown office code' }]);
  });

  test('When a command line asks, then only the codes in service that day are offered', () => {
    const [issue] = checkMembership({ role: 'desk' }, TODAY, CLI).issues;
    expect(issue!.message).toMatch(/^a desk key needs --office, one of /);
    for (const o of officesOn(TODAY)) expect(issue!.message).toContain(o.code);
    expect(issue!.message).not.toContain('011.01.01.H26');
    // Before the reorganisation the same office was in service, and was offered.
    expect(checkMembership({ role: 'desk' }, '2025-06-30', CLI).issues[0]!.message).toContain('011.01.01.H26');
  });

  test('When a closed office is named, then it is taken with a note saying what that means', () => {
    expect(checkMembership({ role: 'desk', office: '011.01.01.H26' }, TODAY, API)).toEqual({
      issues: [],
      notes: [`office 011.01.01.H26 is not in service today (${TODAY}): a desk there cannot receive new cases`],
    });
    expect(checkMembership({ role: 'desk', office: '011.01.01.H26' }, '2025-06-30', API).notes).toEqual([]);
  });
});
