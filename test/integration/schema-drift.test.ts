// Fails when prisma/schema.prisma and prisma/migrations disagree. Both sides are reduced to the same
// list of facts ("cases.revision: integer NOT NULL DEFAULT 0", "cases: INDEX … (status, received_at)",
// …): the declared side from Prisma's own schema parser, the actual side from pg_catalog after the
// migrations ran on a fresh database. `prisma migrate diff` would do this, but it needs the schema
// engine binary that these machines cannot download.
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { spawnEmbeddedPostgres, type EmbeddedPostgres } from '../../platform/embedded-postgres';
import { applyMigrations, ensureDatabase } from '../../prisma/migrate';

const SCHEMA_FILE = path.resolve(__dirname, '../../prisma/schema.prisma');

// ---------- Prisma's parser: the Wasm module the prisma CLI ships (@prisma/internals is not installed)

interface DmmfField {
  name: string; dbName?: string | null; kind: string; type: string; isList: boolean; isRequired: boolean;
  nativeType?: [string, string[]] | null; default?: unknown; relationFromFields?: string[];
  relationToFields?: string[]; relationOnDelete?: string; relationOnUpdate?: string;
}
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[] }
interface DmmfIndex { model: string; type: string; dbName?: string; algorithm?: string; fields: { name: string; sortOrder?: string }[] }
interface DmmfEnum { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }
interface Dmmf { datamodel: { models: DmmfModel[]; indexes: DmmfIndex[]; enums: DmmfEnum[] } }

// tsconfig's lib (ES2022, no DOM) has no WebAssembly types although Node has the global.
interface WasmTable { grow(n: number): number; set(i: number, v: unknown): void; get(i: number): unknown }
declare const WebAssembly: {
  Module: { new (bytes: Uint8Array): object; imports(m: object): { name: string }[] };
  Instance: new (m: object, imports: object) => { exports: Record<string, any> };
};

/** Minimal wasm-bindgen glue for `get_dmmf` (what @prisma/prisma-schema-wasm's JS wrapper does). */
function createSchemaParser(): (schema: string) => Dmmf {
  const wasmFile = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'prisma_schema_build_bg.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  let wasm: Record<string, any>; // eslint-disable-line prefer-const -- assigned once the module is instantiated, read by the glue before
  let panic = '';
  const text = (ptr: number, len: number): string => new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, ptr >>> 0, len));
  const imports: Record<string, (...args: number[]) => unknown> = {};
  for (const { name } of WebAssembly.Module.imports(module)) {
    if (name.startsWith('__wbg_Error_')) imports[name] = (p, l) => new Error(text(p!, l!));
    else if (name.startsWith('__wbg___wbindgen_throw_')) imports[name] = (p, l) => { throw new Error(text(p!, l!)); };
    else if (name.startsWith('__wbg_set_message_')) imports[name] = (p, l) => (panic = text(p!, l!));
    else if (name === '__wbindgen_init_externref_table') {
      imports[name] = () => {
        const table = wasm.__wbindgen_externrefs as WasmTable;
        const at = table.grow(4);
        table.set(0, undefined);
        [undefined, null, true, false].forEach((v, i) => table.set(at + i, v));
      };
    } else throw new Error(`prisma_schema_build_bg.wasm wants an unknown import ${name}: update the glue`);
  }
  wasm = new WebAssembly.Instance(module, { __wbindgen_placeholder__: imports }).exports;
  wasm.__wbindgen_start();
  return (schema) => {
    const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: [['schema.prisma', schema]], noColor: true }));
    const ptr = wasm.__wbindgen_malloc(input.length, 1) >>> 0;
    new Uint8Array(wasm.memory.buffer, ptr, input.length).set(input);
    let out: number[];
    try {
      out = wasm.get_dmmf(ptr, input.length);
    } catch (err) {
      throw new Error(`prisma schema parser crashed: ${panic || String(err)}`);
    }
    if (out[3]) {
      const error = (wasm.__wbindgen_externrefs as WasmTable).get(out[2]!) as Error;
      wasm.__externref_table_dealloc(out[2]);
      throw new Error(`schema.prisma is invalid: ${error.message}`);
    }
    try {
      return JSON.parse(text(out[0]!, out[1]!)) as Dmmf;
    } finally {
      wasm.__wbindgen_free(out[0], out[1], 1);
    }
  };
}

// ---------- schema.prisma → facts (what `prisma migrate dev` would create on PostgreSQL)

const unsupported = (what: string): never => {
  throw new Error(`schema-drift test does not handle ${what} yet: extend it`);
};
const ident = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const ACTIONS: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT' };
const SCALARS: Record<string, string> = {
  String: 'text', Int: 'integer', BigInt: 'bigint', Float: 'double precision', Decimal: 'numeric(65,30)',
  Boolean: 'boolean', DateTime: 'timestamp(3) without time zone', Json: 'jsonb', Bytes: 'bytea',
};

function nativeType([name, args]: [string, string[]]): string {
  const p = args.length ? `(${args.join(',')})` : '';
  const simple: Record<string, string> = {
    Text: 'text', Uuid: 'uuid', SmallInt: 'smallint', Integer: 'integer', BigInt: 'bigint', Real: 'real',
    DoublePrecision: 'double precision', Date: 'date', Json: 'json', JsonB: 'jsonb', ByteA: 'bytea', Boolean: 'boolean',
    Inet: 'inet', Xml: 'xml', Money: 'money', Citext: 'citext', Oid: 'oid',
  };
  if (simple[name]) return simple[name];
  if (name === 'VarChar') return `character varying${p}`;
  if (name === 'Char') return `character${p}`;
  if (name === 'Decimal') return `numeric${p}`;
  if (name === 'Timestamp' || name === 'Timestamptz') return `timestamp${p} ${name === 'Timestamp' ? 'without' : 'with'} time zone`;
  if (name === 'Time' || name === 'Timetz') return `time${p} ${name === 'Time' ? 'without' : 'with'} time zone`;
  return unsupported(`native type @db.${name}`);
}

function columnType(f: DmmfField, enums: Map<string, string>): string {
  const base = f.kind === 'enum' ? ident(enums.get(f.type)!) : f.nativeType ? nativeType(f.nativeType) : SCALARS[f.type];
  return base ?? unsupported(`field type ${f.type}`);
}

/** The default as pg_get_expr() prints it, or undefined when Prisma fills it in client-side (uuid(), cuid()…). */
function columnDefault(f: DmmfField, type: string, table: string, column: string): string | undefined {
  const d = f.default;
  if (d === undefined || d === null) return undefined;
  if (f.isList) return unsupported('defaults on list fields');
  if (typeof d === 'object' && 'name' in d) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === 'now') return 'CURRENT_TIMESTAMP';
    if (fn.name === 'autoincrement') return `nextval('${table}_${column}_seq'::regclass)`;
    if (fn.name === 'dbgenerated') return String(fn.args[0]);
    if (['uuid', 'cuid', 'nanoid', 'ulid'].includes(fn.name)) return undefined;
    return unsupported(`@default(${fn.name}())`);
  }
  if (typeof d === 'boolean') return String(d);
  if (typeof d === 'number') return d < 0 ? `'${d}'::${type}` : String(d);
  if (typeof d === 'string') return `${literal(d)}::${type}`; // text, jsonb, enum labels
  return unsupported(`default ${JSON.stringify(d)}`);
}

/** Prisma's default constraint names: {table}_{columns}_{suffix}, cut to PostgreSQL's 63 bytes. */
const constraintName = (table: string, columns: string[], suffix: string): string =>
  `${table}_${columns.join('_')}`.slice(0, 63 - suffix.length - 1) + `_${suffix}`;

function declaredFacts(dmmf: Dmmf): string[] {
  const { models, indexes, enums } = dmmf.datamodel;
  const enumNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const facts = enums.map((e) => `enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`);
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: string, field: string): string => {
    const f = models.find((m) => m.name === model)?.fields.find((x) => x.name === field);
    return f?.dbName ?? field;
  };
  for (const model of models) {
    const table = tableOf.get(model.name)!;
    facts.push(`table ${table}`);
    for (const f of model.fields) {
      if (f.kind === 'object') {
        if (!f.relationFromFields?.length) continue;
        const from = f.relationFromFields.map((x) => columnOf(model.name, x));
        const to = (f.relationToFields ?? []).map((x) => columnOf(f.type, x));
        const required = f.relationFromFields.every((x) => model.fields.find((y) => y.name === x)?.isRequired);
        // DMMF does not expose @relation(map: …): a custom foreign-key name shows up as drift here.
        const onDelete = ACTIONS[f.relationOnDelete ?? (required ? 'Restrict' : 'SetNull')];
        const onUpdate = ACTIONS[f.relationOnUpdate ?? 'Cascade'];
        facts.push(`${table}: FOREIGN KEY ${constraintName(table, from, 'fkey')} (${from.join(', ')}) → ${tableOf.get(f.type)}(${to.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`);
        continue;
      }
      if (f.kind !== 'scalar' && f.kind !== 'enum') unsupported(`${f.kind} field ${model.name}.${f.name}`);
      const column = f.dbName ?? f.name;
      const type = columnType(f, enumNames) + (f.isList ? '[]' : '');
      // Prisma creates scalar-list columns nullable, whatever the field says.
      const nullable = f.isList || !f.isRequired ? 'NULL' : 'NOT NULL';
      const def = columnDefault(f, type, table, column);
      facts.push(`${table}.${column}: ${type} ${nullable}${def === undefined ? '' : ` DEFAULT ${def}`}`);
    }
  }
  for (const index of indexes) {
    const table = tableOf.get(index.model)!;
    const columns = index.fields.map((f) => columnOf(index.model, f.name));
    const shown = index.fields.map((f, i) => `${columns[i]}${f.sortOrder === 'desc' ? ' DESC' : ''}`).join(', ');
    const method = (index.algorithm ?? 'BTree').toLowerCase();
    if (index.type === 'id') facts.push(`${table}: PRIMARY KEY ${index.dbName ?? `${table}_pkey`} (${shown})`);
    else if (index.type === 'unique') facts.push(`${table}: UNIQUE INDEX ${index.dbName ?? constraintName(table, columns, 'key')} (${shown}) USING ${method}`);
    else if (index.type === 'normal') facts.push(`${table}: INDEX ${index.dbName ?? constraintName(table, columns, 'idx')} (${shown}) USING ${method}`);
    else unsupported(`${index.type} index on ${index.model}`);
  }
  return facts.sort();
}

// ---------- migrated database → facts

const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const OWN_TABLES = `n.nspname = current_schema() AND c.relname <> '_prisma_migrations'`;

async function databaseFacts(db: Client): Promise<string[]> {
  const facts: string[] = [];
  const enums = await db.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  for (const e of enums.rows) facts.push(`enum ${e.name} (${e.labels.join(', ')})`);
  const columns = await db.query<{ table: string; column: string | null; type: string; notnull: boolean; def: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relkind IN ('r', 'p') AND ${OWN_TABLES}`,
  );
  for (const c of columns.rows) {
    facts.push(`table ${c.table}`);
    if (c.column) facts.push(`${c.table}.${c.column}: ${c.type} ${c.notnull ? 'NOT NULL' : 'NULL'}${c.def === null ? '' : ` DEFAULT ${c.def}`}`);
  }
  const indexes = await db.query<{ table: string; name: string; primary: boolean; unique: boolean; method: string; columns: string[] }>(
    `SELECT c.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique, am.amname AS method,
            array(SELECT a.attname || CASE WHEN k.opt & 1 = 1 THEN ' DESC' ELSE '' END
                  FROM unnest(x.indkey::int2[], x.indoption::int2[]) WITH ORDINALITY AS k(attnum, opt, ord)
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
     FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${OWN_TABLES}`,
  );
  for (const i of indexes.rows) {
    const cols = i.columns.join(', ');
    if (i.primary) facts.push(`${i.table}: PRIMARY KEY ${i.name} (${cols})`);
    else facts.push(`${i.table}: ${i.unique ? 'UNIQUE INDEX' : 'INDEX'} ${i.name} (${cols}) USING ${i.method}`);
  }
  const fks = await db.query<{ table: string; name: string; cols: string[]; ref: string; refcols: string[]; del: string; upd: string }>(
    `SELECT c.relname AS table, k.conname AS name, r.relname AS ref, k.confdeltype AS del, k.confupdtype AS upd,
            array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS cols,
            array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS refcols
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND ${OWN_TABLES}`,
  );
  for (const f of fks.rows) {
    facts.push(`${f.table}: FOREIGN KEY ${f.name} (${f.cols.join(', ')}) → ${f.ref}(${f.refcols.join(', ')}) ON DELETE ${FK_ACTIONS[f.del]} ON UPDATE ${FK_ACTIONS[f.upd]}`);
  }
  return [...new Set(facts)].sort();
}

/** '' when both sides agree; otherwise one line per difference. */
function describeDrift(declared: string[], actual: string[]): string {
  const missing = declared.filter((f) => !actual.includes(f)).map((f) => `  - ${f}`);
  const extra = actual.filter((f) => !declared.includes(f)).map((f) => `  + ${f}`);
  if (missing.length + extra.length === 0) return '';
  return [
    `schema.prisma and prisma/migrations disagree (${missing.length + extra.length} differences);`,
    '"-" = declared in schema.prisma but not in the migrated database, "+" = in the database but not declared:',
    ...missing,
    ...extra,
    'Write a new migration (prisma/migrations/<timestamp>_<name>/migration.sql) that makes them agree.',
  ].join('\n');
}

// ---------- the test

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('schema.prisma ↔ prisma/migrations', () => {
  const parse = createSchemaParser();
  const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
  let server: EmbeddedPostgres | undefined;
  let adminUrl: string;
  let dbUrl: string;
  let actual: string[];

  beforeAll(async () => {
    // The shared integration setup's server (TEST_DATABASE_URL), a named one, or our own embedded one.
    const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (external) {
      adminUrl = external;
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'lt-drift-pg-'));
      server = await spawnEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
      adminUrl = server.url;
    }
    const url = new URL(adminUrl);
    url.pathname = `/lt_drift_${Date.now()}_${process.pid}`;
    dbUrl = url.toString();
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    try {
      actual = await databaseFacts(db);
    } finally {
      await db.end();
    }
  }, 120_000);

  afterAll(async () => {
    if (dbUrl && !server) {
      const url = new URL(dbUrl);
      const name = decodeURIComponent(url.pathname.slice(1));
      url.pathname = '/postgres';
      const admin = new Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.end();
    }
    await server?.stop();
  }, 60_000);

  it('the migrated database has exactly what schema.prisma declares', () => {
    const drift = describeDrift(declaredFacts(parse(schemaText)), actual);
    if (drift) throw new Error(drift);
    expect(actual.length).toBeGreaterThan(0); // not two empty lists agreeing
  });

  it('reports a column the schema no longer declares (the comparison can fail)', () => {
    const altered = schemaText.replace(/^[ \t]*channel[ \t]+String[ \t]*\n/m, '');
    expect(altered).not.toBe(schemaText);
    const lines = (schema: string): string[] =>
      describeDrift(declaredFacts(parse(schema)), actual).split('\n').filter((l) => /^ {2}[-+] /.test(l));
    // Only the new difference counts, so this test stays green (and quiet) when real drift exists.
    const original = lines(schemaText);
    expect(lines(altered).filter((l) => !original.includes(l))).toEqual(['  + cases.channel: text NOT NULL']);
  });
});
