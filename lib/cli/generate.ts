import { ensurePrismaClient } from "@/lib/cli/prepare";

ensurePrismaClient();
