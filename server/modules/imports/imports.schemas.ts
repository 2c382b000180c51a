// The imports API's contract.
import { z } from 'zod';
import { importModes, importStatuses } from '../../db/schema/imports.ts';
import { Timestamp } from '../../platform/http/schemas.ts';

const Owner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('importer').describe('The user who starts the import') }),
  z.object({ type: z.literal('user'), userId: z.uuid() }),
  z.object({ type: z.literal('team'), teamId: z.uuid().describe('Round-robin over the team’s active members') }),
]);

export const ImportOptions = z.object({
  mode: z.enum(importModes).describe('create: only new contacts; update: only existing ones; upsert: both'),
  tags: z.array(z.string().trim().min(1).max(60)).max(20).describe('Tags given to every imported contact'),
  owner: Owner.describe('Owner of new contacts (a row’s own owner column wins)'),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'Use an ISO 3166 country code like DE')
    .nullable()
    .describe('Country of phone numbers written without +country code'),
});

export const ColumnMapping = z.object({
  column: z.number().int().min(0),
  header: z.string(),
  target: z.string().nullable().describe('A standard target (firstName, email, phone.mobile …), custom.<key>, or null'),
});

const Counts = {
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z
    .number()
    .int()
    .describe('Rows left out by the mode: existing contacts in create mode, unknown ones in update mode'),
  rejected: z.number().int(),
};

export const Import = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(importStatuses),
  fileId: z.uuid(),
  format: z.object({
    kind: z.enum(['csv', 'vcard']),
    encoding: z.string(),
    delimiter: z.string().nullable(),
  }),
  headers: z.array(z.string()),
  mapping: z.array(ColumnMapping),
  options: ImportOptions,
  progress: z.object({
    total: z.number().int(),
    done: z.number().int(),
    ...Counts,
    rowsPerSecond: z.number().nullable(),
    secondsLeft: z.number().nullable(),
  }),
  undo: z
    .object({ done: z.number().int(), reverted: z.number().int(), kept: z.number().int(), at: Timestamp.nullable() })
    .nullable(),
  error: z.string().nullable(),
  version: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportDto = z.infer<typeof Import>;

export const UpdateImportBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  mapping: z
    .array(z.object({ column: z.number().int().min(0), target: z.string().max(100).nullable() }))
    .max(500)
    .optional(),
  options: ImportOptions.partial().optional(),
});
export type UpdateImportInput = z.infer<typeof UpdateImportBody>;

export const CellProblem = z.object({
  column: z.number().int().nullable(),
  header: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

export const Preview = z.object({
  rows: z.array(
    z.object({
      rowNumber: z.number().int(),
      cells: z.array(z.string()),
      action: z.enum(['create', 'update', 'skip', 'reject']),
      matchedContact: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
      contact: z
        .object({
          kind: z.enum(['person', 'business']),
          displayName: z.string(),
          firstName: z.string().nullable(),
          lastName: z.string().nullable(),
          businessName: z.string().nullable(),
          title: z.string().nullable(),
          emails: z.array(z.string()),
          phones: z.array(z.string()).describe('E.164'),
          address: z.string().nullable(),
          birthday: z.string().nullable(),
          tags: z.array(z.string()),
          owner: z.string().nullable(),
          custom: z.record(z.string(), z.unknown()),
        })
        .nullable(),
      problems: z.array(CellProblem),
    }),
  ),
});
export type PreviewDto = z.infer<typeof Preview>;

export const KeptContacts = z.object({
  data: z.array(
    z.object({
      rowNumber: z.number().int(),
      contact: z.object({ id: z.uuid(), displayName: z.string() }),
      action: z.enum(['created', 'updated']),
      reason: z.literal('changed_since'),
    }),
  ),
});

export const ImportMapping = z.object({
  id: z.uuid(),
  name: z.string(),
  columns: z.record(z.string(), z.string().nullable()),
  createdAt: Timestamp,
});
export type ImportMappingDto = z.infer<typeof ImportMapping>;

export const SaveMappingBody = z.object({
  name: z.string().trim().min(1).max(100),
  importId: z.uuid().describe('The import whose current mapping is saved'),
});
export const ApplyMappingBody = z.object({ mappingId: z.uuid() });

export const ImportTargets = z.object({
  standard: z.array(z.string()),
});
