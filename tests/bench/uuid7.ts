// Rows a benchmark writes with SQL get ids shaped like the app's (Prisma `uuid(7)`): time-ordered, so they lie
// in the primary-key index and in the heap in the order they were made, as rows the app writes do. Random
// (v4) ids would scatter an event's rows over the whole table and make id-ordered reads look slower than
// they are in production.

/** SQL for a UUIDv7-shaped id from a timestamptz expression and a per-row salt (text); deterministic. */
export function uuid7Sql(at: string, salt: string): string {
  return `(lpad(to_hex(floor(extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${salt}), 1, 3) || '8' || substr(md5(${salt}), 4, 15))::uuid`;
}
