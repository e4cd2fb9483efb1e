import { localDateOf } from '../domain/calendar/local-time';
import { Agency, allAgencies, CATALOGUE_VERSIONS, findProcedure, FUNERAL_ALLOWANCE, Procedure, SURVIVOR_ALLOWANCE } from '../domain/catalogue';
import type { Answer, DispatchAnswer } from '../domain/agency-contract';
import { Rejection, resultSchemaFor, SupplementRequest } from '../domain/results';

/** Uniform [0, 1). mulberry32: tiny, seedable, good enough for picking outcomes. */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The procedure as the newest catalogue defines it; older versions are searched too so a case pinned
 * to a retired version still gets answered.
 */
export function lookupProcedure(code: string): Procedure | undefined {
  for (let v = CATALOGUE_VERSIONS.length - 1; v >= 0; v--) {
    for (const group of CATALOGUE_VERSIONS[v]?.groups ?? []) {
      const found = findProcedure(group, code);
      if (found) return found;
    }
  }
  return undefined;
}

export function lookupAgency(code: string): Agency | undefined {
  return allAgencies().find((a) => a.code === code);
}

export interface ResultContext {
  procedure: Procedure;
  agencyCode: string;
  now: Date;
  random: Random;
  /** Next number in this agency's register for the year; registers restart at 1 each year. */
  nextNumber: (register: string, year: string) => number;
}

const PAYMENT_METHODS = ['bank-transfer', 'cash', 'post-office'] as const;
/** Reference level for social-insurance benefits from 01/07/2024 (Decree 73/2024/NĐ-CP). */
const REFERENCE_LEVEL_VND = 2_340_000;

function pick<T>(random: Random, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

/** Document numbers are capped at 40 characters by domain/results.ts; agency codes can be long. */
function docNumber(value: string): string {
  return value.slice(0, 40);
}

/** Plausible figures for a one-off benefit, by procedure and the agency that decides it. */
function benefitAmount(ctx: ResultContext): number {
  if (ctx.procedure.code === FUNERAL_ALLOWANCE) {
    // Social insurance pays 10 × reference level; social assistance / merit pay fixed local sums.
    const role = lookupAgency(ctx.agencyCode)?.role;
    return role === 'social-insurance' ? 10 * REFERENCE_LEVEL_VND : pick(ctx.random, [7_200_000, 8_000_000, 10_000_000]);
  }
  if (ctx.procedure.code === SURVIVOR_ALLOWANCE) {
    // One-off survivor allowance scales with contribution years; simulate 12–51 months × 1.5 million VND.
    const months = 12 + Math.floor(ctx.random() * 40);
    return months * 1_500_000;
  }
  return 1_000_000 + Math.floor(ctx.random() * 90) * 100_000;
}

/** A completion payload valid for the procedure's `resultKind` (checked against the domain schema). */
export function plausibleResult(ctx: ResultContext): Record<string, unknown> {
  const today = localDateOf(ctx.now);
  const year = today.slice(0, 4);
  const n = ctx.nextNumber(`${ctx.agencyCode}:${ctx.procedure.resultKind}`, year);
  let result: Record<string, unknown>;
  switch (ctx.procedure.resultKind) {
    case 'death-extract':
      result = {
        extractNumber: `${String(n).padStart(2, '0')}/${year}`,
        extractDate: today,
        registerBook: docNumber(`Sổ đăng ký khai tử ${year} – quyển 01`),
      };
      break;
    case 'residence-deregistration':
      result = { deregisteredOn: today, referenceNumber: docNumber(`${n}/XĐKTT-${year}`) };
      break;
    case 'birth-certificate':
      result = {
        // A structurally valid new ID: place 001, century/sex digit of a child born this century, year.
        personalId: `0012${year.slice(2)}${String(Math.floor(ctx.random() * 1_000_000)).padStart(6, '0')}`,
        registrationNumber: docNumber(`${String(n).padStart(2, '0')}/${year}`),
        registrationDate: today,
      };
      break;
    case 'residence-registration':
      result = { registeredOn: today, referenceNumber: docNumber(`${n}/ĐKTT-${year}`) };
      break;
    case 'health-insurance-card':
      result = { cardNumber: `TE1${String(Math.floor(ctx.random() * 1e12)).padStart(12, '0')}`, validFrom: today };
      break;
    case 'identity-card':
      // The card carries the child's personal ID; the simulator has no population database, so a structurally valid one.
      result = { cardNumber: `0012${year.slice(2)}${String(Math.floor(ctx.random() * 1_000_000)).padStart(6, '0')}`, issuedOn: today };
      break;
    case 'benefit-decision':
      result = {
        decisionNumber: docNumber(`${n}/QĐ-${ctx.agencyCode}`),
        decisionDate: today,
        amountVnd: benefitAmount(ctx),
        paymentMethod: pick(ctx.random, PAYMENT_METHODS),
      };
      break;
    default:
      throw new RangeError(`no simulated result for resultKind ${ctx.procedure.resultKind}`);
  }
  // Fail here rather than have the engine reject a malformed answer.
  return resultSchemaFor(ctx.procedure.resultKind).parse(result);
}

export function simulatedRefusal(procedure: Procedure): Rejection {
  return {
    reasonCode: 'SIMULATED_REFUSAL',
    reason:
      `Cơ quan từ chối giải quyết thủ tục "${procedure.name.vi}" (mô phỏng): ` +
      'thông tin trong hồ sơ không khớp với dữ liệu đang quản lý. Vui lòng liên hệ Bộ phận Một cửa để được hướng dẫn.',
  };
}

export function simulatedSupplementRequest(procedure: Procedure): SupplementRequest {
  const items = procedure.requiredDocuments.map((d) => ({
    code: d.code,
    description: `Nộp lại bản rõ nét, đầy đủ của: ${d.name.vi}`,
  }));
  if (items.length === 0) {
    items.push({ code: 'identity-document', description: 'Bản sao giấy tờ tùy thân của người đi làm thủ tục' });
  }
  return { items, note: 'Tài liệu đã nộp bị mờ hoặc thiếu trang, cơ quan không đọc được (mô phỏng).' };
}

/** The answer as the agency POSTs it to the engine, and as GET /v1/dispatches/{key} serves it. */
export function simulatedAnswer(action: Answer, ctx: ResultContext): DispatchAnswer {
  switch (action) {
    case 'complete':
      return { action, body: { result: plausibleResult(ctx) } };
    case 'reject':
      return { action, body: simulatedRefusal(ctx.procedure) };
    case 'request-supplement':
      return { action, body: simulatedSupplementRequest(ctx.procedure) };
  }
}
