-- AlterEnum
ALTER TYPE "ConsentPurpose" ADD VALUE 'CITY_REVIEW';
