export * from './platform.ts';
export * from './journal.ts';
export * from './files.ts';
export * from './contacts.ts';
export * from './activity.ts';
export * from './messages.ts';
export * from './relationships.ts';
export * from './revenue.ts';
