// Test data for the contact's working life (notes, tasks, appointments), made through the API the way other
// users and integrations would make it.
import type { Page } from 'playwright-core';
import type { Session } from '../server/test/harness.ts';

export const ZONE = 'Europe/Berlin';

interface Res {
  statusCode: number;
  body: string;
  json(): any;
}

export async function ok<T = any>(res: Promise<Res>, what: string): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

export interface ContactRef {
  id: string;
  displayName: string;
  version: number;
}

export async function createPerson(
  session: Session,
  firstName: string,
  lastName: string,
  extra: Record<string, unknown> = {},
): Promise<ContactRef> {
  return ok(session.post('/api/v1/contacts', { kind: 'person', firstName, lastName, ...extra }), 'create contact');
}

export async function useZone(session: Session, timezone = ZONE): Promise<void> {
  await ok(session.patch('/api/v1/users/me', { timezone }), 'time zone');
}

export async function createCalendar(session: Session, name: string, color = 'teal'): Promise<{ id: string }> {
  return ok(session.post('/api/v1/calendars', { name, color }), 'calendar');
}

/** The next whole hour: what the booking dialog proposes as the start. */
export function nextWholeHour(now = Date.now()): Date {
  return new Date(Math.ceil((now + 60_000) / 3_600_000) * 3_600_000);
}

/**
 * Opens a tab of the contact page by clicking it, as a user does. The tab is found by its `?tab=` value (Mantine
 * ends each tab's id with it), the same in every language.
 */
export async function openTab(page: Page, tab: ContactTab | Capitalize<ContactTab>): Promise<void> {
  await page.locator(`[role="tab"][id$="-tab-${tab.toLowerCase()}"]`).click();
}

type ContactTab = 'activity' | 'tasks' | 'notes' | 'appointments';
