-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('WDL', 'CITY');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('WDL_ADMIN', 'WDL_ORGANIZER', 'CITY_ADMIN', 'CITY_STAFF', 'CHECKIN');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EventFormat" AS ENUM ('IN_PERSON', 'ONLINE', 'HYBRID');

-- CreateEnum
CREATE TYPE "EventArea" AS ENUM ('TOKYO_AREA', 'OGAKI', 'ONLINE', 'OTHER');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('TALK', 'WORKSHOP', 'FIELDWORK', 'PROJECT', 'NETWORKING');

-- CreateEnum
CREATE TYPE "OrganizerRole" AS ENUM ('HOST', 'CO_HOST');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('TEXT', 'TEXTAREA', 'SINGLE_CHOICE', 'MULTI_CHOICE');

-- CreateEnum
CREATE TYPE "Relationship" AS ENUM ('HOMETOWN', 'FORMER_RESIDENT', 'WORK_OR_STUDY', 'FAMILY_OR_FRIENDS', 'VISITED', 'FURUSATO_NOZEI', 'BOUGHT_PRODUCTS', 'NONE');

-- CreateEnum
CREATE TYPE "AccessTokenPurpose" AS ENUM ('PARTICIPANT_PAGE', 'PROFILE_PREFILL');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('PENDING', 'CONFIRMED', 'WAITLISTED', 'OFFERED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "HowHeard" AS ENUM ('WDL_MEMBER', 'FRIEND', 'SNS', 'EVENT_SITE', 'CITY', 'NEWSLETTER', 'WORKPLACE', 'OTHER');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('PARTICIPANT', 'STAFF', 'SYSTEM');

-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('CITY_PROVISION', 'WDL_NEWS', 'CITY_NEWS', 'SURVEY');

-- CreateEnum
CREATE TYPE "MailCategory" AS ENUM ('TRANSACTIONAL', 'REMINDER', 'SURVEY', 'FOLLOW_UP', 'WDL_NEWS', 'CITY_NEWS');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'CANCELLED');

-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('UNSUBSCRIBE', 'BOUNCE', 'COMPLAINT', 'MANUAL');

-- CreateEnum
CREATE TYPE "NextStep" AS ENUM ('VISIT_OGAKI', 'FIELDWORK_TOUR', 'SIDE_JOB_PROJECT', 'FURUSATO_NOZEI', 'NEWSLETTER', 'NONE');

-- CreateEnum
CREATE TYPE "JoinAgain" AS ENUM ('YES', 'MAYBE', 'NO');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('VISIT_OGAKI', 'CITY_PROJECT', 'SIDE_JOB', 'VOLUNTEER', 'FURUSATO_NOZEI', 'RELOCATION', 'OTHER');

-- CreateEnum
CREATE TYPE "ActivitySource" AS ENUM ('SELF_REPORTED', 'STAFF', 'SURVEY');

-- CreateEnum
CREATE TYPE "ProvisionKind" AS ENUM ('VIEW', 'EXPORT');

-- CreateEnum
CREATE TYPE "DeletionStatus" AS ENUM ('REQUESTED', 'COMPLETED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "contactEmail" TEXT,
    "websiteUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "name" TEXT,
    "email" TEXT NOT NULL,
    "emailVerified" TIMESTAMPTZ(3),
    "image" TEXT,
    "organizationId" UUID NOT NULL,
    "role" "StaffRole" NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "disabledAt" TIMESTAMPTZ(3),
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL
);

-- CreateTable
CREATE TABLE "StaffInvitation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "status" "EventStatus" NOT NULL DEFAULT 'DRAFT',
    "ownerOrganizationId" UUID NOT NULL,
    "titleJa" TEXT NOT NULL,
    "titleEn" TEXT,
    "summaryJa" TEXT,
    "summaryEn" TEXT,
    "descriptionJa" TEXT NOT NULL,
    "descriptionEn" TEXT,
    "imageUrl" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "format" "EventFormat" NOT NULL DEFAULT 'IN_PERSON',
    "area" "EventArea" NOT NULL DEFAULT 'TOKYO_AREA',
    "kind" "EventKind" NOT NULL DEFAULT 'TALK',
    "venueName" TEXT,
    "venueAddress" TEXT,
    "venueMapUrl" TEXT,
    "onlineUrl" TEXT,
    "capacity" INTEGER,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "approvalRequired" BOOLEAN NOT NULL DEFAULT false,
    "reviewerKind" "OrganizationKind",
    "registrationOpensAt" TIMESTAMPTZ(3),
    "registrationClosesAt" TIMESTAMPTZ(3),
    "offerHoldHours" INTEGER NOT NULL DEFAULT 48,
    "reminderHoursBefore" INTEGER[] DEFAULT ARRAY[72, 24]::INTEGER[],
    "surveyEnabled" BOOLEAN NOT NULL DEFAULT true,
    "surveyDelayHours" INTEGER NOT NULL DEFAULT 24,
    "feeJa" TEXT,
    "feeEn" TEXT,
    "createdById" UUID,
    "publishedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventOrganizer" (
    "eventId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "role" "OrganizerRole" NOT NULL DEFAULT 'CO_HOST',

    CONSTRAINT "EventOrganizer_pkey" PRIMARY KEY ("eventId","organizationId")
);

-- CreateTable
CREATE TABLE "EventQuestion" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "labelJa" TEXT NOT NULL,
    "labelEn" TEXT,
    "helpJa" TEXT,
    "helpEn" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "options" JSONB NOT NULL DEFAULT '[]',
    "sensitive" BOOLEAN NOT NULL DEFAULT false,
    "cityVisible" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" UUID NOT NULL,
    "email" TEXT,
    "emailNormalized" TEXT,
    "name" TEXT,
    "furigana" TEXT,
    "affiliation" TEXT,
    "prefectureCode" TEXT,
    "municipality" TEXT,
    "relationships" "Relationship"[],
    "interests" TEXT[],
    "skills" TEXT[],
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "policyVersion" TEXT,
    "policyAcceptedAt" TIMESTAMPTZ(3),
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "lastActiveAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "anonymizedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantAccessToken" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "purpose" "AccessTokenPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParticipantAccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "emailNormalized" TEXT,
    "status" "RegistrationStatus" NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "relationshipsAtSignup" "Relationship"[],
    "howHeard" "HowHeard",
    "howHeardOther" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "ref" TEXT,
    "policyVersion" TEXT,
    "staffNote" TEXT,
    "manageTokenHash" TEXT NOT NULL,
    "checkinCode" TEXT NOT NULL,
    "waitlistedAt" TIMESTAMPTZ(3),
    "offeredAt" TIMESTAMPTZ(3),
    "offerExpiresAt" TIMESTAMPTZ(3),
    "confirmedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "checkedInAt" TIMESTAMPTZ(3),
    "checkedInById" UUID,
    "answersPurgedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationTransition" (
    "id" BIGSERIAL NOT NULL,
    "registrationId" UUID NOT NULL,
    "fromStatus" "RegistrationStatus",
    "toStatus" "RegistrationStatus" NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorUserId" UUID,
    "reason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "text" TEXT,
    "choices" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "purpose" "ConsentPurpose" NOT NULL,
    "version" TEXT NOT NULL,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "registrationId" UUID,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawnVia" TEXT,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "category" "MailCategory" NOT NULL,
    "subjectJa" TEXT NOT NULL,
    "bodyJa" TEXT NOT NULL,
    "subjectEn" TEXT,
    "bodyEn" TEXT,
    "segment" JSONB NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "scheduledAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "recipientCount" INTEGER,
    "skippedCount" INTEGER,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "category" "MailCategory" NOT NULL,
    "payload" JSONB NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "toEmail" TEXT NOT NULL,
    "toName" TEXT,
    "participantId" UUID,
    "registrationId" UUID,
    "eventId" UUID,
    "campaignId" UUID,
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMPTZ(3),
    "claimedBy" TEXT,
    "lastError" TEXT,
    "lastErrorClass" TEXT,
    "subject" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" BIGSERIAL NOT NULL,
    "outboxMessageId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "worker" TEXT,
    "ok" BOOLEAN NOT NULL,
    "smtpCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" UUID NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "category" "MailCategory" NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "source" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "satisfaction" INTEGER NOT NULL,
    "joinAgain" "JoinAgain" NOT NULL,
    "nextSteps" "NextStep"[],
    "comment" TEXT,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "source" "ActivitySource" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "eventId" UUID,
    "note" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "actorUserId" UUID,
    "organizationId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "eventId" UUID,
    "subjectCount" INTEGER,
    "detail" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisionRecord" (
    "id" UUID NOT NULL,
    "recipientOrganizationId" UUID NOT NULL,
    "staffUserId" UUID,
    "kind" "ProvisionKind" NOT NULL,
    "eventId" UUID,
    "items" TEXT[],
    "personCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProvisionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisionRecordItem" (
    "provisionRecordId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "consentId" UUID NOT NULL,

    CONSTRAINT "ProvisionRecordItem_pkey" PRIMARY KEY ("provisionRecordId","participantId")
);

-- CreateTable
CREATE TABLE "DeletionRequest" (
    "id" UUID NOT NULL,
    "participantId" UUID,
    "via" TEXT NOT NULL,
    "status" "DeletionStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    "detail" JSONB,

    CONSTRAINT "DeletionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_organizationId_idx" ON "User"("organizationId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_token_key" ON "VerificationToken"("token");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_identifier_token_key" ON "VerificationToken"("identifier", "token");

-- CreateIndex
CREATE UNIQUE INDEX "StaffInvitation_tokenHash_key" ON "StaffInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffInvitation_organizationId_createdAt_idx" ON "StaffInvitation"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffInvitation_email_idx" ON "StaffInvitation"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");

-- CreateIndex
CREATE INDEX "Event_status_startsAt_idx" ON "Event"("status", "startsAt");

-- CreateIndex
CREATE INDEX "Event_ownerOrganizationId_startsAt_idx" ON "Event"("ownerOrganizationId", "startsAt");

-- CreateIndex
CREATE INDEX "EventOrganizer_organizationId_idx" ON "EventOrganizer"("organizationId");

-- CreateIndex
CREATE INDEX "EventQuestion_eventId_position_idx" ON "EventQuestion"("eventId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_emailNormalized_key" ON "Participant"("emailNormalized");

-- CreateIndex
CREATE INDEX "Participant_lastActiveAt_idx" ON "Participant"("lastActiveAt");

-- CreateIndex
CREATE INDEX "Participant_prefectureCode_idx" ON "Participant"("prefectureCode");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantAccessToken_tokenHash_key" ON "ParticipantAccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ParticipantAccessToken_participantId_idx" ON "ParticipantAccessToken"("participantId");

-- CreateIndex
CREATE INDEX "ParticipantAccessToken_expiresAt_idx" ON "ParticipantAccessToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_manageTokenHash_key" ON "Registration"("manageTokenHash");

-- CreateIndex
CREATE INDEX "Registration_eventId_status_idx" ON "Registration"("eventId", "status");

-- CreateIndex
CREATE INDEX "Registration_eventId_waitlistedAt_idx" ON "Registration"("eventId", "waitlistedAt");

-- CreateIndex
CREATE INDEX "Registration_participantId_createdAt_idx" ON "Registration"("participantId", "createdAt");

-- CreateIndex
CREATE INDEX "Registration_status_offerExpiresAt_idx" ON "Registration"("status", "offerExpiresAt");

-- CreateIndex
CREATE INDEX "Registration_eventId_createdAt_idx" ON "Registration"("eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_eventId_checkinCode_key" ON "Registration"("eventId", "checkinCode");

-- CreateIndex
CREATE INDEX "RegistrationTransition_registrationId_createdAt_idx" ON "RegistrationTransition"("registrationId", "createdAt");

-- CreateIndex
CREATE INDEX "RegistrationTransition_toStatus_createdAt_idx" ON "RegistrationTransition"("toStatus", "createdAt");

-- CreateIndex
CREATE INDEX "Answer_questionId_idx" ON "Answer"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_registrationId_questionId_key" ON "Answer"("registrationId", "questionId");

-- CreateIndex
CREATE INDEX "Consent_participantId_purpose_idx" ON "Consent"("participantId", "purpose");

-- CreateIndex
CREATE INDEX "Consent_purpose_withdrawnAt_idx" ON "Consent"("purpose", "withdrawnAt");

-- CreateIndex
CREATE INDEX "Campaign_organizationId_createdAt_idx" ON "Campaign"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_status_scheduledAt_idx" ON "Campaign"("status", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_campaignId_status_idx" ON "OutboxMessage"("campaignId", "status");

-- CreateIndex
CREATE INDEX "OutboxMessage_registrationId_idx" ON "OutboxMessage"("registrationId");

-- CreateIndex
CREATE INDEX "OutboxMessage_participantId_idx" ON "OutboxMessage"("participantId");

-- CreateIndex
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_outboxMessageId_attempt_idx" ON "DeliveryAttempt"("outboxMessageId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_emailNormalized_category_key" ON "Suppression"("emailNormalized", "category");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_registrationId_key" ON "SurveyResponse"("registrationId");

-- CreateIndex
CREATE INDEX "SurveyResponse_eventId_idx" ON "SurveyResponse"("eventId");

-- CreateIndex
CREATE INDEX "SurveyResponse_participantId_idx" ON "SurveyResponse"("participantId");

-- CreateIndex
CREATE INDEX "Activity_participantId_occurredOn_idx" ON "Activity"("participantId", "occurredOn");

-- CreateIndex
CREATE INDEX "Activity_kind_occurredOn_idx" ON "Activity"("kind", "occurredOn");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_organizationId_createdAt_idx" ON "AuditLog"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_actorUserId_createdAt_idx" ON "AuditLog"("actorUserId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "ProvisionRecord_recipientOrganizationId_createdAt_idx" ON "ProvisionRecord"("recipientOrganizationId", "createdAt");

-- CreateIndex
CREATE INDEX "ProvisionRecordItem_participantId_idx" ON "ProvisionRecordItem"("participantId");

-- CreateIndex
CREATE INDEX "DeletionRequest_status_requestedAt_idx" ON "DeletionRequest"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "RateLimitBucket_expiresAt_idx" ON "RateLimitBucket"("expiresAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffInvitation" ADD CONSTRAINT "StaffInvitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffInvitation" ADD CONSTRAINT "StaffInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_ownerOrganizationId_fkey" FOREIGN KEY ("ownerOrganizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventOrganizer" ADD CONSTRAINT "EventOrganizer_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventOrganizer" ADD CONSTRAINT "EventOrganizer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventQuestion" ADD CONSTRAINT "EventQuestion_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantAccessToken" ADD CONSTRAINT "ParticipantAccessToken_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_checkedInById_fkey" FOREIGN KEY ("checkedInById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationTransition" ADD CONSTRAINT "RegistrationTransition_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationTransition" ADD CONSTRAINT "RegistrationTransition_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "EventQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_outboxMessageId_fkey" FOREIGN KEY ("outboxMessageId") REFERENCES "OutboxMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecord" ADD CONSTRAINT "ProvisionRecord_recipientOrganizationId_fkey" FOREIGN KEY ("recipientOrganizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecord" ADD CONSTRAINT "ProvisionRecord_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecord" ADD CONSTRAINT "ProvisionRecord_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecordItem" ADD CONSTRAINT "ProvisionRecordItem_provisionRecordId_fkey" FOREIGN KEY ("provisionRecordId") REFERENCES "ProvisionRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecordItem" ADD CONSTRAINT "ProvisionRecordItem_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionRecordItem" ADD CONSTRAINT "ProvisionRecordItem_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written: constraints Prisma's schema language cannot express.

-- One active registration per event and normalised email (DESIGN.md §3, Identity). A duplicate sign-up
-- hits this index and is answered as "already registered"; the database settles the race.
CREATE UNIQUE INDEX "Registration_active_event_email_key" ON "Registration"("eventId", "emailNormalized")
  WHERE "status" NOT IN ('CANCELLED', 'DECLINED');

-- At most one current (not withdrawn) consent per person and purpose.
CREATE UNIQUE INDEX "Consent_current_key" ON "Consent"("participantId", "purpose")
  WHERE "withdrawnAt" IS NULL;

-- Seats are counted from rows under the per-event lock: this keeps that count an index-only lookup.
CREATE INDEX "Registration_seat_holders_idx" ON "Registration"("eventId")
  WHERE "status" IN ('CONFIRMED', 'OFFERED', 'ATTENDED');

-- Guards the domain's value ranges in the database too.
ALTER TABLE "Event" ADD CONSTRAINT "Event_capacity_check" CHECK ("capacity" IS NULL OR "capacity" >= 0);
ALTER TABLE "Event" ADD CONSTRAINT "Event_time_order_check" CHECK ("endsAt" >= "startsAt");
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_satisfaction_check" CHECK ("satisfaction" BETWEEN 1 AND 5);
