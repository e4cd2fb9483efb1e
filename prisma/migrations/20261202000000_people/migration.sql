-- People behind the console (issue 9): officials who sign in with a password, their browser
-- sessions, and the log of who read which dossier. API keys stay for systems.
-- Only an argon2id hash of each password is stored; a session is known by the SHA-256 of its
-- 256-bit token (the token itself lives only in the browser's HttpOnly cookie).
-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "office_code" TEXT,
    "agency_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_sessions" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("token_hash")
);

-- Every read of a dossier's personal data (the case with its dossier, a form, the tracking book):
-- who (a user id or an API key id, and the person's full name or the key's label), what, when.
-- CreateTable
CREATE TABLE "dossier_access_log" (
    "id" UUID NOT NULL,
    "case_code" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_access_log_pkey" PRIMARY KEY ("id")
);

-- The person who took an action sent with an Idempotency-Key (null for API keys and older rows).
-- AlterTable
ALTER TABLE "case_actions" ADD COLUMN "user_id" UUID,
ADD COLUMN "user_name" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions"("expires_at");

-- CreateIndex
CREATE INDEX "dossier_access_log_at_id_idx" ON "dossier_access_log"("at", "id");

-- CreateIndex
CREATE INDEX "dossier_access_log_case_code_at_idx" ON "dossier_access_log"("case_code", "at");

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
