import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Import boundaries of DESIGN.md §5 (convention 1): only lib/**/data.ts and lib/**/mutations.ts reach the
// database client. Everything else asks them, so every query carries its access scope in one place.
const prismaClientPackage = {
  name: "@prisma/client",
  message: "Import Prisma types from @/lib/generated/prisma/*; the client only in data.ts / mutations.ts.",
};
const onlyClientFile = {
  group: ["@/lib/generated/prisma/client", "**/generated/prisma/client"],
  importNames: ["PrismaClient"],
  message: "Only lib/db/client.ts constructs a PrismaClient.",
};

const dbBoundary = {
  paths: [prismaClientPackage],
  patterns: [
    {
      group: ["**/server/db"],
      message: "Only lib/**/data.ts and lib/**/mutations.ts may use the database client (DESIGN.md §5).",
    },
    {
      group: ["**/db/client"],
      message: "Build the client only in lib/server/db.ts (app), the seed, CLI scripts and tests.",
    },
    onlyClientFile,
  ],
};

const dataLayerBoundary = {
  paths: [prismaClientPackage],
  patterns: [{ group: ["**/db/client"], message: "Use getDb() from @/lib/server/db." }, onlyClientFile],
};

const config = [
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "next-env.d.ts", "test-results/**",
      "playwright-report/**", "tests/e2e/.artifacts/**"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.{ts,tsx,mts}"],
    rules: {
      "no-restricted-imports": ["error", dbBoundary],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/data.ts", "lib/**/mutations.ts"],
    rules: { "no-restricted-imports": ["error", dataLayerBoundary] },
  },
  {
    // Tooling outside the app: the db module itself, next-auth's adapter, the launcher and CLIs, the seed, tests.
    files: ["lib/server/db.ts", "lib/server/auth.ts", "lib/db/**", "lib/cli/**", "prisma/**", "tests/**"],
    rules: { "no-restricted-imports": "off" },
  },
];

export default config;
