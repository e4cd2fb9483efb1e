-- Two Updates on one case at once can make Temporal drop a workflow task after its local activity
-- wrote the ledger: the write stays, though the workflow never made it, and the workflow's real
-- write that follows carries the same revision. The hash of the last snapshot applied tells the two
-- apart, and an action remembers the revision that recorded it, so the real write replaces the
-- dropped one's events, steps and answers (prisma/cases-write.ts recordSnapshot).
ALTER TABLE "cases" ADD COLUMN "snapshot_hash" TEXT;
ALTER TABLE "case_actions" ADD COLUMN "revision" INTEGER;
