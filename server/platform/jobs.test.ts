// Quick jobs a killed worker had fetched run again within a minute, not after pg-boss's 15 minutes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../db/client.ts';
import { registerModules } from '../modules/register.ts';
import { createBoss, ensureQueue, MAINTENANCE_SECONDS, QUICK_JOB_EXPIRY_SECONDS } from './jobs.ts';
import { createJournalQueues, journalQueue, subscriberNames } from './journal/subscribers.ts';
import { createLogger } from './logger.ts';
import type PgBoss from 'pg-boss';

let url: string;
let boss: PgBoss;

beforeAll(async () => {
  // A database of its own, with no workers running: this test plays the worker.
  const name = `${inject('runPrefix')}_jobs_${process.pid}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject('templateDb')}"`);
  await admin.end();
  url = withDatabase(inject('pgServerUrl'), name);
  registerModules();
  // Maintenance every second here (15 s in the app), so the test waits seconds, not most of a minute.
  boss = createBoss(url, createLogger('silent'), { supervise: true, maintenanceSeconds: 1 });
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

describe('quick jobs', () => {
  test('journal queues expire fetched jobs quickly, also on a database whose queues were made with the default', async () => {
    const queue = journalQueue(subscriberNames()[0]!);
    // As an older Dossier created it: no expiry of its own, so pg-boss's default of 15 minutes.
    await boss.createQueue(queue, { name: queue, retryLimit: 12 });
    expect((await boss.getQueue(queue))?.expireInSeconds ?? null).toBeNull();
    await createJournalQueues(boss);
    expect((await boss.getQueue(queue))?.expireInSeconds).toBe(QUICK_JOB_EXPIRY_SECONDS);
  });

  test('the app re-offers a quick job within a minute: its expiry plus one maintenance pass', () => {
    expect(QUICK_JOB_EXPIRY_SECONDS + MAINTENANCE_SECONDS).toBeLessThan(60);
  });

  test('a job fetched by a worker that then died is failed at its expiry and offered again', async () => {
    const queue = 'quick-job-test';
    const expireInSeconds = 2;
    await ensureQueue(boss, queue, { retryLimit: 3, retryDelay: 1, expireInSeconds });
    const id = (await boss.send(queue, { n: 1 }))!;
    const fetchedAt = Date.now();
    const [taken] = await boss.fetch(queue);
    expect(taken?.id).toBe(id);
    // The worker is gone: nobody completes or fails the job.

    let again: PgBoss.Job[] = [];
    while (again.length === 0 && Date.now() - fetchedAt < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      again = await boss.fetch(queue);
    }
    expect(again.map((j) => j.id)).toEqual([id]);
    // Not before it expired: a slow handler is not taken from under a live worker.
    expect(Date.now() - fetchedAt).toBeGreaterThanOrEqual(expireInSeconds * 1000);
    const job = await boss.getJobById(queue, id);
    expect(job?.retryCount).toBe(1);
    await boss.complete(queue, id);
    expect((await boss.getJobById(queue, id))?.state).toBe('completed');
  });
});
