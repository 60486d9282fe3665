-- AlterTable
ALTER TABLE "DeletionRequest" ADD COLUMN     "cityCopyDeletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "cityCopyDeletedById" UUID,
ADD COLUMN     "cityProvisionCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "DeletionRequest_requestedAt_idx" ON "DeletionRequest"("requestedAt");

-- AddForeignKey
ALTER TABLE "DeletionRequest" ADD CONSTRAINT "DeletionRequest_cityCopyDeletedById_fkey" FOREIGN KEY ("cityCopyDeletedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Requests recorded before this column: the count was kept in detail.
UPDATE "DeletionRequest" SET "cityProvisionCount" = COALESCE(("detail"->>'cityProvisions')::int, 0) WHERE "detail" ? 'cityProvisions';
