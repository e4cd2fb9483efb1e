import { z } from 'zod';
import { Catalogue, findAgency, findGroup, findOffice, findProcedure, getCatalogue, ProcedureGroup } from '../../domain';
import { LEGAL_BASIS, SUBJECT_LABELS } from '../format';
import type { ApplicantPart, ApplicantView, CaseFormHeader, CaseFormKey, DossierRecord, IssuerView, LedgerCase, LedgerEventRecord, LedgerStep, OfficeView, OfficerView, ProcedureView } from '../types';

/** The ledger holds JSON the forms cannot read: a bug upstream, not the caller's fault. */
export class LedgerDataError extends Error {}

export const APOLOGY_EVENT = 'APOLOGY_ISSUED';

/** Names from the catalogue version the case pinned, so a form reads as it did on the day. */
export interface CaseContext {
  catalogue: Catalogue;
  group: ProcedureGroup | undefined;
  office: OfficeView;
  cutoff: string;
  procedureName(code: string): string;
  agencyName(code: string): string;
  partyLabel(party: string): string;
  procedureView(step: Pick<LedgerStep, 'stepId' | 'procedure' | 'agencyCode'>): ProcedureView;
  /** Catalogue order (death registration first), as the slips list procedures. */
  ordered<T extends { procedure: string }>(steps: readonly T[]): T[];
}

export function caseContext(c: Pick<LedgerCase, 'catalogueVersion' | 'group' | 'receivingOffice'>): CaseContext {
  const catalogue = getCatalogue(c.catalogueVersion);
  const group = findGroup(catalogue, c.group);
  const office = findOffice(catalogue, c.receivingOffice);
  const procedureName = (code: string) => (group && findProcedure(group, code)?.name.vi) ?? code;
  const agencyName = (code: string) => findAgency(catalogue, code)?.name.vi ?? code;
  const officeView: OfficeView = { code: c.receivingOffice, name: office?.name ?? c.receivingOffice, province: office?.province ?? '' };
  const order = (code: string) => group?.procedures.findIndex((p) => p.code === code) ?? 0;
  return {
    catalogue,
    group,
    office: officeView,
    cutoff: office?.cutoff ?? '15:00',
    procedureName,
    agencyName,
    partyLabel(party) {
      if (party === 'applicant') return 'Người nộp hồ sơ';
      if (party === 'engine') return 'Hệ thống giải quyết liên thông';
      if (party === 'operator') return 'Quản trị hệ thống';
      if (party.startsWith('desk:')) return party.slice(5) === officeView.code ? officeView.name : party.slice(5);
      if (party.startsWith('agency:')) return agencyName(party.slice(7));
      return party;
    },
    procedureView: (s) => ({ stepId: s.stepId, procedureName: procedureName(s.procedure), agencyCode: s.agencyCode, agencyName: agencyName(s.agencyCode) }),
    ordered: (steps) => [...steps].sort((a, b) => order(a.procedure) - order(b.procedure)),
  };
}

export function formHeader<K extends CaseFormKey>(c: LedgerCase, ctx: CaseContext, form: K, formNumber: string, title: string, issuedAt: string): CaseFormHeader & { form: K } {
  return {
    form,
    formNumber,
    title,
    legalBasis: LEGAL_BASIS,
    caseCode: c.caseCode,
    office: ctx.office,
    issuedAt,
    procedureGroup: { code: c.group, name: ctx.group?.name.vi ?? c.group },
    trackingUrl: null,
  };
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function readApplicant(raw: unknown): ApplicantView {
  const a = record(raw);
  return {
    fullName: text(a.fullName) ?? '',
    address: text(a.address),
    phone: text(a.phone),
    email: text(a.email),
    relationship: text(a.relationship),
  };
}

export function applicantPart(c: LedgerCase, dossier: DossierRecord | undefined, ctx: CaseContext): ApplicantPart {
  const subjectName = text(record(dossier?.subject).fullName);
  const subjectField = ctx.group?.subjectField ?? '';
  return {
    applicant: readApplicant(dossier?.applicant),
    subject: subjectName ? { label: SUBJECT_LABELS[subjectField] ?? 'Người được giải quyết thủ tục', fullName: subjectName } : null,
    request: `Giải quyết liên thông các thủ tục: ${ctx.ordered(c.steps).map((s) => ctx.procedureName(s.procedure)).join('; ')}`,
    receivedAt: c.receivedAt,
  };
}

/** Parses ledger JSON; a mismatch is a LedgerDataError naming what could not be read. */
export function parseLedger<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new LedgerDataError(`${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO instant');

/** Events that move the appointment: the apology (once) and a restart after a supplement. */
export const APPOINTMENT_EVENTS: readonly string[] = [APOLOGY_EVENT, 'APPOINTMENT_MOVED'];

const appointmentChangeSchema = z.object({
  previousAppointmentAt: instant,
  newAppointmentAt: instant,
  lateSteps: z.array(z.string()).optional(),
  reason: z.string().optional(),
});
export type AppointmentChange = z.infer<typeof appointmentChangeSchema>;

export function appointmentChanges(c: Pick<LedgerCase, 'timeline'>): { event: LedgerEventRecord; details: AppointmentChange }[] {
  return c.timeline
    .filter((e) => APPOINTMENT_EVENTS.includes(e.type))
    .sort((a, b) => a.seq - b.seq)
    .map((event) => ({ event, details: parseLedger(appointmentChangeSchema, event.details, `${event.type} event ${event.seq}`) }));
}

export const apologies = (c: Pick<LedgerCase, 'timeline'>) => appointmentChanges(c).filter((a) => a.event.type === APOLOGY_EVENT);

/** The appointment first given at receipt: later moves change the case's appointment, never the receipt's. */
export function originalAppointment(c: LedgerCase): string {
  return appointmentChanges(c)[0]?.details.previousAppointmentAt ?? c.appointmentAt;
}

/** The appointment in force: the latest move's new date, else the case's. */
export function currentAppointment(c: LedgerCase): string {
  return appointmentChanges(c).at(-1)?.details.newAppointmentAt ?? c.appointmentAt;
}

const byTime = (instants: readonly string[]) => [...instants].sort((a, b) => Date.parse(a) - Date.parse(b));
export const latest = (instants: readonly string[]): string | undefined => byTime(instants).at(-1);
export const earliest = (instants: readonly string[]): string | undefined => byTime(instants)[0];

/** The officer as the request for the form named them; unnamed, the slip leaves the line blank. */
export const officerOf = (o: OfficerView | undefined): OfficerView => ({ name: o?.name ?? null, phone: o?.phone ?? null });

/** The agencies of these steps, once each, in the order given: the issuers of an agency's notice. */
export function agencyIssuers(ctx: CaseContext, steps: readonly Pick<LedgerStep, 'agencyCode'>[]): IssuerView[] {
  const codes = [...new Set(steps.map((s) => s.agencyCode).filter(Boolean))];
  return codes.map((code) => ({ kind: 'agency', code, name: ctx.agencyName(code) }));
}
