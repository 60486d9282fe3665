-- AlterEnum
ALTER TYPE "AccessTokenPurpose" ADD VALUE 'SURVEY';

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "linksRevokedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ParticipantAccessToken" ADD COLUMN     "lastUsedAt" TIMESTAMPTZ(3),
ADD COLUMN     "registrationId" UUID,
ADD COLUMN     "revokedAt" TIMESTAMPTZ(3);
