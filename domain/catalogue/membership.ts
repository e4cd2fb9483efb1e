import { agenciesOn, allAgencies, allOffices, officesOn } from './organisation';

// Who an API key or a console user acts for: a desk belongs to an office, an agency officer to an
// agency, operators and admins to neither. One rule for keys:create, users:create and POST /v1/users.
// Every code the province data ever knew is taken (an office closed by a reorganisation may still
// have cases to finish), with a note that it is not in service; choices offered are today's.

export interface Membership {
  role: string;
  office?: string;
  agency?: string;
}

export interface MembershipWording {
  /** `key` or `officer`: "a desk key needs …", "only desk officers belong …". */
  holder: string;
  /** How the office and the agency are asked for: `--office` on a command line, `an office` in the API. */
  office: string;
  agency: string;
  /** Name today's codes in the message (a command line has no list to choose from). */
  offerCodes: boolean;
  /** The roles this door takes: with any other, the role's own check speaks and nothing is judged here. */
  roles: readonly string[];
}

export interface MembershipCheck {
  issues: { field: 'office' | 'agency'; message: string }[];
  /** For each chosen code not in service on the date. */
  notes: string[];
}

/** Judges a role's office and agency against the province data loaded, on `today` (YYYY-MM-DD). */
export function checkMembership(m: Membership, today: string, w: MembershipWording): MembershipCheck {
  const issues: MembershipCheck['issues'] = [];
  const notes: string[] = [];
  if (!w.roles.includes(m.role)) return { issues, notes };
  const judge = (field: 'office' | 'agency', role: string, code: string | undefined, known: readonly { code: string }[], inService: () => { code: string }[]) => {
    const asked = field === 'office' ? w.office : w.agency;
    const offered = () => (w.offerCodes ? `, one of ${inService().map((c) => c.code).join(', ')}` : '');
    if (m.role !== role) {
      if (code !== undefined) issues.push({ field, message: `only ${role} ${w.holder}s belong to ${field === 'office' ? 'an office' : 'an agency'}` });
      return;
    }
    if (!code) issues.push({ field, message: `${role === 'agency' ? 'an' : 'a'} ${role} ${w.holder} needs ${asked}${offered()}` });
    else if (!known.some((k) => k.code === code)) issues.push({ field, message: `unknown ${field} code${offered()}` });
    else if (!inService().some((k) => k.code === code)) {
      notes.push(field === 'office' ? `office ${code} is not in service today (${today}): a desk there cannot receive new cases` : `agency ${code} is not in service today (${today}): no new steps go to it`);
    }
  };
  judge('office', 'desk', m.office, allOffices(), () => officesOn(today));
  judge('agency', 'agency', m.agency, allAgencies(), () => agenciesOn(today));
  return { issues, notes };
}
