export * from './platform.ts';
export * from './journal.ts';
