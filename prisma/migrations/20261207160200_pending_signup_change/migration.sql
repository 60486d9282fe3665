-- CreateTable
CREATE TABLE "PendingSignupChange" (
    "id" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "consents" "ConsentPurpose"[],
    "policyVersion" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "appliedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingSignupChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingSignupChange_registrationId_key" ON "PendingSignupChange"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "PendingSignupChange_tokenHash_key" ON "PendingSignupChange"("tokenHash");

-- CreateIndex
CREATE INDEX "PendingSignupChange_participantId_idx" ON "PendingSignupChange"("participantId");

-- CreateIndex
CREATE INDEX "PendingSignupChange_expiresAt_idx" ON "PendingSignupChange"("expiresAt");

-- AddForeignKey
ALTER TABLE "PendingSignupChange" ADD CONSTRAINT "PendingSignupChange_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingSignupChange" ADD CONSTRAINT "PendingSignupChange_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
