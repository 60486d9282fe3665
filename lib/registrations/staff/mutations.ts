import "server-only";
import { getDb } from "@/lib/server/db";

/** Stores the registrations table columns a staff member hides: their own row, whoever else is signed in. */
export async function setHiddenRegistrationColumns(staff: { id: string }, hidden: string[]): Promise<void> {
  await getDb().user.update({ where: { id: staff.id }, data: { hiddenRegistrationColumns: hidden } });
}
