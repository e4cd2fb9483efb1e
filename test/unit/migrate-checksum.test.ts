import { createHash } from 'node:crypto';
import { checksumMatches, migrationChecksum } from '../../prisma/migrate';

describe('migration checksums', () => {
  const sql = '-- CreateTable\nCREATE TABLE "t" ("id" TEXT NOT NULL);\n';

  it('is the sha256 hex of the file, as Prisma records it', () => {
    expect(migrationChecksum(sql)).toBe(createHash('sha256').update(Buffer.from(sql, 'utf8')).digest('hex'));
    expect(migrationChecksum(sql)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tolerates only a line-ending change (git autocrlf), like Prisma', () => {
    const recorded = migrationChecksum(sql);
    expect(checksumMatches(sql, recorded)).toBe(true);
    expect(checksumMatches(sql.replace(/\n/g, '\r\n'), recorded)).toBe(true);
    expect(checksumMatches(sql.replace(/\n/g, '\r\n'), migrationChecksum(sql.replace(/\n/g, '\r\n')))).toBe(true);
    expect(checksumMatches(`${sql}-- edited\n`, recorded)).toBe(false);
    expect(checksumMatches(sql.replace('TEXT', 'INTEGER'), recorded)).toBe(false);
  });

  it('accepts the unpadded hex that old Prisma versions recorded', () => {
    const unpadded = [...createHash('sha256').update(sql).digest()].map((b) => b.toString(16)).join('');
    expect(unpadded.length).toBeLessThan(64); // this script's digest has bytes below 0x10
    expect(checksumMatches(sql, unpadded)).toBe(true);
  });
});
