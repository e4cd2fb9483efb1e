-- A province's offices, agencies and services as loaded from its data files (province-data/,
-- `npm run db:migrate` or `npm run province:load`): one row per load that changed something; the
-- newest row is what the API reads at start. The offices and agencies tables keep mirroring the
-- codes for foreign keys.
-- CreateTable
CREATE TABLE "province_data" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "province_data_pkey" PRIMARY KEY ("id")
);
