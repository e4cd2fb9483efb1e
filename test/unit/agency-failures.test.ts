import { AgencyCallError, isPermanentAgencyFailure } from '../../activities/agency-connector';

describe('agency failure classification', () => {
  it.each([
    [400, true],
    [401, true],
    [403, true],
    [404, true],
    [409, true],
    [422, true],
    [408, false],
    [425, false],
    [429, false],
    [500, false],
    [502, false],
    [503, false],
  ])('When an agency answers HTTP %i, then the failure is permanent: %s', (status, permanent) => {
    expect(isPermanentAgencyFailure(new AgencyCallError('http', 'POLICE-BA-DINH', status))).toBe(permanent);
  });

  it('When the agency is unreachable, then the failure is transient; when its body breaks the contract, permanent', () => {
    expect(isPermanentAgencyFailure(new AgencyCallError('unreachable', 'POLICE-BA-DINH', undefined, 'ECONNREFUSED'))).toBe(false);
    expect(isPermanentAgencyFailure(new AgencyCallError('contract', 'POLICE-BA-DINH', 202))).toBe(true);
  });

  it('When the error is not an agency call error, then it is not classified as permanent', () => {
    expect(isPermanentAgencyFailure(new Error('HTTP 400'))).toBe(false);
    expect(isPermanentAgencyFailure({ kind: 'contract' })).toBe(false);
  });

  it('When a failure is described, then its message names the kind, agency and status only', () => {
    expect(new AgencyCallError('http', 'POLICE-BA-DINH', 503).message).toBe('agency POLICE-BA-DINH answered HTTP 503');
    expect(new AgencyCallError('contract', 'POLICE-BA-DINH', 202).message).toBe('agency POLICE-BA-DINH broke the contract: HTTP 202 with a body that does not follow it');
    expect(new AgencyCallError('unreachable', 'POLICE-BA-DINH', undefined, 'TimeoutError').message).toBe('agency POLICE-BA-DINH unreachable (TimeoutError)');
  });
});
