-- The fourth step of the one-stop process (trả kết quả, Decree 61/2018/NĐ-CP Art 20 as amended by
-- Decree 107/2021/NĐ-CP): when and how the desk returned the result. The case keeps only the moment
-- and the method; who received it (a name, a postal tracking number, an online account) is personal
-- data and lives with the dossier, which only the receiving desk reads.
-- AlterTable
ALTER TABLE "cases" ADD COLUMN "returned_at" TIMESTAMPTZ(3),
ADD COLUMN "return_method" TEXT;

-- AlterTable
ALTER TABLE "dossiers" ADD COLUMN "handover" JSONB;
