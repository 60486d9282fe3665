import { readFileSync } from "node:fs";
import path from "node:path";
import internals from "@prisma/internals";
import pg from "pg";

// Compares a live database with the DMMF Prisma derives from prisma/schema.prisma (the same document the
// client is generated from): every model, field, type, nullability, enum, unique, index and foreign key.
// Returns the differences as readable lines; an empty list means the database matches.

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] };
type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] };
export type Dmmf = { datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] } };

export async function loadDmmf(): Promise<Dmmf> {
  const { getDMMF } = internals as unknown as { getDMMF: (o: { datamodel: string }) => Promise<Dmmf> };
  return getDMMF({ datamodel: readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8") });
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Boolean: "bool",
  DateTime: "timestamp",
  Json: "jsonb",
  Float: "float8",
  Decimal: "numeric",
  Bytes: "bytea",
};

const NATIVE_TYPES: Record<string, string> = {
  Uuid: "uuid",
  Timestamptz: "timestamptz",
  Timestamp: "timestamp",
  Date: "date",
  Text: "text",
  Integer: "int4",
  BigInt: "int8",
  JsonB: "jsonb",
};

function expectedUdt(field: DmmfField, enums: Map<string, DmmfEnum>): string {
  if (field.kind === "enum") return enums.get(field.type)?.dbName ?? field.type;
  if (field.nativeType) return NATIVE_TYPES[field.nativeType[0]] ?? field.nativeType[0].toLowerCase();
  return SCALAR_TYPES[field.type] ?? field.type.toLowerCase();
}

function expectedPrecision(field: DmmfField): number | null {
  if (field.type !== "DateTime") return null;
  if (field.nativeType?.[0] === "Date") return 0;
  const arg = field.nativeType?.[1]?.[0];
  return arg === undefined ? 3 : Number(arg);
}

export async function compareDatabaseToSchema(databaseUrl: string, dmmf: Dmmf): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const problems: string[] = [];
  try {
    const { rows: columns } = await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: "YES" | "NO";
      datetime_precision: number | null;
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const { rows: enumRows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    const { rows: indexes } = await client.query<{
      table_name: string;
      index_name: string;
      columns: string[];
      is_unique: boolean;
      is_primary: boolean;
      is_partial: boolean;
    }>(
      `SELECT t.relname AS table_name, i.relname AS index_name,
              array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              ix.indisunique AS is_unique, ix.indisprimary AS is_primary, ix.indpred IS NOT NULL AS is_partial
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`,
    );
    const { rows: foreignKeys } = await client.query<{ table_name: string; columns: string[]; ref_table: string; ref_columns: string[] }>(
      `SELECT t.relname AS table_name, r.relname AS ref_table,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );

    const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e]));
    for (const e of dmmf.datamodel.enums) {
      const dbName = e.dbName ?? e.name;
      const found = enumRows.find((row) => row.typname === dbName);
      const expected = e.values.map((v) => v.dbName ?? v.name);
      if (!found) problems.push(`enum ${dbName}: missing`);
      else if (found.labels.join(",") !== expected.join(",")) {
        problems.push(`enum ${dbName}: values ${found.labels.join(",")} ≠ ${expected.join(",")}`);
      }
    }

    const tableOf = new Map(dmmf.datamodel.models.map((m) => [m.name, m.dbName ?? m.name]));
    const columnOf = (model: DmmfModel, fieldName: string) => {
      const field = model.fields.find((f) => f.name === fieldName);
      return field?.dbName ?? fieldName;
    };

    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const tableColumns = columns.filter((c) => c.table_name === table);
      if (tableColumns.length === 0) {
        problems.push(`model ${model.name}: table "${table}" missing`);
        continue;
      }
      for (const field of model.fields) {
        if (field.kind !== "scalar" && field.kind !== "enum") continue;
        const name = field.dbName ?? field.name;
        const column = tableColumns.find((c) => c.column_name === name);
        if (!column) {
          problems.push(`${model.name}.${field.name}: column "${table}"."${name}" missing`);
          continue;
        }
        const udt = expectedUdt(field, enums);
        const wanted = field.isList ? `_${udt}` : udt;
        if (column.udt_name !== wanted) problems.push(`${model.name}.${field.name}: type ${column.udt_name} ≠ ${wanted}`);
        // Prisma creates list columns without NOT NULL; every other required field is NOT NULL.
        const wantNullable = field.isList ? "YES" : field.isRequired ? "NO" : "YES";
        if (column.is_nullable !== wantNullable) {
          problems.push(`${model.name}.${field.name}: nullable ${column.is_nullable} ≠ ${wantNullable}`);
        }
        const precision = expectedPrecision(field);
        if (precision !== null && !field.isList && column.datetime_precision !== precision) {
          problems.push(`${model.name}.${field.name}: precision ${column.datetime_precision} ≠ ${precision}`);
        }
      }
      for (const field of model.fields) {
        if (field.kind !== "object" || !field.relationFromFields?.length) continue;
        const from = field.relationFromFields.map((f) => columnOf(model, f));
        const target = dmmf.datamodel.models.find((m) => m.name === field.type);
        const to = (field.relationToFields ?? []).map((f) => (target ? columnOf(target, f) : f));
        const found = foreignKeys.some(
          (fk) =>
            fk.table_name === table &&
            fk.ref_table === tableOf.get(field.type) &&
            fk.columns.join(",") === from.join(",") &&
            fk.ref_columns.join(",") === to.join(","),
        );
        if (!found) problems.push(`${model.name}.${field.name}: foreign key (${from.join(", ")}) → ${field.type} missing`);
      }
    }

    for (const index of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === index.model);
      if (!model) continue;
      const table = model.dbName ?? model.name;
      const cols = index.fields.map((f) => columnOf(model, f.name));
      const found = indexes.some(
        (ix) =>
          ix.table_name === table &&
          !ix.is_partial &&
          ix.columns.join(",") === cols.join(",") &&
          (index.type === "id" ? ix.is_primary : index.type === "unique" ? ix.is_unique : true),
      );
      if (!found) problems.push(`${index.model}: ${index.type} index (${cols.join(", ")}) missing`);
    }
  } finally {
    await client.end();
  }
  return problems;
}
