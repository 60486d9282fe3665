-- AlterTable
ALTER TABLE "User" ADD COLUMN     "hiddenRegistrationColumns" TEXT[] DEFAULT ARRAY[]::TEXT[];
